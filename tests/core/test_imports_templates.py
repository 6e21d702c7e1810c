"""Blank templates: a sheet per table with notes on every column, and CSV with a notes file."""

from __future__ import annotations

import openpyxl
import pytest

from workforce.imports import read_file, write_all_templates, write_template
from workforce.ledger import TABLES


def test_an_xlsx_template_has_a_bold_frozen_header_with_a_comment_on_each_column(tmp_path):
    path = write_template("assignment", tmp_path / "assignment.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["assignment", "Lists", "Notes"]
    sheet = book["assignment"]
    header = [cell.value for cell in sheet[1]]
    assert header == TABLES["assignment"].names
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    fte = sheet.cell(1, header.index("fte") + 1).comment.text
    assert fte.startswith("Contracted hours ÷ standard hours (0 to 1).\nRequired; number.")
    contract = sheet.cell(1, header.index("contract") + 1).comment.text
    assert "permanent = Permanent employee" in contract


def test_an_xlsx_template_has_dropdowns_for_code_and_true_false_columns(tmp_path):
    book = openpyxl.load_workbook(write_template("assignment", tmp_path / "a.xlsx"))
    sheet = book["assignment"]
    sources = {str(dv.sqref).split(":")[0]: dv.formula1
               for dv in sheet.data_validations.dataValidation}
    assert sources["F2"] == "Lists!$A$2:$A$7"  # contract: the first code column
    assert sources["L2"] == '"true,false"'  # case_holder
    assert book["Lists"].sheet_state == "hidden"
    assert [c.value for c in book["Lists"]["A"]][:3] == ["contract", "permanent", "fixed_term"]


def test_the_notes_sheet_lists_every_column_with_its_meaning_and_allowed_codes(tmp_path):
    book = openpyxl.load_workbook(write_template("person", tmp_path / "person.xlsx"))
    rows = list(book["Notes"].iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("column", "required", "type", "meaning", "range", "allowed values",
                       "refers to")
    notes = {row[0]: row for row in rows[1:]}
    assert list(notes) == TABLES["person"].names
    assert notes["organisation"][1] == "yes"
    assert notes["organisation"][6] == "organisation.code"
    assert notes["sex"][5] == "F = Female\nM = Male\nU = Not known or not specified"
    assert notes["birth_date"][2] == "date (yyyy-mm-dd or dd/mm/yyyy)"


def test_a_csv_template_is_the_header_with_a_notes_file_beside_it(tmp_path):
    path = write_template("absence", tmp_path / "absence.csv")
    assert path.read_bytes() == (",".join(TABLES["absence"].names) + "\r\n").encode()
    notes = (tmp_path / "absence.notes.md").read_text(encoding="utf-8")
    assert notes.startswith("# absence: Absences")
    assert ("| working_days_lost | yes | number | Working days lost, FTE basis. | 0 or more; "
            "at most the calendar days from the start to the end of the span, both included (to "
            "today while it has no end) |"
            in notes)
    assert "- `SIC`: Sick leave" in notes


def test_templates_are_only_xlsx_or_csv(tmp_path):
    with pytest.raises(ValueError, match="not .ods"):
        write_template("unit", tmp_path / "unit.ods")


def test_every_table_gets_a_template_and_a_blank_one_reads_as_header_only(tmp_path):
    paths = write_all_templates(tmp_path)
    assert [p.name for p in paths] == [f"{name}.xlsx" for name in TABLES]
    result = read_file(paths[0])
    assert [p.message for p in result.errors] == ["the file has a header row but no rows of "
                                                  "data"]
