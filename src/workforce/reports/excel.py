"""The report as an Excel workbook: an "About" sheet, one sheet per section, and a
"Definitions" sheet.

Each section's sheet starts with its title and its first table's header, frozen with the
first column, so the header stays in view; the section's other tables follow, then its key
points, commentary and notes. Numbers are stored as numbers, rounded as the report shows
them (`DECIMALS`, from the display format of their unit; half away from zero, as the text
is): a share's unrounded digits
(86.3013698630137 is 63 of 73) would tell its counts where the report gives only the share.
Suppressed figures are the text "c"; RAG statuses are words, with the colour as an addition.
"""

from __future__ import annotations

import io
from typing import Any

from workforce.measures.formulas import round_half_away
from workforce.reports.model import DASH, Cell, Report, Section, Table

FORMATS = {"percent": '0.0"%"', "fte": "#,##0.0", "count": "#,##0", "cases": "#,##0.0",
           "days": "#,##0.0", "ratio": "0.00", "score": "0.0", "pounds": '"£"#,##0',
           "rate": "0.00", "year": "0"}
DECIMALS = {unit: len(fmt.split(".")[1].split('"')[0]) if "." in fmt else 0
            for unit, fmt in FORMATS.items()}
"""Decimal places each unit is shown with (the zeros after the point of its format)."""
RAG_FILLS = {"green": ("#00703C", "#FFFFFF"), "amber": ("#FFDD00", "#0B0C0C"),
             "red": ("#D4351C", "#FFFFFF"), "blue": ("#1D70B8", "#FFFFFF")}
SHEET_NAMES = {"summary": "Summary", "stability": "Stability", "caseloads": "Caseloads",
               "support": "Support", "grow": "Grow our own", "wellbeing": "Wellbeing",
               "profile": "Profile", "actions": "Actions", "exceptions": "Exceptions",
               "posts": "Posts by service", "definitions": "Definitions"}


class _Styles:
    def __init__(self, book: Any) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.caption = book.add_format({"bold": True, "font_size": 11})
        self.head = book.add_format({"bold": True, "bg_color": "#1D3C66",
                                     "font_color": "#FFFFFF", "text_wrap": True,
                                     "valign": "bottom", "border": 1})
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.right = book.add_format({"align": "right", "valign": "top"})
        self.note = book.add_format({"italic": True, "font_color": "#383F43"})
        self.bold = book.add_format({"bold": True})
        self.numbers = {u: book.add_format({"num_format": f, "valign": "top"})
                        for u, f in FORMATS.items()}
        self.rags = {r: book.add_format({"bold": True, "bg_color": bg, "font_color": fg,
                                         "valign": "top"}) for r, (bg, fg) in RAG_FILLS.items()}


def write(report: Report) -> bytes:
    """The report as XLSX bytes."""
    from workforce.spreadsheet import workbook

    buf = io.BytesIO()
    book = workbook(buf, {"in_memory": True})
    book.set_properties({"title": report.title, "subject": report.scope,
                         "author": report.organisation_name, "company": report.organisation_name,
                         "comments": report.suppression})
    st = _Styles(book)
    _about(book.add_worksheet("About"), st, report)
    for s in report.sections:
        _section(book.add_worksheet(SHEET_NAMES.get(s.key, s.title[:31])), st, s)
    book.close()
    return buf.getvalue()


def _about(ws: Any, st: _Styles, r: Report) -> None:
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 100)
    ws.write(0, 0, r.title, st.title)
    rows = [("Organisation", r.organisation_name), ("Covering", r.scope),
            ("Period", f"{r.period_label} ({r.period}), {r.start} to {r.end}"),
            ("For", r.audience), ("Produced", r.produced.isoformat()),
            ("Strategy", r.strategy or DASH), ("Suppression", r.suppression)]
    for i, (k, v) in enumerate(rows, start=2):
        ws.write(i, 0, k, st.bold)
        ws.write(i, 1, v, st.text)
    at = len(rows) + 3
    for i, line in enumerate([*r.summary, "", *r.about]):
        ws.write(at + i, 1, line, st.text)
    ws.write(at, 0, "At a glance", st.bold)


def _section(ws: Any, st: _Styles, s: Section) -> None:
    ws.write(0, 0, s.title, st.title)
    row = 1
    widths: dict[int, float] = {}
    for n, t in enumerate(s.tables):
        if n:
            row += 1
            ws.write(row, 0, t.caption, st.caption)
            row += 1
        row = _table(ws, st, t, row, widths)
        if n == 0:
            ws.freeze_panes(2, 1)
    for col, width in widths.items():
        ws.set_column(col, col, width)
    row += 1
    for label, lines in (("Key points", s.points), ("Commentary", _paragraphs(s.commentary)),
                         ("Notes", s.notes)):
        if lines:
            ws.write(row, 0, label, st.caption)
            for line in lines:
                row += 1
                ws.write(row, 0, line)
            row += 2


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _table(ws: Any, st: _Styles, t: Table, row: int, widths: dict[int, float]) -> int:
    """Write `t` from `row`; return the next free row."""
    for col, heading in enumerate(t.columns):
        ws.write(row, col, heading, st.head)
        widths[col] = max(widths.get(col, 0), 48 if col == 0 else 14)
    for cells in t.rows:
        row += 1
        for col, c in enumerate(cells):
            _cell(ws, st, row, col, c)
            if len(c.text) > 60:
                widths[col] = max(widths.get(col, 0), 60)
    for note in t.notes:
        row += 1
        ws.write(row, 0, note, st.note)
    return row + 1


def _cell(ws: Any, st: _Styles, row: int, col: int, c: Cell) -> None:
    if c.rag in st.rags:
        ws.write_string(row, col, c.text, st.rags[c.rag])
    elif c.is_number:
        ws.write_number(row, col, round_half_away(c.value, DECIMALS.get(c.unit,
                                                                   DECIMALS["score"])),
                        st.numbers.get(c.unit, st.numbers["score"]))
    elif c.suppressed or c.text == DASH:
        ws.write_string(row, col, c.text, st.right)
    else:
        ws.write_string(row, col, c.text, st.text)
