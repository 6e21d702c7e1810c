"""Reading CSV files into a `RawSheet`.

Two passes, both fast: Python's csv module walks the records once to find ragged rows with
their exact spreadsheet row numbers (it counts records, not lines, so a quoted cell that spans
lines does not shift the numbering); polars then builds the frame of text cells. If the two
disagree about the number of records (an odd file), the frame is built from the csv module's
records instead, which is slower but exact.

A double quote that opens a value and is never closed swallows the rest of the file into that
one value. The csv module does not complain (or, in a big file, only says a field is too
long), so the first pass notes its last record and the error it stopped on, and only then, at
no cost to a good file, `_runaway` finds the row, line and field where the quote opened.
Two stray quotes a few lines apart make a valid CSV file whose rows between them are one
value: the first pass notices a value that spans lines and takes in a line with a whole row's
separators (no ledger value holds such a thing), and the file is refused the same way.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import polars as pl

from workforce.imports.sheets import (
    ROW,
    RawSheet,
    Source,
    column_letter,
    frame_from_columns,
    position,
    tidy,
)
from workforce.imports.sniff import (
    SEPARATORS,
    UTF8_BOM,
    NotUtf8,
    decode,
    describe_byte,
    first_record,
    guess_separator,
    where_in_text,
)

SAVE_AS_UTF8 = ('In Excel choose File > Save As and pick "CSV UTF-8 (Comma delimited)"; '
                "in other programs choose UTF-8 as the encoding.")
STRAY_QUOTE = ('Check for a stray " character at the start of that value. A value that really '
               'holds a double quote must itself be in double quotes, with the quote doubled '
               '("Jo ""JJ"" Smith").')


@dataclass
class Scan:
    """What one pass of the csv module found: the header, record count and ragged rows."""

    header: list[str]
    records: int = 0
    ragged: list[tuple[int, int]] = field(default_factory=list)
    last: list[str] = field(default_factory=list)
    """The last record read (the header if there are no rows)."""
    error: str | None = None
    """Why the csv module stopped, if it did; `records` is then the last row it read."""
    swallowed: int | None = None
    """The first row whose quoted value takes in a later line that looks like a whole row of
    its own (a stray quote closed by another a few lines on), if any."""


@dataclass(frozen=True)
class Quote:
    """A double quote that opens a value at `offset` in the text, in field `index` (0-based)
    of its record, closing at `closed` (None if it never does)."""

    index: int
    offset: int
    closed: int | None


def read_csv(source: Source, data: bytes) -> None:
    """Read CSV bytes into `source` as one sheet, or record why they can't be read."""
    try:
        decoded = decode(data)
    except NotUtf8 as exc:
        _not_utf8(source, data, exc)
        return
    if decoded.warning:
        source.warn(decoded.warning)
    text = decoded.text
    if not text.strip():
        source.fail("the file is empty", "Export the data again with a header row and rows.")
        return
    separator = guess_separator(text)
    if separator != ",":
        source.warn(f"columns are separated by {SEPARATORS[separator]}, not commas (Excel "
                    "does this in some European settings); the file was read, but check "
                    "that numbers use a full stop for decimals")
    scan = _scan(text, separator)
    if _runaway(source, text, separator, scan):
        return
    if scan.error is not None and _too_long(source, text, separator, scan):
        return
    if scan.error is not None:
        source.fail(f"could not be read as CSV ({scan.error})",
                    "Save it again from Excel as CSV UTF-8 and check for unmatched quotes.",
                    row=scan.records + 1)
        return
    payload = data[len(UTF8_BOM):] if data.startswith(UTF8_BOM) else data
    if decoded.warning:
        payload = text.encode("utf-8")
    frame = _frame(payload, text, separator, scan)
    sheet = RawSheet(source.name, None, [h.strip() for h in scan.header], frame)
    _report_ragged(sheet, scan)
    source.sheets.append(sheet)


def _scan(text: str, separator: str) -> Scan:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    scan = Scan([], 0)
    try:
        record = scan.header = next(reader, [])
        scan.records = 1
        width = len(scan.header)
        extra = reader.line_num - 1  # lines read beyond one a record
        for row, record in enumerate(reader, start=2):
            scan.records = row
            if reader.line_num - row != extra:  # rare: a value of this record spans lines
                extra = reader.line_num - row
                if scan.swallowed is None and _holds_a_row(record, separator, width):
                    scan.swallowed = row
            count = len(record)
            if count == width or not count:
                continue
            spare = record[width:] if count > width else record
            if any(cell.strip() for cell in spare):
                scan.ragged.append((row, count))
    except csv.Error as exc:
        scan.error = str(exc)
        return scan
    scan.last = record
    return scan


def _holds_a_row(record: list[str], separator: str, width: int) -> bool:
    """Whether a value of `record` that spans lines is what a stray quote makes when another
    closes it on a later line in the same column (a file the csv module reads without
    complaint; closed in another column, the row has too many or too few fields, which is
    reported too). Opened in column k, such a value's first line holds the rest of its row
    (width-1-k separators), its last line the next row up to column k (k separators) and any
    line between a whole row (width-1). A line break in a name or title is kept, and so is
    a note over lines with a few commas."""
    if width <= 2 or len(record) != width:
        return False
    for k, cell in enumerate(record):
        if "\n" not in cell and "\r" not in cell:
            continue
        lines = _LINE_BREAK.split(cell)
        if (lines[0].count(separator) >= width - 1 - k and lines[-1].count(separator) >= k) \
                or any(line.count(separator) >= width - 1 for line in lines[1:-1]):
            return True
    return False


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as the csv module counts lines


def _runaway(source: Source, text: str, separator: str, scan: Scan) -> bool:
    """Refuse the file, naming row, line and field, if a double quote swallowed the rest of
    it (or, when the csv module gave up on a too-long value, a stray pair of quotes swallowed
    many lines). Returns whether it did."""
    start: int | None
    if scan.error is not None or scan.swallowed is not None:
        row = scan.records + 1 if scan.swallowed is None else scan.swallowed
        start = _record_start(text, separator, row)
        quote = _open_quote(text, start, separator, closed_too=True)
    else:
        row = scan.records
        start = _last_record_start(text, separator, scan)
        quote = None if start is None else _open_quote(text, start, separator)
    if quote is None:
        return False
    line = _line_of(text, quote.offset)
    if row == 1:
        where, column = f"the header row, at column {column_letter(quote.index)},", None
    elif quote.index < len(scan.header) and scan.header[quote.index].strip():
        column = scan.header[quote.index].strip()
        where = f"field '{column}'"
    else:
        where, column = f"column {column_letter(quote.index)}", None
    on_line = "" if line == row else f" (line {line:,} of the file)"
    if quote.closed is None:
        message = (f"a double quote opened in {where}{on_line} is never closed, so the rest "
                   "of the file would be read as one value")
        hint = STRAY_QUOTE
    else:
        until = _line_of(text, quote.closed)
        message = (f"a double quote opened in {where}{on_line} is not closed until line "
                   f"{until:,}, so {until - line + 1:,} lines would be read as one value")
        hint = STRAY_QUOTE.replace("that value.", f"that value and on line {until:,}.")
        if scan.error is None:  # a file the csv module read: the value may be meant
            hint += (" If the value really runs over those lines, take its line breaks out "
                     "(or, if its column is not needed, the column).")
    value = re.split(r"[\r\n]", text[quote.offset:quote.offset + 60], maxsplit=1)[0]
    source.fail(message, hint, row=row, column=column, value=value)
    return True


def _too_long(source: Source, text: str, separator: str, scan: Scan) -> bool:
    """Refuse the file, naming row, column and value, if the csv module stopped on a value
    longer than it reads (and no stray quote made it so: `_runaway` looks first). Returns
    whether it did."""
    if "field larger than field limit" not in (scan.error or ""):
        return False
    limit = csv.field_size_limit()
    row = scan.records + 1
    found = _long_field(text, _record_start(text, separator, row), separator, limit)
    if found is None:
        return False
    index, offset, length = found
    if index < len(scan.header) and scan.header[index].strip():
        column = scan.header[index].strip()
        where = f"the value in column {column}"
    else:
        column, where = None, f"the value in column {column_letter(index)}"
    value = text[offset:offset + 60].lstrip('"')
    source.fail(f"{where} is {length:,} characters long: more than the {limit:,} characters "
                "a value may have, and far more than any column of the ledger holds",
                "Check that cell: it probably holds pasted text or many values run together. "
                "Shorten it or clear it, and import the file again.",
                row=row, column=column, value=value)
    return True


def _long_field(text: str, start: int, separator: str,
                limit: int) -> tuple[int, int, int] | None:
    """The first value of the record at `start` longer than `limit` characters, as (field
    index, offset, length), reading quotes as the csv module does; None if there is none."""
    ends = re.compile(f"[{re.escape(separator)}\r\n]")
    at, index = start, 0
    while True:
        begin, length = at, 0
        if text.startswith('"', at):
            closed = at + 1
            while True:
                closed = text.find('"', closed)
                if closed < 0:
                    return None  # an open quote: `_runaway` reports it
                if not text.startswith('"', closed + 1):
                    break
                closed += 2
            length = closed - at - 1 - text.count('""', at + 1, closed)
            at = closed + 1
        end = ends.search(text, at)
        stop = len(text) if end is None else end.start()
        length += stop - at
        if length > limit:
            return index, begin, length
        if end is None or end.group() != separator:
            return None
        index += 1
        at = end.end()


def _last_record_start(text: str, separator: str, scan: Scan) -> int | None:
    """Where the last record starts, if it may end in an open quote (else None).

    An open quote takes in everything to the end, so it is the last field of the last record,
    and holds the file's final line break if it has one. Good files end with a line break
    outside any value, so this costs them nothing.
    """
    last = scan.last
    if not last:
        return None
    if "\n" in last[-1] or "\r" in last[-1]:
        return _record_start(text, separator, scan.records)
    if text.endswith(("\n", "\r")):
        return None
    line_start = max(text.rfind("\n"), text.rfind("\r")) + 1
    if text.find('"', line_start) < 0:
        return None
    if any("\n" in cell or "\r" in cell for cell in last):
        return _record_start(text, separator, scan.records)
    return line_start


def _record_start(text: str, separator: str, row: int) -> int:
    """Offset in `text` of the start of record `row` (the header is row 1): the csv module
    reads whole lines, so after row - 1 records it has read exactly the lines before it."""
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        for line in io.StringIO(text, newline=""):
            consumed += len(line)
            yield line

    reader = csv.reader(lines(), delimiter=separator)
    for _ in range(row - 1):
        next(reader, None)
    return consumed


def _open_quote(text: str, start: int, separator: str, closed_too: bool = False) -> Quote | None:
    """The quoted value in the record at `start` that is never closed, as the csv module
    reads it (a quote opens a value only at its start; "" inside is a quote; after the closing
    quote the value runs on to the separator). With `closed_too`, failing that, the longest
    quoted value that spans lines: the csv module stopped on a value too long to be real."""
    ends = re.compile(f"[{re.escape(separator)}\r\n]")
    at, index, longest, length = start, 0, None, 0
    while True:
        if text.startswith('"', at):
            closed = at + 1
            while True:
                closed = text.find('"', closed)
                if closed < 0:
                    return Quote(index, at, None)
                if not text.startswith('"', closed + 1):
                    break
                closed += 2
            if (closed_too and closed - at > length
                    and (text.find("\n", at, closed) >= 0 or text.find("\r", at, closed) >= 0)):
                longest, length = Quote(index, at, closed), closed - at
            at = closed + 1
        end = ends.search(text, at)
        if end is None or end.group() != separator:
            return longest
        index += 1
        at = end.end()


def _line_of(text: str, offset: int) -> int:
    """The line number (from 1) of `offset`, counting CR LF, CR and LF as one line break
    each, as the csv module does."""
    return (text.count("\n", 0, offset) + text.count("\r", 0, offset)
            - text.count("\r\n", 0, offset) + 1)


def _frame(payload: bytes, text: str, separator: str, scan: Scan) -> pl.DataFrame:
    width = len(scan.header)
    try:
        frame = pl.read_csv(
            io.BytesIO(payload), has_header=False, separator=separator,
            schema={position(i): pl.String for i in range(width)}, infer_schema=False,
            truncate_ragged_lines=True, raise_if_empty=False, quote_char='"')
    except Exception:  # noqa: BLE001 - any polars failure falls back to the exact reader
        frame = None
    if frame is None or frame.height != scan.records:
        return _frame_by_records(text, separator, scan)
    frame = frame.with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW))
    ragged = [row for row, _ in scan.ragged]
    return tidy(frame.filter((pl.col(ROW) > 1) & ~pl.col(ROW).is_in(ragged)))


def _frame_by_records(text: str, separator: str, scan: Scan) -> pl.DataFrame:
    width = len(scan.header)
    ragged = {row for row, _ in scan.ragged}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    next(reader, None)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    rows: list[int] = []
    for row, record in enumerate(reader, start=2):
        if row in ragged or not record:
            continue
        record = (record + [""] * width)[:width]
        for col, cell in zip(columns, record, strict=True):
            col.append(cell)
        rows.append(row)
    return frame_from_columns(columns, rows)


def _report_ragged(sheet: RawSheet, scan: Scan) -> None:
    width = len(scan.header)
    for row, count in scan.ragged:
        sheet.problems.add(
            row, None, None,
            f"the row has {count} fields but the header has {width}",
            "Check for a missing or extra separator, or a comma inside a value that is not "
            'in double quotes ("Smith, Jo").')


def _not_utf8(source: Source, data: bytes, exc: NotUtf8) -> None:
    prefix = data[:exc.offset].decode("utf-8", errors="replace")
    if prefix.startswith("\ufeff"):
        prefix = prefix[1:]
    separator = guess_separator(prefix) if prefix else ","
    row, field_index = where_in_text(prefix, separator)
    header = first_record(prefix, separator)
    column = header[field_index].strip() if row > 1 and field_index < len(header) else None
    source.fail(
        f"the file is not UTF-8 text: byte {describe_byte(exc.byte)} cannot be read "
        "(the first such byte; probably saved as Windows-1252 or another older encoding)",
        SAVE_AS_UTF8, row=row, column=column)
