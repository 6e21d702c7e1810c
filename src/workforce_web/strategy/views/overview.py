"""The list of strategies, a strategy's overview, its whole history, and editing it."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from workforce_web.accounts.access import require
from workforce_web.accounts.models import EDITOR_ROLES
from workforce_web.dashboards.filters import figures_on
from workforce_web.strategy import pages, services
from workforce_web.strategy.access import get_strategy, target_units
from workforce_web.strategy.forms import StrategyForm
from workforce_web.strategy.history import filter_who, history_who_choices
from workforce_web.strategy.models import Strategy


def index(request):
    m = require(request)
    found = list(Strategy.objects.filter(organisation=m.organisation))
    if len(found) == 1 and not request.GET.get("all"):
        return redirect("strategy:overview", found[0].pk)
    return render(request, "strategy/index.html", {"strategies": found})


def overview(request, pk: int):
    m, strategy = get_strategy(request, pk)
    context = pages.overview(strategy, date.today(), figures_on(m.role), target_units(m))
    return render(request, "strategy/overview.html", {"strategy": strategy, **context})


HISTORY_PAGE = 50  # changes a page


def history(request, pk: int):
    """Every change to the plan, newest first, 50 a page; `who` keeps one person's changes,
    or everyone's but the system's (the rows the demo or an import without a signed-in
    person wrote). A manager's leaves out other units' targets (`pages.changes`)."""
    m, strategy = get_strategy(request, pk)
    everything = pages.changes(strategy, target_units(m))
    choices = history_who_choices(everything)
    who = request.GET.get("who", "")
    error = "" if who in dict(choices) else "Choose who made the changes from the list"
    chosen = everything if error else filter_who(everything, who)
    page = Paginator(chosen.select_related("user"), HISTORY_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "strategy/history.html", {
        "strategy": strategy, "history": page.object_list, "page": page,
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "ellipsis": Paginator.ELLIPSIS, "total": page.paginator.count,
        "who": "" if error else who, "who_choices": choices, "who_error": error})


def strategy_new(request):
    m = require(request, *EDITOR_ROLES)
    form = StrategyForm(request.POST or None, organisation=m.organisation)
    if request.method == "POST" and form.is_valid():
        strategy = services.saved(services.create_strategy, form, request.user)
        if strategy is not None:  # else the form says why
            messages.success(request, "Strategy created. Add its themes next.")
            return redirect("strategy:overview", strategy.pk)
    return render(request, "strategy/form.html", {"form": form, "title": "New strategy"})


def strategy_edit(request, pk: int):
    m, strategy = get_strategy(request, pk, editor=True)
    form = StrategyForm(request.POST or None, instance=strategy, organisation=m.organisation)
    if request.method == "POST" and form.is_valid():
        done = services.saved(services.save_form, form, request.user, strategy, "strategy")
        if done is not None:  # else the form says why
            messages.success(request, "Strategy saved.")
            return redirect("strategy:overview", strategy.pk)
    return render(request, "strategy/form.html", {"form": form, "strategy": strategy,
                                                  "title": f"Edit {strategy.title}"})
