"""Windows, series helpers and DfE's working-year convention."""

from __future__ import annotations

import math
from datetime import date

import pytest

from workforce.measures import formulas as f
from workforce.measures.windows import (
    Window,
    add_months,
    add_years,
    as_at,
    census_year,
    financial_year,
    frame,
    is_leap_census_year,
    month,
    parse_period,
    quarter,
    series,
)


def test_census_year_runs_from_1_october_to_30_september():
    w = census_year(2024)
    assert (w.start, w.end, w.days) == (date(2023, 10, 1), date(2024, 9, 30), 366)


def test_financial_year_runs_to_31_march_and_is_labelled_like_2024_25():
    w = financial_year(2024)
    assert (w.start, w.end, w.label) == (date(2024, 4, 1), date(2025, 3, 31), "2024-25")


def test_as_at_is_the_twelve_months_ending_on_the_date():
    w = as_at(date(2024, 2, 29))
    assert (w.start, w.end) == (date(2023, 3, 1), date(2024, 2, 29))


def test_a_window_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="cannot end"):
        Window(date(2024, 2, 1), date(2024, 1, 1))


def test_month_and_year_arithmetic_clamps_to_the_month_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert month(2023, 2).end == date(2023, 2, 28)
    assert quarter(2024, 4) == Window(date(2024, 10, 1), date(2024, 12, 31), "2024-Q4")


def test_series_cover_the_range_by_window_end():
    assert len(series("monthly", date(2015, 1, 1), date(2024, 12, 31))) == 120
    assert [w.label for w in series("dfe-year", date(2022, 1, 1), date(2024, 9, 30))] == [
        "census year 2022", "census year 2023", "census year 2024"]
    assert [w.label for w in series("financial-year", date(2023, 1, 1), date(2025, 3, 31))
            ] == ["2022-23", "2023-24", "2024-25"]
    with pytest.raises(ValueError, match="Unknown series"):
        series("weekly", date(2024, 1, 1), date(2024, 2, 1))


def test_periods_parse_from_text():
    assert parse_period("census-2025") == census_year(2025)
    assert parse_period("2024-25") == financial_year(2024)
    assert parse_period("2025-09") == month(2025, 9)
    assert parse_period("2025-Q3").label == "2025-Q3"
    with pytest.raises(ValueError, match="Cannot read the period"):
        parse_period("next year")


def test_windows_frame_numbers_the_windows_in_order():
    out = frame([month(2024, 1), month(2024, 2)])
    assert out.columns == ["_w", "w_start", "w_end"]
    assert out["_w"].to_list() == [0, 1] and out["w_end"][1] == date(2024, 2, 29)


@pytest.mark.parametrize("year, leap", [(2020, True), (2024, True), (2023, False),
                                        (2100, False), (2000, True)])
def test_leap_census_years_are_those_containing_29_february(year, leap):
    assert is_leap_census_year(year) is leap
    assert f.working_year(year) == (254 if leap else 253)
    w = census_year(year)
    assert f.working_days(w.start, w.end) == pytest.approx(254 if leap else 253)


def test_any_twelve_month_window_gets_dfe_w_and_shorter_windows_a_share():
    assert f.working_days(date(2023, 4, 1), date(2024, 3, 31)) == pytest.approx(254)
    assert f.working_days(date(2022, 4, 1), date(2023, 3, 31)) == pytest.approx(253)
    assert f.working_days(date(2023, 1, 1), date(2023, 1, 31)) == pytest.approx(31 * 253 / 365)
    assert f.working_days(date(2024, 2, 1), date(2024, 2, 29)) == pytest.approx(
        28 * 253 / 365 + 1)


def test_rounding_is_half_away_from_zero():
    assert [f.round_half_away(x, 1) for x in (2.25, -2.25, 2.35, 0.05, 14.149)] == [
        2.3, -2.3, 2.4, 0.1, 14.1]
    assert f.round_half_away(2.675, 2) == 2.68
    assert f.round_half_away(None) is None
    # a figure too large to have a fraction, or not finite, is itself (it used to overflow)
    assert f.round_half_away(1e308, 1) == 1e308 and f.round_half_away(-1e300, 2) == -1e300
    assert f.round_half_away(2.0**52 + 1, 1) == 2.0**52 + 1
    assert f.round_half_away(float("inf")) == float("inf")
    assert math.isnan(f.round_half_away(float("nan")))


def test_formulas_say_none_rather_than_zero_when_they_cannot_divide():
    assert f.turnover_rate(3, 0) is None
    assert f.agency_rate(0, 0) is None
    assert f.vacancy_agency_cover_rate(2, 0) is None
    assert f.caseload(10, None) is None
    assert f.absence_rate(5, 0, 2024) is None
    assert f.turnover_rate(0, 10) == 0.0


def test_formulas_match_domain_md_worked_examples():
    assert f.round_half_away(f.vacancy_rate(41, 100.98), 1) == 28.9  # Sefton, DfE
    assert f.round_half_away(f.vacancy_rate_local(41, 100.98), 2) == 40.60  # Sefton
    assert f.agency_rate(27.5, 87.22) == pytest.approx(23.97, abs=1e-2)
    assert f.per_average_headcount(10, 90, 110) == pytest.approx(10.0)
    assert f.days_lost_per_fte(30, 2.5) == pytest.approx(12.0)


def test_every_window_to_a_date_is_one_window_and_whole_months_to_a_month_end():
    """The dashboards' 12 months to a date (`as_at`) and the strategy's and report's
    (`period_to`) are one window: on 28 February 2025 the first took in 29 February 2024
    (a year and a day). To a month's last day a window is whole months; to another day it
    is a year (or a month, a quarter) and no more, 29 February or not."""
    from datetime import timedelta

    from workforce.measures.windows import as_at, months_back, period_to

    d = date(2020, 1, 1)
    while d < date(2029, 1, 1):
        year = period_to("year", d)
        assert as_at(d).start == year.start, d
        for n, period in ((1, "month"), (3, "quarter"), (12, "year")):
            start = period_to(period, d).start
            assert start == months_back(d, n)
            if (d + timedelta(days=1)).day == 1:  # a month's last day: whole months
                assert start.day == 1 and (start.year * 12 + start.month + n - 1
                                           == d.year * 12 + d.month), (d, period)
        days = (year.end - year.start).days + 1
        leap = any(date(y, 2, 29) >= year.start and date(y, 2, 29) <= year.end
                   for y in (d.year - 1, d.year) if y % 4 == 0)
        assert days == (366 if leap else 365), (d, year)
        d += timedelta(days=1)
