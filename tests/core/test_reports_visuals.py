"""The report's charts on paper: axis numbers without needless decimals, level quarter labels,
and no near-empty chart (most groups suppressed): the table stands alone and says why."""

from __future__ import annotations

import re
from datetime import date

from workforce import charts
from workforce.reports import pdf, visuals
from workforce.reports.model import Cell
from workforce.reports.sections import split


def _trend() -> dict:
    values = [2.0, 4.5, 6.0, 8.0, 10.0, 12.5, 14.0, 16.0]
    points = [{"period": f"{2023 + q // 4}-Q{q % 4 + 1}", "order": f"{q:02d}", "series": "Rate",
               "value": v, "text": f"{v:.1f}%"} for q, v in enumerate(values)]
    return charts.trend(points, title="Rates", unit="percent", height=150)


def _ticks(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([0-9.,]+)</text>", svg)


def test_axis_numbers_have_no_needless_decimals_and_quarters_stay_level():
    before = pdf.draw(_trend())
    assert _ticks(before) and not any(t.endswith(".0") for t in _ticks(before))  # web's too
    after = pdf.draw(visuals.tidy(_trend()))
    assert _ticks(after) and not any(t.endswith(".0") for t in _ticks(after))
    assert "rotate(320)" in before and "rotate(320)" not in after  # labels at -40 degrees


def test_bars_with_long_labels_get_few_plain_ticks():
    pts = [{"category": f"A very long course name number {i}", "value": 80.0 + i,
            "text": f"{80 + i}.0%", "highlight": True} for i in range(6)]
    svg = pdf.draw(visuals.tidy(charts.bars(pts, title="Courses", unit="percent")))
    ticks = _ticks(svg)  # the bars' own labels end in '%', so these are the axis's
    assert 2 <= len(ticks) <= 6 and not any(t.endswith(".0") for t in ticks), ticks


def _cells(shown: int, hidden: int) -> list[Cell]:
    return [Cell("26", 26.0, "count") for _ in range(shown)] + \
        [Cell("c", None, "count", suppressed=True) for _ in range(hidden)]


def test_a_chart_of_mostly_suppressed_groups_is_not_drawn_and_the_table_says_why():
    assert visuals.not_worth_drawing(_cells(1, 5)) == (
        "Not drawn as a chart: 5 of the 6 rows are shown as c (about fewer than 5 people, "
        "or hidden so that such a figure cannot be worked out), so a chart would show almost "
        "nothing.")
    assert visuals.not_worth_drawing(_cells(1, 0)).startswith("Not drawn as a chart")
    assert visuals.not_worth_drawing(_cells(4, 2)) == ""


class _Fig:
    """Just enough of `Figures` for `split`: one measure by leaving reason."""

    threshold = 5
    registry = {"leavers_headcount": type("M", (), {"title": "Leavers", "unit": "count"})}

    def keys(self, *args):
        return ["RES", "RED", "DIS", "RET", "OTH", "UNK"]

    def cell(self, mid, period, end, by, key):
        return Cell("26", 26.0, "count") if key == "RES" else \
            Cell("c", None, "count", suppressed=True)


class _Labels:
    def order(self, by, keys):
        return list(keys)

    def heading(self, by):
        return "Reason for leaving"

    def label(self, by, key):
        return key


def test_leavers_by_reason_with_one_reason_shown_is_a_table_without_a_chart():
    from workforce.reports.contents import Split

    chart, table = split(_Fig(), Split("reasons", "Leavers by reason", "leavers_headcount",
                                       "leaving_reason"), date(2025, 9, 30), _Labels())
    assert chart is None and len(table.rows) == 6
    assert table.notes[-1].startswith("Not drawn as a chart: 5 of the 6 rows")
