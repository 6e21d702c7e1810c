"""Reading the action-plan workbook's sheets into rows of parsed values, with a problem for
every cell that cannot be read (where it is, what was wrong, what to do).

A plan is a few hundred rows at most, so cells are read one by one with openpyxl rather than
as frames.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import openpyxl
from openpyxl.utils.escape import unescape

from workforce.imports.errors import ImportProblem
from workforce.imports.parse import MIDNIGHT
from workforce.imports.sniff import not_a_workbook
from workforce.imports.xlsx_reader import too_large
from workforce.strategy.plan import Milestone, date_problem
from workforce.strategy.workbook import Col, Sheet, short_label

_MIDNIGHT = rf"(?:[ T]{MIDNIGHT})?"  # "2026-03-31 00:00:00": a date cell as text
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})" + _MIDNIGHT, re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})" + _MIDNIGHT, re.ASCII)
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?", re.ASCII)


@dataclass
class Found:
    """Rows read from one sheet: (row number, {field: value}), and the problems met.
    `columns`: the fields whose columns the header row has (an optional column missing
    from it is read as empty on every row)."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    present: bool = True
    columns: frozenset[str] = frozenset()


class Bad(ValueError):
    """A cell that cannot be read: the message and what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class Book:
    """A workbook opened for reading: its cells as written (a formula as its text), and for a
    sheet that has formulas, the values Excel last saved for them (read once, when first asked
    for: openpyxl gives either the formulas or the saved values, and a cell read for its saved
    value alone cannot tell a formula with no saved value from an empty cell)."""

    def __init__(self, data: bytes, book: Any) -> None:
        self._data, self._book = data, book
        self._values: Any = None
        self._saved: dict[str, dict[tuple[int, int], tuple[Any, str]]] = {}

    @property
    def sheetnames(self) -> list[str]:
        return self._book.sheetnames

    def __getitem__(self, name: str) -> Any:
        return self._book[name]

    def saved(self, sheet: str, row: int, column: int) -> tuple[Any, str]:
        """The value Excel saved for the formula in `row` (from 1), `column` (from 0) of
        `sheet`, and openpyxl's type for it ("str" with None: a formula giving empty text)."""
        if sheet not in self._saved:
            if self._values is None:
                self._values = _load(self._data, data_only=True)
            ws = self._values[sheet]
            ws.reset_dimensions()
            self._saved[sheet] = {
                (number, i): (cell.value, cell.data_type)
                for number, cells in enumerate(ws.iter_rows(), start=1)
                for i, cell in enumerate(cells)
                if cell.value is not None or cell.data_type != "n"}
        return self._saved[sheet].get((row, column), (None, "n"))

    def close(self) -> None:
        self._book.close()
        if self._values is not None:
            self._values.close()


def open_book(data: bytes) -> Book:
    """The workbook in `data`, or Bad when it is not an Excel workbook or would unpack to far
    too much to read safely (`imports.xlsx_reader.too_large`)."""
    if why := too_large(data):
        raise Bad(f"was not read: it {why}",
                  "Start from the template and save it from Excel as an Excel Workbook "
                  "(.xlsx).")
    try:
        return Book(data, _load(data, data_only=False))
    except Exception:  # noqa: BLE001 - any failure to open is a bad file
        raise Bad(f"could not be opened as an Excel workbook{not_a_workbook(data)}",
                  "Save it from Excel as an Excel Workbook (.xlsx) and try again.") from None


def _load(data: bytes, data_only: bool) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)


_NO_VALUE = object()
"""A formula cell whose workbook holds no value for it (written by a program, never opened
and saved in Excel)."""


def read_sheet(book: Book, sheet: Sheet, file: str, problems: list[ImportProblem]) -> Found:
    """Every non-empty row of `sheet` as parsed values keyed by field."""
    if sheet.name not in book.sheetnames:
        if sheet.required:
            problems.append(ImportProblem(file, sheet.name, None, None, None,
                                          "The sheet is missing",
                                          "Start from the template, which has every sheet."))
        return Found(present=False)
    ws = book[sheet.name]
    ws.reset_dimensions()  # stated sizes are sometimes wrong; read every row there is
    rows = ws.iter_rows()  # with the rows missing from the file as empty rows: row n is n-th
    header = next(rows, ())
    where = _columns(header, sheet, file, problems)
    found = Found(columns=frozenset(where))
    for row, cells in enumerate(rows, start=2):
        values = [_value(book, sheet.name, row, i, c) for i, c in enumerate(cells)]
        if all(v in (None, "") for v in values):
            continue
        found.rows.append((row, _parse_row(cells, values, where, sheet, file, row, problems)))
    return found


def _value(book: Book, sheet: str, row: int, column: int, cell: Any) -> Any:
    """The cell's value; for a formula, the value Excel saved, or _NO_VALUE."""
    if cell.data_type != "f":
        return cell.value
    value, kind = book.saved(sheet, row, column)
    if value is None and kind != "str":  # "str" with no value: the formula gave empty text
        return _NO_VALUE
    return value


def _columns(header: tuple, sheet: Sheet, file: str,
             problems: list[ImportProblem]) -> dict[str, int]:
    names = {str(c.value).strip().rstrip("*").strip().lower(): i
             for i, c in enumerate(header) if c.value}
    where = {}
    for col in sheet.importable():
        found = next((names[h.lower()] for h in (col.header, *col.aliases)
                      if h.lower() in names), None)
        if found is not None:
            where[col.field] = found
        elif col.required:
            problems.append(ImportProblem(file, sheet.name, 1, col.header, None,
                                          "The column is missing from the header row",
                                          f"Add a column headed '{col.header}'."))
    return where


def _parse_row(cells: tuple, values: list[Any], where: dict[str, int], sheet: Sheet, file: str,
               row: int, problems: list[ImportProblem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in sheet.importable():
        if col.field not in where:  # a missing column is one problem, not one per row
            out[col.field] = parse(replace(col, required=False), None)
            continue
        i = where[col.field]
        cell, raw = (cells[i], values[i]) if i < len(cells) else (None, None)
        shown = raw
        try:
            if raw is _NO_VALUE and cell is not None:  # a cell there, with no value saved
                shown = cell.value if isinstance(cell.value, str) else "an array formula"
                raise Bad("The cell holds a formula with no saved value",
                          "Open the file in Excel and save it (Excel then works out the "
                          "formula's value), or type the value instead of the formula.")
            out[col.field] = parse(col, raw, getattr(cell, "number_format", "") or "")
        except Bad as bad:
            problems.append(ImportProblem(file, sheet.name, row, col.header, _shown(shown),
                                          str(bad), bad.hint))
            out[col.field] = None
    return out


def _shown(raw: Any) -> str | None:
    if raw is None:
        return None
    return raw.date().isoformat() if isinstance(raw, datetime) else str(raw)


def parse(col: Col, raw: Any, number_format: str = "") -> Any:
    """A cell's value as the column's kind; Bad when it cannot be read."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        if col.required:
            raise Bad("The cell is empty", f"Fill in the {col.header.lower()}.")
        return None if col.kind in ("date", "number") else (() if col.kind in (
            "refs", "milestones") else "")
    return {"text": lambda: parse_text(raw), "date": lambda: parse_date(raw),
            "number": lambda: parse_number(raw, number_format),
            "choice": lambda: parse_choice(col, raw), "refs": lambda: parse_refs(raw),
            "milestones": lambda: parse_milestones(raw)}[col.kind]()


def parse_text(raw: Any) -> str:
    """A text cell's words, trimmed. A carriage return in a cell is stored in the file as
    `_x000D_` (Excel, and the export's writer, do so), which openpyxl reads as it is: words
    typed on the web with line breaks (a browser sends CR LF) came back from their own
    export with `_x000D_` before each new line, so the import changed them, and a feedback
    entry, known by its words, was added again."""
    return unescape(str(raw)).strip()


def parse_date(raw: Any) -> date:
    """A date written 31/03/2026 or 2026-03-31 (or a date cell) that a plan may hold
    (`plan.date_problem`)."""
    day = _read_date(raw)
    problem = date_problem(day)
    if problem:
        raise Bad(problem, "Check the year.")
    return day


def _read_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        if m := _DMY.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise Bad("This is not a date", "Write dates as 31/03/2026 or 2026-03-31, with nothing "
                                    "else in the cell.")


def parse_number(raw: Any, number_format: str = "") -> float:
    """A number: a number cell (a percentage cell's 0.85 is 85), or text such as 85, 18.6,
    -2, 85% or 1,234.5. A comma is read only as a thousands separator, so 80,8 is refused
    rather than read as 808; so are nan and inf."""
    if isinstance(raw, bool):
        raise Bad("This is not a number", "Write a number such as 85 or 18.6.")
    if isinstance(raw, int | float):
        # A cell formatted as a percentage holds 0.85 for 85%; plans write percentages as 85.
        value = float(raw) * (100 if "%" in number_format else 1)
    else:
        text = str(raw).strip().rstrip("%").strip()
        if "," in text:
            if not _THOUSANDS.fullmatch(text):
                raise Bad("This is not a number: a comma may only separate thousands "
                          "(1,234.5)", "Write decimals with a decimal point: 80.8, not 80,8.")
            text = text.replace(",", "")
        if not _NUMBER.fullmatch(text):
            raise Bad("This is not a number", "Write a number such as 85 or 18.6.")
        value = float(text)
    if not math.isfinite(value):
        raise Bad("This number is too large", "Write a number such as 85 or 18.6.")
    return value


def parse_choice(col: Col, raw: Any) -> str:
    text = _norm(str(raw))
    for code, label in col.choices.items():
        if text in (_norm(code), _norm(label)):
            return code
    allowed = ", ".join(short_label(label) for label in col.choices.values())
    raise Bad("This is not one of the allowed values", f"Use one of: {allowed}.")


def _norm(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", short_label(text).lower())


def parse_refs(raw: Any) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[,;]", str(raw)) if p.strip())


def parse_milestones(raw: Any) -> tuple[Milestone, ...]:
    out = []
    for part in (p.strip() for p in str(raw).split(";") if p.strip()):
        when, sep, value = part.partition("=")
        if not sep:
            raise Bad(f"Cannot read the milestone {part!r}",
                      "Write milestones as date=value; date=value, e.g. 2026-03-31=20.")
        out.append(Milestone(parse_date(when.strip()), parse_number(value.strip())))
    return tuple(sorted(out, key=lambda m: m.on))
