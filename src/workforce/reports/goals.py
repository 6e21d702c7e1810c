"""Targets for the report: the strategy's targets assessed on the report's date, by the
strategy's own rules (`workforce.strategy`), and simple per-measure targets where the strategy
has none.

Which of the strategy's targets a report assesses, counts and lists (`for_report`): the whole
organisation's report every target; a unit's report the whole organisation's targets and
those for the unit and the units below it, never those of a unit beside or above it. Its
actions likewise: a unit's report lists those with no lead unit and those the unit or a unit
below it leads. So a
unit's report reads the same whoever produces it (the workforce lead printing a service's
report for its board, or the service's manager), and a manager, who reports only on their own
units and those below, never reads a target the strategy pages hide from them
(`workforce_web.strategy.access.sees_target`).

Registry targets for the report's own scope read their figures from the report's `Figures`
(suppressed, so a target about a handful of people has no RAG rather than revealing them);
other targets (another unit, one staff group) run the engine for themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from workforce import benchmarks as bm
from workforce.measures.dimensions import units_below
from workforce.reports.figures import Figures, window
from workforce.reports.model import Source
from workforce.strategy.actuals import measure_points
from workforce.strategy.benchmark import Lookup
from workforce.strategy.plan import Plan, Target
from workforce.strategy.rag import Point
from workforce.strategy.review import TargetFigure
from workforce.strategy.status import PointsFor, assess_targets


@dataclass(frozen=True)
class Goal:
    """What a measure is expected to be on the report's date and its status."""

    measure: str
    period: str
    expected: float | None
    rag: str
    reason: str
    ref: str = ""


def in_scope(target: Target, unit: str) -> bool:
    """True when the target is about the report's scope: its unit (or the whole
    organisation) and no narrower group."""
    return bool(target.measure_id) and target.scope_unit == unit and not target.scope_filter


def for_report(plan: Plan | None, units: pl.DataFrame, unit: str) -> Plan | None:
    """The plan with the targets and actions a report for `unit` ("": the whole
    organisation) takes (see the module docstring); `units` is the organisation's unit table
    (code, parent). Actions as targets: a unit's report takes those with no lead unit and
    those the unit or a unit below it leads. A target or action of a unit the table does not
    hold is in the whole organisation's report only."""
    if plan is None or not unit:
        return plan
    below = units_below(units, [unit])
    return replace(plan, targets=tuple(t for t in plan.targets
                                       if not t.scope_unit or t.scope_unit in below),
                   actions=tuple(a for a in plan.actions
                                 if not a.lead_unit or a.lead_unit in below))


def want_targets(plan: Plan | None, fig: Figures, ends: Sequence[date]) -> None:
    """Ask `fig` for the figures the plan's in-scope targets are judged on."""
    for t in plan.targets if plan else ():
        if in_scope(t, fig.unit):
            fig.want([t.measure_id or ""], t.period, ends)


def points_for(fig: Figures, threshold: int | None) -> PointsFor:
    """Target figures from `fig` when it holds them, else from the engine (suppressed)."""

    def points(target: Target, dates: Sequence[date]) -> list[Point]:
        mid = target.measure_id or ""
        if in_scope(target, fig.unit) and all(fig.row(mid, target.period, d) for d in dates):
            return [Point(d, fig.cell(mid, target.period, d).value) for d in dates]
        return measure_points(fig.ledger, fig.organisation, target, dates, threshold)

    return points


def assess(plan: Plan | None, fig: Figures, end: date, lookup: Lookup) -> list[TargetFigure]:
    """Every target of the plan assessed as at `end`, in reference order."""
    if plan is None:
        return []
    tracked = {m.code: m for m in plan.tracked}
    found = assess_targets(plan.targets, tracked, end, points_for(fig, fig.threshold), lookup)
    return sorted(found, key=lambda f: _ref_key(f.target.ref))


def _ref_key(ref: str) -> tuple[int, str]:
    digits = "".join(ch for ch in ref if ch.isdigit())
    return (int(digits) if digits else 0, ref)


def goals(figures: Sequence[TargetFigure], simple: Mapping[str, float], fig: Figures,
          end: date) -> dict[str, Goal]:
    """Per measure: the strategy's in-scope target (the first, by reference), else the simple
    target's value judged by the dashboards' rules (`benchmarks.rag`)."""
    out: dict[str, Goal] = {}
    for f in figures:
        t, a = f.target, f.assessment
        if in_scope(t, fig.unit) and t.measure_id not in out:
            out[t.measure_id or ""] = Goal(t.measure_id or "", t.period, a.expected, a.rag,
                                           a.reason, t.ref)
    for mid, value in simple.items():
        m = fig.registry.get(mid)
        if mid in out or m is None:
            continue
        now = fig.cell(mid, "year", end).value
        status = bm.rag(now, value, m.polarity)
        out[mid] = Goal(mid, "year", value, status, bm.RAG_LABELS[status])
    return out


def sources_of(figures: Sequence[TargetFigure], fig: Figures, end: date) -> dict[str, Source]:
    """Where each in-scope registry target's figure comes from, by target reference."""
    out = {}
    for f in figures:
        t = f.target
        if in_scope(t, fig.unit) and f.assessment.on == end and fig.row(
                t.measure_id or "", t.period, end):
            w = window(t.period, end)
            out[t.ref] = Source(t.measure_id or "", w.start, w.end, unit=fig.unit)
    return out
