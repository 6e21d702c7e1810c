"""A theme: its objectives with their actions and RAG, and its targets; adding and editing."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render

from workforce_web.dashboards.filters import figures_on
from workforce_web.strategy import pages, services
from workforce_web.strategy.access import get_for_user, get_strategy, target_units
from workforce_web.strategy.forms import ThemeForm
from workforce_web.strategy.models import Theme


def theme(request, pk: int):
    m, found = get_for_user(request, Theme, pk)
    context = pages.theme(found, date.today(), figures_on(m.role), target_units(m))
    return render(request, "strategy/theme.html", {"theme": found, "strategy": found.strategy,
                                                   **context})


def theme_new(request, pk: int):
    m, strategy = get_strategy(request, pk, editor=True)
    form = ThemeForm(request.POST or None, initial={"position": strategy.themes.count()},
                     strategy=strategy)
    return _save(request, form, strategy, "New theme")


def theme_edit(request, pk: int):
    m, found = get_for_user(request, Theme, pk, editor=True)
    form = ThemeForm(request.POST or None, instance=found, strategy=found.strategy)
    return _save(request, form, found.strategy, f"Edit {found.title}")


def _save(request, form: ThemeForm, strategy, title: str):
    if request.method == "POST" and form.is_valid():
        saved = services.saved(services.save_theme, form, request.user, strategy)
        if saved is not None:  # else the form says why
            messages.success(request, f"Theme “{saved.title}” saved.")
            return redirect("strategy:theme", saved.pk)
    return render(request, "strategy/form.html", {"form": form, "strategy": strategy,
                                                  "title": title})
