"""A target with its actual-against-trajectory chart and table; adding and editing targets;
tracked measures and entering their values."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from workforce_web.dashboards.filters import figures_on
from workforce_web.strategy import pages, services
from workforce_web.strategy.access import check_target, get_for_user, get_strategy
from workforce_web.strategy.forms_target import TargetForm, TrackedMeasureForm, TrackedValueForm
from workforce_web.strategy.models import Target, TrackedMeasure
from workforce_web.strategy.units import unit_choices, unit_names


def target(request, pk: int):
    m, found = get_for_user(request, Target, pk)
    check_target(m, found)
    context = pages.target(found, figures_on(m.role))
    return render(request, "strategy/target.html", {
        "target": found, "strategy": found.strategy,
        "scope": unit_names(m.organisation).get(found.scope_unit, found.scope_unit), **context})


def target_ref(request, pk: int, ref: str):
    m, strategy = get_strategy(request, pk)
    found = get_object_or_404(strategy.targets, ref=ref)
    check_target(m, found)
    return redirect("strategy:target", found.pk)


def target_new(request, pk: int):
    m, strategy = get_strategy(request, pk, editor=True)
    initial = {"ref": f"T{strategy.targets.count() + 1:02d}", "theme": request.GET.get("theme"),
               "measure_id": request.GET.get("measure")}
    form = TargetForm(request.POST or None, initial=initial, strategy=strategy,
                      units=unit_choices(m.organisation))
    return _save(request, form, strategy, "New target")


def target_edit(request, pk: int):
    m, found = get_for_user(request, Target, pk, editor=True)
    form = TargetForm(request.POST or None, instance=found, strategy=found.strategy,
                      units=unit_choices(m.organisation))
    return _save(request, form, found.strategy, f"Edit target {found.ref}")


def _save(request, form: TargetForm, strategy, title: str):
    if request.method == "POST" and form.is_valid():
        saved = services.saved(services.save_target, form, request.user, strategy)
        if saved is not None:  # else the form says why
            for warning in form.warnings:
                messages.warning(request, f"Saved as given, but {warning}.")
            messages.success(request, f"Target {saved.ref} saved.")
            return redirect("strategy:target", saved.pk)
    return render(request, "strategy/target_form.html", {"form": form, "strategy": strategy,
                                                         "title": title})


def tracked_new(request, pk: int):
    m, strategy = get_strategy(request, pk, editor=True)
    form = TrackedMeasureForm(request.POST or None, organisation=m.organisation)
    if request.method == "POST" and form.is_valid():
        saved = services.saved(services.save_form, form, request.user, strategy, "tracked")
        if saved is not None:  # else the form says why
            messages.success(request, f"Tracked measure {saved.code} added.")
            return redirect(f"{reverse('strategy:tracked', args=[saved.pk])}"
                            f"?strategy={strategy.pk}")
    return render(request, "strategy/form.html", {"form": form, "strategy": strategy,
                                                  "title": "New tracked measure"})


def tracked(request, pk: int):
    m, measure = get_for_user(request, TrackedMeasure, pk, editor=request.method == "POST",
                              via="organisation")
    strategy = pages.strategy_for_tracked(measure, request.GET.get("strategy"))
    form = TrackedValueForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid() and strategy and services.saved(
            services.enter_value, measure, form.cleaned_data["period"],
            form.cleaned_data["value"], request.user, strategy, form) is not None:
        messages.success(request, f"Value for {form.cleaned_data['period']} saved.")
        return redirect(request.get_full_path())
    return render(request, "strategy/tracked.html", {
        "measure": measure, "strategy": strategy, "form": form, "can_edit": m.can_edit,
        "values": measure.values.all(), "targets": measure.targets.select_related("strategy")})
