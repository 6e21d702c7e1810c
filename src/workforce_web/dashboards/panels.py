"""Build a panel: its chart specs (from `workforce.charts`) and the tables of the same numbers.

A block is one chart with one table. A trend panel has a block over the chosen periods and,
for a measure DfE publishes, a block comparing census years with England, the region and
statistical neighbours. A bars panel has one block by its breakdown at the as-at date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from workforce import charts
from workforce.benchmarks import indicator_for
from workforce.measures import Measure, all_measures
from workforce.measures.windows import Window
from workforce_web.dashboards import benchmark_block, summary
from workforce_web.dashboards.filters import PERIODS, Filters, year_earlier
from workforce_web.dashboards.pages import Panel, about
from workforce_web.dashboards.scope import Scope, index, prefetch, rows, supports
from workforce_web.dashboards.tables import Block, Cell, Table, figure, heading, heading_unit

NOT_KNOWN_LAST = ("Not known", "Not known or not specified", "Not known or prefer not to say")
NATURAL_ORDER = {
    "age_band": ["Under 30", "30 to 39", "40 to 49", "50 to 59", "60 and over"],
    "experience": ["Newly qualified", "Experienced", "Senior"],
    "level": ["Practitioner", "Manager"],
    "career_level": ["NQSW", "QSW", "ESW", "ASW"],
}


@dataclass
class PanelView:
    """A panel ready to render."""

    panel: Panel
    measures: list[Measure]
    about: list[dict] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    placement: str = ""
    notes: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # each trend measure at the date


@dataclass
class Line:
    """A measure's figure at the date with its direction of travel, and its target sentence
    and status (the same words as the overview's cards)."""

    headline: summary.Headline
    status: str = ""

    @property
    def rag(self) -> str:
        return self.headline.rag


def build(scope: Scope, panel: Panel) -> PanelView | None:
    """The panel for this scope, or None when the registry holds none of its measures."""
    ids = panel.available()
    if not ids:
        return None
    registry = all_measures()
    view = PanelView(panel, [registry[i] for i in ids], [about(registry[i]) for i in ids])
    needed = (*scope.filters.by, *([panel.by] if panel.by else []))
    usable = [i for i in ids if supports(i, needed)]
    if not usable:
        view.notes.append("This measure cannot be shown for the chosen unit or role group.")
        return view
    if panel.by:
        view.blocks.append(bars(scope, panel, registry[usable[0]]))
        return view
    indicator = indicator_for(usable[0]) if len(usable) == 1 else None
    compared = indicator is not None and bool(
        scope.filters.compare & {"england", "region", "neighbours"})
    # every window the panel shows, fetched in one engine call (`scope.prefetch`)
    measures = [registry[i] for i in usable]
    prefetch(scope, usable, [*_headline_windows(scope, usable),
                             *_trend_windows(scope, measures), *(
        benchmark_block.own_windows(scope, indicator) if indicator and compared else [])])
    view.lines = [Line(h, target_sentence(scope, h))
                  for h in summary.headlines(scope, tuple(usable), benchmarks=False)]
    view.blocks.append(trend(scope, panel, measures))
    if indicator and compared:
        block, view.placement = benchmark_block.build(scope, registry[usable[0]], indicator,
                                                      f"{panel.key}-benchmarks")
        view.blocks.append(block)
    return view


def _headline_windows(scope: Scope, ids: Sequence[str]) -> list[Window]:
    """The measures' headline windows and the ones a year earlier (`summary.headlines`)."""
    registry = all_measures()
    return list(dict.fromkeys(w for i in ids
                              for w in summary.headline_windows(scope, registry[i])))


def trend_filters(f: Filters, measures: Sequence[Measure]) -> Filters:
    """The filters a trend of `measures` is drawn with: rolling 12 months are calendar
    months for measures of the month (`Measure.period`), whose figure to a date is its last
    whole month's, so that the trend ends on the headline's figure and is read against a
    strategy trajectory set for the month."""
    if f.period == "rolling" and measures and all(m.period for m in measures):
        return replace(f, period="month")
    return f


def _trend_windows(scope: Scope, measures: Sequence[Measure]) -> list[Window]:
    """The trend's windows, and a year earlier when compared with it (`trend`)."""
    f = trend_filters(scope.filters, measures)
    wins = f.windows()
    return [*wins, *([_earlier(w) for w in wins] if "last_year" in f.compare else [])]


def _earlier(w: Window) -> Window:
    shifted = year_earlier(w)
    return Window(shifted.start, shifted.end, f"{w.label}, a year earlier")


def trend(scope: Scope, panel: Panel, measures: list[Measure]) -> Block:
    f = trend_filters(scope.filters, measures)
    wins = f.windows()
    before = [_earlier(w) for w in wins] if "last_year" in f.compare else []
    found = index(rows(scope, [m.id for m in measures], [*wins, *before]))
    unit = measures[0].unit
    single = len(measures) == 1
    names = {m.id: scope.unit_name if single else m.title for m in measures}
    goal = scope.targets.get(measures[0].id) if single and "target" in f.compare else None
    path = goal if goal is not None and goal.from_strategy else None
    trajectory = f"Strategy trajectory ({path.ref})" if path else ""
    points, table = [], Table(f"{panel.title}: {scope.unit_name}, {PERIODS[f.period].lower()}",
                              ["Period"])
    said = heading_unit(measures[0])
    for m in measures:
        table.headings.append(heading(names[m.id], said))
        if before:
            table.headings.append(heading(f"{names[m.id]}, a year earlier", said))
    if path:
        table.headings.append(heading(trajectory, said))
    if single:
        table.headings += ["Numerator", "Denominator"]
        parts = _decimals([found.get((measures[0].id, w.start, w.end)) for w in wins],
                          measures[0])
    for i, w in enumerate(wins):
        cells: list[Cell | str] = [w.label]
        for m in measures:
            r = found.get((m.id, w.start, w.end))
            cell = _cell(r, unit)
            cells.append(cell)
            points.append(_point(w, names[m.id], cell))
            if before:
                b = found.get((m.id, before[i].start, before[i].end))
                bcell = _cell(b, unit)
                cells.append(bcell)
                points.append(_point(w, f"{names[m.id]}, a year earlier", bcell))
        if path:
            expected = figure(path.expected_on(w.end), unit)
            cells.append(expected)
            points.append(_point(w, trajectory, expected))
        if single:
            r = found.get((measures[0].id, w.start, w.end))
            cells += [_raw(r, "numerator", parts), _raw(r, "denominator", parts)]
        table.add(*cells)
    line = goal.value if goal is not None and not goal.from_strategy else None
    spec = charts.trend(points, title=panel.title, unit=unit, target=line)
    return Block(f"{panel.key}-trend", panel.title, spec, table,
                 f"Over time: {PERIODS[f.period].lower()}")


def _cell(row: dict | None, unit: str) -> Cell:
    if row is None:
        return figure(None, unit)
    return figure(row["value"], unit, bool(row["suppressed"]))


def _raw(row: dict | None, column: str, units: dict[str, str]) -> Cell:
    """A row's numerator or denominator, in the unit `_decimals` gives its column."""
    if row is None:
        return figure(None, units[column])
    return figure(row[column], units[column], bool(row["suppressed"]))


def _decimals(found: list[dict | None], m: Measure) -> dict[str, str]:
    """The unit each of a table's numerator and denominator columns is shown in: whole
    numbers ('count') for a count, or where every figure in the column is a whole number
    (people counted, not FTE); else to one decimal place ('fte'), so that a column of
    headcounts does not read '530.0' beside the '530' it makes."""
    def whole(column: str) -> bool:
        values = [r[column] for r in found if r is not None and r[column] is not None]
        return m.unit == "count" or all(float(v).is_integer() for v in values)
    return {c: "count" if whole(c) else "fte" for c in ("numerator", "denominator")}


def _point(w: Window, series: str, cell: Cell) -> dict:
    return {"period": w.label, "order": w.end.isoformat(), "series": series,
            "value": cell.number, "text": cell.text}


def target_sentence(scope: Scope, h: summary.Headline) -> str:
    """'Strategy target T05 (strategy): At most 15.0 by 31 March 2028. The trajectory expects
    17.2 on 5 December 2026. Behind the trajectory by 2.0, outside the tolerance.', or the
    dashboard target's; '' when the measure has no target (or targets are not compared)."""
    goal, m = h.goal, h.measure
    if goal is None:
        return ""
    at = f"{scope.filters.at:%-d %B %Y}"
    if goal.from_strategy:
        where = f" ({goal.strategy})" if goal.strategy else ""
        text = f"{goal.source_label}{where}: {goal.words}."
        if goal.set_for:
            text += f" {goal.set_note}."
        if h.expected is not None and h.expected.number is not None:
            text += f" The trajectory expects {_shown(h.expected, m.unit)} on {at}."
    else:
        text = f"Dashboard target: {_shown(figure(goal.value, m.unit), m.unit)}"
        text += f" by {goal.by:%-d %B %Y}." if goal.by else "."
    detail = h.status_detail
    return f"{text} {detail}." if detail else text


def _shown(cell: Cell, unit: str) -> str:
    return f"{cell.text}%" if unit == "percent" and cell.number is not None else cell.text


def bars(scope: Scope, panel: Panel, m: Measure) -> Block:
    window = scope.filters.headline
    found = rows(scope, [m.id], [window], (panel.by,))
    table = Table(f"{panel.title}: {scope.unit_name}, as at {window.end:%-d %B %Y}",
                  [panel.by.replace("_", " ").capitalize(), heading(m.title, heading_unit(m)),
                   "Numerator", "Denominator"])
    entries = _labelled(scope, panel.by, found)
    parts = _decimals([r for _, r in entries], m)
    points = []
    for label, r in _ordered(entries, panel.by):
        cell = _cell(r, m.unit)
        table.add(label, cell, _raw(r, "numerator", parts), _raw(r, "denominator", parts))
        points.append({"category": label, "value": cell.number, "text": cell.text,
                       "highlight": True})
    spec = charts.bars(points, title=panel.title, unit=m.unit)
    return Block(f"{panel.key}-bars", panel.title, spec, table)


def _labelled(scope: Scope, by: str, found) -> list[tuple[str, dict]]:
    """(label, row) per category; two units with the same name are told apart by code."""
    if found.is_empty():
        return []
    rows_ = list(found.iter_rows(named=True))
    labels = [scope.label(by, r[by]) for r in rows_]
    return [(f"{lab} ({r[by]})" if labels.count(lab) > 1 else lab, r)
            for lab, r in zip(labels, rows_, strict=True)]


def _ordered(entries: list[tuple[str, dict]], by: str) -> list[tuple[str, dict]]:
    natural = NATURAL_ORDER.get(by)

    def key(e: tuple[str, dict]) -> tuple:
        label, r = e
        last = label in NOT_KNOWN_LAST or label.startswith("(")
        if natural:
            return (last, natural.index(label) if label in natural else 99, label)
        return (last, -(r["value"] or 0) if by in ("team", "unit") else 0, label)
    return sorted(entries, key=key)
