"""A person cannot be on one programme twice at once: overlapping places of the same kind
are refused, within a file, across the files of an import and against stored places the
import does not replace; the demo organisation has none."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.core.test_imports_fixtures import ORG, context, write_csv
from workforce.demo import generate
from workforce.imports import read_file, read_files
from workforce.imports.export import write_csv_folder
from workforce.ledger import Ledger

TODAY = date(2026, 12, 7)


def place(start: str, end: str = "", kind: str = "asye", outcome: str = "completed",
          staff_id: str = "P1") -> dict[str, str]:
    return {"organisation": ORG, "staff_id": staff_id, "kind": kind, "start_date": start,
            "expected_end_date": "", "end_date": end, "outcome": outcome, "standard": ""}


def stored(*rows: dict[str, object]) -> Ledger:
    """The fixtures' context with these programme places stored."""
    ledger = context()
    ledger.frames["programme"] = pl.DataFrame(
        [{"organisation": ORG, "staff_id": "P1", "kind": "asye", "end_date": None,
          "outcome": "in_progress", **row} for row in rows], schema=ledger.programme.schema)
    return ledger


def where(result) -> list[tuple[str, int | None, str | None, str | None]]:  # noqa: ANN001
    return [(p.file, p.row, p.column, p.value) for p in result.errors]


def test_two_overlapping_asye_places_of_one_person_are_refused_naming_both(tmp_path):
    path = write_csv(tmp_path, "programme.csv", [place("2025-09-01", "2026-08-31"),
                                                 place("2026-03-02", "2027-02-28",
                                                       outcome="in_progress")])
    result = read_file(path, context(), today=TODAY)
    assert where(result) == [("programme.csv", 3, "start_date", "2026-03-02")]
    problem = result.errors[0]
    assert problem.message == (
        'this asye place of staff_id "P1" from 2026-03-02 to 2027-02-28 overlaps the asye '
        "place on row 2 from 2025-09-01 to 2026-08-31: the person would be on the programme "
        "twice from 2026-03-02 to 2026-08-31")
    assert problem.hint.startswith("A person is on a programme once at a time")
    assert "If the earlier place has ended, give it the end_date it ended" in problem.hint
    assert result.tables["programme"].height == 1  # the refused row is not among those stored


def test_back_to_back_places_other_programmes_and_other_people_are_fine(tmp_path):
    path = write_csv(tmp_path, "programme.csv", [
        place("2023-09-04", "2026-08-31", "sw_apprenticeship"),
        place("2026-09-01", "", "sw_apprenticeship", "in_progress"),  # the next day
        place("2025-01-13", "2026-01-12", "aspiring_managers"),  # beside the apprenticeship
        place("2024-01-08", "", "sw_apprenticeship", "in_progress", staff_id="P2")])
    assert read_file(path, context(), today=TODAY).errors == []


def test_a_place_with_no_end_date_runs_on_so_a_later_place_beside_it_is_refused(tmp_path):
    path = write_csv(tmp_path, "programme.csv", [
        place("2024-09-02", "", "sw_apprenticeship", "paused"),
        place("2027-09-06", "", "sw_apprenticeship", "in_progress")])  # after today too
    result = read_file(path, context(), today=TODAY)
    assert where(result) == [("programme.csv", 3, "start_date", "2027-09-06")]
    assert result.errors[0].message == (
        'this sw_apprenticeship place of staff_id "P1" from 2027-09-06 with no end_date '
        "(still going on) overlaps the sw_apprenticeship place on row 2 from 2024-09-02 with "
        "no end_date (still going on): the person would be on the programme twice from "
        "2027-09-06 on")


@pytest.mark.parametrize("outcome", ["completed", "withdrawn", "failed"])
def test_a_place_ended_without_an_end_date_does_not_stop_a_later_place_but_is_warned(
        tmp_path, outcome):
    # A team leader apprenticeship completed (the HR system kept no end date), then an
    # operations manager one: both other_apprenticeship.
    path = write_csv(tmp_path, "programme.csv", [
        place("2022-01-10", "", "other_apprenticeship", outcome),
        place("2024-03-04", "", "other_apprenticeship", "in_progress")])
    result = read_file(path, context(), today=TODAY)
    assert result.errors == []
    assert result.tables["programme"].height == 2
    assert result.warnings == [
        f"programme.csv: outcome is {outcome} but there is no end_date on row 2. The place has "
        "ended, so it does not stop a later place on the programme, but the day it ended is "
        "needed: completions are counted on their end_date (ASYEs and apprenticeships "
        "completed), and the aspiring managers count takes the place to its start day only. "
        "Add the end_date and import the file again."]


def test_a_stored_place_ended_without_an_end_date_does_not_stop_a_later_one(tmp_path):
    ledger = stored({"start_date": date(2024, 9, 2), "outcome": "withdrawn"})
    path = write_csv(tmp_path, "programme.csv", [place("2025-09-01", outcome="in_progress")])
    result = read_file(path, ledger, today=TODAY)
    assert result.errors == [] and result.warnings == []  # the file's own rows have ends


def test_a_place_ended_without_an_end_date_still_clashes_with_one_it_started_within(
        tmp_path):
    path = write_csv(tmp_path, "programme.csv", [
        place("2023-09-04", "2026-08-28", "sw_apprenticeship", "in_progress"),
        place("2024-09-02", "", "sw_apprenticeship", "withdrawn")])
    result = read_file(path, context(), today=TODAY)
    assert where(result) == [("programme.csv", 3, "start_date", "2024-09-02")]
    assert result.errors[0].message == (
        'this sw_apprenticeship place of staff_id "P1" from 2024-09-02, withdrawn with no '
        "end_date, overlaps the sw_apprenticeship place on row 2 from 2023-09-04 to "
        "2026-08-28: the person would be on the programme twice on 2024-09-02")


def test_a_paused_place_without_an_end_date_runs_on_and_the_hint_says_what_to_do(tmp_path):
    path = write_csv(tmp_path, "programme.csv", [
        place("2022-01-10", "", "other_apprenticeship", "paused"),
        place("2024-03-04", "", "other_apprenticeship", "in_progress")])
    result = read_file(path, context(), today=TODAY)
    assert where(result) == [("programme.csv", 3, "start_date", "2024-03-04")]
    hint = " ".join(result.errors[0].hint.split())
    assert "A place in progress or paused with no end_date is still going on." in hint
    assert ("give it the end_date it ended, before the later one starts; if that day is not "
            "known, give it the outcome it ended with (completed, withdrawn or failed)") in hint


def test_a_place_inside_a_longer_one_names_the_one_reaching_furthest(tmp_path):
    path = write_csv(tmp_path, "programme.csv", [
        place("2022-01-10", "2024-12-20", "other_apprenticeship"),
        place("2023-01-09", "2023-06-30", "other_apprenticeship"),
        place("2024-12-20", "2025-12-19", "other_apprenticeship")])
    result = read_file(path, context(), today=TODAY)
    assert [(p.row, p.message.split(" overlaps ")[1]) for p in result.errors] == [
        (3, "the other_apprenticeship place on row 2 from 2022-01-10 to 2024-12-20: the "
            "person would be on the programme twice from 2023-01-09 to 2023-06-30"),
        (4, "the other_apprenticeship place on row 2 from 2022-01-10 to 2024-12-20: the "
            "person would be on the programme twice on 2024-12-20")]


def test_a_place_overlapping_a_stored_one_is_refused(tmp_path):
    ledger = stored({"start_date": date(2025, 9, 1)})
    path = write_csv(tmp_path, "programme.csv", [place("2026-09-07", "", outcome="in_progress")])
    result = read_file(path, ledger, today=TODAY)
    assert where(result) == [("programme.csv", 2, "start_date", "2026-09-07")]
    assert "overlaps the asye place already stored from 2025-09-01 with no end_date" in (
        result.errors[0].message)


def test_a_row_replacing_a_stored_place_is_not_an_overlap_with_it(tmp_path):
    # The same staff_id, kind and start_date update the stored row (its end now known).
    ledger = stored({"start_date": date(2025, 9, 1)})
    path = write_csv(tmp_path, "programme.csv", [place("2025-09-01", "2026-08-28"),
                                                 place("2026-09-07", "", outcome="in_progress")])
    assert read_file(path, ledger, today=TODAY).errors == []


def test_a_file_without_end_dates_keeps_the_stored_end_of_the_rows_it_updates(tmp_path):
    ledger = stored({"start_date": date(2024, 9, 2), "end_date": date(2025, 8, 29)})
    rows = [{k: v for k, v in row.items() if k != "end_date"}
            for row in (place("2024-09-02"), place("2025-09-01", outcome="in_progress"))]
    result = read_file(write_csv(tmp_path, "programme.csv", rows), ledger, today=TODAY)
    assert result.errors == []
    rows.insert(1, {k: v for k, v in place("2025-01-06", outcome="in_progress").items()
                    if k != "end_date"})
    result = read_file(write_csv(tmp_path, "programme.csv", rows), ledger, today=TODAY)
    assert [(p.row, p.message.split(" overlaps ")[1]) for p in result.errors] == [
        (3, "the asye place on row 2 from 2024-09-02 to 2025-08-29: the person would be on "
            "the programme twice from 2025-01-06 to 2025-08-29"),
        (4, "the asye place on row 3 from 2025-01-06 with no end_date (still going on): the "
            "person would be on the programme twice from 2025-09-01 on")]


def test_places_in_two_files_of_one_import_are_checked_against_each_other(tmp_path):
    first = write_csv(tmp_path, "programme.csv", [place("2024-09-02", "2025-08-29")])
    (tmp_path / "more").mkdir()
    second = write_csv(tmp_path / "more", "programme_more.csv",
                       [place("2025-08-29", "2026-08-28")])
    one, two = read_files([first, second], context(), today=TODAY)
    assert one.errors == []
    assert where(two) == [("programme_more.csv", 2, "start_date", "2025-08-29")]
    assert "overlaps the asye place on row 2 of programme.csv from 2024-09-02" in (
        two.errors[0].message)


def test_overlaps_already_stored_do_not_stop_an_import_of_other_places(tmp_path):
    ledger = stored({"start_date": date(2024, 9, 2)}, {"start_date": date(2025, 9, 1)})
    path = write_csv(tmp_path, "programme.csv", [place("2025-01-13", "2026-01-12",
                                                       "aspiring_managers")])
    assert read_file(path, ledger, today=TODAY).errors == []


@pytest.mark.parametrize(("staff", "years", "seed"), [(300, 3, 7), (600, 6, 1)])
def test_the_demo_organisation_imports_without_overlapping_programme_places(tmp_path, staff,
                                                                           years, seed):
    demo = generate(staff=staff, years=years, seed=seed, today=date(2026, 3, 31))
    paths = [p for p in write_csv_folder(demo, tmp_path) if p.name == "programme.csv"]
    [result] = read_files(paths, demo, today=date(2026, 3, 31))
    assert result.errors == []
    assert result.tables["programme"].height == demo.programme.height > 50
