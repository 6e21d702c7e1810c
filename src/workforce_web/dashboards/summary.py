"""Headline figures: the value at the date, a year earlier, the direction of travel, the target
status and, for measures DfE publishes, England, the region, the statistical neighbours and the
organisation's place among local authorities. The overview shows them as cards; every page
lists its other measures the same way in one table.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from workforce import benchmarks as bm
from workforce.measures import Measure, all_measures
from workforce.measures.windows import Window
from workforce_web.dashboards import benchmark_block
from workforce_web.dashboards.pages import about
from workforce_web.dashboards.scope import Goal, Scope, index, rows
from workforce_web.dashboards.tables import Cell, Table, figure, heading

TRAVEL_RULE = ("Direction of travel compares the figure at the date with the figure a year "
               "earlier, as shown (rounded); better or worse follows the measure's polarity.")


@dataclass
class Headline:
    """One measure's headline figures."""

    measure: Measure
    now: Cell
    before: Cell
    travel: bm.Travel
    goal: Goal | None
    rag: str
    year: int | None = None
    own_year: Cell | None = None
    england: Cell | None = None
    region: Cell | None = None
    region_name: str = "Region"
    neighbours: Cell | None = None
    placement: str = ""
    place: bm.Placement | None = None

    @property
    def about(self) -> dict:
        return about(self.measure)

    @property
    def abouts(self) -> list[dict]:
        return [self.about]

    @property
    def goal_text(self) -> str:
        return figure(self.goal.value, self.measure.unit).text if self.goal else ""

    @property
    def rag_label(self) -> str:
        return bm.RAG_LABELS[self.rag]


def headlines(scope: Scope, ids: tuple[str, ...], benchmarks: bool) -> list[Headline]:
    """Headline figures for the measures in `ids` that the registry holds."""
    registry = all_measures()
    ms = [registry[i] for i in ids if i in registry]
    now = scope.filters.headline
    before = Window(now.shift_years(-1).start, now.shift_years(-1).end)
    found = index(rows(scope, [m.id for m in ms], [now, before]))
    out = []
    for m in ms:
        a = _cell(found.get((m.id, now.start, now.end)), m.unit)
        b = _cell(found.get((m.id, before.start, before.end)), m.unit)
        goal = scope.targets.get(m.id)
        h = Headline(m, a, b, bm.travel(a.number, b.number, m.polarity), goal,
                     bm.rag(a.number, goal.value if goal else None, m.polarity))
        indicator = bm.indicator_for(m.id)
        if benchmarks and indicator:
            _add_benchmarks(scope, h, indicator)
        out.append(h)
    return out


def _cell(row: dict | None, unit: str) -> Cell:
    return figure(None, unit) if row is None else figure(row["value"], unit,
                                                        bool(row["suppressed"]))


def _add_benchmarks(scope: Scope, h: Headline, indicator: bm.Indicator) -> None:
    comp, h.region_name = benchmark_block.comparators_for(scope, indicator)
    comp = comp.filter(pl.col("england").is_not_null())
    if comp.is_empty():
        return
    r = comp.row(-1, named=True)
    unit = h.measure.unit
    h.year = r["year"]
    h.england, h.region = figure(r["england"], unit), figure(r["region"], unit)
    h.neighbours = figure(r["neighbours"], unit)
    win = benchmark_block.windows(indicator, [r["year"]])
    own = index(rows(scope, [h.measure.id], win)).get((h.measure.id, win[0].start, win[0].end))
    h.own_year = _cell(own, unit)
    h.place = benchmark_block.place_own(scope, h.measure, indicator, h.year, h.own_year)
    h.placement = benchmark_block.sentence(h.place, h.own_year, unit)


def _ranks(p: bm.Placement | None) -> list[str]:
    if p is None:
        return ["–", "–", "–"]
    sn = f"{p.rank_neighbours} of {p.of_neighbours}" if p.rank_neighbours else "–"
    return [p.quartile_text.replace(" of local authorities", "").capitalize(),
            f"{p.rank} of {p.of} (1 = {p.best_is})", sn]


def table(items: list[Headline], caption: str, benchmarks: bool) -> Table:
    """The headline figures as a table (the overview's, or a page's other measures)."""
    heads = ["Measure", "At the date", "A year earlier", "Direction of travel", "Target",
             "Status"]
    if benchmarks:
        heads += ["DfE year", "Your figure for the DfE year", "England", "Region",
                  "Statistical neighbours (median)", "Quartile among local authorities",
                  "Rank among local authorities", "Rank among statistical neighbours"]
    t = Table(caption, heads)
    for h in items:
        unit = heading("", h.measure.unit).strip(" ()")
        title = f"{h.measure.title} ({unit})" if unit else h.measure.title
        goal = figure(h.goal.value, h.measure.unit) if h.goal else Cell("–")
        cells = [title, h.now, h.before, h.travel.text, goal, h.rag_label]
        if benchmarks:
            cells += [str(h.year or "–"), *(c or Cell("–") for c in (
                h.own_year, h.england, h.region, h.neighbours)), *_ranks(h.place)]
        t.add(*cells)
    t.notes = [TRAVEL_RULE]
    if benchmarks:
        t.notes.append("Quartiles and ranks place your figure for the DfE year among local "
                       "authorities' published figures; rank 1 is the best for the measure.")
    return t
