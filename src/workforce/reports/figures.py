"""The report's figures: engine rows fetched in a few batched runs, then looked up as cells.

The builder first says what it needs (`want`), then `load` runs the measures engine once per
(period, breakdown, windows) group, suppressed, for the one organisation (and the chosen unit,
rolled up with the units below it). Every cell made here carries its `Source`, so a test can
run the engine again for that one figure and compare.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

import polars as pl

from workforce.charts import style
from workforce.ledger import Ledger
from workforce.measures import all_measures, engine
from workforce.measures.registry import Measure
from workforce.measures.windows import Window, add_months, period_to, quarter_label
from workforce.reports.model import DASH, Cell, Source

QUARTERS = 8  # the trend charts' span
SMALL_GROUP = 3  # measures: a group this small joins a run over more dates


def window(period: str, end: date) -> Window:
    """The window of `period` ("year", "quarter" or "month") ending on `end`."""
    return period_to(period, end, quarter_label(end))


def quarter_ends(end: date, count: int = QUARTERS) -> list[date]:
    """`count` quarter ends, newest (`end`) first."""
    return [add_months(end + timedelta(days=1), -3 * i) - timedelta(days=1)
            for i in range(count)]


def whole(m: Measure) -> bool:
    """True for a measure of cases that counts them (the cases held, the most one worker
    holds), not one that averages them per FTE (`÷` in its formula): its figures are whole
    numbers, so the report shows them as counts ("3,268", not "3,268.0")."""
    return m.unit == "cases" and "÷" not in m.formula


def as_shown(m: Measure) -> Measure:
    """The measure as the report shows it: a count of cases (`whole`) in the unit "count"
    (no decimals, in the text, the workbook's number format and the charts)."""
    return replace(m, unit="count") if whole(m) else m


def unit_of(measure_id: str | None, unit: str) -> str:
    """The unit the report shows `measure_id`'s figures in (`as_shown`), else `unit` (a
    tracked measure, or one the registry does not hold)."""
    m = all_measures().get(measure_id or "")
    return as_shown(m).unit if m is not None and m.unit == unit else unit


def shown(value: float | None, unit: str) -> str:
    """A value as the report prints it: rounded half away from zero to the unit's places."""
    if value is None:
        return DASH
    return style.number(value, unit)


Run = Callable[[list[str], list[Window], list[str]], pl.DataFrame]
"""(measure ids, windows, breakdowns) -> engine rows for the organisation, suppressed: the
web passes its measures cache so a second download reuses the figures."""


class Figures:
    """Engine rows for one organisation (optionally one unit), suppressed at `threshold`."""

    def __init__(self, ledger: Ledger, organisation: str, unit: str = "",
                 threshold: int | None = 5, run: Run | None = None) -> None:
        self.ledger, self.organisation, self.unit = ledger, organisation, unit
        self.threshold = threshold
        self.run = run or (lambda ids, wins, by: engine.run(
            ledger, ids, wins, by, threshold=threshold, organisations=[organisation]))
        self.declared = all_measures()  # as declared: Annex B's words for the unit
        self.registry = {i: as_shown(m) for i, m in self.declared.items()}
        self._wanted: dict[tuple[str, str, str], set[date]] = defaultdict(set)
        self._rows: dict[tuple, dict] = {}

    def allows(self, measure_id: str, by: str = "") -> bool:
        """True when the measure exists and can be computed for the scope and breakdown."""
        m = self.registry.get(measure_id)
        if m is None:
            return False
        return all(b in m.breakdowns for b in self._by(by))

    def _by(self, by: str) -> list[str]:
        return (["unit"] if self.unit else []) + ([by] if by else [])

    def want(self, ids: Iterable[str], period: str, ends: Sequence[date], by: str = "") -> None:
        """Ask for `ids` over `period` windows ending on `ends`, broken down by `by`."""
        for i in ids:
            if self.allows(i, by):
                self._wanted[(period, by, i)] |= set(ends)

    def _groups(self) -> dict[tuple[str, str, tuple[date, ...]], list[str]]:
        """One engine run per (period, breakdown, windows): each measure is computed once,
        at every date any part of the report wants it. A group of a few measures whose dates
        are among a bigger group's joins it: the engine builds its record frames per set of
        windows, so one run over more dates costs less than two runs (SMALL_GROUP)."""
        out: dict[tuple[str, str, tuple[date, ...]], list[str]] = defaultdict(list)
        for (period, by, mid), dates in self._wanted.items():
            out[(period, by, tuple(sorted(dates)))].append(mid)
        merged: dict[tuple[str, str, tuple[date, ...]], list[str]] = {}
        for key in sorted(out, key=lambda k: (-len(k[2]), k)):
            period, by, ends = key
            host = next((h for h in merged if h[:2] == (period, by) and len(out[key])
                         <= SMALL_GROUP and set(ends) <= set(h[2])), None)
            merged.setdefault(host or key, []).extend(out[key])
        return merged

    def load(self) -> None:
        """Run the engine for everything wanted and not yet loaded."""
        for (period, by, ends), ids in sorted(self._groups().items(), key=str):
            wins = [window(period, e) for e in ends]
            rows = self.run(sorted(ids), wins, self._by(by))
            if self.unit:
                rows = rows.filter(pl.col("unit") == self.unit)
            for r in rows.iter_rows(named=True):
                self._rows[(r["id"], r["start"], r["end"], by, r.get(by) if by else None)] = r
        self._wanted.clear()

    def row(self, measure_id: str, period: str, end: date, by: str = "",
            key: str | None = None) -> dict | None:
        w = window(period, end)
        return self._rows.get((measure_id, w.start, w.end, by, key))

    def keys(self, measure_id: str, period: str, end: date, by: str) -> list[str | None]:
        """The breakdown values the engine returned for a measure, in its order."""
        w = window(period, end)
        return [k[4] for k in self._rows if k[0] == measure_id and k[1] == w.start
                and k[2] == w.end and k[3] == by]

    def cell(self, measure_id: str, period: str, end: date, by: str = "",
             key: str | None = None, part: str = "value", unit: str | None = None) -> Cell:
        """One figure as a cell: 'c' when suppressed, '–' when it cannot be computed."""
        m = self.registry.get(measure_id)
        unit = unit or (m.unit if m else "")
        r = self.row(measure_id, period, end, by, key)
        if r is None:
            return Cell(DASH, unit=unit)
        w = window(period, end)
        source = Source(measure_id, w.start, w.end, by, key, part, self.unit)
        if r["suppressed"]:
            return Cell("c", None, unit, source, suppressed=True)
        value = r[part]
        return Cell(shown(value, unit), value, unit, source)

    def series(self, measure_id: str, period: str, ends: Sequence[date]) -> list[Cell]:
        """The measure at each of `ends`, in the order given."""
        return [self.cell(measure_id, period, e) for e in ends]
