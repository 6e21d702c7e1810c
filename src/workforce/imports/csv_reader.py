"""Reading CSV files into a `RawSheet`.

Two passes, both fast: Python's csv module walks the records once to find ragged rows with
their exact spreadsheet row numbers (it counts records, not lines, so a quoted cell that spans
lines does not shift the numbering); polars then builds the frame of text cells. If the two
disagree about the number of records (an odd file), the frame is built from the csv module's
records instead, which is slower but exact.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import polars as pl

from workforce.imports.sheets import ROW, RawSheet, Source, frame_from_columns, position, tidy
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


@dataclass
class Scan:
    """What one pass of the csv module found: the header, record count and ragged rows."""

    header: list[str]
    records: int = 0
    ragged: list[tuple[int, int]] = field(default_factory=list)


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
    try:
        scan = _scan(text, separator)
    except csv.Error as exc:
        source.fail(f"could not be read as CSV ({exc})",
                    "Save it again from Excel as CSV UTF-8 and check for unmatched quotes.")
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
    scan = Scan(next(reader, []), 1)
    width = len(scan.header)
    for row, record in enumerate(reader, start=2):
        scan.records = row
        count = len(record)
        if count == width or not count:
            continue
        spare = record[width:] if count > width else record
        if any(cell.strip() for cell in spare):
            scan.ragged.append((row, count))
    return scan


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
