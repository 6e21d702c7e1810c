"""Exports import back unchanged: template -> rows -> import -> export -> import again."""

from __future__ import annotations

from datetime import date

import openpyxl

from tests.core.test_imports_fixtures import ORG, context, sample_ledger, sorted_by_key
from workforce.imports import (
    ledger_from,
    read_file,
    read_files,
    write_csv_folder,
    write_template,
    write_xlsx,
)
from workforce.ledger import TABLES, Ledger


def assert_same_ledger(left: Ledger, right: Ledger) -> None:
    for name in TABLES:
        assert sorted_by_key(left[name], name).equals(sorted_by_key(right[name], name)), name


def test_a_filled_template_imports_and_exports_to_the_same_frames(tmp_path):
    path = write_template("assignment", tmp_path / "assignment.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["assignment"]
    header = [cell.value for cell in sheet[1]]
    rows = [{"organisation": ORG, "assignment_id": "A2", "staff_id": "P1", "unit": "T1",
             "contract": "permanent", "staff_group": "social_worker", "job_title": "SW",
             "fte": 0.8, "case_holder": True, "start_date": date(2024, 1, 1)},
            {"organisation": ORG, "assignment_id": "A1", "staff_id": "P1", "unit": "T1",
             "contract": "Agency", "staff_group": "social_worker", "job_title": "Locum",
             "fte": 1, "start_date": "01/02/2024", "end_date": "2024-07-31",
             "agency": "Sw Staffing Ltd", "hourly_charge": 45.5, "project_team": "no"}]
    for row in rows:
        sheet.append([row.get(name) for name in header])
    book.save(path)

    first = read_file(path, context())
    assert first.errors == []
    folder = write_csv_folder(Ledger(first.tables), tmp_path / "out")
    assert [p.name for p in folder] == ["assignment.csv"]
    text = folder[0].read_text(encoding="utf-8").splitlines()
    assert text[1].startswith("881,A1,P1,T1,,agency,")  # sorted by organisation and key
    assert ",true,2024-01-01," in text[2]
    second = read_file(folder[0], context())
    assert second.errors == []
    assert second.tables["assignment"].equals(
        sorted_by_key(first.tables["assignment"], "assignment"))


def test_a_ledger_exported_as_csv_files_imports_as_the_same_ledger(tmp_path):
    ledger = sample_ledger()
    paths = write_csv_folder(ledger, tmp_path)
    assert len(paths) == len(TABLES)
    results = read_files(sorted(paths, reverse=True))
    assert [str(e) for r in results for e in r.errors] == []
    assert_same_ledger(ledger_from(results), ledger)


def test_a_ledger_exported_as_a_workbook_imports_as_the_same_ledger(tmp_path):
    ledger = sample_ledger()
    path = write_xlsx(ledger, tmp_path / "ledger.xlsx")
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == list(TABLES)
    result = read_file(path)
    assert [str(e) for e in result.errors] == []
    assert_same_ledger(ledger_from([result]), ledger)


def test_empty_tables_are_not_exported(tmp_path):
    assert write_csv_folder(Ledger(), tmp_path) == []
    path = write_xlsx(Ledger(), tmp_path / "empty.xlsx")
    assert openpyxl.load_workbook(path).sheetnames == ["README"]
