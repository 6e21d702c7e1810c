"""Vega-Lite specs as plain dicts, built from points prepared from engine rows.

A *point* is a mapping with:
    period  label shown on the axis and in the table (e.g. "2025-Q3", "census year 2025")
    order   sort position of the period (an int, or an ISO date string)
    series  which line or bar group it belongs to ("Your figure", "England", ...)
    value   the number, or None when suppressed or not computable (drawn as a gap)
    text    the value as the table shows it ("12.3", "c", "–")

`points_from_rows` turns engine rows (id, organisation, start, end, ..., value, suppressed)
into points. Every spec carries a `description` (the text alternative, also set as the SVG's
ARIA label by vega-embed) and uses the same colours and dash patterns (`style.py`). The specs
contain their data inline, so the web page (vega-embed) and a PDF (vl-convert) draw the same
thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from workforce.charts import style
from workforce.charts.describe import describe_bars, describe_trend

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
Point = Mapping[str, Any]
CHAR_WIDTH = 8
"""px: a generous width of one character of a bar's value at 13 px (digits are about 7.5)."""
VALUE_GAP = 8
"""px: the gap before a bar's value (its dx, 4) and after it."""


def points_from_rows(rows: Iterable[Mapping[str, Any]], series: str, unit: str,
                     label: str = "label") -> list[dict]:
    """Points of one series from engine rows; the period is `row[label]` when present, else
    the window's end date. Suppressed cells keep their place with value None and text 'c'."""
    out = []
    for r in rows:
        end = r.get("end")
        period = r.get(label) or (end.isoformat() if isinstance(end, date) else str(end))
        value = None if r.get("suppressed") else r.get("value")
        text = "c" if r.get("suppressed") else style.number(value, unit) if value is not None \
            else "–"
        out.append({"period": period, "order": end.isoformat() if isinstance(end, date)
                    else str(end), "series": series, "value": value, "text": text})
    return out


def _clean(points: Iterable[Point]) -> list[dict]:
    keep = ("period", "order", "series", "value", "text", "category", "highlight")
    out = []
    for p in points:
        row = {k: p[k] for k in keep if k in p}
        if isinstance(row.get("order"), date):
            row["order"] = row["order"].isoformat()
        out.append(row)
    return out


def _series_order(points: Sequence[dict], given: Sequence[str] | None) -> list[str]:
    return list(given) if given else list(dict.fromkeys(p["series"] for p in points))


def _y(unit: str, title: str | None) -> dict:
    return {"field": "value", "type": "quantitative",
            "title": title or style.UNIT_WORDS.get(unit, ""),
            "axis": {"format": style.AXIS_FORMAT, "tickCount": 6},
            "scale": {"zero": True, "nice": 6}}  # six ticks' worth: 54.5 tops out at 60,
    # not at 55 with its point on the chart's top edge and no label above it


def trend(points: Iterable[Point], *, title: str, unit: str, y_title: str | None = None,
          series_order: Sequence[str] | None = None, target: float | None = None,
          description: str | None = None, height: int = 260) -> dict:
    """A line chart over periods, one line per series; an optional target drawn as a rule."""
    data = _clean(points)
    names = _series_order(data, series_order)
    periods = [label for _, label in sorted({(str(p["order"]), p["period"]) for p in data})]
    n = max(len(names), 1)
    scale = {"domain": names}
    enc = {
        "x": {"field": "period", "type": "ordinal", "sort": periods, "title": None,
              "axis": {"labelAngle": -40 if len(periods) > 6 else 0, "labelLimit": 120}},
        "y": _y(unit, y_title),
        "color": {"field": "series", "type": "nominal", "title": None,
                  "scale": {**scale, "range": list(style.PALETTE[:n])}},
        "strokeDash": {"field": "series", "type": "nominal", "title": None,
                       "scale": {**scale, "range": list(style.DASHES[:n])}},
        "tooltip": [{"field": "series", "title": "Series"}, {"field": "period", "title": "Period"},
                    {"field": "text", "title": "Value"}],
    }
    points_enc = {**{k: enc[k] for k in ("x", "y", "color", "tooltip")},
                  "shape": {"field": "series", "type": "nominal", "title": None,
                            "scale": {**scale, "range": list(style.SHAPES[:n])}}}
    layers: list[dict] = [
        {"mark": {"type": "line", "strokeWidth": 3, "invalid": "break-paths-show-domains"},
         "encoding": enc},
        {"mark": {"type": "point", "filled": True, "size": 70, "opacity": 1},
         "encoding": points_enc},
    ]
    if target is not None:
        layers += _target(target, unit)
    text = description or describe_trend(data, title, unit, names, target)
    return _wrap(title, text, data, {"layer": layers}, height)


def _target(target: float, unit: str) -> list[dict]:
    label = f"Target {style.number(target, unit)}"
    return [
        {"mark": {"type": "rule", "color": style.TARGET, "strokeDash": [5, 3], "strokeWidth": 2},
         "encoding": {"y": {"datum": target}}},
        {"mark": {"type": "text", "align": "left", "baseline": "bottom", "dx": 4, "dy": -4,
                  "color": style.TARGET, "fontWeight": "bold"},
         "encoding": {"y": {"datum": target}, "x": {"value": 0}, "text": {"value": label}}},
    ]


def bars(points: Iterable[Point], *, title: str, unit: str, x_title: str | None = None,
         description: str | None = None, sort: Sequence[str] | None = None,
         height_per_bar: int = 26) -> dict:
    """Horizontal bars, one per `category` (in the given order), each labelled with its `text`
    so suppressed cells read 'c'. Points with `highlight` true are drawn darker."""
    data = _clean(points)
    cats = list(sort) if sort else list(dict.fromkeys(p["category"] for p in data))
    y = {"field": "category", "type": "nominal", "sort": cats, "title": None,
         "axis": {"labelLimit": 360}}
    x = {**_y(unit, x_title), "axis": {"format": style.AXIS_FORMAT,
                                       "tickCount": 5}}
    colour = {"condition": {"test": "datum.highlight", "value": style.HIGHLIGHT},
              "value": style.MUTED}
    tooltip = [{"field": "category", "title": "Group"}, {"field": "text", "title": "Value"}]
    layers = [
        {"mark": {"type": "bar", "cornerRadiusEnd": 2},
         "encoding": {"y": y, "x": x, "color": colour, "tooltip": tooltip}},
        {"transform": [{"calculate": "datum.value == null ? 0 : datum.value", "as": "at"}],
         "mark": {"type": "text", "align": "left", "dx": 4, "color": style.TEXT},
         "encoding": {"y": y, "x": {"field": "at", "type": "quantitative"},
                      "text": {"field": "text"}}},
    ]
    text = description or describe_bars(data, title, unit)
    height = max(60, height_per_bar * len(cats))
    # The value after the longest bar is drawn beyond the plot: room for it on the right, in
    # the padding the chart's width includes (on a phone it was cut off: "471" read "47").
    longest = max((len(str(p.get("text", ""))) for p in data), default=1)
    body = {"layer": layers, "padding": {"left": 5, "top": 5, "bottom": 5,
                                         "right": VALUE_GAP + CHAR_WIDTH * longest}}
    return _wrap(title, text, data, body, height)


def _wrap(title: str, description: str, data: list[dict], body: dict, height: int) -> dict:
    return {"$schema": SCHEMA, "title": title, "description": description,
            "data": {"values": data}, "width": "container", "height": height,
            "autosize": {"type": "fit-x", "contains": "padding"}, "config": style.config(),
            **body}
