"""Census pages. The return holds person-level data (SWE numbers, dates of birth), so only
admins and workforce leads may build or download it, and every check and download is audited,
naming the staff numbers of the people it showed or the file holds (`audit_people`: the check
those its findings on the page name, the findings' CSV those all its findings name, the return
everyone in it), so that the audit log's Person filter finds them; a refused request (another
role, a year with no layout) is recorded too (`refusals_audited`), naming the year asked for.
A return the writer cannot build (an organisation without a 3-digit DfE LA number) is the
page's "cannot be built" summary, never a server error, and a download of it goes to that
page, audited as nothing."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import polars as pl
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from workforce.census.layouts import LATEST, YEARS
from workforce.census.named import staff_in_return, staff_named
from workforce.census.report import sentence, to_csv
from workforce.census.validate import Report, validate
from workforce.census.write import export
from workforce.spreadsheet import BOM
from workforce_web.accounts.access import audit_people, refusals_audited, require
from workforce_web.accounts.models import EDITOR_ROLES
from workforce_web.measures_cache import org_ledger

SHOW = 200


@dataclass(frozen=True)
class Built:
    """A return as downloaded (`data`), its check (`report`) and its worker records
    (`workers`, in the order written: whom the file and its findings name)."""

    data: bytes
    report: Report
    workers: pl.DataFrame


def _build(organisation: str, year: int) -> Built:
    """Write the return for `year` and validate it, as the CLI does."""
    if year not in YEARS[1:]:
        raise Http404("No census layout for that year.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"csww_{year}.xml"
        written = export(org_ledger(organisation), path, year, organisation)
        data, report = path.read_bytes(), validate(path)
    # findings name the file as the download does, not the temporary folder it was checked in
    report.file = path.name
    report.findings = [replace(f, file=path.name) for f in report.findings]
    return Built(data, report, written.workers)


def due_year(today: date) -> int:
    """The collection year of the latest census reference date (30 September) on or before
    `today`: the return DfE collects that autumn and winter."""
    return today.year if (today.month, today.day) >= (9, 30) else today.year - 1


def _year_asked(request, **_) -> str:
    """The year the census page was asked to check ("" when none was)."""
    return (request.GET.get("year") or "").strip()


@refusals_audited("census_check", _year_asked)
def census_page(request):
    m = require(request, *EDITOR_ROLES)
    due = due_year(date.today())
    missing = None if due in YEARS else due  # the year due, when this version lacks its layout
    context = {"years": YEARS[1:], "year": LATEST, "report": None, "missing": missing}
    asked = (request.GET.get("year") or str(LATEST)).strip()
    if missing and asked == str(missing):  # why it cannot be built, the latest year chosen
        return render(request, "census/page.html", context | {"problem": missing_words(due)})
    if not asked.isdigit() or int(asked) not in YEARS[1:]:  # the form's error, year kept
        return render(request, "census/page.html", context | {"year_error": year_words(asked)})
    year = context["year"] = int(asked)
    if "year" in request.GET:
        try:
            built = _build(m.organisation, year)
        except ValueError as exc:
            context["problem"] = str(exc)
        else:
            shown = built.report.findings[:SHOW]
            audit_people(request, "census_check", str(year),
                         staff_named(shown, built.workers))
            context.update(report=built.report, findings=[sentence(f) for f in shown])
    return render(request, "census/page.html", context)


def year_words(asked: str) -> str:
    """The census page's message for a collection year it cannot build (`?year=2099`, or
    `?year=abc` from an edited address)."""
    span = f"from {YEARS[1]} to {LATEST}"
    if asked.isdigit() and len(asked) == 4:
        return f"There is no layout for the {asked} return: select a collection year {span}"
    return f"Select a collection year {span}"


def missing_words(year: int) -> str:
    return (f"The {year} return (1 October {year - 1} to 30 September {year}) cannot be built "
            f"yet: this version does not have its layout (DfE's {year - 1} to {year} "
            "specification and schema), and it is not known whether it differs from "
            f"{LATEST}'s. The {LATEST} return and earlier ones can be built on this page.")


@refusals_audited("census_download", lambda request, year: str(year))
def census_xml(request, year: int):
    built = _built(request, year)
    if isinstance(built, HttpResponse):
        return built
    audit_people(request, "census_download", str(year), staff_in_return(built.workers))
    response = HttpResponse(built.data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="csww_{year}.xml"'
    return response


@refusals_audited("census_findings", lambda request, year: str(year))
def census_findings_csv(request, year: int):
    built = _built(request, year)
    if isinstance(built, HttpResponse):
        return built
    audit_people(request, "census_findings", str(year),
                 staff_named(built.report.findings, built.workers))
    response = HttpResponse(BOM + to_csv([built.report]),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="csww_{year}_findings.csv"'
    return response


def _built(request, year: int) -> Built | HttpResponse:
    """The return for a download, or where to go when the writer cannot build it (an
    organisation without a 3-digit DfE LA number): the census page for that year, whose check
    says why in its "cannot be built" summary, as for a check asked for on the page. The
    download is audited only once built, so nothing is recorded as downloaded that was not."""
    m = require(request, *EDITOR_ROLES)
    try:
        return _build(m.organisation, year)
    except ValueError:
        return redirect(f"{reverse('census:page')}?year={year}")
