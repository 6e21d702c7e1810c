"""Board reports: the list and choosing a quarter; a report's commentary and downloads. Views
look up, authorise, make one call and render; every download is audited."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from workforce import reports as core
from workforce.measures.suppression import rule_text
from workforce.reports import SECTIONS
from workforce_web.accounts.access import audit, refusals_audited, require
from workforce_web.accounts.models import Membership
from workforce_web.reports import inputs
from workforce_web.reports.access import (
    get_report,
    may_edit,
    may_produce,
    may_see,
    scope_of,
    units_for,
)
from workforce_web.reports.forms import CommentaryForm, NewReportForm
from workforce_web.reports.models import Report

DOWNLOADS = ("pdf", "xlsx", "html")


def index(request):
    """The reports list and, for those who may produce one, the form to; a post produces
    a report (refused to a viewer, and recorded: `_produce`)."""
    if request.method == "POST":
        return _produce(request)
    m = require(request)
    return _index(request, m, _form(request, m) if may_produce(m) else None)


def _report_asked(request, **_) -> str:
    """The quarter and unit a refused post asked for ("2026-Q2 FDA-01")."""
    period = request.POST.get("period", "").strip()[:20]
    return f"{period or '?'} {request.POST.get('unit', '').strip()[:50] or 'organisation'}"


@refusals_audited("create_report", _report_asked)
def _produce(request):
    m = require(request)
    if not may_produce(m):
        raise PermissionDenied(REFUSED_TO_VIEWERS)
    form = _form(request, m)
    if not form.is_valid():
        return _index(request, m, form)
    found, _ = Report.objects.get_or_create(
        organisation=m.organisation, period=form.cleaned_data["period"],
        unit=form.cleaned_data["unit"] or "", defaults={"created_by": request.user})
    return redirect("reports:detail", found.pk)


def _report_named(request, pk: int, **_) -> str:
    """The report a refused post was for ("report 12")."""
    return f"report {pk}"


@refusals_audited("save_commentary", _report_named)
def _refuse_commentary(request, pk: int):
    """A post of commentary by a role that may only read it: refused, and recorded as a
    refusal as other refused posts are (`refusals_audited`)."""
    raise PermissionDenied("Your role can read the commentary but not change it.")


REFUSED_TO_VIEWERS = ("Your role can read and download board reports but not produce them: "
                      "a workforce lead, an administrator or a manager produces them")


def _form(request, m: Membership) -> NewReportForm:
    return NewReportForm(request.POST or None, today=date.today(), units=units_for(m),
                         whole=scope_of(m) is None)


def _index(request, m: Membership, form: NewReportForm | None):
    names = {u["code"]: u["name"] for u in units_for(m)}
    found = [r for r in Report.objects.filter(organisation=m.organisation) if may_see(m, r)]
    return render(request, "reports/index.html", {
        "form": form, "reports": [(r, names.get(r.unit, r.unit)) for r in found],
        "threshold_less_one": settings.SUPPRESSION_THRESHOLD - 1})


def detail(request, pk: int):
    m, report = get_report(request, pk)
    editable = may_edit(m, report)
    if request.method == "POST" and not editable:
        return _refuse_commentary(request, pk=pk)
    form = CommentaryForm(request.POST or None, initial=report.commentary)
    if request.method == "POST" and form.is_valid():
        report.commentary, report.updated_by = form.commentary(), request.user
        report.save(update_fields=["commentary", "updated_by", "updated_at"])
        messages.success(request, "Commentary saved. Downloads now include it.")
        return redirect("reports:detail", report.pk)
    names = {u["code"]: u["name"] for u in units_for(m)}
    return render(request, "reports/detail.html", {
        "report": report, "form": form, "editable": editable, "sections": SECTIONS,
        "written": [(title, [p for p in report.commentary[key].split("\n\n") if p.strip()])
                    for key, title in SECTIONS if report.commentary.get(key)],
        "downloads": DOWNLOADS,
        "scope": names.get(report.unit, report.unit) if report.unit else "",
        "suppression_rule": rule_text(settings.SUPPRESSION_THRESHOLD)})


def download(request, pk: int, fmt: str):
    _, report = get_report(request, pk)
    if fmt not in DOWNLOADS:
        raise Http404("No such download.")
    try:
        body = inputs.produce(report, fmt, date.today())
    except ValueError as exc:
        messages.error(request, f"The report could not be made: {exc}")
        return redirect("reports:detail", report.pk)
    audit(request, "export_report", f"{report.period} {report.unit or 'organisation'}.{fmt}")
    response = HttpResponse(body, content_type=core.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{inputs.filename(report, fmt)}"'
    return response
