"""A target's actual figures against its trajectory: the rows of a table and a Vega-Lite
chart drawn from exactly those rows.

Each row is a date with the figure (if any), what the trajectory expects, the band inside
which the figure is at worst amber, and the RAG. Rows after the last figure carry the
trajectory alone, up to the target date, so the chart shows the path still to travel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from workforce.measures.windows import add_months
from workforce.strategy.actuals import quarter_end
from workforce.strategy.benchmark import BenchmarkValue
from workforce.strategy.plan import RAGS, Target
from workforce.strategy.rag import Point, assess, direction_of, expected_value, goal_of

COLOURS = {"Actual": "#1d70b8", "Trajectory": "#505a5f"}
RAG_COLOURS = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c", "none": "#b1b4b6"}
FONT_SIZE = 14  # px: axis and legend text as legible as the page's body text (vega: 10-11)
UNIT_TITLES = {"percent": "Per cent", "fte": "FTE", "cases": "Cases per FTE", "days": "Days",
               "count": "Number", "ratio": "Ratio", "score": "Score", "pounds": "£",
               "rate": "Rate"}


def rows(target: Target, polarity: str, points: Sequence[Point],
         benchmark_at: Callable[[date], BenchmarkValue | None], unit: str | None = None
         ) -> list[dict]:
    """One row per figure, then trajectory-only rows to the target date; each figure judged
    as the target's status is (`rag.assess`, at the decimals of `unit`). Each row carries
    the goal in force on its date and, for a benchmark goal, the figure it is ("England
    2024"): the figure published by then, so the goal moves when a new year is published."""
    out = []
    for p in points:
        bench = benchmark_at(p.on)
        a = assess(target, polarity, p, bench, unit=unit)
        exp = a.expected if a.expected is not None else _expected(target, p.on, bench,
                                                                  polarity)
        out.append(_row(target, polarity, p.on, p.value, exp, a.rag, a.reason, bench) | {
            "suppressed": p.suppressed})
    last = points[-1].on if points else target.baseline_date
    for d in _future(target, last):
        bench = benchmark_at(d)
        out.append(_row(target, polarity, d, None, _expected(target, d, bench, polarity), "",
                        "", bench))
    return out


def _expected(target: Target, on: date, bench: BenchmarkValue | None, polarity: str
              ) -> float | None:
    goal, _ = goal_of(target, bench)
    return expected_value(target, on, goal, polarity)


def _row(target: Target, polarity: str, on: date, value: float | None, exp: float | None,
         rag: str, reason: str, bench: BenchmarkValue | None) -> dict:
    low, high = _band(target, polarity, exp)
    goal, _ = goal_of(target, bench)
    source = (f"{bench.label} {bench.year}" if bench else "none published") \
        if target.benchmark else ""
    return {"date": on.isoformat(), "actual": value, "expected": exp, "low": low,
            "high": high, "rag": rag, "rag_label": RAGS.get(rag, ""), "reason": reason,
            "goal": goal, "goal_source": source,
            "direction": direction_of(target, polarity)}


def _band(target: Target, polarity: str, exp: float | None) -> tuple[float | None, ...]:
    if exp is None:
        return None, None
    tol, direction = target.tolerance, direction_of(target, polarity)
    if direction == "at_least":
        return exp - tol, exp
    if direction == "at_most":
        return exp, exp + tol
    width = (target.band or 0.0) + tol
    return exp - width, exp + width


def _future(target: Target, after: date | None) -> list[date]:
    if target.target_date is None or after is None or after >= target.target_date:
        return []
    out, cur = [], quarter_end(add_months(quarter_end(after), 3))
    while cur < target.target_date:
        out.append(cur)
        cur = quarter_end(add_months(cur, 3))
    return [*out, target.target_date]


def spec(table: Sequence[dict], title: str, unit: str) -> dict:
    """A Vega-Lite spec drawing `table`: the tolerance band, the trajectory (dashed) and the
    actual figures (a line with points)."""
    x = {"field": "date", "type": "temporal", "title": None,
         "axis": {"format": "%b %Y", "labelAngle": 0, "labelOverlap": "greedy",
                  "tickCount": {"interval": "month", "step": 6}}}
    y_title = UNIT_TITLES.get(unit, unit)
    colour = {"field": "series", "type": "nominal", "title": None,
              "scale": {"domain": list(COLOURS), "range": list(COLOURS.values())},
              "legend": {"orient": "bottom"}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": f"{title}: actual figures against the trajectory",
        "width": "container", "height": 280, "data": {"values": list(table)},
        "config": {"font": "system-ui, Arial, sans-serif", "view": {"stroke": None},
                   "axis": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE,
                            "labelColor": "#0b0c0c", "titleColor": "#0b0c0c",
                            "labelFlush": False},
                   "legend": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE,
                              "labelColor": "#0b0c0c", "symbolType": "stroke",
                              "symbolSize": 400, "symbolStrokeWidth": 3}},
        "layer": [
            {"transform": [{"filter": "datum.low != null"}],
             "mark": {"type": "area", "color": "#b1b4b6", "opacity": 0.35},
             "encoding": {"x": x, "y": {"field": "low", "type": "quantitative",
                                        "title": y_title, "scale": {"zero": False}},
                          "y2": {"field": "high"}}},
            {"transform": [{"fold": ["expected", "actual"], "as": ["key", "value"]},
                           {"filter": "datum.value != null"},
                           {"calculate": "datum.key == 'actual' ? 'Actual' : 'Trajectory'",
                            "as": "series"}],
             "mark": {"type": "line", "point": True, "strokeWidth": 3},
             "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"},
                          "color": colour,
                          "strokeDash": {"field": "series", "type": "nominal",
                                         "scale": {"domain": list(COLOURS),
                                                   "range": [[1, 0], [6, 4]]},
                                         "legend": None}}},
        ],
    }
