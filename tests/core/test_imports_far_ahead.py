"""A record starting more than six months after the day of the import is read as given with a
warning naming its rows (most often the year is mistyped); its end may lie years ahead."""

from __future__ import annotations

from datetime import date

from tests.core.test_imports_fixtures import ORG, assignments, context, write_csv
from workforce.imports import read_file

TODAY = date(2026, 12, 7)


def test_the_testers_assignment_starting_in_november_next_year_is_warned(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"start_date": "2024-01-01", "end_date": "2026-10-31"},
        {"assignment_id": "A2", "start_date": "2027-11-01"}))
    result = read_file(path, context(), today=TODAY)
    assert result.errors == []
    assert result.warnings == [
        'assignment.csv: start_date is more than six months after today (2026-12-07) on row 3 '
        '("2027-11-01"). A record may start after today, but this far ahead the year is '
        "often mistyped: check it. The rows are read as given; correct any that are wrong "
        "and import the file again."]
    assert result.tables["assignment"]["start_date"].to_list() == [
        date(2024, 1, 1), date(2027, 11, 1)]


def test_starts_up_to_six_months_ahead_and_ends_years_ahead_are_not_warned(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"start_date": "2027-06-07", "end_date": "2030-03-31"}))
    result = read_file(path, context(), today=TODAY)
    assert result.errors == [] and result.warnings == []


def test_many_rows_far_ahead_are_one_warning_naming_five(tmp_path):
    rows = [{"organisation": ORG, "staff_id": f"P{i % 2 + 1}", "reason": "MAT",
             "start_date": f"2028-0{i}-01", "end_date": f"2028-0{i}-02",
             "working_days_lost": "1"} for i in range(1, 8)]
    result = read_file(write_csv(tmp_path, "absence.csv", rows), context(), today=TODAY)
    assert result.errors == []
    [warning] = result.warnings
    assert warning.startswith(
        'absence.csv: start_date is more than six months after today (2026-12-07) on rows '
        '2 ("2028-01-01"), 3 ("2028-02-01"), 4 ("2028-03-01"), 5 ("2028-04-01"), '
        '6 ("2028-05-01") and 2 more. ')
    assert "check them" in warning


def test_a_row_refused_for_another_reason_is_not_warned_too(tmp_path):
    rows = [{"organisation": ORG, "staff_id": "P1", "reason": "SIC",
             "start_date": "2029-01-01", "working_days_lost": "1"}]
    result = read_file(write_csv(tmp_path, "absence.csv", rows), context(), today=TODAY)
    assert [(p.row, p.column) for p in result.errors] == [(2, "start_date")]  # after today
    assert result.warnings == []
