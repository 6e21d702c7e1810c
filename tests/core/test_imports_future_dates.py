"""Dates of things that have happened (a supervision held, a course completed...) may not be
after the day of the import; planned dates (an assignment starting next month) may."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from tests.core.test_imports_fixtures import ORG, assignments, context, write_csv
from workforce.imports import read_file, read_files
from workforce.ledger.tables import TABLES

TODAY = date(2026, 3, 31)


def supervision(day: str, staff_id: str = "P1") -> dict[str, str]:
    return {"organisation": ORG, "staff_id": staff_id, "date": day, "kind": "individual",
            "supervisor_id": ""}


def test_a_supervision_dated_after_today_is_refused_naming_file_row_column_and_value(
        tmp_path):
    path = write_csv(tmp_path, "supervision.csv",
                     [supervision("2026-03-01"), supervision("2099-11-01", "P2")])
    result = read_file(path, context(), today=TODAY)
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    problem = result.errors[0]
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        "supervision.csv", None, 3, "date", "2099-11-01")
    assert problem.message == '"2099-11-01" is after today'
    assert problem.hint == ("The date is after today (2026-03-31): a supervision can only be "
                            "recorded once it has happened. Check the year.")


def test_the_future_rule_also_holds_through_read_files_with_the_real_today(tmp_path):
    path = write_csv(tmp_path, "supervision.csv", [supervision("01/11/2099")])
    [result] = read_files([path], context())
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "date", "01/11/2099")]
    assert str(date.today()) in result.errors[0].hint


def test_a_supervision_dated_today_is_accepted(tmp_path):
    path = write_csv(tmp_path, "supervision.csv", [supervision(TODAY.isoformat())])
    result = read_file(path, context(), today=TODAY)
    assert result.errors == []
    assert result.tables["supervision"]["date"].to_list() == [TODAY]


def test_a_supervision_dated_today_is_accepted_with_the_real_today(tmp_path):
    path = write_csv(tmp_path, "supervision.csv", [supervision(date.today().isoformat())])
    assert read_file(path, context()).errors == []


def test_an_assignment_starting_after_today_is_accepted(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"start_date": "2099-11-01", "end_date": "2100-03-31"}))
    result = read_file(path, context(), today=TODAY)
    assert result.errors == []
    assert result.tables["assignment"]["start_date"].to_list() == [date(2099, 11, 1)]


def test_a_scheduled_appraisal_may_be_after_today_but_a_completed_one_may_not(tmp_path):
    later = (TODAY + timedelta(days=1)).isoformat()
    rows = [{"organisation": ORG, "staff_id": "P1", "date": later, "kind": kind,
             "status": status}
            for kind, status in (("annual", "Scheduled"), ("checkin", "completed"))]
    result = read_file(write_csv(tmp_path, "appraisal.csv", rows), context(), today=TODAY)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "date", later)]
    assert "status scheduled" in result.errors[0].hint


def test_booked_leave_may_start_after_today_but_sick_leave_may_not(tmp_path):
    rows = [{"organisation": ORG, "staff_id": "P1", "start_date": "2026-05-01",
             "reason": reason, "working_days_lost": "10"} for reason in ("MAT", "SIC")]
    result = read_file(write_csv(tmp_path, "absence.csv", rows), context(), today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(3, "start_date")]


def test_a_future_course_expiry_is_accepted_but_a_future_completion_is_not(tmp_path):
    course = write_csv(tmp_path, "course.csv", [
        {"organisation": ORG, "code": "C1", "title": "Safeguarding", "mandatory": "yes"}])
    training = write_csv(tmp_path, "training.csv", [
        {"organisation": ORG, "staff_id": "P1", "course": "C1", "completed_date": completed,
         "expiry_date": "2029-01-31"} for completed in ("2026-01-31", "2027-01-31")])
    results = read_files([course, training], context(), today=TODAY)
    assert results[0].errors == []
    assert [(e.row, e.column) for e in results[1].errors] == [(3, "completed_date")]


def test_every_past_rule_is_on_a_date_and_any_condition_names_codes_of_its_table():
    ruled = [(t, col) for t in TABLES.values() for col in t.columns if col.past is not None]
    assert {(t.name, col.name) for t, col in ruled} >= {
        ("supervision", "date"), ("training", "completed_date"), ("interview", "date")}
    for t, col in ruled:
        assert col.kind == "date"
        if col.past.only is not None:
            name, codes = col.past.only
            assert set(codes) <= set(t.column(name).codes or {})
    planned = {("post", "start_date"), ("assignment", "start_date"),
               ("assignment", "end_date"), ("training", "expiry_date"),
               ("programme", "expected_end_date")}
    assert not planned & {(t.name, col.name) for t, col in ruled}


def test_every_future_row_is_reported_and_none_is_kept(tmp_path):
    rows = [supervision(f"2026-{m:02d}-01", f"P{i % 2 + 1}") for i, m in
            enumerate(range(1, 13))]
    result = read_file(write_csv(tmp_path, "supervision.csv", rows), context(), today=TODAY)
    assert [(e.row, e.also_count) for e in result.errors] == [
        (r, 0) for r in range(5, 14)]  # April to December, each its own value
    assert result.tables["supervision"].filter(pl.col("date") > TODAY).height == 0
