"""The sections built from the measures engine: a table of measures with the direction of
travel and the status against target, trend charts over eight quarters, breakdowns at the
quarter end drawn as bars, and figures by service.

Every chart is drawn from exactly the cells of the table beside it (`workforce.charts` specs,
the same ones the web draws), so what a reader sees in a chart they can read in a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from workforce import benchmarks as bm
from workforce import charts
from workforce.charts import style
from workforce.measures.formulas import round_half_away
from workforce.reports import visuals
from workforce.reports.contents import (
    PERIOD_NOTE,
    PERIOD_WORDS,
    Line,
    Part,
    Split,
    Trend,
    lines_of,
    period_of,
)
from workforce.reports.figures import Figures, quarter_label, shown
from workforce.reports.goals import Goal
from workforce.reports.labels import Labels
from workforce.reports.model import DASH, Cell, Chart, Section, Table, rag

ARROWS = {"up": "↑", "down": "↓", "same": "→", "": ""}


def title_of(fig: Figures, measure_id: str) -> str:
    """The measure's title, saying when DfE's measure counts social workers only and when a
    measure is a local variant, so two measures never read the same."""
    m = fig.registry[measure_id]
    title = m.title
    if "dfe" in m.tags and "social work" not in title.lower():
        title += ": social workers"
    return f"{title} (local variant)" if m.local_variant else title


def as_shown(c: Cell) -> float | None:
    """The number a reader sees in the cell (rounded as shown), or None."""
    if not c.is_number:
        return None
    return round_half_away(c.value, style.DECIMALS.get(c.unit, 1))


def travel_of(now: Cell, before: Cell, polarity: str) -> bm.Travel:
    """Direction of travel between two cells as shown (so an unseen change is no change)."""
    return bm.travel(as_shown(now), as_shown(before), polarity)


def travel(now: Cell, before: Cell, polarity: str) -> Cell:
    t = travel_of(now, before, polarity)
    return Cell(f"{ARROWS[t.direction]} {t.text}") if t.direction else Cell(DASH)


def goal_cells(goal: Goal | None, unit: str) -> list[Cell]:
    """Expected now and the status; a target with nothing to judge yet says so."""
    if goal is None:
        return [Cell(DASH), rag("none")]
    status = rag("none", "No figure") if goal.rag == "none" else rag(goal.rag)
    expected = Cell(DASH) if goal.expected is None else Cell(shown(goal.expected, unit),
                                                             goal.expected, unit)
    return [expected, status]


def heads(ends: Sequence[date]) -> list[str]:
    return [quarter_label(ends[0]), quarter_label(ends[1]), quarter_label(ends[4])]


def measures_table(fig: Figures, lines: Sequence[Line], ends: Sequence[date],
                   goals: Mapping[str, Goal], key: str, caption: str) -> Table:
    """Measure, period, this quarter, last quarter, a year earlier, change, target, status."""
    t = Table(key, caption, ["Measure", "Period", *heads(ends), "Change since last quarter",
                             "Expected now", "Status"],
              widths=[28, 10, 8, 8, 8, 15, 9, 11])
    t.notes.append(PERIOD_NOTE)
    for line in lines:
        m = fig.registry[line.id]
        goal, period = line_goal(line, goals)
        now, last, year = (fig.cell(line.id, period, ends[i]) for i in (0, 1, 4))
        t.add(Cell(title_of(fig, line.id)), Cell(PERIOD_WORDS[period_of(line.id, period)]),
              now, last, year, travel(now, last, m.polarity), *goal_cells(goal, m.unit))
    return t


def trend(fig: Figures, tr: Trend, ends: Sequence[date], periods: Mapping[str, str]
          ) -> tuple[Chart | None, Table] | None:
    """A line chart of the measures over the quarters, and its table: one row per measure,
    the quarters as columns, oldest first, as the chart reads. No chart when fewer than two
    figures can be shown: the table says why."""
    ids = [i for i in tr.ids if fig.allows(i)]
    if not ids:
        return None
    units = {fig.registry[i].unit for i in ids}
    unit = units.pop() if len(units) == 1 else ""
    order = list(reversed(ends))
    table = Table(f"{tr.key}-trend", f"{tr.title}, by quarter",
                  ["Measure", *[quarter_label(e) for e in order]],
                  widths=[24] + [76 / len(order)] * len(order))
    points = []
    for i in ids:
        cells = [fig.cell(i, periods.get(i, "year"), e) for e in order]
        table.add(Cell(title_of(fig, i)), *cells)
        points += [{"period": quarter_label(e), "order": e.isoformat(),
                    "series": title_of(fig, i), "value": c.value, "text": c.text}
                   for e, c in zip(order, cells, strict=True)]
    shown = [c for row in table.rows for c in row[1:]]
    if sum(1 for c in shown if c.is_number) < 2:
        table.notes.append(visuals.not_worth_drawing(shown, fig.threshold, "figures"))
        return None, table
    spec = visuals.tidy(charts.trend(points, title=tr.title, unit=unit, height=150))
    return Chart(tr.key, tr.title, spec, spec["description"], table.key), table


def split(fig: Figures, sp: Split, end: date, labels: Labels) -> tuple[Chart | None, Table]:
    """A measure by one breakdown at the quarter end: its table, and bars when asked for and
    when there is enough to draw (`visuals.worth_drawing`); else the table says why not."""
    m = fig.registry[sp.id]
    keys = labels.order(sp.by, fig.keys(sp.id, "year", end, sp.by))
    table = Table(f"{sp.key}-split", sp.title, [labels.heading(sp.by), m.title])
    cells = [fig.cell(sp.id, "year", end, sp.by, k) for k in keys]
    for k, c in zip(keys, cells, strict=True):
        table.add(Cell(labels.label(sp.by, k)), c)
    if not sp.chart or not keys:
        return None, table
    why = visuals.not_worth_drawing(cells, fig.threshold)
    if why:
        table.notes.append(why)
        return None, table
    points = [{"category": labels.label(sp.by, k), "value": c.value, "text": c.text,
               "highlight": True}
              for k, c in zip(keys, cells, strict=True)]
    spec = visuals.tidy(charts.bars(points, title=sp.title, unit=m.unit, height_per_bar=22))
    return Chart(sp.key, sp.title, spec, spec["description"], table.key), table


def services(fig: Figures, ids: Sequence[str], end: date, labels: Labels
             ) -> list[str | None]:
    """The services the figures of `ids` at the quarter end fall in, in order; none when the
    report's scope lies within one service (a team's or a service's report): its one row
    would be the scope's own figures under the service's name."""
    keys = labels.order("service", {k for i in ids for k in
                                    fig.keys(i, "year", end, "service")})
    return keys if len(keys) > 1 else []


def by_service(fig: Figures, ids: Sequence[str], end: date, labels: Labels,
               title: str, key: str) -> Table | None:
    """The measures by service at the quarter end (services as rows); None when there are no
    services to set side by side (`services`). `key` names the table: its section's key
    goes first, as the page's anchor is made of it and three sections have one."""
    ids = [i for i in ids if fig.allows(i, "service")]
    keys = services(fig, ids, end, labels)
    if not keys:
        return None
    table = Table(key, f"{title} by service, {quarter_label(end)}",
                  ["Service", *[title_of(fig, i) for i in ids]],
                  widths=[34] + [66 / len(ids)] * len(ids))
    for k in keys:
        table.add(Cell(labels.label("service", k)),
                  *[fig.cell(i, "year", end, "service", k) for i in ids])
    return table


def want_part(fig: Figures, part: Part, ends: Sequence[date]) -> None:
    """Ask for everything a section shows."""
    for line in lines_of(part):
        fig.want([line.id], line.period, [ends[0], ends[1], ends[4]])
    periods = {line.id: line.period for line in part.lines}
    for tr in part.trends:
        for i in tr.ids:
            fig.want([i], periods.get(i, "year"), ends)
    for sp in part.splits:
        fig.want([sp.id], "year", [ends[0]], sp.by)
    fig.want(part.by_service, "year", [ends[0]], "service")


def build_part(fig: Figures, part: Part, ends: Sequence[date], goals: Mapping[str, Goal],
               labels: Labels, commentary: str = "") -> Section:
    """One engine section, with the commentary written for it."""
    s = Section(part.key, part.title, part.lead, commentary=commentary)
    s.tables.append(measures_table(fig, lines_of(part), ends, goals, f"{part.key}-measures",
                                   f"{part.title}: measures at {quarter_label(ends[0])}"))
    periods = {line.id: line.period for line in part.lines}
    for tr in part.trends:
        found = trend(fig, tr, ends, periods)
        if found:
            if found[0] is not None:
                s.charts.append(found[0])
            s.tables.append(found[1])
    for sp in part.splits:
        chart, table = split(fig, sp, ends[0], labels)
        if chart:
            s.charts.append(chart)
        if table.rows:
            s.tables.append(table)
    service = by_service(fig, part.by_service, ends[0], labels, part.title,
                         f"{part.key}-by-service")
    if service is not None and service.rows:
        s.tables.append(service)
    s.points = points(fig, lines_of(part)[:3], ends, goals)
    return s


def points(fig: Figures, lines: Sequence[Line], ends: Sequence[date],
           goals: Mapping[str, Goal], limit: int | None = None) -> list[str]:
    """A sentence per measure with a figure (the first `limit` of them, None = all): the
    figure, the change since last quarter, the status."""
    out: list[str] = []
    for line in lines:
        m = fig.registry[line.id]
        goal, now, last = line_cells(fig, line, ends, goals)
        if now.is_number:
            out.append(sentence(title_of(fig, line.id), now, last, m.polarity, goal))
        if len(out) == limit:
            break
    return out


def line_cells(fig: Figures, line: Line, ends: Sequence[date],
               goals: Mapping[str, Goal]) -> tuple[Goal | None, Cell, Cell]:
    """The line's goal, and its figures at the quarter end and the one before, over the goal's
    period when it has a goal (the period the target is judged on), else the line's own."""
    goal, period = line_goal(line, goals)
    return goal, fig.cell(line.id, period, ends[0]), fig.cell(line.id, period, ends[1])


def line_goal(line: Line, goals: Mapping[str, Goal]) -> tuple[Goal | None, str]:
    """The line's goal, if any, and the period its figures are over: the goal's (the period
    the target is judged on), else the line's own."""
    goal = goals.get(line.id)
    return goal, goal.period if goal else line.period


def sentence(title: str, now: Cell, last: Cell, polarity: str, goal: Goal | None) -> str:
    """'Average caseload was 17.2, down from 18.0 last quarter (better); amber against its
    target.'"""
    said = f"{title} was {now.text}"
    t = travel_of(now, last, polarity)
    if t.direction == "same":
        said += ", no change from last quarter"
    elif t.direction:
        said += f", {t.direction} from {last.text} last quarter"
        said += f" ({t.judgement})" if t.judgement else ""
    if goal is not None and goal.rag in ("green", "amber", "red"):
        said += f"; {goal.rag} against its target"
    return said + "."
