"""Targets: everyone in the organisation may read them; workforce leads and admins edit them.
Each change is audited."""

from __future__ import annotations

import hashlib
from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from workforce.benchmarks import RAG_RULES
from workforce.measures import all_measures
from workforce_web.accounts.access import audit, require
from workforce_web.accounts.models import EDITOR_ROLES
from workforce_web.dashboards import goals
from workforce_web.dashboards.forms import TargetForm
from workforce_web.dashboards.models import Target
from workforce_web.dashboards.pages import about
from workforce_web.dashboards.tables import figure

_MEMO: dict[str, list[dict]] = {}


def _rows(org: str) -> tuple[str, list[dict]]:
    """(cache key, one row per measure with its target and the strategy's), kept until a
    target changes."""
    saved = {t.measure_id: t for t in Target.objects.filter(organisation=org)}
    today = date.today()
    key = repr((org, sorted((k, t.updated_at) for k, t in saved.items()), len(all_measures()),
                goals.stamp(org), today))
    if key not in _MEMO:
        _MEMO.clear()
        planned = goals.whole_organisation(org, today)
        _MEMO[key] = [{"measure": about(ms), "target": saved.get(ms.id),
                       "strategy": planned.get(ms.id),
                       "shown": figure(saved[ms.id].value, ms.unit).text if ms.id in saved
                       else ""} for ms in all_measures().values()]
    return hashlib.sha256(key.encode()).hexdigest(), _MEMO[key]


def targets(request):
    m = require(request)
    key, rows = _rows(m.organisation)
    return render(request, "dashboards/targets.html", {
        "rows": rows, "can_edit": m.can_edit, "rag_rules": RAG_RULES,
        "strategy_rules": goals.STRATEGY_RULES, "rows_key": key})


def target_edit(request, measure_id: str):
    m = require(request, *EDITOR_ROLES)
    measure = all_measures().get(measure_id)
    if measure is None:
        raise Http404("No such measure.")
    instance = Target.objects.filter(organisation=m.organisation, measure_id=measure_id).first()
    if request.method == "POST" and "delete" in request.POST and instance:
        instance.delete()
        audit(request, "delete_target", measure_id)
        messages.success(request, f"Target for {measure.title} removed.")
        return redirect("dashboards:targets")
    form = TargetForm(request.POST or None, instance=instance, measure=measure)
    if request.method == "POST" and form.is_valid():
        form.instance.organisation, form.instance.measure_id = m.organisation, measure_id
        form.instance.updated_by = request.user
        form.save()
        audit(request, "set_target", f"{measure_id}={form.instance.value}")
        messages.success(request, f"Target for {measure.title} saved.")
        return redirect("dashboards:targets")
    return render(request, "dashboards/target_form.html", {
        "measure": about(measure), "form": form, "instance": instance, "rag_rules": RAG_RULES})
