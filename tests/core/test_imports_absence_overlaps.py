"""A person cannot be absent twice on one day: overlapping absences are refused, within a
file, across the files of an import and against stored absences the import does not
replace; the demo organisation has none."""

from __future__ import annotations

from datetime import date

import polars as pl

from tests.core.test_imports_fixtures import ORG, context, write_csv
from workforce.demo import generate
from workforce.imports import read_file, read_files
from workforce.imports.export import write_csv_folder
from workforce.ledger import Ledger

TODAY = date(2026, 12, 7)


def absence(start: str, end: str, reason: str = "SIC", days: str = "3",
            staff_id: str = "P1") -> dict[str, str]:
    return {"organisation": ORG, "staff_id": staff_id, "start_date": start, "end_date": end,
            "reason": reason, "working_days_lost": days}


def stored(*rows: dict[str, object]) -> Ledger:
    """The fixtures' context with these absences stored."""
    ledger = context()
    ledger.frames["absence"] = pl.DataFrame(
        [{"organisation": ORG, "staff_id": "P1", "end_date": None, "reason": "SIC",
          "working_days_lost": 3.0, **row} for row in rows], schema=ledger.absence.schema)
    return ledger


def where(result) -> list[tuple[str, int | None, str | None, str | None]]:  # noqa: ANN001
    return [(p.file, p.row, p.column, p.value) for p in result.errors]


def test_the_testers_two_overlapping_sickness_absences_are_refused_naming_both(tmp_path):
    path = write_csv(tmp_path, "absence.csv", [absence("2026-11-10", "2026-11-12"),
                                               absence("2026-11-11", "2026-11-13")])
    result = read_file(path, context(), today=TODAY)
    assert where(result) == [("absence.csv", 3, "start_date", "2026-11-11")]
    problem = result.errors[0]
    assert problem.message == (
        'this SIC absence of staff_id "P1" from 2026-11-11 to 2026-11-13 overlaps the SIC '
        "absence on row 2 from 2026-11-10 to 2026-11-12: the person would be absent twice "
        "from 2026-11-11 to 2026-11-12")
    assert problem.hint.startswith("A person is absent for one reason at a time")
    assert "End the earlier absence the day before the later one starts" in problem.hint
    assert result.tables["absence"].height == 1  # the refused row is not among those stored


def test_back_to_back_absences_and_other_people_on_the_same_days_are_fine(tmp_path):
    path = write_csv(tmp_path, "absence.csv", [
        absence("2026-11-10", "2026-11-12"), absence("2026-11-13", "2026-11-13", "TRN", "1"),
        absence("2026-11-11", "2026-11-13", staff_id="P2")])
    assert read_file(path, context(), today=TODAY).errors == []


def test_an_absence_inside_a_longer_one_of_another_reason_is_refused(tmp_path):
    path = write_csv(tmp_path, "absence.csv", [
        absence("2026-06-01", "2026-10-31", "MAT", "110"),
        absence("2026-07-14", "2026-07-14", "TRN", "1")])
    result = read_file(path, context(), today=TODAY)
    assert where(result) == [("absence.csv", 3, "start_date", "2026-07-14")]
    assert result.errors[0].message.endswith(
        "overlaps the MAT absence on row 2 from 2026-06-01 to 2026-10-31: the person would "
        "be absent twice on 2026-07-14")


def test_parts_of_one_day_may_be_two_absences_up_to_a_whole_day(tmp_path):
    halves = [absence("2026-11-10", "2026-11-10", "TRN", "0.5"),
              absence("2026-11-10", "2026-11-10", "SIC", "0.5")]
    path = write_csv(tmp_path, "absence.csv", halves)
    assert read_file(path, context(), today=TODAY).errors == []
    path = write_csv(tmp_path, "absence.csv",
                     [*halves, absence("2026-11-10", "2026-11-10", "OTH", "0.5")])
    # a day and a half on one day: each part after the first is refused
    assert [p.row for p in read_file(path, context(), today=TODAY).errors] == [3, 4]


def test_an_absence_overlapping_a_stored_one_is_refused(tmp_path):
    ledger = stored({"start_date": date(2026, 11, 10), "end_date": date(2026, 11, 12)})
    path = write_csv(tmp_path, "absence.csv", [absence("2026-11-12", "2026-11-14", "UNA")])
    result = read_file(path, ledger, today=TODAY)
    assert where(result) == [("absence.csv", 2, "start_date", "2026-11-12")]
    assert result.errors[0].message == (
        'this UNA absence of staff_id "P1" from 2026-11-12 to 2026-11-14 overlaps the SIC '
        "absence already stored from 2026-11-10 to 2026-11-12: the person would be absent "
        "twice on 2026-11-12")


def test_a_row_replacing_a_stored_absence_is_not_an_overlap_with_it(tmp_path):
    # The same staff_id, start_date and reason update the stored row (an end now known).
    ledger = stored({"start_date": date(2026, 11, 10)})
    path = write_csv(tmp_path, "absence.csv", [absence("2026-11-10", "2026-11-20", days="9"),
                                               absence("2026-11-23", "2026-11-23", "TRN", "1")])
    assert read_file(path, ledger, today=TODAY).errors == []


def test_a_stored_ongoing_absence_lasts_to_today(tmp_path):
    ledger = stored({"start_date": date(2026, 11, 2)})
    rows = [absence("2026-12-01", "2026-12-01", "TRN", "1"),  # while still off sick
            absence("2027-01-04", "2027-01-08", "OTH", "5")]  # leave booked for later
    result = read_file(write_csv(tmp_path, "absence.csv", rows), ledger, today=TODAY)
    assert where(result) == [("absence.csv", 2, "start_date", "2026-12-01")]
    assert result.errors[0].message.endswith(
        "overlaps the SIC absence already stored from 2026-11-02, with no end_date so taken "
        "to go on to today (2026-12-07): the person would be absent twice on 2026-12-01")


def test_a_file_without_end_dates_keeps_the_stored_end_of_the_rows_it_updates(tmp_path):
    ledger = stored({"start_date": date(2026, 11, 2), "end_date": date(2026, 11, 6)})
    rows = [{k: v for k, v in row.items() if k != "end_date"} for row in (
        absence("2026-11-02", "", days="5"), absence("2026-11-09", "", "TRN", "1"))]
    result = read_file(write_csv(tmp_path, "absence.csv", rows), ledger, today=TODAY)
    assert result.errors == []
    rows.append({k: v for k, v in absence("2026-11-03", "", "UNA", "1").items()
                 if k != "end_date"})  # a new row without an end is still going on
    result = read_file(write_csv(tmp_path, "absence.csv", rows), ledger, today=TODAY)
    assert [(p.row, p.message.split(" overlaps ")[1]) for p in result.errors] == [
        (4, "the SIC absence on row 2 from 2026-11-02 to 2026-11-06: the person would be "
            "absent twice from 2026-11-03 to 2026-11-06"),
        (4, "the TRN absence on row 3 from 2026-11-09, with no end_date so taken to go on "
            "to today (2026-12-07): the person would be absent twice from 2026-11-09 to "
            "2026-12-07")]


def test_absences_in_two_files_of_one_import_are_checked_against_each_other(tmp_path):
    first = write_csv(tmp_path, "absence.csv", [absence("2026-11-10", "2026-11-12")])
    (tmp_path / "more").mkdir()
    second = write_csv(tmp_path / "more", "absence_more.csv",
                       [absence("2026-11-12", "2026-11-12", "TRN", "1")])
    one, two = read_files([first, second], context(), today=TODAY)
    assert one.errors == []
    assert where(two) == [("absence_more.csv", 2, "start_date", "2026-11-12")]
    assert "overlaps the SIC absence on row 2 of absence.csv from 2026-11-10" in (
        two.errors[0].message)


def test_overlaps_already_stored_do_not_stop_an_import_of_other_absences(tmp_path):
    ledger = stored({"start_date": date(2026, 1, 5), "end_date": date(2026, 1, 9)},
                    {"start_date": date(2026, 1, 7), "end_date": date(2026, 1, 7),
                     "reason": "TRN"})
    path = write_csv(tmp_path, "absence.csv", [absence("2026-11-10", "2026-11-12")])
    assert read_file(path, ledger, today=TODAY).errors == []


def test_the_demo_organisation_imports_without_overlapping_absences(tmp_path):
    demo = generate(staff=300, years=3, seed=7, today=date(2026, 3, 31))
    paths = write_csv_folder(demo, tmp_path)
    absences = [p for p in paths if p.name == "absence.csv"]
    [result] = read_files(absences, demo, today=date(2026, 3, 31))
    assert result.errors == []
    assert result.tables["absence"].height == demo.absence.height > 1000
