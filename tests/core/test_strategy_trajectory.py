"""Trajectories worked by hand: linear (baseline above the goal), stepped milestones, and a
target with no baseline or no date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from workforce.strategy.plan import Milestone, Target
from workforce.strategy.trajectory import expected, milestone_warnings

# S0-style: turnover 30% on 31 March 2025 down to 19.6% on 31 March 2028. The span is
# 365 + 365 + 366 = 1,096 days (2028 is a leap year); 30 September 2026 is 365 + 183 = 548
# days in, exactly half way, so the trajectory expects 30 - 10.4 / 2 = 24.8.
TURNOVER = Target("T1", "Turnover down to 19.6%", "turnover_rate_fte", baseline_value=30.0,
                  baseline_date=date(2025, 3, 31), target_value=19.6,
                  target_date=date(2028, 3, 31), tolerance=2.0)

# S1-style caseloads, stepped: 18.6 at 31 March 2024, 17 from 31 March 2025, 16 from 31
# March 2026, the goal 15 from 31 March 2027.
CASELOAD = Target("T2", "Caseload down to 15", "caseload_fte", baseline_value=18.6,
                  baseline_date=date(2024, 3, 31), target_value=15.0,
                  target_date=date(2027, 3, 31), trajectory="stepped", tolerance=0.5,
                  milestones=(Milestone(date(2026, 3, 31), 16.0),
                              Milestone(date(2025, 3, 31), 17.0)))


def test_a_linear_trajectory_falls_from_a_baseline_above_the_goal():
    assert expected(TURNOVER, date(2026, 9, 30), 19.6) == pytest.approx(24.8)


def test_a_linear_trajectory_holds_the_baseline_before_it_and_the_goal_after_it():
    assert expected(TURNOVER, date(2024, 1, 1), 19.6) == 30.0
    assert expected(TURNOVER, date(2025, 3, 31), 19.6) == 30.0
    assert expected(TURNOVER, date(2028, 3, 31), 19.6) == pytest.approx(19.6)
    assert expected(TURNOVER, date(2030, 1, 1), 19.6) == pytest.approx(19.6)


def test_a_stepped_trajectory_changes_on_each_milestone_date_and_not_before():
    assert expected(CASELOAD, date(2025, 3, 30), 15.0) == 18.6
    assert expected(CASELOAD, date(2025, 3, 31), 15.0) == 17.0
    assert expected(CASELOAD, date(2026, 3, 30), 15.0) == 17.0
    assert expected(CASELOAD, date(2026, 12, 31), 15.0) == 16.0
    assert expected(CASELOAD, date(2027, 3, 31), 15.0) == 15.0


def test_a_linear_trajectory_runs_through_its_milestones():
    linear = replace(CASELOAD, trajectory="linear")
    # 30 September 2024 is 183 of the 365 days from 18.6 (2024-03-31) to 17 (2025-03-31).
    assert expected(linear, date(2024, 9, 30), 15.0) == pytest.approx(18.6 - 1.6 * 183 / 365)
    assert expected(linear, date(2025, 3, 31), 15.0) == pytest.approx(17.0)


def test_a_target_without_a_baseline_expects_its_goal_throughout():
    retention = Target("T3", "75% stay 2 years", "M26", target_value=75.0,
                       target_date=date(2029, 3, 31))
    assert expected(retention, date(2025, 1, 1), 75.0) == 75.0


def test_a_standing_target_without_a_date_expects_its_goal_throughout():
    induction = Target("T4", "Everyone inducted", "M24", target_value=100.0)
    assert expected(induction, date(2025, 1, 1), 100.0) == 100.0


def test_steps_that_overshoot_the_stated_aim_are_reported_not_reconciled():
    # S4: 3 apprentices in 2021, then +2, +2, +3 (= 10) against an aim of 9 a year.
    apprentices = Target("T5", "Nine a year", "M28", baseline_value=3.0,
                         baseline_date=date(2021, 12, 31), target_value=9.0,
                         target_date=date(2024, 12, 31), trajectory="stepped",
                         milestones=(Milestone(date(2022, 12, 31), 5.0),
                                     Milestone(date(2023, 12, 31), 7.0),
                                     Milestone(date(2024, 12, 31), 10.0)))
    warnings = milestone_warnings(apprentices, 9.0)
    assert warnings == ["the last milestone (10) differs from the target (9); the target "
                        "applies from the target date"]
    assert expected(apprentices, date(2024, 12, 31), 9.0) == 9.0
    assert expected(apprentices, date(2024, 6, 30), 9.0) == 7.0


def test_a_target_stored_with_a_baseline_in_year_one_is_charted_from_2000_only():
    """Plans' dates are checked now (`plan.date_problem`), but one stored before would have
    had its chart work out 8,000 years of quarters."""
    from workforce.strategy.actuals import check_dates

    old = replace(TURNOVER, baseline_date=date(1, 1, 1), target_date=None)
    dates = check_dates(old, date(2026, 12, 6))
    assert dates[0] == date(2000, 3, 31)
    assert len(dates) == 4 * 26 + 3 + 1  # 2000-Q1 to 2026-Q3, then today
