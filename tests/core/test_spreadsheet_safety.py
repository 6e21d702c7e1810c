"""Text the product writes into spreadsheets stays text: no formula from a typed title, a
unit name or an item of an uploaded return (CSV and formula injection)."""

import csv
import io
import zipfile

import pytest

from workforce.census.report import to_csv
from workforce.census.validate import Finding, Report
from workforce.spreadsheet import safe_text, workbook


@pytest.mark.parametrize("text, shown", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+44 20 7946 0000", "'+44 20 7946 0000"), ("@SUM(A1)", "'@SUM(A1)"), ("-", "'-"),
    ("-cmd", "'-cmd"), ("\t=1", "'\t=1"),
    ("-3.2", "-3.2"), ("+1,234.5", "+1,234.5"), ("-12.5%", "-12.5%"), (".5", ".5"),
    ("Team =A", "Team =A"), ("", ""), (None, None), (-3.2, -3.2),
])
def test_safe_text_quotes_what_a_spreadsheet_would_run_and_nothing_else(text, shown):
    assert safe_text(text) == shown


def test_a_workbook_writes_formula_like_text_as_text():
    buf = io.BytesIO()
    book = workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write(0, 0, "=1+1")
    sheet.write_row(1, 0, ["=HYPERLINK(\"http://x\",\"y\")", "http://example.org"])
    book.close()
    xml = zipfile.ZipFile(buf).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "hyperlink" not in xml.lower()
    strings = zipfile.ZipFile(buf).read("xl/sharedStrings.xml").decode()
    assert "=1+1" in strings and "http://example.org" in strings


def test_census_findings_quote_a_formula_from_the_file():
    finding = Finding("f.xml", "error", "CSWW-E1", "worker 1", "SW1", "QualInst",
                      "=HYPERLINK(\"http://x\",\"y\")", "Not a known institution", 12)
    rows = list(csv.reader(io.StringIO(to_csv([Report("f.xml", 2025, "301", 1, [finding])]))))
    assert "'=HYPERLINK(\"http://x\",\"y\")" in rows[1]

