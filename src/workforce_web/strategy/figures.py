"""Figures for targets in the web: the core's rules, with registry figures read through the
measures cache (so they follow imports and edits) and benchmarks from the DfE data in use.

Figures shown in the strategy pages are suppressed like every aggregate: a target scoped to a
handful of people shows 'c' and has no RAG rather than revealing them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from workforce.strategy import chart, moving
from workforce.strategy.actuals import check_dates, points_from, query
from workforce.strategy.benchmark import Lookup, published_lookup
from workforce.strategy.plan import Target as CoreTarget
from workforce.strategy.rag import Point
from workforce.strategy.review import TargetFigure
from workforce.strategy.status import (
    PointsFor,
    assess_on,
    assess_targets,
    target_points,
    with_measured_baseline,
)
from workforce.strategy.targets import figure_covers, goal_words, measure_info
from workforce_web import measures_cache
from workforce_web.ledger.models import LEDGER_MODELS
from workforce_web.strategy.models import Strategy, Target
from workforce_web.strategy.records import target_record, targets_of, tracked_map
from workforce_web.strategy.templatetags.strategy_tags import figure


def points_for(organisation: str) -> PointsFor:
    """Registry figures for an organisation's targets, through the measures cache."""

    def points(target: CoreTarget, dates: Sequence[date]) -> list[Point]:
        q = query(target, dates)
        rows = measures_cache.results(organisation, [q.measure_id], q.windows, q.by)
        got = {p.on: p for p in points_from(rows, target)}
        return [got.get(w.end, Point(w.end, None)) for w in q.windows]

    return points


def lookup_for(organisation: str) -> Lookup:
    """Benchmarks for the organisation (its region and statistical neighbours)."""
    org = LEDGER_MODELS["organisation"].objects.filter(code=organisation).values().first()
    return published_lookup(org)


def strategy_figures(strategy: Strategy, on: date, units: set[str] | None = None
                     ) -> list[TargetFigure]:
    """Every target of the strategy a reader of `units` reads (`access.target_units`; None:
    all), assessed as at `on`."""
    org = strategy.organisation
    return assess_targets(targets_of(strategy, units), tracked_map(org), on, points_for(org),
                          lookup_for(org))


def measured(target: CoreTarget, organisation: str) -> CoreTarget:
    """The target with its baseline measured from the data when only its date is given."""
    return with_measured_baseline(target, points_for(organisation))


def target_page(target: Target, today: date) -> dict:
    """What the target page shows: the measure, today's assessment, and the chart's rows
    (actual against trajectory, quarter by quarter) with the Vega-Lite spec drawing them."""
    org = target.strategy.organisation
    record, tracked = target_record(target), tracked_map(org)
    info = measure_info(record, tracked)
    if info is None:
        return {"info": None}
    lookup = lookup_for(org)
    points = target_points(record, tracked, check_dates(record, today), points_for(org))
    assessment = assess_on(record, info, points, today, lookup)

    def bench(on: date):
        return lookup(record.measure_id or "", record.benchmark, on) if record.benchmark \
            else None

    rows = chart.rows(record, info.polarity, points, bench, unit=info.unit)
    words = goal_words(record, info.polarity, assessment.goal_note,
                       lambda v: figure(v, info.unit))
    covered = figure_covers(record, assessment.on) if assessment.on else ""
    return {"info": info, "assessment": assessment, "rows": rows, "goal": words,
            "covered": covered,
            "moving": moving.words(record, rows, lambda v: figure(v, info.unit)),
            "spec": chart.spec(rows, record.title, info.unit)}
