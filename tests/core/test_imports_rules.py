"""Rules a reviewer found the importer did not keep: percentages as Excel shows them, hidden
sheets, loops of parent units, days lost beyond an absence's days, qualification dates,
text longer than the database holds, dates with times, Excel date serials and invisible
characters in identifiers."""

from __future__ import annotations

from datetime import date

import openpyxl
import polars as pl
import pytest
import xlsxwriter

from tests.core.test_imports_fixtures import ORG, assignments, context, write_csv
from workforce.imports import ImportProblem, read_file, read_files
from workforce.ledger.tables import TABLES

TODAY = date(2026, 3, 31)


def only_error(result) -> ImportProblem:
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


def where(problem: ImportProblem) -> tuple:
    return problem.file, problem.sheet, problem.row, problem.column, problem.value


# 1. A percentage-formatted cell is read as the percentage Excel shows.

SURVEY = ["organisation", "unit", "survey", "date", "theme", "respondents", "favourable_pct"]


def survey_book(path, cells: list[tuple[object, str | None]]) -> None:
    """A survey_result workbook: one row per (favourable_pct value, number format)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey_result"
    sheet.append(SURVEY)
    for i, (value, number_format) in enumerate(cells, start=2):
        sheet.append([ORG, "T1", f"Pulse {i}", date(2026, 3, 1), "engagement", 12, value])
        if number_format:
            sheet.cell(i, 7).number_format = number_format
    book.save(path)


def test_a_percentage_formatted_cell_is_read_as_the_percentage_excel_shows(tmp_path):
    path = tmp_path / "survey_result.xlsx"
    survey_book(path, [(0.644, "0.0%"), (0.5, "0%"), (1, "0%"), (64.4, None),
                       (0.125, "0.00%")])
    survey = pl.DataFrame({"survey": [f"Pulse {i}" for i in range(2, 7)]})
    result = read_file(path, context())
    assert result.errors == []
    frame = survey.join(result.tables["survey_result"], on="survey", how="left")
    assert frame["favourable_pct"].to_list() == [64.4, 50.0, 100.0, 64.4, 12.5]


def test_a_percentage_formula_uses_its_saved_value_as_the_percentage_shown(tmp_path):
    path = tmp_path / "survey_result.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("survey_result")
    sheet.write_row(0, 0, SURVEY)
    sheet.write_row(1, 0, [ORG, "T1", "Pulse", "2026-03-01", "engagement", 12])
    sheet.write_formula(1, 6, "=0.5+0.144", book.add_format({"num_format": "0.0%"}), 0.644)
    book.close()
    result = read_file(path, context())
    assert result.errors == []
    assert result.tables["survey_result"]["favourable_pct"].to_list() == [64.4]


def test_a_percentage_out_of_range_is_reported_as_shown(tmp_path):
    path = tmp_path / "survey_result.xlsx"
    survey_book(path, [(1.5, "0%")])
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("survey_result.xlsx", "survey_result", 2, "favourable_pct",
                              "150")
    assert problem.message == '"150" is above the maximum 100'


def test_a_percentage_formatted_fte_keeps_its_value_as_a_fraction(tmp_path):
    path = tmp_path / "assignment.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "assignment"
    row = assignments({"fte": 0.6})[0]
    sheet.append(list(row))
    sheet.append(list(row.values()))
    sheet.cell(2, list(row).index("fte") + 1).number_format = "0%"
    book.save(path)
    result = read_file(path, context())
    assert result.errors == []
    assert result.tables["assignment"]["fte"].to_list() == [0.6]


def test_a_csv_percentage_with_a_percent_sign_is_read_in_a_column_of_percentages(tmp_path):
    rows = [{"organisation": ORG, "unit": "T1", "survey": "Pulse", "date": "2026-03-01",
             "theme": "engagement", "respondents": "12", "favourable_pct": "64.4%"}]
    result = read_file(write_csv(tmp_path, "survey_result.csv", rows), context())
    assert result.errors == []
    assert result.tables["survey_result"]["favourable_pct"].to_list() == [64.4]


# 2. Hidden sheets are not imported, and the warning says so.

PERSON_HEADER = ["organisation", "staff_id", "name", "sex", "ethnicity", "disability"]


def staff_book(path, hidden: dict[str, str], visible: tuple[str, ...] = ("person",)) -> None:
    """A workbook with a person sheet per visible title and one hidden sheet per entry of
    `hidden` (title -> "hidden" or "veryHidden")."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title in visible:
        sheet = book.create_sheet(title)
        sheet.append(PERSON_HEADER)
        sheet.append([ORG, "P9", "Visible Person", "F", "WBRI", "N"])
    for title, state in hidden.items():
        sheet = book.create_sheet(title)
        if title == "unit":
            sheet.append(["organisation", "code", "name", "kind", "parent"])
            sheet.append([ORG, "T1", "RENAMED BY A HIDDEN SHEET", "team", "CS"])
        else:
            sheet.append(PERSON_HEADER)
            sheet.append([ORG, "P1", "OLD NAME FROM A HIDDEN SHEET", "F", "WBRI", "N"])
        sheet.sheet_state = state
    book.save(path)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_of_another_table_is_not_imported_and_the_warning_names_it(
        tmp_path, state):
    path = tmp_path / "staff.xlsx"
    staff_book(path, {"unit": state})
    result = read_file(path, context())
    assert result.errors == []
    assert list(result.tables) == ["person"]
    assert result.tables["person"]["name"].to_list() == ["Visible Person"]
    assert result.warnings == [
        'staff.xlsx: the sheet "unit" is hidden, so its unit rows were not imported. Only '
        "visible sheets are imported: if its rows are wanted, unhide it (right-click a sheet "
        "tab > Unhide) and import the workbook again"]


def test_a_hidden_sheet_of_the_same_table_is_left_out_naming_the_visible_sheet_used(
        tmp_path):
    path = tmp_path / "staff.xlsx"
    staff_book(path, {"People": "hidden"})
    result = read_file(path, context())
    assert result.errors == []
    assert result.tables["person"]["staff_id"].to_list() == ["P9"]
    [warning] = result.warnings
    assert warning.startswith('staff.xlsx: the sheet "People" is hidden, so it was not '
                              "imported: the person rows come from the visible sheet "
                              '"person" only.')


def test_two_visible_sheets_of_one_table_are_still_refused(tmp_path):
    path = tmp_path / "staff.xlsx"
    staff_book(path, {}, visible=("person", "People"))
    problem = only_error(read_file(path, context()))
    assert problem.message == 'the sheets "person" and "People" both hold the person table'


def test_a_workbook_whose_only_data_sheet_is_hidden_says_so(tmp_path):
    path = tmp_path / "staff.xlsx"
    staff_book(path, {"person": "hidden"}, visible=("Notes",))
    problem = only_error(read_file(path, context()))
    assert problem.message.startswith('there are no rows to import: the sheet "person" is '
                                      "hidden, and only visible sheets are imported")
    assert "Unhide" in problem.hint


# 3. Units form a tree: no unit is its own parent, directly or through others.

def unit_rows(*units: tuple[str, str | None]) -> list[dict[str, str]]:
    return [{"organisation": ORG, "code": code, "name": f"Unit {code}", "kind": "team",
             "parent": parent or ""} for code, parent in units]


def test_a_unit_that_is_its_own_parent_is_refused(tmp_path):
    path = write_csv(tmp_path, "unit.csv", unit_rows(("T2", "CS"), ("FDA", "FDA")))
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("unit.csv", None, 3, "parent", "FDA")
    assert problem.message == '"FDA" is the unit\'s own code: a unit cannot be its own parent'
    assert "Correct the parent of one unit in the loop" in problem.hint


def test_a_loop_of_parents_in_the_file_is_refused_on_each_of_its_rows(tmp_path):
    path = write_csv(tmp_path, "unit.csv",
                     unit_rows(("CYC-A", "CYC-B"), ("CYC-B", "CYC-A"), ("T3", "CYC-A")))
    result = read_file(path, context())
    assert [(e.row, e.column, e.value, e.message) for e in result.errors] == [
        (2, "parent", "CYC-B", '"CYC-B" makes a loop of parents: CYC-A → CYC-B → CYC-A'),
        (3, "parent", "CYC-A", '"CYC-A" makes a loop of parents: CYC-B → CYC-A → CYC-B')]


def test_a_loop_closed_through_stored_units_is_refused_naming_them(tmp_path):
    # Stored: T1 under CS. The file puts CS under T1.
    path = write_csv(tmp_path, "unit.csv", [{"organisation": ORG, "code": "CS",
                                             "name": "Children's services",
                                             "kind": "directorate", "parent": "T1"}])
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("unit.csv", None, 2, "parent", "T1")
    assert problem.message == '"T1" makes a loop of parents: CS → T1 (stored) → CS'


def test_a_loop_across_two_files_of_one_import_is_refused(tmp_path):
    first = write_csv(tmp_path, "unit.csv", unit_rows(("X1", "X2"), ("X2", "CS")))
    (tmp_path / "more").mkdir()
    second = write_csv(tmp_path / "more", "unit.csv", unit_rows(("X2", "X1")))
    results = read_files([first, second], context())
    assert [(e.row, e.column, e.message) for e in results[1].errors] == [
        (2, "parent", '"X1" makes a loop of parents: X2 → X1 → X2')]


def test_a_deep_tree_and_moving_a_unit_are_accepted(tmp_path):
    chain = [("D0", None)] + [(f"D{i}", f"D{i - 1}") for i in range(1, 60)]
    path = write_csv(tmp_path, "unit.csv", unit_rows(*chain, ("T1", "D59")))
    assert read_file(path, context()).errors == []


# 4. Working days lost cannot be more than the days of the absence.

def absence(start: str, end: str, lost: str) -> dict[str, str]:
    return {"organisation": ORG, "staff_id": "P1", "start_date": start, "end_date": end,
            "reason": "SIC", "working_days_lost": lost}


def test_working_days_lost_beyond_the_days_of_the_absence_are_refused(tmp_path):
    days_so_far = (TODAY - date(2026, 1, 12)).days + 1
    rows = [absence("2026-01-05", "2026-01-06", "2"), absence("2026-02-02", "2026-02-03", "400"),
            absence("2026-03-02", "2026-03-02", "1.5"),
            absence("2026-01-12", "", str(days_so_far)),  # ongoing: its days up to today
            absence("2026-02-16", "", str((TODAY - date(2026, 2, 16)).days + 2))]
    result = read_file(write_csv(tmp_path, "absence.csv", rows), context(), today=TODAY)
    assert [where(e) for e in result.errors] == [
        ("absence.csv", None, 3, "working_days_lost", "400"),
        ("absence.csv", None, 4, "working_days_lost", "1.5"),
        ("absence.csv", None, 6, "working_days_lost", "45")]
    assert result.errors[2].message == (
        '"45" is more than the 44 calendar days from start_date "2026-02-16" to today '
        '(2026-03-31), as it has no end_date')
    problem = result.errors[0]
    assert problem.message == ('"400" is more than the 2 calendar days from start_date '
                               '"2026-02-02" to end_date "2026-02-03"')
    assert problem.hint.startswith("working_days_lost counts days within the absence (FTE "
                                   "basis), so it cannot be more than the days from "
                                   "start_date to end_date, both included, or to today while "
                                   "it has no end_date.")



def test_an_unreadable_end_date_is_reported_and_not_taken_for_an_ongoing_absence(tmp_path):
    rows = [absence("2026-03-30", "2026-04-3O", "20")]
    result = read_file(write_csv(tmp_path, "absence.csv", rows), context(), today=TODAY)
    assert [where(e) for e in result.errors] == [
        ("absence.csv", None, 2, "end_date", "2026-04-3O")]


def test_without_an_end_date_column_days_lost_are_checked_up_to_today(tmp_path):
    rows = [{k: v for k, v in absence(start, "", lost).items() if k != "end_date"}
            for start, lost in (("2026-03-30", "2"), ("2026-03-30", "400"))]
    rows[1]["reason"] = "OTH"
    result = read_file(write_csv(tmp_path, "absence.csv", rows), context(), today=TODAY)
    assert [where(e) for e in result.errors] == [
        ("absence.csv", None, 3, "working_days_lost", "400")]
    assert result.errors[0].message == (
        '"400" is more than the 2 calendar days from start_date "2026-03-30" to today '
        '(2026-03-31), as the file has no end_date column')

# 5. A qualification is not in the future, nor before birth, nor before 18.

def person(qual_date: str, birth_date: str = "1990-05-01", staff_id: str = "P7") -> dict:
    return {"organisation": ORG, "staff_id": staff_id, "name": "Test Person",
            "birth_date": birth_date, "sex": "F", "ethnicity": "WBRI", "disability": "N",
            "qual_date": qual_date}


def test_a_qualification_date_after_today_is_refused(tmp_path):
    path = write_csv(tmp_path, "person.csv", [person("2031-06-01")])
    problem = only_error(read_file(path, context(), today=TODAY))
    assert where(problem) == ("person.csv", None, 2, "qual_date", "2031-06-01")
    assert problem.message == '"2031-06-01" is after today'
    assert "a qualification can only be recorded once it has been gained" in problem.hint


def test_a_qualification_before_the_birth_date_is_refused(tmp_path):
    path = write_csv(tmp_path, "person.csv", [person("1980-06-01")])
    problem = only_error(read_file(path, context(), today=TODAY))
    assert where(problem) == ("person.csv", None, 2, "qual_date", "1980-06-01")
    assert problem.message == '"1980-06-01" is before the birth_date "1990-05-01"'
    assert problem.hint == "qual_date cannot be before birth_date: check the year of both."


def test_a_qualification_before_the_18th_birthday_is_refused_but_on_it_is_accepted(
        tmp_path):
    rows = [person("2008-04-30", staff_id="P7"), person("2008-05-01", staff_id="P8"),
            person("31/12/2018", "01/01/2000", staff_id="P9")]
    result = read_file(write_csv(tmp_path, "person.csv", rows), context(), today=TODAY)
    assert [where(e) for e in result.errors] == [
        ("person.csv", None, 2, "qual_date", "2008-04-30")]
    problem = result.errors[0]
    assert problem.message == ('"2008-04-30" is before the 18th anniversary of the birth_date '
                               '"1990-05-01"')
    assert "nobody completes before the age of 18" in problem.hint


def test_a_qualification_date_without_a_birth_date_is_accepted(tmp_path):
    rows = [person("2010-07-01", "")]
    assert read_file(write_csv(tmp_path, "person.csv", rows), context(),
                     today=TODAY).errors == []


# 6. Text longer than its database column is refused.

def test_text_longer_than_its_column_is_refused_naming_the_length_and_the_limit(tmp_path):
    long_name, long_title = "N" * 3037, "T" * 201
    rows = assignments({"job_title": long_title})
    result = read_file(write_csv(tmp_path, "assignment.csv", rows), context())
    problem = only_error(result)
    assert where(problem) == ("assignment.csv", None, 2, "job_title", long_title)
    assert problem.message == f'"{"T" * 59}…" is 201 characters long; job_title holds at most 200'
    assert problem.hint.startswith("Shorten it to 200 characters or fewer.")
    path = write_csv(tmp_path, "person.csv", [person("2010-07-01") | {"name": long_name},
                                              person("2010-07-01", staff_id="P8")
                                              | {"name": "M" * 300}])
    problem = only_error(read_file(path, context(), today=TODAY))
    assert (problem.row, problem.column) == (2, "name")
    assert problem.message.endswith("is 3,037 characters long; name holds at most 300")


def test_the_lengths_checked_are_the_lengths_the_database_holds():
    from workforce_web.ledger.models import LEDGER_MODELS
    for name, t in TABLES.items():
        fields = {f.name: f for f in LEDGER_MODELS[name]._meta.get_fields()}
        for col in t.columns:
            assert getattr(fields[col.name], "max_length", None) == col.max_length, (
                name, col.name)


# 7. Dates with a time, Excel serials, invisible characters in identifiers.

@pytest.mark.parametrize("birth", ["31/12/1980 00:00", "1980-12-31 00:00", "31/12/1980 0:00",
                                   "1980-12-31T00:00:00", "31/12/1980 00:00:00"])
def test_a_date_with_a_midnight_time_is_read_in_either_form(tmp_path, birth):
    path = write_csv(tmp_path, "person.csv", [person("", birth)])
    result = read_file(path, context(), today=TODAY)
    assert result.errors == []
    assert result.tables["person"]["birth_date"].to_list() == [date(1980, 12, 31)]


@pytest.mark.parametrize("birth", ["31/12/1980 14:30", "1980-12-31 14:30:00"])
def test_a_date_with_a_time_of_day_is_refused_with_advice_to_remove_the_time(tmp_path, birth):
    path = write_csv(tmp_path, "person.csv", [person("", birth)])
    problem = only_error(read_file(path, context(), today=TODAY))
    assert where(problem) == ("person.csv", None, 2, "birth_date", birth)
    assert problem.message == (f'"{birth}" has a time of day: the column holds dates only, so '
                               "remove the time (in Excel, format the column as a date such as "
                               "dd/mm/yyyy)")


def test_an_excel_date_serial_number_is_recognised_in_the_message(tmp_path):
    rows = [person("", "29586"), person("", "1980", staff_id="P8")]
    result = read_file(write_csv(tmp_path, "person.csv", rows), context(), today=TODAY)
    assert [(e.row, e.column, e.value, e.message) for e in result.errors] == [
        (2, "birth_date", "29586",
         '"29586" is not a date: it looks like an Excel date serial number (for 31/12/1980): '
         "format the column as a date in Excel (such as dd/mm/yyyy) before saving"),
        (3, "birth_date", "1980", '"1980" is not a date')]


def test_an_invisible_character_in_an_identifier_is_refused_naming_it(tmp_path):
    rows = [person("") | {"staff_id": "S900001\u200b"},
            person("", staff_id="P8") | {"name": "Zoë\u200dAnn"}]
    result = read_file(write_csv(tmp_path, "person.csv", rows), context(), today=TODAY)
    problem = only_error(result)
    assert where(problem) == ("person.csv", None, 2, "staff_id", "S900001\u200b")
    assert problem.message == ('"S900001\u200b" holds an invisible character: zero width '
                               'space (U+200B) after "S900001"')
    assert "one record would become two" in problem.hint


def test_an_invisible_character_in_a_reference_is_refused_too(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"unit": "\ufeffT1"}))
    result = read_file(path, context())
    assert [(e.column, e.message) for e in result.errors][0] == (
        "unit", '"\ufeffT1" holds an invisible character: zero width no-break space '
                "(U+FEFF) at the start")
