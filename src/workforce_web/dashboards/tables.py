"""Tables as shown beside every chart, and their CSV and XLSX downloads.

A table is plain data: a caption, column headings and rows of cells. A cell keeps the text
the page shows and, when it is a number, the rounded number, so the CSV holds the figures as
shown (without thousands separators, so that they read as numbers) and the XLSX holds the same
figures as numbers (markers such as 'c' stay text). In both, a figure that cannot be computed
(a dash on the page) is an empty cell, and a measure's id, shown under its name on the page,
has a column of its own.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from workforce.measures import Measure
from workforce.measures.suppression import MARKER
from workforce.spreadsheet import BOM, safe_row, workbook
from workforce_web.formatting import DECIMALS, round_half_away

NOT_COMPUTABLE = "–"
EMPTY_NOTE = ("An empty cell has no figure (a dash on the page): it cannot be computed, or "
              "does not apply.")
PER_FTE = "cases_per_fte"
UNIT_HEADINGS = {"percent": "%", "fte": "FTE", "cases": "cases", PER_FTE: "cases per FTE",
                 "days": "days", "pounds": "£", "count": "number", "ratio": "ratio",
                 "score": "score", "rate": "rate"}


@dataclass(frozen=True)
class Cell:
    """One cell: the text shown and, for a figure, its rounded value."""

    text: str
    number: float | None = None
    href: str | None = None
    hint: str = ""  # a second, quieter line (a measure's id); part of the cell's text

    @property
    def full(self) -> str:
        """The text with its hint, as downloads hold it."""
        return f"{self.text} {self.hint}" if self.hint else self.text

    @property
    def numeric(self) -> bool:
        return self.number is not None or self.text in (MARKER, NOT_COMPUTABLE)


@dataclass
class Table:
    """A caption, headings and rows of cells; `notes` say what a marker means."""

    caption: str
    headings: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: Cell | str) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])

    def numeric_columns(self) -> list[bool]:
        return [bool(self.rows) and all(r[i].numeric for r in self.rows)
                for i in range(len(self.headings))]

    def head(self) -> list[dict]:
        """Headings with whether their column holds figures (right-aligned)."""
        return [{"text": h, "numeric": n}
                for h, n in zip(self.headings, self.numeric_columns(), strict=True)]

    def grid(self) -> list[list[dict]]:
        """Rows of cells with whether each is a figure, for the template."""
        numeric = self.numeric_columns()
        return [[{"text": c.text, "numeric": numeric[i], "href": c.href, "hint": c.hint}
                 for i, c in enumerate(r)] for r in self.rows]

    def _hinted(self) -> list[bool]:
        """Which columns have a hint (a measure's id) in some cell."""
        return [any(r[i].hint for r in self.rows) for i in range(len(self.headings))]

    def download_headings(self) -> list[str]:
        """The headings as downloads hold them: a column with hints (a measure's id under its
        name) is followed by a column of its own for them ('Measure', 'Measure id'), so that
        a spreadsheet can look a row up by id."""
        return [h for h, hinted in zip(self.headings, self._hinted(), strict=True)
                for h in ((h, f"{h} id") if hinted else (h,))]

    def download_cells(self) -> list[list[Cell]]:
        """The rows as downloads hold them: each hint in its own cell after its cell's text
        (`download_headings`), and a figure that cannot be computed (shown '–') empty, as a
        spreadsheet reads a missing value; a suppressed figure stays 'c'."""
        hinted = self._hinted()
        out = []
        for r in self.rows:
            row: list[Cell] = []
            for c, h in zip(r, hinted, strict=True):
                row.append(Cell("") if c.text == NOT_COMPUTABLE and c.number is None
                           else Cell(c.text, c.number) if h else c)
                if h:
                    row.append(Cell(c.hint))
            out.append(row)
        return out

    def download_notes(self) -> list[str]:
        """The notes, and what an empty cell means where the table has one."""
        empty = any(c.text == NOT_COMPUTABLE and c.number is None for r in self.rows
                    for c in r)
        return [*self.notes, *([EMPTY_NOTE] if empty else [])]

    def texts(self) -> list[list[str]]:
        """Each cell as a download holds it (`download_cells`): a figure as a plain number,
        rounded as shown but without thousands separators ("1005.0", which a spreadsheet or
        Power BI reads as a number, not "1,005.0", which they read as text); anything else
        as shown, an id in its own column and '–' empty."""
        return [[c.text.replace(",", "") if c.number is not None else c.full for c in r]
                for r in self.download_cells()]


@dataclass
class Block:
    """One chart (a Vega-Lite spec) and the table of its numbers; `key` names its download."""

    key: str
    title: str
    spec: dict
    table: Table
    label: str = ""  # short heading on the page; empty when the panel's heading says it all

    @property
    def description(self) -> str:
        return str(self.spec.get("description", ""))

    @property
    def has_data(self) -> bool:
        """False when every figure is suppressed or cannot be computed: nothing to draw."""
        values = self.spec.get("data", {}).get("values", [])
        return any(v.get("value") is not None for v in values)

    @property
    def missing(self) -> str:
        """Why figures are missing: 'hidden' (every one suppressed), 'not computable' (none
        suppressed) or 'both'; '' when nothing is missing."""
        texts = {v.get("text") for v in self.spec.get("data", {}).get("values", [])
                 if v.get("value") is None}
        if not texts:
            return ""
        if texts == {MARKER}:
            return "hidden"
        return "both" if MARKER in texts else "not computable"


def figure(value: float | None, unit: str, suppressed: bool = False) -> Cell:
    """A figure rounded half away from zero to the unit's decimals; 'c' when suppressed."""
    if suppressed:
        return Cell(MARKER)
    if value is None:
        return Cell(NOT_COMPUTABLE)
    dp = DECIMALS.get(unit, 1)
    rounded = round_half_away(value, dp)
    return Cell(f"{rounded:,.{dp}f}", rounded)


def heading(title: str, unit: str) -> str:
    """A column heading that says the unit, e.g. 'Turnover rate (%)'; the title alone when it
    already ends with its unit ('Starters (FTE)', 'Time to hire: to offer (median days)')."""
    word = unit_word(unit)
    return f"{title} ({word})" if word and not says_unit(title, unit) else title


def heading_unit(m: Measure) -> str:
    """The unit a heading names for measure `m`: its registry unit, except that a caseload
    divided by FTE (the average caseload) is in cases per FTE. The highest caseload, one
    worker's cases, and the cases held are cases, as their charts' axes say."""
    if m.unit == "cases" and "÷" in m.formula and "fte" in m.formula.lower():
        return PER_FTE
    return m.unit


def unit_word(unit: str) -> str:
    """The unit as headings write it ('%', 'FTE', 'days'); '' for a plain number."""
    word = UNIT_HEADINGS.get(unit, "")
    return "" if word == "number" else word


def says_unit(title: str, unit: str) -> bool:
    """Whether `title` already ends with its unit, bracketed or not: 'Starters (FTE)' (FTE),
    'Time to hire: to offer (median days)' (days), 'Sickness days' (days)."""
    word = unit_word(unit)
    return bool(word) and re.search(rf"(^|[\s(]){re.escape(word)}\)?\s*$", title,
                                     re.IGNORECASE) is not None


def to_csv(table: Table) -> str:
    """The table as CSV text for a spreadsheet, cell for cell as `Table.texts` (text that a
    spreadsheet would run as a formula, such as a unit named "=...", kept as text), starting
    with a byte-order mark so that Excel reads it as UTF-8."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(safe_row(table.download_headings()))
    writer.writerows(safe_row(row) for row in table.texts())
    for note in table.download_notes():
        writer.writerow(safe_row([note]))
    return out.getvalue()


def to_xlsx(table: Table) -> bytes:
    """The table as an Excel workbook: figures as numbers, markers as text, notes below."""
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Table")
    bold = book.add_format({"bold": True, "text_wrap": True})
    sheet.write(0, 0, table.caption, bold)
    headings = table.download_headings()
    sheet.write_row(2, 0, headings, bold)
    for r, row in enumerate(table.download_cells(), start=3):
        for c, cell in enumerate(row):
            if cell.number is not None:
                sheet.write_number(r, c, cell.number)
            elif cell.full:
                sheet.write_string(r, c, cell.full)
    for i, note in enumerate(table.download_notes(), start=len(table.rows) + 4):
        sheet.write(i, 0, note)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, max(1, len(headings) - 1), 18)
    book.close()
    return buffer.getvalue()
