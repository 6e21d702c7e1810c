"""The summary: headline measures with the direction of travel, the status against target,
and DfE's latest published figures for England and the statistical neighbours.

DfE's figures are shown as published (for its census year to 30 September), beside the own
figure for the report's period; they are comparators, not recomputed by the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from workforce import benchmarks as bm
from workforce.reports.contents import HEADLINES, Line
from workforce.reports.figures import Figures, quarter_label, shown
from workforce.reports.goals import Goal
from workforce.reports.model import DASH, Cell, Table
from workforce.reports.sections import goal_cells, line_cells, points, title_of, travel


@dataclass(frozen=True)
class Published:
    """DfE's latest England and statistical-neighbour figures for one indicator."""

    year: int
    england: float | None
    neighbours: float | None


def headline_lines(goals: Mapping[str, Goal], fig: Figures) -> list[Line]:
    """The headline measures, then any other measure with a target for the report's scope."""
    lines = [line for line in HEADLINES if fig.allows(line.id)]
    have = {line.id for line in lines}
    return lines + [Line(mid, g.period) for mid, g in goals.items()
                    if mid not in have and fig.allows(mid)]


def la_code(organisation: Mapping[str, object]) -> str:
    return str(organisation.get("benchmark_la") or organisation.get("old_la_code") or "")


def published(b: bm.Benchmarks, measure_id: str, la: str) -> Published | None:
    """The latest year DfE published England's figure for the measure's indicator."""
    indicator = bm.indicator_for(measure_id)
    if indicator is None:
        return None
    if la and bm.authority(b, la) is not None:
        comp = bm.comparators(b, indicator.id, la)
    else:
        comp = bm.national(b, indicator.id).select(
            "year", pl.col("value").alias("england"), pl.lit(None).alias("neighbours"))
    comp = comp.filter(pl.col("england").is_not_null())
    if comp.is_empty():
        return None
    r = comp.sort("year").row(-1, named=True)
    return Published(int(r["year"]), r["england"], r["neighbours"])


def _dfe(value: float | None, unit: str) -> Cell:
    return Cell(shown(value, unit), value, unit) if value is not None else Cell(DASH)


def headline_table(fig: Figures, lines: Sequence[Line], ends: Sequence[date],
                   goals: Mapping[str, Goal], b: bm.Benchmarks | None, la: str) -> Table:
    """Headline measures; DfE comparators when `b` is given (whole organisation only)."""
    cols = ["Measure", quarter_label(ends[0]), quarter_label(ends[1]),
            "Change since last quarter", "Expected now", "Status"]
    if b is not None:
        cols += ["England (DfE)", "Neighbours (DfE)", "DfE year"]
    t = Table("headlines", f"Headline measures at {quarter_label(ends[0])}", cols,
              widths=[25, 8, 8, 13, 9, 10, 9, 11, 7] if b is not None else [34, 10, 10, 16,
                                                                             10, 12])
    for line in lines:
        m = fig.registry[line.id]
        goal, now, last = line_cells(fig, line, ends, goals)
        cells = [Cell(title_of(fig, line.id)), now, last, travel(now, last, m.polarity),
                 *goal_cells(goal, m.unit)]
        if b is not None:
            p = published(b, line.id, la)
            cells += [_dfe(p.england, m.unit), _dfe(p.neighbours, m.unit),
                      Cell(str(p.year), float(p.year), "year")] if p else [Cell(DASH)] * 3
        t.add(*cells)
    if b is not None:
        t.notes.append(f"England and statistical neighbours: DfE's published figures "
                       f"({b.vintage}) for the DfE year (to 30 September); the neighbours' "
                       "figure is the median of the 10 statistical neighbours'. '–': DfE "
                       "publishes no comparable figure.")
    return t


def key_points(fig: Figures, lines: Sequence[Line], ends: Sequence[date],
               goals: Mapping[str, Goal], limit: int = 4) -> list[str]:
    """Sentences for the headline measures, those off target first."""
    order = {"red": 0, "amber": 1}
    ranked = sorted(lines, key=lambda ln: order.get(goals[ln.id].rag, 2)
                    if ln.id in goals else 3)
    return points(fig, ranked, ends, goals, limit)
