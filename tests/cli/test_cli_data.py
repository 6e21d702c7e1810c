"""The `workforce` data commands: template, import (exit codes, messages), export."""

from __future__ import annotations

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce_web.bridge import load_ledger, store_tables

runner = CliRunner()


def test_template_writes_a_workbook_with_notes(tmp_path):
    path = tmp_path / "assignment.xlsx"
    result = runner.invoke(app, ["template", "assignment", "-o", str(path)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    assert "Notes" in book.sheetnames
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:3] == ["organisation", "assignment_id", "staff_id"]


def test_template_of_an_unknown_table_lists_the_tables(tmp_path):
    result = runner.invoke(app, ["template", "staff", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "Unknown table 'staff'" in result.output and "assignment" in result.output


@pytest.mark.django_db
def test_import_of_a_bad_file_exits_non_zero_and_stores_nothing(tmp_path):
    store_tables(tiny_tables("T1"))
    bad = tmp_path / "person.csv"
    bad.write_text("organisation,staff_id,name,sex,ethnicity,disability\n"
                   "T1,T1p5,Gina Gray,F,XXXX,N\n")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1
    assert "person.csv" in result.output and "row 2" in result.output
    assert "ethnicity" in result.output
    assert "T1p5" not in load_ledger("T1").person["staff_id"].to_list()


@pytest.mark.django_db
def test_import_then_reimport_changes_nothing_the_second_time(tmp_path):
    store_tables(tiny_tables("T1"))
    good = tmp_path / "person.csv"
    good.write_text("organisation,staff_id,name,sex,ethnicity,disability\n"
                    "T1,T1p5,Gina Gray,F,WBRI,N\n")
    first = runner.invoke(app, ["import", str(good)])
    second = runner.invoke(app, ["import", str(good)])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "1 added" in first.output
    assert "0 added, 0 changed, 1 unchanged" in second.output


@pytest.mark.django_db
def test_export_writes_files_that_import_back_equal(tmp_path):
    store_tables(tiny_tables("T1"))
    result = runner.invoke(app, ["export", str(tmp_path / "out"), "--org", "T1"])
    assert result.exit_code == 0, result.output
    exported = pl.read_csv(tmp_path / "out" / "assignment.csv")
    assert exported.height == 3


def _store_alice_with_swe_number() -> None:
    tables = tiny_tables("T1")
    tables["person"] = tables["person"].with_columns(swe_number=pl.lit("SW123"))
    store_tables(tables)


def _import_person_csv(tmp_path, text: str):  # noqa: ANN001, ANN202
    """`workforce import` of person.csv holding `text`; the result, which must succeed."""
    good = tmp_path / "person.csv"
    good.write_text(text)
    result = runner.invoke(app, ["import", str(good)])
    assert result.exit_code == 0, result.output
    return result


def _alice() -> dict:
    return load_ledger("T1").person.filter(pl.col("staff_id") == "T1p1").row(0, named=True)


@pytest.mark.django_db
def test_import_without_optional_columns_keeps_their_stored_values(tmp_path):
    _store_alice_with_swe_number()
    result = _import_person_csv(tmp_path, "organisation,staff_id,name,sex,ethnicity,disability\n"
                                          "T1,T1p1,Alice Able,F,WBRI,Y\n")
    assert "0 added, 1 changed" in result.output
    alice = _alice()
    assert (alice["disability"], alice["swe_number"]) == ("Y", "SW123")
    assert alice["birth_date"] is not None


@pytest.mark.django_db
def test_import_with_a_misspelt_header_warns_and_keeps_the_stored_column(tmp_path):
    _store_alice_with_swe_number()
    result = _import_person_csv(
        tmp_path, "organisation,staff_id,name,sex,ethnicity,disability,date_of_birth\n"
                  "T1,T1p1,Alice Able,F,WBRI,N,1999-01-01\n")
    assert "date_of_birth" in result.output and "ignored" in result.output
    assert "0 added, 0 changed, 1 unchanged" in result.output
    alice = _alice()
    assert (str(alice["birth_date"]), alice["swe_number"]) == ("1985-05-01", "SW123")


@pytest.mark.django_db
def test_an_import_warning_names_its_file_once(tmp_path):
    store_tables(tiny_tables("T1"))
    result = _import_person_csv(
        tmp_path, "organisation,staff_id,name,sex,ethnicity,disability,shoe_size\n"
                  "T1,T1p5,Gina Gray,F,WBRI,N,9\n")
    lines = " ".join(result.output.split())  # Rich wraps long lines
    assert "person.csv: columns not in the person table were ignored: shoe_size" in lines
    assert "person.csv: person.csv" not in lines
