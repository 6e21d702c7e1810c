"""A dashboard's CSV download is for Excel: a byte-order mark so that it reads UTF-8, and
text that Excel would run as a formula (a unit named "=...") kept as text."""

import csv
import io

from workforce_web.dashboards.tables import Cell, Table, to_csv


def test_a_dashboard_csv_starts_with_a_byte_order_mark_and_quotes_a_formula_name():
    t = Table("Caption", ["Unit", "Change"])
    t.add("=HYPERLINK(\"http://x\",\"y\")", Cell("-3.2", -3.2))
    text = to_csv(t)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1] == ["'=HYPERLINK(\"http://x\",\"y\")", "-3.2"]
