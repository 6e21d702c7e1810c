"""Output formats for engine rows: table, CSV, JSON and XLSX in the stable export shape."""

from __future__ import annotations

import io
import json

import pytest

from tests.core.ledger_builder import build, sw
from workforce.measures.engine import run
from workforce.measures.output import format_rows
from workforce.measures.windows import census_year

LEDGER = build(assignments=[*[sw(f"a{i}") for i in range(6)], sw("b1", unit="B"),
                            *[sw(f"c{i}", unit="C") for i in range(8)],
                            sw("a0", start="2014-01-01", end="2014-12-31")])
ROWS = run(LEDGER, ["inpost_headcount", "turnover_rate_fte"], [census_year(2024)],
           by=["team"])


def test_json_is_a_list_of_records_in_the_stable_key_order():
    out = json.loads(format_rows(ROWS, "json"))
    assert list(out[0]) == ["id", "organisation", "start", "end", "team", "numerator",
                            "denominator", "value", "suppressed"]
    first = out[0]
    assert (first["id"], first["start"], first["end"], first["team"]) == (
        "inpost_headcount", "2023-10-01", "2024-09-30", "A")
    team_c = [r for r in out if r["team"] == "C" and r["id"] == "inpost_headcount"][0]
    assert (team_c["value"], team_c["suppressed"]) == (8.0, False)


def test_small_cells_are_suppressed_with_nulls_and_people_is_never_exported():
    out = json.loads(format_rows(ROWS, "json"))
    team_b = [r for r in out if r["team"] == "B" and r["id"] == "inpost_headcount"][0]
    assert team_b == {**team_b, "numerator": None, "value": None, "suppressed": True}
    assert all("people" not in r for r in out)


def test_the_next_smallest_sibling_is_hidden_so_a_lone_c_cannot_be_worked_out():
    out = json.loads(format_rows(ROWS, "json"))
    heads = {r["team"]: (r["value"], r["suppressed"]) for r in out
             if r["id"] == "inpost_headcount"}
    # B (1 person) is hidden; A (6) is hidden too, or B = total - A - C; C (8) stays
    assert heads == {"A": (None, True), "B": (None, True), "C": (8.0, False)}


def test_csv_has_the_same_columns_and_empty_cells_for_null():
    text = format_rows(ROWS, "csv")
    lines = text.splitlines()
    assert lines[0] == "id,organisation,start,end,team,numerator,denominator,value,suppressed"
    assert "inpost_headcount,T1,2023-10-01,2024-09-30,B,,,,True" in lines


def test_table_rounds_for_reading_and_marks_suppressed_cells():
    text = format_rows(ROWS, "table")
    assert "8.0" in text and " c " in text


def test_xlsx_is_a_workbook_with_one_sheet():
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(format_rows(ROWS, "xlsx")))
    sheet = book["measures"]
    assert [c.value for c in sheet[1]][:5] == ["id", "organisation", "start", "end", "team"]
    assert sheet.max_row == ROWS.height + 1


def test_unknown_formats_are_refused():
    with pytest.raises(ValueError, match="Unknown format"):
        format_rows(ROWS, "pdf")
