"""The action-plan workbook: the blank template, importing a plan, exporting a whole plan."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from workforce.strategy.workbook_write import template as blank
from workforce_web.accounts.access import audit, require
from workforce_web.accounts.models import EDITOR_ROLES
from workforce_web.dashboards.filters import figures_on
from workforce_web.strategy import pages, services
from workforce_web.strategy.access import get_strategy, target_units
from workforce_web.strategy.forms import ImportForm

REPLACE_HOW = f"tick “{ImportForm.base_fields['replace_newer'].label}” and import it again"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template(request):
    require(request)
    return _download(blank(), "action-plan-template.xlsx")


def export(request, pk: int):
    m, strategy = get_strategy(request, pk)
    audit(request, "export_strategy", strategy.title)
    data = pages.export(strategy, date.today(), figures_on(m.role), target_units(m))
    return _download(data, f"action-plan-{strategy.pk}-{date.today():%Y-%m-%d}.xlsx")


def import_plan(request):
    m = require(request, *EDITOR_ROLES)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored, problems = services.import_workbook(
            m.organisation, upload.read(), upload.name, request.user,
            replace_newer=form.cleaned_data["replace_newer"], replace_how=REPLACE_HOW)
        if stored is not None:
            messages.success(request, pages.import_summary(stored))
            for warning in stored.warnings:
                messages.warning(request, str(warning))
            return redirect("strategy:overview", stored.strategy.pk)
    return render(request, "strategy/import.html", {"form": form, "problems": problems})
