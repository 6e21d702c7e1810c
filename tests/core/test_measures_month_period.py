"""A measure of the calendar month (`Measure.period`) is computed over the month to a date
in the strategy, the board report and the dashboards: one window, from one function."""

from __future__ import annotations

from datetime import date

from workforce.measures import all_measures
from workforce.measures.windows import Window, period_to
from workforce.reports.contents import HEADLINES, PARTS
from workforce.reports.figures import window as report_window
from workforce.strategy.actuals import window_at


def test_the_month_to_a_date():
    assert period_to("month", date(2026, 12, 7)) == Window(date(2026, 11, 8),
                                                           date(2026, 12, 7), "2026-12-07")
    assert period_to("month", date(2025, 9, 30)).start == date(2025, 9, 1)
    assert period_to("month", date(2025, 2, 28)).start == date(2025, 2, 1)
    assert period_to("year", date(2025, 9, 30)).start == date(2024, 10, 1)


def test_the_strategy_and_the_report_use_the_same_windows():
    for period in ("year", "quarter", "month"):
        for on in (date(2025, 9, 30), date(2025, 2, 28), date(2026, 12, 7)):
            w = period_to(period, on)
            assert (window_at(period, on).start, report_window(period, on).start) == (
                w.start, w.start)


def test_the_report_shows_a_measure_of_the_month_over_the_month():
    registry = all_measures()
    lines = [*HEADLINES, *(line for part in PARTS for line in part.lines)]
    monthly = [line for line in lines if registry.get(line.id) and registry[line.id].period]
    assert {line.id for line in monthly} == {"M20", "M20a"}
    assert {line.period for line in monthly} == {"month"}
