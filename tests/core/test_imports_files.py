"""Files that are not what they claim: junk, wrong encodings, odd separators, awkward Excel."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import xlsxwriter

from tests.core.test_imports_fixtures import (
    ASSIGNMENT,
    ORG,
    assignments,
    context,
    csv_text,
    write_csv,
)
from workforce.imports import read_file

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def errors(result) -> list[tuple]:
    return [(p.file, p.sheet, p.row, p.column) for p in result.errors]


def letter(name: str) -> str:
    """The column letter of an assignment column in files built from `ASSIGNMENT`."""
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(ASSIGNMENT).index(name)]


def workbook(path, rows: list[dict], title: str = "assignment"):
    """An openpyxl workbook with `rows` in a sheet called `title`; returns (book, sheet)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append([row[name] or None for name in header])
    return book, sheet


def test_a_png_renamed_csv_is_refused_saying_what_it_is(tmp_path):
    path = tmp_path / "assignment.csv"
    path.write_bytes(PNG)
    result = read_file(path, context())
    assert errors(result) == [("assignment.csv", None, None, None)]
    assert result.errors[0].message == ("is not a CSV file or an Excel workbook: it looks like "
                                        "a PNG image")
    assert result.tables == {}


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    path = tmp_path / "assignment.xlsx"
    path.write_bytes(buffer.getvalue())
    result = read_file(path, context())
    assert errors(result) == [("assignment.xlsx", None, None, None)]
    assert "a ZIP archive, not an Excel workbook" in result.errors[0].message


def test_random_binary_data_is_refused(tmp_path):
    path = tmp_path / "assignment.csv"
    path.write_bytes(bytes(range(256)) * 10)
    assert "binary data" in read_file(path, context()).errors[0].message


def test_a_damaged_workbook_is_an_error_not_a_traceback(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    path = tmp_path / "assignment.xlsx"
    path.write_bytes(buffer.getvalue())
    result = read_file(path, context())
    assert errors(result) == [("assignment.xlsx", None, None, None)]
    assert "could not be opened as an Excel workbook" in result.errors[0].message


def test_a_windows_1252_file_is_refused_naming_the_row_and_column_of_the_first_bad_byte(
        tmp_path):
    rows = [{"organisation": ORG, "staff_id": f"P{i}", "name": name, "sex": "F",
             "ethnicity": "WBRI", "disability": "N"}
            for i, name in enumerate(["Ann", "Zoë", "Renée"], start=3)]
    path = tmp_path / "person.csv"
    path.write_bytes(csv_text(rows).encode("cp1252"))
    result = read_file(path, context())
    assert errors(result) == [("person.csv", None, 3, "name")]
    problem = result.errors[0]
    assert 'byte 0xEB ("ë" in Windows-1252)' in problem.message
    assert "not UTF-8" in problem.message and "CSV UTF-8" in problem.hint


def test_a_byte_order_mark_is_handled_silently(tmp_path):
    path = tmp_path / "assignment.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(assignments({})).encode("utf-8"))
    result = read_file(path, context())
    assert result.errors == [] and result.warnings == []
    assert result.tables["assignment"]["organisation"].to_list() == [ORG]


def test_semicolon_separated_files_are_read_with_a_warning(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({}), separator=";")
    result = read_file(path, context())
    assert result.errors == []
    assert result.tables["assignment"]["assignment_id"].to_list() == ["A1"]
    assert "separated by semicolons" in result.warnings[0]


def test_an_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "assignment.csv"
    path.write_bytes(b"")
    result = read_file(path, context())
    assert errors(result) == [("assignment.csv", None, None, None)]
    assert result.errors[0].message == "the file is empty"


def test_a_header_without_rows_is_a_clear_error(tmp_path):
    path = tmp_path / "assignment.csv"
    path.write_text(",".join(ASSIGNMENT) + "\n", encoding="utf-8")
    result = read_file(path, context())
    assert [p.message for p in result.errors] == ["the file has a header row but no rows of "
                                                  "data"]


def test_a_ragged_row_is_an_error_naming_the_row(tmp_path):
    text = csv_text(assignments({}, {"assignment_id": "A2", "staff_id": "P2", "fte": "0.4"},
                                {"assignment_id": "A3", "staff_id": "P3"}))
    lines = text.split("\r\n")
    lines[2] = lines[2].rsplit(",", 3)[0]  # row 3 loses its last three fields
    path = tmp_path / "assignment.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    result = read_file(path, context())
    assert ("assignment.csv", None, 3, None) in errors(result)
    assert "the row has 10 fields but the header has 13" in str(result.errors[0])


def test_a_quoted_cell_spanning_lines_does_not_shift_row_numbers(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"job_title": "Social worker\n(children in care)"},
        {"assignment_id": "A2", "staff_id": "P2", "fte": "2"}))
    result = read_file(path, context())
    assert errors(result) == [("assignment.csv", None, 3, "fte")]


def test_blank_rows_are_skipped_but_still_counted(tmp_path):
    text = csv_text(assignments({}, {"assignment_id": "A2", "staff_id": "P2", "fte": "7"}))
    first, second, third = text.split("\r\n")[:3]
    path = tmp_path / "assignment.csv"
    path.write_text("\r\n".join([first, second, "", ",,,,,", third, ""]), encoding="utf-8")
    assert errors(read_file(path, context())) == [("assignment.csv", None, 5, "fte")]


def test_a_workbook_sheet_is_read_with_real_excel_dates_and_numbers(tmp_path):
    book, sheet = workbook(tmp_path, assignments({}))
    sheet[f"{letter('start_date')}2"] = datetime(2024, 5, 1)  # a real Excel date
    sheet[f"{letter('fte')}2"] = 0.5
    book.save(tmp_path / "staff.xlsx")
    result = read_file(tmp_path / "staff.xlsx", context())
    assert result.errors == []
    frame = result.tables["assignment"]
    assert frame["start_date"].to_list() == [datetime(2024, 5, 1).date()]
    assert frame["fte"].to_list() == [0.5]


def test_a_formula_without_a_saved_value_is_an_error_naming_the_cell(tmp_path):
    book, sheet = workbook(tmp_path, assignments({}, {"assignment_id": "A2", "fte": "0.4",
                                                      "staff_id": "P2"}))
    cell = f"{letter('fte')}3"
    sheet[cell] = "=0.2*2"  # openpyxl saves formulas without a calculated value
    book.save(tmp_path / "assignment.xlsx")
    result = read_file(tmp_path / "assignment.xlsx", context())
    assert errors(result) == [("assignment.xlsx", "assignment", 3, "fte")]
    assert result.errors[0].message == f"cell {cell} holds a formula with no saved value"
    assert str(result.errors[0]).startswith("assignment.xlsx, sheet assignment, row 3, column "
                                            "fte: cell J3 holds a formula")


def test_a_formula_with_a_saved_value_uses_the_value_with_a_warning(tmp_path):
    path = tmp_path / "assignment.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("assignment")
    row = {**ASSIGNMENT, "fte": None}
    for col, (name, value) in enumerate(row.items()):
        sheet.write_string(0, col, name)
        if value:
            sheet.write_string(1, col, value)
    sheet.write_formula(1, list(row).index("fte"), "=0.25*2", None, 0.5)
    book.close()
    result = read_file(path, context())
    assert result.errors == []
    assert result.tables["assignment"]["fte"].to_list() == [0.5]
    assert "1 cells hold formulas" in result.warnings[0]


def test_workbook_text_that_would_run_as_a_formula_is_refused(tmp_path):
    path = tmp_path / "assignment.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("assignment")
    row = {**ASSIGNMENT, "job_title": "=cmd|' /C calc'!A0"}
    for col, (name, value) in enumerate(row.items()):
        sheet.write_string(0, col, name)
        if value:
            sheet.write_string(1, col, value)
    book.close()
    result = read_file(path, context())
    assert errors(result) == [("assignment.xlsx", "assignment", 2, "job_title")]
    assert "run it as a formula" in result.errors[0].message


def test_merged_header_cells_are_an_error_naming_the_range(tmp_path):
    book, sheet = workbook(tmp_path, assignments({}))
    sheet.merge_cells("C1:D1")
    book.save(tmp_path / "assignment.xlsx")
    result = read_file(tmp_path / "assignment.xlsx", context())
    merged = [p for p in result.errors if "merged" in p.message]
    assert [(p.sheet, p.row) for p in merged] == [("assignment", 1)]
    assert merged[0].message == "the header cells C1:D1 are merged"


def test_a_workbook_renamed_csv_is_read_as_a_workbook_with_a_warning(tmp_path):
    book, _ = workbook(tmp_path, assignments({}))
    book.save(tmp_path / "assignment.csv")
    result = read_file(tmp_path / "assignment.csv", context())
    assert result.errors == []
    assert "is an Excel workbook although its name does not end .xlsx" in result.warnings[0]


def test_an_unreadable_path_is_an_error_not_a_traceback(tmp_path):
    result = read_file(tmp_path / "missing.csv", context())
    assert result.errors[0].message.startswith("could not be opened")


def test_excel_unicode_text_is_read_with_a_warning(tmp_path):
    path = tmp_path / "assignment.txt"
    text = csv_text(assignments({"job_title": "Travailleuse sociale, équipe B"}),
                    separator="\t")
    path.write_bytes(text.encode("utf-16"))
    result = read_file(path, context())
    assert result.errors == []
    assert result.tables["assignment"]["job_title"].to_list() == [
        "Travailleuse sociale, équipe B"]
    assert any("UTF-16" in w for w in result.warnings)
    assert any("separated by tabs" in w for w in result.warnings)


def test_a_value_spanning_lines_is_shown_on_one_line_in_messages(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"fte": "1\n5"}))
    result = read_file(path, context())
    assert str(result.errors[0]).startswith('assignment.csv row 2, column fte: "1 5" is not a '
                                            "number.")


def test_progress_is_reported_while_a_workbook_is_read(tmp_path):
    book, sheet = workbook(tmp_path, assignments(*[
        {"assignment_id": f"A{i}", "start_date": "2024-01-01", "end_date": "2024-01-01",
         "fte": "0"} for i in range(2500)]))
    book.save(tmp_path / "assignment.xlsx")
    calls = []
    result = read_file(tmp_path / "assignment.xlsx", context(),
                       progress=lambda done, total: calls.append((done, total)))
    assert result.errors == []
    assert len(calls) >= 3
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1] == (2500, 2500)
