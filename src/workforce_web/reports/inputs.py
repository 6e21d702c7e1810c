"""What the web passes to the core report: the organisation's ledger and measures (through
the measures cache), the strategy in force, the dashboards' simple targets, and the commentary
saved with the report. The one call that makes a report's PDF or workbook is `produce`."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from workforce import reports as core
from workforce.reports.figures import Run
from workforce.strategy.plan import Plan
from workforce_web import measures_cache
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
    """The report as `fmt` ("pdf", "xlsx" or "html") bytes, its figures computed now."""
    ledger = measures_cache.org_ledger(report.organisation)
    return core.produce(ledger, request_for(report, today), fmt, run_for(report.organisation))


def filename(report: Report, fmt: str) -> str:
    unit = f"-{report.unit}" if report.unit else ""
    return f"workforce-report-{report.period}{unit}.{fmt}"
