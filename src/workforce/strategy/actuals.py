"""The figures a target is judged on: a registry measure computed from the ledger, or the
values entered for a tracked measure.

A registry target is computed as at chosen dates (`check_dates`, quarter ends by default)
over its `period` (the 12 months, 3 months or month to the date), for its scope: a unit
(rolled up with the units below it) and optionally one breakdown value such as
`staff_group=social_worker`. A tracked target's figures are its entered values, each as at the
end of its period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import engine
from workforce.measures.suppression import DEFAULT_THRESHOLD
from workforce.measures.windows import (
    Window,
    add_months,
    parse_period,
    period_to,
    quarter,
)
from workforce.strategy.plan import EARLIEST, Target
from workforce.strategy.rag import Point


@dataclass(frozen=True)
class Query:
    """What to ask the measures engine for: one measure, its windows and breakdowns."""

    measure_id: str
    windows: tuple[Window, ...]
    by: tuple[str, ...]


def window_at(period: str, on: date) -> Window:
    """The window a figure as at `on` covers: the `period` (year, quarter, month) to `on`."""
    return period_to(period, on)


def scope_filter(target: Target) -> tuple[str, str] | None:
    """The (dimension, value) pair of `scope_filter` ('staff_group=social_worker')."""
    if not target.scope_filter:
        return None
    dimension, _, value = target.scope_filter.partition("=")
    return dimension.strip(), value.strip()


def query(target: Target, dates: Iterable[date]) -> Query:
    """The engine query for a registry target as at each of `dates`."""
    if not target.measure_id:
        raise ValueError(f"Target {target.ref} follows a tracked measure, not the registry")
    by = (["unit"] if target.scope_unit else []) + [f[0] for f in [scope_filter(target)] if f]
    windows = tuple(window_at(target.period, d) for d in sorted(set(dates)))
    return Query(target.measure_id, windows, tuple(by))


def points_from(rows: pl.DataFrame, target: Target) -> list[Point]:
    """The target's figures from engine rows (id, start, end, <by>, value, ...); a
    suppressed or uncomputable cell gives a point with no value."""
    if target.scope_unit and "unit" in rows.columns:
        rows = rows.filter(pl.col("unit") == target.scope_unit)
    found = scope_filter(target)
    if found and found[0] in rows.columns:
        rows = rows.filter(pl.col(found[0]) == found[1])
    out = {r["end"]: Point(r["end"], r["value"], bool(r.get("suppressed")))
           for r in rows.iter_rows(named=True)}
    return [out[d] for d in sorted(out)]


def measure_points(ledger: Ledger, organisation: str, target: Target, dates: Sequence[date],
                   threshold: int | None = DEFAULT_THRESHOLD) -> list[Point]:
    """The target's figures as at `dates`, computed by the engine (for the core, the CLI and
    the demo; the web goes through its cache with the same `query` and `points_from`).
    Figures about fewer than `threshold` people are suppressed, as wherever figures are
    shown or frozen; `threshold=None` turns that off."""
    q = query(target, dates)
    rows = engine.run(ledger, [q.measure_id], q.windows, q.by, threshold=threshold,
                      organisations=[organisation])
    got = {p.on: p for p in points_from(rows, target)}
    return [got.get(w.end, Point(w.end, None)) for w in q.windows]


def tracked_points(values: Iterable[tuple[str, float | None]]) -> list[Point]:
    """Entered values as points at the end of their periods, in date order."""
    return sorted((Point(parse_period(p).end, v) for p, v in values), key=lambda p: p.on)


def latest(points: Sequence[Point], on: date) -> Point | None:
    """The most recent point on or before `on` with a value, or suppressed (so an older
    figure never stands in for one that cannot be shown)."""
    found = [p for p in points if p.on <= on and (p.value is not None or p.suppressed)]
    return max(found, key=lambda p: p.on) if found else None


def quarter_end(on: date) -> date:
    """The last day of the calendar quarter holding `on`."""
    return quarter(on.year, (on.month - 1) // 3 + 1).end


def last_quarter_end(today: date) -> date:
    """The most recent quarter end on or before `today`."""
    end = quarter_end(today)
    return end if end == today else quarter_end(add_months(end, -3))


def check_dates(target: Target, today: date, years_before: int = 2) -> list[date]:
    """Quarter ends from the baseline (or `years_before` years ago) to the last quarter end
    on or before `today` (never past the target date's quarter), then `today` itself. Never
    before `plan.EARLIEST`, even for a baseline stored before plans' dates were checked."""
    first = max(target.baseline_date or date(today.year - years_before, today.month, 1),
                EARLIEST)
    last = last_quarter_end(today)
    if target.target_date is not None:
        last = min(last, quarter_end(target.target_date))
    out, cur = [], quarter_end(first)
    while cur <= last:
        out.append(cur)
        cur = quarter_end(add_months(cur, 3))
    if today not in out and (target.target_date is None or today <= target.target_date):
        out.append(today)
    return out
