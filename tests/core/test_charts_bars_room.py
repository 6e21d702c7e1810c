"""A bar chart keeps room on its right for the value drawn after its longest bar: on a phone
the plot is narrow and "471" was cut to "47" at the chart's edge."""

from __future__ import annotations

from workforce.charts import specs


def _points(texts: list[str]) -> list[dict]:
    return [{"category": f"Group {i}", "value": float(i + 1), "text": t, "period": "p",
             "order": "p", "series": "s"} for i, t in enumerate(texts)]


def test_the_right_padding_holds_the_longest_value():
    spec = specs.bars(_points(["56", "471", "c"]), title="Headcount", unit="count")
    assert spec["padding"] == {"left": 5, "top": 5, "bottom": 5, "right": 8 + 8 * 3}
    assert spec["width"] == "container"
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}  # inside the width


def test_longer_values_get_more_room():
    short = specs.bars(_points(["5"]), title="t", unit="count")["padding"]["right"]
    long = specs.bars(_points(["£12,345"]), title="t", unit="pounds")["padding"]["right"]
    assert long > short >= 16
