"""Writing a ledger as files that import back unchanged: a folder of CSVs, or one workbook.

Both write the declared columns in order, rows sorted by organisation and natural key, dates
as ISO yyyy-mm-dd and booleans as true/false, so that exporting a ledger and importing the
files gives the same ledger.
"""

from __future__ import annotations

import errno
import math
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from workforce.imports.errors import ImportResult
from workforce.imports.validate import natural_key
from workforce.ledger.frames import Ledger, conform
from workforce.ledger.tables import TABLES, Table
from workforce.spreadsheet import workbook

EMPTY_SHEET = "README"
CONSTANT_MEMORY_CELLS = 2_000_000
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
"""Modes of the files and folders an export makes: they hold person-level data (names, SWE
numbers, dates of birth), so only their owner may read them, whatever the umask."""


def private_folder(folder: str | Path) -> list[Path]:
    """Make `folder`, and any folder above it that is missing, readable by their owner only
    (`PRIVATE_FOLDER`); return the folders made, outermost first. Folders that exist are
    left as they are (they are the user's); NotADirectoryError when `folder` is a file."""
    missing = []
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    while not path.exists() and not path.is_symlink() and path != path.parent:
        missing.append(path)
        path = path.parent
    for path in reversed(missing):
        path.mkdir(mode=PRIVATE_FOLDER)
        path.chmod(PRIVATE_FOLDER)  # whatever the umask
    return missing[::-1]


def private_file(path: str | Path) -> bool:
    """Make `path` a file only its owner can read or write (`PRIVATE_FILE`), created empty
    when it does not exist (its contents are kept when it does), so that a writer opening it
    by name afterwards, which keeps the mode, writes where no one else can read; True when
    it was created. A file that exists but is not ours to change keeps its mode."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        created = True
    except FileExistsError:
        fd = os.open(path, os.O_WRONLY)
        created = False
    try:
        if hasattr(os, "fchmod"):
            try:
                os.fchmod(fd, PRIVATE_FILE)
            except PermissionError:
                if created:
                    raise
    finally:
        os.close(fd)
    return created


def export_frame(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """A table's frame as exported: declared columns and types, sorted by natural key."""
    return conform(name, frame).sort(natural_key(TABLES[name]), nulls_last=True,
                                     maintain_order=True)


def write_csv_folder(ledger: Ledger, directory: str | Path) -> list[Path]:
    """Write one `<table>.csv` per non-empty table into `directory`; return the paths.

    Files are UTF-8 without a byte-order mark, with ISO dates, true/false booleans and empty
    cells for missing values. They hold person-level data, so each is readable by its owner
    only (0600), as are the folders made for them (0700).
    """
    folder = Path(directory)
    private_folder(folder)
    written = []
    for name in TABLES:
        frame = ledger[name]
        if frame.height:
            path = folder / f"{name}.csv"
            private_file(path)
            export_frame(name, frame).write_csv(path, date_format="%Y-%m-%d")
            written.append(path)
    return written


def write_xlsx(ledger: Ledger, path: str | Path) -> Path:
    """Write the ledger as one workbook, a sheet per non-empty table named after it.

    Dates are real Excel dates, booleans real TRUE/FALSE, and text is always written as text
    (so a value can never become a formula). A ledger with no rows gives a README sheet. The
    workbook holds person-level data, so it is readable by its owner only (0600).
    """
    path = Path(path)
    private_file(path)
    cells = sum(ledger[name].height * len(t.columns) for name, t in TABLES.items())
    # Shared strings (as Excel writes) read back several times faster than the inline
    # strings of constant-memory mode, which is kept for exports too big to hold in memory.
    book = workbook(path, {"constant_memory": cells > CONSTANT_MEMORY_CELLS})
    try:
        formats = {"header": book.add_format({"bold": True}),
                   "date": book.add_format({"num_format": "yyyy-mm-dd"})}
        names = [name for name in TABLES if ledger[name].height]
        for name in names:
            _write_sheet(book, TABLES[name], export_frame(name, ledger[name]), formats)
        if not names:
            book.add_worksheet(EMPTY_SHEET).write_string(0, 0, "The ledger has no rows.")
    finally:
        book.close()
    return path


def _write_sheet(book: Any, t: Table, frame: pl.DataFrame, formats: dict) -> None:
    sheet = book.add_worksheet(t.name)
    sheet.freeze_panes(1, 0)
    for i, col in enumerate(t.columns):
        sheet.set_column(i, i, 12 if col.kind == "date" else max(len(col.name) + 2, 10))
        sheet.write_string(0, i, col.name, formats["header"])
    writers = [_WRITERS[col.kind] for col in t.columns]
    for r, values in enumerate(frame.iter_rows(), start=1):
        for i, value in enumerate(values):
            if value is not None:
                writers[i](sheet, r, i, value, formats)


def _number(sheet: Any, row: int, col: int, value: float, formats: dict) -> None:
    if math.isfinite(value):
        sheet.write_number(row, col, value)


def _date(sheet: Any, row: int, col: int, value: date, formats: dict) -> None:
    sheet.write_datetime(row, col, value, formats["date"])


_WRITERS = {
    "str": lambda sheet, row, col, value, formats: sheet.write_string(row, col, value),
    "code": lambda sheet, row, col, value, formats: sheet.write_string(row, col, value),
    "int": _number,
    "float": _number,
    "date": _date,
    "bool": lambda sheet, row, col, value, formats: sheet.write_boolean(row, col, value),
}


def ledger_from(results: Iterable[ImportResult], base: Ledger | None = None) -> Ledger:
    """The ledger made by storing every result's tables on `base` (empty by default).

    Rows replace rows with the same organisation and key, as the database store does; later
    results win. Results with errors are skipped, as the store skips them.
    """
    frames = dict((base or Ledger()).frames)
    for result in results:
        if result.errors:
            continue
        for name, frame in result.tables.items():
            key = natural_key(TABLES[name])
            frames[name] = pl.concat([frames[name].join(frame, on=key, how="anti"),
                                      conform(name, frame)])
    return Ledger(frames)
