"""Which table a file or sheet holds: by file name, sheet name, the caller, or the header."""

from __future__ import annotations

import openpyxl
import pytest

from tests.core.test_imports_fixtures import ASSIGNMENT, assignments, context, write_csv
from workforce.imports import read_file
from workforce.imports.detect import table_for_header, table_for_name


@pytest.mark.parametrize("name, table", [
    ("assignment", "assignment"), ("assignments", "assignment"), ("Assignments", "assignment"),
    ("person", "person"), ("People", "person"), ("survey results", "survey_result"),
    ("Staff-survey results", "survey_result"), ("absences", "absence"),
    ("organisations", "organisation"), ("Organizations", "organisation"),
    ("Establishment posts", "post"), ("staff list", None),
])
def test_table_names_are_recognised_in_their_usual_spellings(name, table):
    assert table_for_name(name) == table


def test_a_file_named_after_a_table_in_the_plural_is_that_table(tmp_path):
    result = read_file(write_csv(tmp_path, "Assignments.csv", assignments({})), context())
    assert result.errors == [] and list(result.tables) == ["assignment"]


def test_an_unrecognised_name_is_matched_by_its_header_with_a_warning(tmp_path):
    result = read_file(write_csv(tmp_path, "export 2024.csv", assignments({})), context())
    assert result.errors == [] and list(result.tables) == ["assignment"]
    assert "read as the assignment table, going by its columns" in result.warnings[0]


def test_headers_fitting_no_table_give_an_error_listing_the_tables(tmp_path):
    path = write_csv(tmp_path, "export.csv", [{"colour": "blue", "size": "9"}])
    result = read_file(path, context())
    assert len(result.errors) == 1
    problem = result.errors[0]
    assert problem.message.startswith("cannot tell which table export.csv holds")
    assert "organisation, unit, post, person, assignment" in problem.hint
    # what to do is something the import page and `workforce import` both allow (neither
    # has a way to choose the table)
    assert problem.hint.startswith("Rename the file after the table it holds")
    assert "choose the table" not in problem.hint


def test_a_header_goes_to_the_table_it_fits_most_closely():
    assert table_for_header(["organisation", "staff_id", "date", "kind"]) == ("supervision", [])
    assert table_for_header(["Organisation", "Staff ID", "Kind", "Date", "Reason 1"]) == (
        "interview", [])
    assert table_for_header(["staff_id", "date"]) == (None, [])


def test_the_caller_can_name_the_table(tmp_path):
    path = write_csv(tmp_path, "data.csv", assignments({}))
    result = read_file(path, context(), table="assignment")
    assert result.errors == [] and result.warnings == []


def test_naming_a_table_that_does_not_exist_is_an_error(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({}))
    result = read_file(path, context(), table="assignmnt")
    assert result.errors[0].message == '"assignmnt" is not a ledger table'


def test_a_workbook_holds_a_table_per_sheet_and_ignores_notes_sheets(tmp_path):
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["This sheet explains things"])
    people = book.create_sheet("People")
    people.append(["organisation", "staff_id", "name", "sex", "ethnicity", "disability"])
    people.append(["881", "P3", "Cy", "F", "WBRI", "N"])
    sheet = book.create_sheet("assignments")
    sheet.append(list(ASSIGNMENT))
    sheet.append([v or None for v in {**ASSIGNMENT, "staff_id": "P3"}.values()])
    book.create_sheet("README")
    book.save(tmp_path / "staff.xlsx")
    result = read_file(tmp_path / "staff.xlsx", context())
    assert result.errors == []
    assert sorted(result.tables) == ["assignment", "person"]


def test_a_single_sheet_workbook_takes_its_table_from_the_file_name(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(list(ASSIGNMENT))
    book.active.append([v or None for v in ASSIGNMENT.values()])
    book.save(tmp_path / "Assignment.xlsx")
    result = read_file(tmp_path / "Assignment.xlsx", context())
    assert result.errors == [] and list(result.tables) == ["assignment"]


def test_the_caller_picks_one_sheet_of_a_workbook_by_table(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "unit"
    book.active.append(["organisation", "code", "name", "kind"])
    book.active.append(["881", "T2", "Team two", "team"])
    sheet = book.create_sheet("assignment")
    sheet.append(list(ASSIGNMENT))
    sheet.append([v or None for v in ASSIGNMENT.values()])
    book.save(tmp_path / "both.xlsx")
    result = read_file(tmp_path / "both.xlsx", context(), table="unit")
    assert result.errors == [] and list(result.tables) == ["unit"]
