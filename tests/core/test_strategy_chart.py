"""The target chart: legible axis and legend text, dates on the axis without clutter."""

from __future__ import annotations

from datetime import date

from workforce.strategy import chart
from workforce.strategy.plan import Target
from workforce.strategy.rag import Point

TARGET = Target("T1", "Agency down", "agency_rate_fte", baseline_value=20.0,
                baseline_date=date(2025, 3, 31), target_value=10.0,
                target_date=date(2027, 3, 31), tolerance=1.0)


def _spec() -> dict:
    rows = chart.rows(TARGET, "down", [Point(date(2025, 6, 30), 19.0)], lambda on: None)
    return chart.spec(rows, TARGET.title, "percent")


def test_axis_and_legend_text_is_as_legible_as_body_text():
    config = _spec()["config"]
    assert config["axis"]["labelFontSize"] >= 13 and config["axis"]["titleFontSize"] >= 13
    assert config["legend"]["labelFontSize"] >= 13
    assert config["legend"]["symbolType"] == "stroke"  # a dashed line, not a dashed blob


def test_the_date_axis_keeps_its_labels_level_and_apart():
    x = _spec()["layer"][1]["encoding"]["x"]
    assert x["axis"]["labelAngle"] == 0 and x["axis"]["labelOverlap"]
