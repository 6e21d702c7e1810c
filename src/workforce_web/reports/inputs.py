"""What the web passes to the core report: the organisation's ledger and measures (through
the measures cache), the strategy in force, the dashboards' simple targets, and the commentary
saved with the report. The one call that makes a report's PDF, workbook or web page is
`produce`, which keeps what it made (`made`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.conf import settings

from workforce import reports as core
from workforce.reports.figures import Run
from workforce.strategy.plan import Plan
from workforce_web import measures_cache
from workforce_web.reports import made
from workforce_web.reports.models import Report


def plan_for(organisation: str, on: date) -> Plan | None:
    """The strategy in force on `on` (the latest to start by then, else the newest) as the
    core's plan, or None when the organisation has none."""
    from workforce_web.strategy.models import Strategy
    from workforce_web.strategy.records import plan_of

    found = Strategy.objects.filter(organisation=organisation)
    chosen = found.filter(start__lte=on).order_by("-start").first() or found.order_by(
        "-start").first()
    return plan_of(chosen) if chosen else None


def goals_for(organisation: str) -> dict[str, float]:
    """The dashboards' simple targets (used where the strategy sets none)."""
    from workforce_web.dashboards.models import Target

    return {t.measure_id: t.value for t in Target.objects.filter(organisation=organisation)}


def run_for(organisation: str) -> Run:
    """Engine rows through the measures cache, suppressed as every aggregate is."""
    return lambda ids, windows, by: measures_cache.results(organisation, ids, windows, by)


def request_for(report: Report, today: date) -> core.Request:
    end = core.quarter_end_of(report.period)
    return core.Request(report.period, report.organisation, report.unit,
                        plan_for(report.organisation, end), goals_for(report.organisation),
                        dict(report.commentary), settings.SUPPRESSION_THRESHOLD, today,
                        report.audience)


def produce(report: Report, fmt: str, today: date) -> bytes:
    """The report as `fmt` ("pdf", "xlsx" or "html") bytes, its figures computed from the
    data as it stands; kept (`made`), so the same report on the same data is made once."""
    org = report.organisation
    request = request_for(report, today)
    return made.file(org, request, fmt, lambda: core.build(
        measures_cache.org_ledger(org), request, run_for(org)))


def filename(report: Report, fmt: str) -> str:
    """The download's file name says which quarter and what it covers: the unit's code, or
    the organisation's for the whole organisation (`workforce-report-2026-Q3-FDA-01.pdf`),
    accents dropped and any run of other characters a file name or the header could trip on
    made one "_"."""
    parts = [unicodedata.normalize("NFKD", p).encode("ascii", "ignore").decode("ascii")
             for p in (report.period, report.unit or report.organisation)]
    safe = [re.sub(r"[^A-Za-z0-9_-]+", "_", p).strip("_") for p in parts]
    return "-".join(["workforce-report", *[p for p in safe if p]]) + f".{fmt}"
