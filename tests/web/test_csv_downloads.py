"""A dashboard's CSV download is for Excel: a byte-order mark so that it reads UTF-8, and
text that Excel would run as a formula (a unit named "=...") kept as text."""

import csv
import io

from workforce_web.dashboards.tables import EMPTY_NOTE, Cell, Table, to_csv


def test_a_dashboard_csv_starts_with_a_byte_order_mark_and_quotes_a_formula_name():
    t = Table("Caption", ["Unit", "Change"])
    t.add("=HYPERLINK(\"http://x\",\"y\")", Cell("-3.2", -3.2))
    text = to_csv(t)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1] == ["'=HYPERLINK(\"http://x\",\"y\")", "-3.2"]


def test_a_figure_in_a_csv_is_a_plain_number_a_spreadsheet_reads_as_one():
    """A figure that cannot be computed (a dash on the page) is an empty cell, said below."""
    t = Table("Caption", ["Unit", "Supervised", "Rate"])
    t.add("Front Door", Cell("1,005.0", 1005.0), Cell("c"))
    t.add("Team, with a comma", Cell("12,345,678.5", 12345678.5), Cell("–"))
    rows = list(csv.reader(io.StringIO(to_csv(t).removeprefix("\ufeff"))))
    assert rows[1:] == [["Front Door", "1005.0", "c"],
                        ["Team, with a comma", "12345678.5", ""],
                        [EMPTY_NOTE]]
