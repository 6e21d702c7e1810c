"""Colours, dash patterns and number formats shared by every chart.

Colours come from the GOV.UK Frontend palette and each series also has its own dash pattern,
so no series is told apart by colour alone (WCAG 1.4.1).
"""

from __future__ import annotations

import math

from workforce.measures.formulas import round_half_away

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT = "#0b0c0c"
GRID = "#d4d6d8"
HIGHLIGHT = "#1d70b8"
MUTED = "#8eb8dc"
TARGET = "#00703c"
PALETTE = ("#1d70b8", "#0b0c0c", "#d4351c", "#4c2c92", "#f47738", "#00703c", "#d53880",
           "#505a5f")
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6])
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "circle",
          "square")

AXIS_FORMAT = ",.2~f"
"""Axis ticks: up to two decimals with trailing zeros dropped (16, 2.5), not "16.0"."""
UNIT_WORDS = {"percent": "%", "fte": "FTE", "ratio": "ratio", "cases": "cases", "days": "days",
              "score": "score", "pounds": "£", "count": "number", "rate": "rate"}
DECIMALS = {"percent": 1, "fte": 1, "ratio": 2, "cases": 1, "days": 1, "score": 1,
            "pounds": 0, "count": 0, "rate": 2}


def config() -> dict:
    """Vega-Lite `config`: system font, readable sizes, dark text, light grid."""
    axis = {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 13, "titleFontSize": 13,
            "labelColor": TEXT, "titleColor": TEXT, "gridColor": GRID, "domainColor": TEXT,
            "tickColor": TEXT, "titleFontWeight": "normal"}
    return {"font": FONT, "axis": axis, "view": {"stroke": None},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 13,
                       "titleFontSize": 13, "labelColor": TEXT, "titleColor": TEXT,
                       "orient": "bottom", "direction": "horizontal", "columns": 2,
                       "symbolStrokeWidth": 3, "labelLimit": 420, "columnPadding": 20},
            "title": {"font": FONT, "fontSize": 16, "color": TEXT, "anchor": "start"},
            "text": {"font": FONT, "fontSize": 13, "fill": TEXT}}


def number(value: float | None, unit: str) -> str:
    """A value as the charts' text alternatives say it (rounded half away from zero)."""
    if value is None or not math.isfinite(value):
        return "not shown"
    dp = DECIMALS.get(unit, 1)
    text = f"{round_half_away(value, dp):,.{dp}f}"
    return f"{text}%" if unit == "percent" else f"£{text}" if unit == "pounds" else text
