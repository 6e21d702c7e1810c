"""How numbers are shown: rounding at presentation only (DfE's half away from zero, from the
core), markers for suppressed cells."""

from __future__ import annotations

from workforce.measures.formulas import round_half_away
from workforce.measures.registry import Measure
from workforce.measures.suppression import MARKER

DECIMALS = {"percent": 1, "fte": 1, "ratio": 2, "cases": 1, "days": 1, "score": 1,
            "pounds": 0, "count": 0, "rate": 2}


def display_value(measure: Measure, row: dict | None) -> str:
    """The value as shown: 'c' when suppressed, '–' when it cannot be computed."""
    if row is None or row.get("value") is None:
        return MARKER if row and row.get("suppressed") else "–"
    dp = DECIMALS.get(measure.unit, 1)
    value = round_half_away(row["value"], dp)
    text = f"{value:,.{dp}f}"
    if measure.unit == "percent":
        return f"{text}%"
    if measure.unit == "pounds":
        return f"£{text}"
    return text
