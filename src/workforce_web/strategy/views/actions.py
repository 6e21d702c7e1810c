"""An action with its RAG, progress updates and history; leads add and edit actions, an
action's owner updates its status and posts progress."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render

from workforce_web.strategy import pages, services
from workforce_web.strategy.access import (
    can_update_action,
    get_action_to_update,
    get_for_user,
    get_strategy,
)
from workforce_web.strategy.forms import ActionForm, ActionStatusForm, ProgressUpdateForm
from workforce_web.strategy.models import Action
from workforce_web.strategy.units import unit_choices, unit_names


def action(request, pk: int, status_form=None, update_form=None):
    m, found = get_for_user(request, Action, pk)
    may_update = can_update_action(m, request.user, found)
    context = pages.action(found, date.today())
    return render(request, "strategy/action.html", {
        "action": found, "strategy": found.strategy, "may_update": may_update,
        "status_form": status_form or ActionStatusForm(instance=found),
        "update_form": update_form or ProgressUpdateForm(),
        "unit_name": unit_names(m.organisation).get(found.lead_unit, found.lead_unit),
        **context})


def action_new(request, pk: int):
    m, strategy = get_strategy(request, pk, editor=True)
    initial = {"theme": request.GET.get("theme"), "ref": f"A{strategy.actions.count() + 1}"}
    form = ActionForm(request.POST or None, initial=initial, strategy=strategy,
                      units=unit_choices(m.organisation))
    return _save(request, form, strategy, "New action")


def action_edit(request, pk: int):
    m, found = get_for_user(request, Action, pk, editor=True)
    form = ActionForm(request.POST or None, instance=found, strategy=found.strategy,
                      units=unit_choices(m.organisation))
    return _save(request, form, found.strategy, f"Edit action {found.ref}")


def _save(request, form: ActionForm, strategy, title: str):
    if request.method == "POST" and form.is_valid():
        saved = services.saved(services.save_form, form, request.user, strategy, "action")
        if saved is not None:  # else the form says why
            messages.success(request, f"Action {saved.ref} saved.")
            return redirect("strategy:action", saved.pk)
    return render(request, "strategy/form.html", {"form": form, "strategy": strategy,
                                                  "title": title})


def action_status(request, pk: int):
    m, found = get_action_to_update(request, pk)
    form = ActionStatusForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        done = services.saved(services.save_form, form, request.user, found.strategy, "action")
        if done is not None:  # else the form says why
            messages.success(request, "Status saved.")
            return redirect("strategy:action", found.pk)
    return action(request, pk, status_form=form)


def action_update(request, pk: int):
    m, found = get_action_to_update(request, pk)
    form = ProgressUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_update(found, form, request.user)
        messages.success(request, "Progress update posted.")
        return redirect("strategy:action", found.pk)
    return action(request, pk, update_form=form)
