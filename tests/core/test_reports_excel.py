"""The workbook opens with openpyxl: an About sheet, a sheet per section with its header
frozen, a Definitions sheet; numbers are numbers equal to the report's, suppressed figures
are "c" and statuses are words."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from tests.core.ledger_builder import build as tiny_ledger
from tests.core.ledger_builder import sw
from workforce.demo import generate
from workforce.measures.formulas import round_half_away
from workforce.reports import Request, build, excel
from workforce.reports.excel import DECIMALS, SHEET_NAMES
from workforce.strategy.demo import build_demo_strategy

TODAY = date(2025, 11, 15)


@pytest.fixture(scope="module")
def report():
    ledger = generate(staff=120, years=3, seed=7, today=TODAY)
    plan = build_demo_strategy(ledger.organisations[0], ledger, TODAY)
    return build(ledger, Request("2025-Q3", plan=plan, produced=TODAY,
                                 commentary={"summary": "A steady quarter."}))


@pytest.fixture(scope="module")
def book(report):
    return openpyxl.load_workbook(io.BytesIO(excel.write(report)))


def test_there_is_a_sheet_per_section_after_an_about_sheet(book, report):
    assert book.sheetnames == ["About", *[SHEET_NAMES[s.key] for s in report.sections]]
    assert book["About"]["A1"].value == "Workforce report: July to September 2025"


def test_each_section_sheet_freezes_its_title_header_and_first_column(book, report):
    for s in report.sections:
        ws = book[SHEET_NAMES[s.key]]
        assert ws.freeze_panes == "B3"
        assert [c.value for c in ws[2]][:len(s.tables[0].columns)] == s.tables[0].columns


def test_figures_are_numbers_equal_to_the_reports(book, report):
    checked = 0
    for s in report.sections:
        ws = book[SHEET_NAMES[s.key]]
        first = s.tables[0]
        for i, row in enumerate(first.rows, start=3):
            for j, cell in enumerate(row, start=1):
                got = ws.cell(i, j).value
                if cell.is_number:
                    places = DECIMALS.get(cell.unit, DECIMALS["score"])
                    assert isinstance(got, int | float)
                    assert got == round_half_away(cell.value, places), (got, cell)  # as shown
                    assert abs(got - cell.value) <= 0.5 * 10 ** -places + 1e-9
                    checked += 1
                elif cell.suppressed:
                    assert got == "c"
                elif cell.rag:
                    assert got == cell.text
    assert checked > 150


def test_percentages_show_as_percentages_without_changing_the_number(book):
    ws = book["Summary"]
    assert isinstance(ws["B3"].value, float) and ws["B3"].number_format == '0.0"%"'


def test_the_definitions_sheet_defines_every_measure_used(book, report):
    ws = book["Definitions"]
    ids = [r[0] for r in ws.iter_rows(min_row=3, values_only=True) if r[0]]
    assert ids == [d.id for d in report.definitions]


def test_commentary_is_in_its_sections_sheet(book):
    values = [c for row in book["Summary"].iter_rows(values_only=True) for c in row if c]
    assert "A steady quarter." in values


def test_a_workforce_of_three_is_suppressed_everywhere():
    ledger = tiny_ledger(assignments=[sw("p1"), sw("p2", fte=0.5), sw("p3", unit="B")])
    report = build(ledger, Request("2025-Q3", produced=TODAY))
    headcount = next(r for r in report.section("profile").tables[0].rows
                     if r[0].text == "Headcount in post")
    assert headcount[2].text == "c" and headcount[2].value is None
    numbers = [(c, s) for c, s in report.sources() if c.value not in (None, 0.0)]
    assert numbers == []
    ws = openpyxl.load_workbook(io.BytesIO(excel.write(report)))["Profile"]
    assert "c" in [c.value for c in ws[3]]


def test_figures_carry_no_more_digits_than_the_report_shows(book):
    """A share's unrounded digits (86.3013698630137 is 63 of 73) tell its counts."""
    digits = [len(repr(float(c.value)).split(".")[1]) for ws in book.worksheets
              for row in ws.iter_rows() for c in row
              if isinstance(c.value, float) and c.number_format == '0.0"%"']
    assert digits and max(digits) == 1
