"""Reading Excel workbooks (.xlsx) into `RawSheet`s, one per worksheet.

openpyxl's read-only mode streams rows, so a large workbook never sits in memory as cell
objects. It reads formulas as their text; only when a sheet has any cell starting "=" is the
workbook streamed a second time for the values Excel saved, so that a formula with a saved
value is used and one without is reported by cell. Merged cells are not visible in read-only
mode; they are listed at the end of the sheet's XML, which is scanned for them directly.

Hidden worksheets are not read (the import takes what the person can see); `detect` says
which were left out. A number formatted as a percentage (0.644 shown 64.4%) is kept as the
number, and as Excel shows it in `RawSheet.percent`, for columns of percentages; cells' formats
are only looked at when the workbook has a percentage format at all.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeGuard

import openpyxl
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

from workforce.imports.sheets import (
    Progress,
    RawSheet,
    Source,
    column_letter,
    frame_from_columns,
    normalise_name,
)
from workforce.imports.sniff import not_a_workbook

IGNORED_SHEETS = {"notes", "readme", "read_me", "lists", "codes", "instructions", "guidance"}
"""Sheets that explain a workbook rather than hold rows (templates add Notes and Lists)."""

PROGRESS_EVERY = 2000
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")
_END_OF_DATA = re.compile(rb"</(?:\w+:)?sheetData>")
_FORMULA = object()


MAX_UNZIPPED = 1 << 30
"""Bytes a workbook may unpack to (1 GiB: some 2 million rows of 20 columns); more is refused
before reading, so that a small crafted file cannot take the server's memory."""
MAX_RATIO = 150
"""How many times its packed size a workbook over `RATIO_FROM` may unpack to: Excel's own
files pack about 5-20 times; a file packed hundreds of times is a decompression bomb."""
RATIO_FROM = 50 << 20


def too_large(data: bytes) -> str | None:
    """Why the workbook `data` would unpack to too much to read safely, or None. Read from
    the sizes its zip directory declares (Python's zip reader never unpacks more than them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except Exception:  # noqa: BLE001 - not a zip it can read: openpyxl says it cannot open it
        return None
    if unpacked > MAX_UNZIPPED:
        return (f"unpacks to {unpacked / 2**20:,.0f} MB, more than the {MAX_UNZIPPED >> 20:,} "
                "MB a workbook may hold")
    if unpacked > RATIO_FROM and unpacked > MAX_RATIO * max(len(data), 1):
        return (f"unpacks to {unpacked / 2**20:,.0f} MB from {len(data) / 2**20:,.1f} MB, far "
                "more than a workbook saved by Excel does")
    return None


def read_xlsx(source: Source, data: bytes, progress: Progress | None = None) -> None:
    """Read every worksheet of the workbook `data` except notes sheets."""
    if why := too_large(data):
        source.fail(f"was not read: it {why}",
                    "Save the data as CSV files (one per table), or split the workbook.")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception:  # noqa: BLE001 - any failure to open is a bad file
            source.fail(f"could not be opened as an Excel workbook{not_a_workbook(data)}",
                        "Open it in Excel and save it again as an Excel Workbook (.xlsx).")
            return
        try:
            _read_book(source, data, book, progress)
        except Exception as exc:  # noqa: BLE001 - a damaged sheet must not be a traceback
            source.fail(f"could not be read as an Excel workbook ({type(exc).__name__}: {exc})",
                        "Open it in Excel and save it again as an Excel Workbook (.xlsx).")
        finally:
            book.close()


def estimate_rows(data: bytes) -> int:
    """Data rows the workbook claims to hold (from each sheet's stated size), for progress."""
    if too_large(data):
        return 0  # the real read refuses it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        except Exception:  # noqa: BLE001 - the real read reports it
            return 0
        try:
            return sum(max((ws.max_row or 1) - 1, 0) for ws in book.worksheets
                       if ws.sheet_state == "visible")
        finally:
            book.close()


def _read_book(source: Source, data: bytes, book: Any, progress: Progress | None) -> None:
    done = [0]
    percent = _has_percent_formats(book)
    for ws in book.worksheets:
        if normalise_name(ws.title) in IGNORED_SHEETS:
            continue
        if ws.sheet_state != "visible":  # hidden or very hidden: detect warns about it
            source.hidden.append(ws.title)
            continue
        sheet = _read_sheet(source, data, ws, done, progress, percent)
        if sheet is not None:
            _check_merged(sheet, book, ws)
            source.sheets.append(sheet)


@dataclass
class _Block:
    """The cells under a header, gathered column by column as rows stream past."""

    width: int
    columns: list[list[Any]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    formulas: list[tuple[int, int, Any]] = field(default_factory=list)
    stray: int = 0
    percent: dict[int, dict[int, str]] = field(default_factory=dict)
    """Percentage-formatted numbers: column -> row -> the number as shown (see RawSheet)."""
    percent_formulas: set[tuple[int, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.columns = [[] for _ in range(self.width)]

    def add(self, number: int, values: tuple, percent: tuple[int, ...] = ()) -> None:
        """Add spreadsheet row `number`, unless it is empty. `percent` are the positions of
        cells formatted as percentages."""
        cells = [_text(v) for v in values[:self.width]]
        self.stray += any(_text(v) is not None for v in values[self.width:])
        cells += [None] * (self.width - len(cells))
        if all(cell is None for cell in cells):
            return
        for i, cell in enumerate(cells):
            if cell is _FORMULA or (cell is not None and cell.startswith("=")):
                self.formulas.append((number, i, values[i]))
                if i in percent:
                    self.percent_formulas.add((number, i))
        for i in percent:
            if i < self.width and _is_number(values[i]):
                self.percent.setdefault(i, {})[number] = hundredfold(values[i])
        for col, cell in zip(self.columns, cells, strict=True):
            col.append(cell)
        self.numbers.append(number)


def _is_number(value: Any) -> TypeGuard[int | float]:
    return type(value) in (int, float)


def hundredfold(value: float) -> str:
    """A fraction as the percentage Excel shows for it, exactly: 0.644 -> "64.4"."""
    return format((Decimal(repr(value)) * 100).normalize(), "f")


def _has_percent_formats(book: Any) -> bool:
    """Whether any cell style of the workbook has a percentage number format (true when the
    styles cannot be looked at)."""
    try:
        custom = book._number_formats
        ids = {style.numFmtId for style in book._cell_styles}
        return any("%" in (BUILTIN_FORMATS.get(i, "") if i < BUILTIN_FORMATS_MAX_SIZE
                           else custom[i - BUILTIN_FORMATS_MAX_SIZE]) for i in ids)
    except (AttributeError, IndexError, TypeError):
        return True


def _rows(ws: Any, percent: bool) -> Iterator[tuple[tuple, tuple[int, ...]]]:
    """Each row's values, with the positions of numbers (and formulas) formatted as
    percentages; cells and their formats are only made when `percent` says there may be
    some."""
    if not percent:
        for values in ws.iter_rows(min_row=1, values_only=True):
            yield values, ()
        return
    for cells in ws.iter_rows(min_row=1):
        values = tuple(cell.value for cell in cells)
        marked = tuple(i for i, (cell, value) in enumerate(zip(cells, values, strict=True))
                       if (_is_number(value) or (type(value) is str and value[:1] == "="))
                       and "%" in cell.number_format)
        yield values, marked


def _read_sheet(source: Source, data: bytes, ws: Any, done: list[int],
                progress: Progress | None, percent: bool = False) -> RawSheet | None:
    total = max((ws.max_row or 1) - 1, 1)
    ws.reset_dimensions()  # stated sizes are sometimes wrong; read every row there is
    rows = _rows(ws, percent)
    header = [_text(v) or "" for v in next(rows, ((), ()))[0]]
    while header and not header[-1]:
        header.pop()
    if not header:
        return None
    block = _Block(len(header))
    for number, (values, marked) in enumerate(rows, start=2):
        block.add(number, values, marked)
        if progress and number % PROGRESS_EVERY == 0:
            read = len(block.numbers)
            progress(done[0] + read, done[0] + max(total, read))
    done[0] += len(block.numbers)
    sheet = RawSheet(source.name, ws.title, header, frame_from_columns([], []))
    if block.stray:
        sheet.warn(f"{block.stray} rows have values to the right of the last heading; "
                   "those values were ignored")
    sheet.percent = block.percent
    if block.formulas:
        _resolve_formulas(sheet, data, ws.title, block)
    sheet.frame = frame_from_columns(block.columns, block.numbers)
    return sheet


def _text(value: Any) -> Any:
    """A cell value as import text: ISO dates, "true"/"false", whole numbers without ".0"."""
    if value is None:
        return None
    kind = type(value)
    if kind is str:
        return value.strip() or None
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if kind is datetime:
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if kind in (date, time, timedelta):
        return str(value)
    return _FORMULA  # array and data-table formulas come back as objects


def _resolve_formulas(sheet: RawSheet, data: bytes, title: str, block: _Block) -> None:
    """Use the values Excel saved for formula cells; report formulas that have none."""
    saved = _saved_values(data, title, {(row, col) for row, col, _ in block.formulas})
    index = {number: i for i, number in enumerate(block.numbers)}
    columns = block.columns
    used = 0
    for row, col, formula in block.formulas:
        value = saved.get((row, col))
        text = _text(value)
        if isinstance(formula, str) and text == formula.strip():
            continue  # text that merely starts with "=": validation reports it
        if text is None or text is _FORMULA:
            cell = f"{column_letter(col)}{row}"
            shown = formula if isinstance(formula, str) else "an array formula"
            sheet.problems.add(
                row, normalise_name(sheet.header[col]) or column_letter(col), str(shown)[:60],
                f"cell {cell} holds a formula with no saved value",
                "Open the workbook in Excel so it calculates, then save it; or copy the "
                "column and use Paste Special > Values.")
            columns[col][index[row]] = None
            continue
        columns[col][index[row]] = text
        if (row, col) in block.percent_formulas and _is_number(value):
            sheet.percent.setdefault(col, {})[row] = hundredfold(value)
        used += 1
    if used:
        sheet.warn(f"{used} cells hold formulas; the values Excel last saved were used")


def _saved_values(data: bytes, title: str, wanted: set[tuple[int, int]]) -> dict:
    last = max(row for row, _ in wanted)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws = book[title]
        ws.reset_dimensions()
        by_row: dict[int, list[int]] = {}
        for row, col in wanted:
            by_row.setdefault(row, []).append(col)
        found = {}
        for number, values in enumerate(ws.iter_rows(min_row=1, max_row=last,
                                                     values_only=True), start=1):
            for col in by_row.get(number, ()):
                found[(number, col)] = values[col] if col < len(values) else None
        return found
    finally:
        book.close()


def _check_merged(sheet: RawSheet, book: Any, ws: Any) -> None:
    ranges = _merged_ranges(book, ws)
    for first_col, first_row, last_col, last_row in ranges:
        cells = f"{first_col}{first_row}:{last_col}{last_row}"
        if first_row == 1:
            sheet.problems.add(
                1, None, None, f"the header cells {cells} are merged",
                "Unmerge them (Home > Merge & Center > Unmerge Cells) so that every column "
                "has its own heading in row 1.")
    data = [r for r in ranges if r[1] > 1]
    if data:
        listed = ", ".join(f"{a}{b}:{c}{d}" for a, b, c, d in data[:5])
        sheet.warn(f"cells {listed}{' ...' if len(data) > 5 else ''} are merged; only the "
                   "first cell of each merged range keeps its value")


def _merged_ranges(book: Any, ws: Any) -> list[tuple[str, int, str, int]]:
    """Merged ranges listed after the sheet's data, read from its XML in chunks."""
    archive, path = getattr(book, "_archive", None), getattr(ws, "_worksheet_path", None)
    if archive is None or path is None:
        return []
    tail = b""
    after: list[bytes] = []  # what follows the data, joined once (adding chunks is quadratic)
    kept = 0
    with archive.open(path) as stream:
        while chunk := stream.read(1 << 20):
            if after:
                if kept < MAX_TAIL:
                    after.append(chunk)
                    kept += len(chunk)
                continue
            window = tail[-64:] + chunk
            end = _END_OF_DATA.search(window)
            if end:
                after.append(window[end.end():])
                kept = len(after[0])
            else:
                tail = window[-64:]
    if not after:
        return []
    found = _MERGE.findall(b"".join(after))
    return [(a.decode(), int(b), c.decode(), int(d)) for a, b, c, d in found]


MAX_TAIL = 64 << 20
"""Bytes after a sheet's data searched for merged cells (Excel writes them there, a few
kilobytes; beyond this, padding is skipped rather than held)."""
