"""The action-plan workbook: the export reads back as the same plan; every problem names the
file, sheet, row, column and value and says what to do; a file with problems gives no plan."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from workforce.strategy.plan import (
    Action,
    Feedback,
    Milestone,
    Plan,
    Target,
    Theme,
    TrackedMeasure,
    Update,
)
from workforce.strategy.workbook_cells import parse_number
from workforce.strategy.workbook_read import Known, read_plan
from workforce.strategy.workbook_write import export, template

PLAN = Plan(
    "T1", "Workforce strategy 2025-28", date(2025, 4, 1), date(2028, 3, 31), "Why we do it.",
    themes=(Theme("Our workforce", "Stable teams", ("Fewer agency workers",)),
            Theme("Wellbeing", "", ())),
    actions=(
        Action("A1", "Our workforce", "Agree a market supplement", "Fewer agency workers",
               "For hard-to-fill teams", "lead", "Head of HR", "T1-A", date(2025, 4, 1),
               date(2025, 9, 30), "in_progress", "amber", "Waiting for the pay review",
               (Update(date(2025, 5, 1), "Business case written", "lead",
                       "https://example.org/case"),)),
        Action("A2", "Wellbeing", "Train mental health first aiders", due=date(2026, 3, 31)),
    ),
    targets=(
        Target("T01", "Agency down to 16.7%", "agency_rate_fte", theme="Our workforce",
               baseline_value=25.5, baseline_date=date(2025, 3, 31), target_value=16.7,
               target_date=date(2028, 3, 31), trajectory="stepped",
               milestones=(Milestone(date(2026, 3, 31), 22.0),), tolerance=2.0),
        Target("T02", "Turnover at or below England", "turnover_rate_fte",
               benchmark="national", tolerance=1.0),
        Target("T03", "Re-referrals down", tracked="REREF", baseline_value=23.0,
               baseline_date=date(2025, 3, 31), target_value=18.0,
               target_date=date(2028, 3, 31), period="quarter"),
    ),
    tracked=(TrackedMeasure("REREF", "Re-referrals within 12 months", "Of referrals...",
                            "percent", "down", "quarterly",
                            (("2025-Q2", 22.5), ("2025-Q3", 21.0))),),
    feedback=(Feedback(date(2025, 5, 1), "Too many agency staff", "A market supplement",
                       "Staff survey", ("A1",)),),
)
KNOWN = Known(units={"T1-A", "T1-B"}, usernames={"lead", "manager_a"})


def _book(plan: Plan = PLAN) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export(plan)))


def _bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _problems(book: openpyxl.Workbook) -> list:
    plan, problems = read_plan(_bytes(book), "plan.xlsx", "T1", KNOWN)
    assert plan is None
    return problems


def _col(sheet, header: str) -> int:
    return next(c.column for c in sheet[1] if str(c.value).rstrip(" *") == header)


def test_an_exported_plan_reads_back_as_the_same_plan():
    plan, problems = read_plan(export(PLAN), "plan.xlsx", "T1", KNOWN)
    assert problems == []
    assert plan == PLAN


def test_the_blank_template_documents_every_sheet_and_reads_as_a_missing_strategy_row():
    book = openpyxl.load_workbook(io.BytesIO(template()))
    assert book.sheetnames[0] == "Read me"
    assert {"Strategy", "Themes", "Actions", "Targets", "Tracked values", "Feedback"} <= set(
        book.sheetnames)
    _, problems = read_plan(template(), "t.xlsx", "T1")
    assert [p.message for p in problems] == ["The sheet has 0 rows; it needs exactly one"]


def test_an_unknown_theme_is_reported_with_its_row_column_value_and_what_to_do():
    book = _book()
    sheet = book["Actions"]
    sheet.cell(3, _col(sheet, "Theme")).value = "Our wrokforce"
    [p] = _problems(book)
    assert (p.file, p.sheet, p.row, p.column, p.value) == ("plan.xlsx", "Actions", 3, "Theme",
                                                          "Our wrokforce")
    assert p.message == "There is no such theme on the Themes sheet"
    assert p.hint == "Use a theme exactly as written on the Themes sheet, or add it there."


@pytest.mark.parametrize(("sheet_name", "row", "header", "value", "message"), [
    ("Actions", 2, "Due", "31st of never", "This is not a date"),
    ("Actions", 2, "Due", "9999-12-31", "Enter a date from 1 January 2000 to 31 December 2099"),
    ("Targets", 2, "Baseline date", "01/01/1900",
     "Enter a date from 1 January 2000 to 31 December 2099"),
    ("Targets", 2, "Milestones", "2126-03-31=20",
     "Enter a date from 1 January 2000 to 31 December 2099"),
    ("Actions", 3, "Ref", "A1", "This is already used on row 2"),
    ("Actions", 2, "Owner", "nobody", "Nobody in the organisation has this username"),
    ("Actions", 2, "Lead unit", "T9-Z", "There is no unit with this code"),
    ("Actions", 2, "Override reason", None, "Give the reason for setting the RAG status by hand"),
    ("Actions", 2, "Status", "Nearly done", "This is not one of the allowed values"),
    ("Targets", 2, "Measure", "M99", "There is no measure 'M99' in the registry"),
    ("Targets", 2, "Target value", "abc", "This is not a number"),
    ("Targets", 3, "Benchmark", "Neighbours in Narnia", "This is not one of the allowed values"),
    ("Targets", 2, "Milestones", "soon", "Cannot read the milestone 'soon'"),
    ("Tracked values", 2, "Period", "Q3 2025", "This is not a period"),
    ("Feedback", 2, "Actions", "A9", "There is no action with this ref"),
    ("Progress updates", 2, "Evidence link", "shared drive", "This is not a web address"),
    ("Progress updates", 2, "Date", "2099-01-01", "The update is dated after today"),
    ("Actions", 2, "Due", "2025-09-30 (moved to Q4)", "This is not a date"),
    ("Actions", 2, "Due", "2025-09-30 10:30", "This is not a date"),
    ("Actions", 2, "Due", "30/09/2025 or later", "This is not a date"),
    ("Tracked values", 2, "Value", "nan", "This is not a number"),
    ("Targets", 2, "Target value", "inf", "This is not a number"),
    ("Targets", 2, "Baseline", "1e999", "This number is too large"),
    ("Targets", 2, "Tolerance", "1_0", "This is not a number"),
    ("Actions", 2, "Theme", None, "The cell is empty"),  # the action names an objective
    ("Actions", 3, "Ref", None, "The cell is empty"),  # the row's first cell is empty
])
def test_a_bad_cell_is_one_problem_and_nothing_is_imported(sheet_name, row, header, value,
                                                           message):
    book = _book()
    sheet = book[sheet_name]
    sheet.cell(row, _col(sheet, header)).value = value
    [p] = _problems(book)
    assert (p.sheet, p.row, p.column, p.message) == (sheet_name, row, header, message)
    assert p.hint


def test_a_target_breaking_a_rule_names_the_rule():
    book = _book()
    sheet = book["Targets"]
    sheet.cell(2, _col(sheet, "Target date")).value = "2024-01-01"
    [p] = _problems(book)
    assert (p.row, p.column, p.message) == (2, "Target date", "The target date must come "
                                                              "after the baseline date")


def test_a_file_that_is_not_a_workbook_is_one_problem():
    plan, [p] = read_plan(b"name,value\n", "plan.csv", "T1")
    assert plan is None
    assert p.message == ("could not be opened as an Excel workbook: it looks like text "
                         "(CSV), not a workbook")
    _, [p] = read_plan(b"<?xml version='1.0'?><plan/>", "plan.xlsx", "T1")
    assert p.message == "could not be opened as an Excel workbook: it looks like an XML document"
    _, [p] = read_plan(b"PK\x03\x04 not really a zip", "plan.xlsx", "T1")
    assert p.message.startswith("could not be opened as an Excel workbook: it looks like a "
                                "damaged ZIP archive")
    assert "Error" not in p.message and "Zip" not in p.message  # no Python exception names


def test_a_missing_required_column_is_reported_once_not_on_every_row():
    book = _book()
    sheet = book["Actions"]
    sheet.cell(1, _col(sheet, "Action")).value = "Task"
    [p] = _problems(book)
    assert (p.sheet, p.row, p.column, p.message) == ("Actions", 1, "Action",
                                                     "The column is missing from the header row")


def test_a_cell_formatted_as_a_percentage_is_read_as_a_percentage():
    book = _book()
    sheet = book["Targets"]
    cell = sheet.cell(2, _col(sheet, "Target value"))
    cell.value, cell.number_format = 0.167, "0.0%"
    plan, _ = read_plan(_bytes(book), "plan.xlsx", "T1", KNOWN)
    assert plan.targets[0].target_value == pytest.approx(16.7)


def test_choices_may_be_written_as_codes_or_as_their_names():
    book = _book()
    sheet = book["Actions"]
    sheet.cell(3, _col(sheet, "Status")).value = "complete"
    plan, _ = read_plan(_bytes(book), "plan.xlsx", "T1", KNOWN)
    assert plan.actions[1].status == "complete"
    assert plan.actions[0].status == "in_progress"  # written as "In progress"


def test_importing_needs_no_database_lists_when_none_are_given():
    plan, problems = read_plan(export(replace(PLAN, feedback=())), "plan.xlsx", "T1")
    assert problems == [] and plan.feedback == ()


DECIMAL_COMMA = "This is not a number: a comma may only separate thousands (1,234.5)"


@pytest.mark.parametrize(("sheet_name", "header", "value"), [
    ("Tracked values", "Value", "22,5"),
    ("Targets", "Baseline", "1,5"),
    ("Targets", "Target value", "16,70"),
    ("Targets", "Milestones", "2026-03-31=22,5"),
])
def test_a_decimal_comma_is_refused_not_read_as_a_thousands_separator(sheet_name, header,
                                                                      value):
    book = _book()
    sheet = book[sheet_name]
    sheet.cell(2, _col(sheet, header)).value = value
    [p] = _problems(book)
    assert (p.sheet, p.row, p.column, p.value, p.message) == (sheet_name, 2, header, value,
                                                              DECIMAL_COMMA)
    assert p.hint == "Write decimals with a decimal point: 80.8, not 80,8."


@pytest.mark.parametrize(("text", "number"), [
    ("1,234", 1234.0), ("1,234,567.5", 1234567.5), ("-12,000", -12000.0), ("85", 85.0),
    ("18.6", 18.6), ("85%", 85.0), (" +2.5 ", 2.5), (".5", 0.5), ("1e3", 1000.0),
])
def test_numbers_with_thousands_separators_are_read(text, number):
    assert parse_number(text) == number


def test_a_date_followed_by_a_midnight_time_is_that_date():
    book = _book()
    sheet = book["Actions"]
    sheet.cell(2, _col(sheet, "Due")).value = "2025-09-30 00:00:00"
    sheet.cell(2, _col(sheet, "Start")).value = "01/04/2025 00:00"
    plan, problems = read_plan(_bytes(book), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and plan == PLAN


def _saved(data: bytes, sheet: str, cell: str, value: str) -> bytes:
    """`data` with the formula cell `cell` of `sheet` given a saved value (`value` is the
    XML after the formula: what Excel writes when it saves)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    book = openpyxl.load_workbook(io.BytesIO(data))
    part = f"xl/worksheets/sheet{book.sheetnames.index(sheet) + 1}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == part:
                body, n = re.subn(rb'<c r="' + cell.encode() + rb'"([^>]*)>(<f>[^<]*</f>)<v>'
                                  rb'</v></c>', rb'<c r="' + cell.encode() + rb'"\1' +
                                  value.encode(), body)
                assert n == 1
            dst.writestr(info, body)
    return out.getvalue()


def test_a_formula_with_no_saved_value_is_a_problem_not_an_empty_cell():
    book = _book()
    sheet = book["Targets"]
    sheet.cell(2, _col(sheet, "Target value")).value = "=18.7"
    [p] = _problems(book)
    assert (p.sheet, p.row, p.column, p.value) == ("Targets", 2, "Target value", "=18.7")
    assert p.message == "The cell holds a formula with no saved value"
    assert p.hint.startswith("Open the file in Excel and save it")


def test_a_formula_with_a_saved_value_is_read_as_that_value():
    book = _book()
    sheet = book["Targets"]
    cell = sheet.cell(2, _col(sheet, "Target value"))
    cell.value = "=10+6.7"
    note = sheet.cell(2, _col(sheet, "Note"))
    note.value = '=IF(1>2,"x","")'
    data = _saved(_bytes(book), "Targets", cell.coordinate, "><f>10+6.7</f><v>16.7</v></c>")
    data = _saved(data, "Targets", note.coordinate, ' t="str"><f>IF(1&gt;2,"x","")</f><v></v>'
                                                    '</c>')
    plan, problems = read_plan(data, "plan.xlsx", "T1", KNOWN)
    assert problems == [] and plan == PLAN


def test_the_export_records_the_plans_last_change_and_the_import_reads_it_back():
    plan = replace(PLAN, last_change=42)
    book = _book(plan)
    sheet = book["Strategy"]
    assert sheet.cell(2, _col(sheet, "Last change")).value == 42
    read, problems = read_plan(export(plan), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and read == plan and read.last_change == 42


def test_a_workbook_without_a_last_change_reads_as_none():
    book = _book(replace(PLAN, last_change=7))
    book["Strategy"].delete_cols(_col(book["Strategy"], "Last change"))  # an older export
    plan, problems = read_plan(_bytes(book), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and plan == PLAN and plan.last_change is None


@pytest.mark.parametrize(("value", "shown", "message"), [
    ("abc", "abc", "This is not a number"),
    (-1, "-1", "This is not a whole number from 0"),
    ("-1", "-1", "This is not a whole number from 0"),
    (2.5, "2.5", "This is not a whole number from 0"),
])
def test_a_last_change_that_is_not_a_whole_number_from_0_is_a_problem(value, shown, message):
    book = _book(replace(PLAN, last_change=42))
    sheet = book["Strategy"]
    sheet.cell(2, _col(sheet, "Last change")).value = value
    [p] = _problems(book)
    assert (p.file, p.sheet, p.row, p.column, p.value, p.message) == (
        "plan.xlsx", "Strategy", 2, "Last change", shown, message)
    assert p.hint


REFS = replace(PLAN, themes=tuple(replace(t, ref=f"TH{i}")
                                  for i, t in enumerate(PLAN.themes, start=1)))


def test_the_themes_sheet_writes_each_themes_ref_and_reads_it_back():
    sheet = _book(REFS)["Themes"]
    assert [sheet.cell(r, _col(sheet, "Ref")).value for r in (2, 3)] == ["TH1", "TH2"]
    plan, problems = read_plan(export(REFS), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and plan == REFS


def test_a_theme_renamed_on_the_themes_sheet_may_keep_its_old_title_on_the_other_sheets():
    book = _book(REFS)
    sheet = book["Themes"]
    sheet.cell(2, _col(sheet, "Theme")).value = "Our people"
    stored = {"TH1": "Our workforce", "TH2": "Wellbeing"}
    known = replace(KNOWN, themes=lambda title: stored if title == PLAN.title else {})
    plan, problems = read_plan(_bytes(book), "plan.xlsx", "T1", known)
    assert problems == []
    assert [(t.ref, t.title, t.objectives) for t in plan.themes] == [
        ("TH1", "Our people", ("Fewer agency workers",)), ("TH2", "Wellbeing", ())]
    assert plan.actions[0].theme == plan.targets[0].theme == "Our people"
    # without what is stored, the old title is a theme the sheet does not have
    [p, *_] = _problems(book)
    assert (p.sheet, p.column, p.value, p.message) == (
        "Objectives", "Theme", "Our workforce", "There is no such theme on the Themes sheet")


def test_a_theme_renamed_to_the_title_of_a_stored_theme_left_as_it_is_is_a_problem():
    book = _book(REFS)
    sheet = book["Themes"]
    sheet.cell(3, _col(sheet, "Theme")).value = "Leadership"
    stored = {"TH1": "Our workforce", "TH2": "Wellbeing", "TH3": "Leadership"}
    [p] = read_plan(_bytes(book), "plan.xlsx", "T1", replace(KNOWN, themes=lambda _: stored))[1]
    assert (p.file, p.sheet, p.row, p.column, p.value, p.message) == (
        "plan.xlsx", "Themes", 3, "Theme", "Leadership",
        "Another theme of the plan (TH3) has this title")
    assert p.hint


def test_two_themes_with_one_ref_is_a_problem():
    book = _book(REFS)
    sheet = book["Themes"]
    sheet.cell(3, _col(sheet, "Ref")).value = "TH1"
    [p] = _problems(book)
    assert (p.sheet, p.row, p.column, p.value, p.message) == (
        "Themes", 3, "Ref", "TH1", "This is already used on row 2")


def test_a_workbook_without_theme_refs_reads_its_themes_by_title():
    book = _book(REFS)
    book["Themes"].delete_cols(_col(book["Themes"], "Ref"))  # an older export
    plan, problems = read_plan(_bytes(book), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and plan == PLAN


STORED = replace(KNOWN, themes=lambda title: {"TH1": "Our workforce", "TH2": "Wellbeing"}
                 if title == PLAN.title else {})


def _retitled(titles: dict[int, str], new: str | None = None) -> list:
    """The problems of REFS's workbook with the Themes sheet's rows given `titles` (that
    sheet only) and a new theme titled `new` without a ref, read knowing what is stored."""
    book = _book(REFS)
    sheet = book["Themes"]
    for row, title in titles.items():
        sheet.cell(row, _col(sheet, "Theme")).value = title
    if new:
        sheet.cell(4, _col(sheet, "Theme")).value = new
    plan, problems = read_plan(_bytes(book), "plan.xlsx", "T1", STORED)
    assert plan is None
    return problems


@pytest.mark.parametrize("titles, new, cells", [
    ({2: "Wellbeing", 3: "Our workforce"}, None, [(2, "Wellbeing"), (3, "Our workforce")]),
    ({2: "Wellbeing", 3: "Our people"}, None, [(2, "Wellbeing")]),
    ({2: "Our people"}, "Our workforce", [(4, "Our workforce")])],
    ids=["swap", "chain", "renamed title given to a new theme"])
def test_a_title_passing_from_one_theme_to_another_is_a_problem(titles, new, cells):
    problems = _retitled(titles, new)
    assert [(p.file, p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("plan.xlsx", "Themes", row, "Theme", title) for row, title in cells]
    assert all(p.message.startswith("This title belonged to another theme of the plan")
               and "two steps" in p.hint for p in problems)


@pytest.mark.parametrize("ref, known, message", [
    ("TH3", STORED, "No theme of the plan has this ref"),
    ("X" * 21, STORED, "This ref is longer than 20 characters"),
    ("X" * 21, KNOWN, "This ref is longer than 20 characters")])
def test_a_ref_no_stored_theme_has_or_too_long_is_a_problem(ref, known, message):
    book = _book(REFS)
    sheet = book["Themes"]
    sheet.cell(4, _col(sheet, "Ref")).value = ref
    sheet.cell(4, _col(sheet, "Theme")).value = "Leadership"
    plan, [p] = read_plan(_bytes(book), "plan.xlsx", "T1", known)
    assert plan is None
    assert (p.file, p.sheet, p.row, p.column, p.value, p.message) == (
        "plan.xlsx", "Themes", 4, "Ref", ref, message)
    assert "leave ref empty for a new theme" in p.hint.lower()


def test_a_new_plans_themes_may_have_refs():
    book = _book(REFS)
    book["Themes"].cell(4, _col(book["Themes"], "Ref")).value = "TH9"
    book["Themes"].cell(4, _col(book["Themes"], "Theme")).value = "Leadership"
    plan, problems = read_plan(_bytes(book), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and plan.themes[-1] == Theme("Leadership", "", (), "TH9")


def test_a_target_with_no_period_takes_its_measures_own_as_on_the_web():
    """Supervision within the month (M20) is a month's figure: a target on it left without a
    period is judged on the month, as the web form's default gives it; others on the year."""
    book = _book()
    sheet = book["Targets"]
    sheet.cell(2, _col(sheet, "Measure")).value = "M20"
    for row in (2, 3):
        sheet.cell(row, _col(sheet, "Period")).value = None
    plan, problems = read_plan(_bytes(book), "plan.xlsx", "T1", KNOWN)
    assert not problems, problems
    assert [t.period for t in plan.targets[:2]] == ["month", "year"]
