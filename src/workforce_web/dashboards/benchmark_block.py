"""The benchmark block of a panel: the organisation's own figure for each published year next to
DfE's figures for England, the region and the statistical neighbours' median, and its place
among local authorities in the latest year.

DfE's figures are shown as published (markers such as 'u' stay as they are); the own figure is
computed by the measures engine over the same period as DfE's (census year to 30 September,
or the year to 31 March for children looked after).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce import benchmarks as bm
from workforce import charts
from workforce.measures import Measure
from workforce.measures.windows import Window, census_year
from workforce_web.dashboards.scope import Scope, index, rows
from workforce_web.dashboards.tables import Block, Cell, Table, figure, heading, heading_unit

YEARS = 5
NEIGHBOURS = "Statistical neighbours (median)"


def windows(indicator: bm.Indicator, years: list[int]) -> list[Window]:
    """The own figure's periods matching DfE's years."""
    if indicator.period.startswith("year to 31 March"):
        return [Window(date(y - 1, 4, 1), date(y, 3, 31), str(y)) for y in years]
    return [Window(census_year(y).start, census_year(y).end, str(y)) for y in years]


def _published(value: float | None, status: str | None, unit: str) -> Cell:
    if status:
        return Cell(status)
    return figure(value, unit)


def comparators_for(scope: Scope, indicator: bm.Indicator) -> tuple[pl.DataFrame, str]:
    b = scope.benchmarks
    who = bm.authority(b, scope.la_code) if scope.la_code else None
    if who is not None:
        return bm.comparators(b, indicator.id, scope.la_code), who.region_name
    eng = bm.national(b, indicator.id).select("year", pl.col("value").alias("england"))
    empty = {"published": None, "published_status": None, "region": None,
             "neighbours": None, "neighbours_count": None}
    return eng.with_columns(*[pl.lit(v).alias(k) for k, v in empty.items()]), "Region"


def published(scope: Scope, indicator: bm.Indicator) -> tuple[pl.DataFrame, str]:
    """(DfE's figures for the last `YEARS` years England has one, the region's name)."""
    comp, region = comparators_for(scope, indicator)
    return comp.filter(pl.col("england").is_not_null()).tail(YEARS), region


def own_windows(scope: Scope, indicator: bm.Indicator) -> list[Window]:
    """The periods the block computes the own figure for (`build`)."""
    return windows(indicator, published(scope, indicator)[0]["year"].to_list())


def build(scope: Scope, m: Measure, indicator: bm.Indicator, key: str) -> tuple[Block, str]:
    """(block, placement sentence) for measure `m` benchmarked against `indicator`."""
    comp, region = published(scope, indicator)
    years = comp["year"].to_list()
    wins = windows(indicator, years)
    own = index(rows(scope, [m.id], wins))
    wanted = scope.filters.compare
    series = [("england", "England"), ("region", region), ("neighbours", NEIGHBOURS)]
    shown = [(col, name) for col, name in series if col in wanted]
    title = f"{m.title}: compared with other local authorities"
    said = heading_unit(m)
    table = Table(f"{title} ({indicator.period})", ["Year", heading(scope.unit_name, said)])
    if scope.whole_la:
        table.headings.append(heading("Published by DfE for your local authority", said))
    table.headings += [heading(name, said) for _, name in shown]
    if "neighbours" in wanted:
        table.headings.append("Neighbours with a figure")
    points, latest = [], (None, None)
    for w, r in zip(wins, comp.iter_rows(named=True), strict=True):
        mine = own.get((m.id, w.start, w.end))
        cell = figure(None, m.unit) if mine is None else figure(
            mine["value"], m.unit, bool(mine["suppressed"]))
        cells: list[Cell | str] = [w.label, cell]
        points.append(_pt(w, scope.unit_name, cell))
        if cell.number is not None:
            latest = (r["year"], cell)
        if scope.whole_la:
            cells.append(_published(r["published"], r["published_status"], m.unit))
        for col, name in shown:
            c = figure(r[col], m.unit)
            cells.append(c)
            points.append(_pt(w, name, c))
        if "neighbours" in wanted:
            cells.append(Cell(str(r["neighbours_count"] or 0), r["neighbours_count"] or 0))
        table.add(*cells)
    table.notes = _notes(scope, comp)
    spec = charts.trend(points, title=title, unit=m.unit)
    label = f"Compared with other local authorities: {indicator.period}"
    return Block(key, title, spec, table, label), sentence(
        place_own(scope, m, indicator, *latest), latest[1], m.unit)


def _pt(w: Window, series: str, cell: Cell) -> dict:
    return {"period": w.label, "order": w.end.isoformat(), "series": series,
            "value": cell.number, "text": cell.text}


def _notes(scope: Scope, comp: pl.DataFrame) -> list[str]:
    notes = [f"DfE figures: {scope.benchmarks.vintage}. Regional and England figures are "
             "DfE's published ones. The neighbours' figure is the median of the 10 statistical "
             "neighbours' published values (DfE 2025 model), leaving out markers."]
    markers = sorted(set(comp["published_status"].drop_nulls().to_list()))
    notes += [f"'{k}': {bm.MARKERS.get(k, k)} (DfE marker)." for k in markers]
    return notes


def place_own(scope: Scope, m: Measure, indicator: bm.Indicator, year: int | None,
              cell: Cell | None) -> bm.Placement | None:
    """The own figure's place among LAs, for the whole organisation only."""
    if not scope.whole_la or year is None or cell is None or not scope.la_code:
        return None
    return bm.place(scope.benchmarks, indicator.id, year, cell.number, scope.la_code,
                    m.polarity)


def sentence(p: bm.Placement | None, cell: Cell | None, unit: str) -> str:
    """'2025: your figure of 16.8% is in the highest 25% of local authorities; ...'"""
    if p is None or cell is None:
        return ""
    text = p.describe()
    shown = f"{cell.text}%" if unit == "percent" else cell.text
    return f"{p.year}: your figure of {shown} is {text[0].lower()}{text[1:]}"
