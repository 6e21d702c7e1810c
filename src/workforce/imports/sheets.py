"""The raw shape every reader produces: a header and a frame of text cells with row numbers.

Readers (CSV, XLSX) know nothing about ledger tables. They hand back `RawSheet`s whose cells
are all strings, stripped, with empty cells as nulls, in columns named by position (`c0`,
`c1`...) beside `_row`, the spreadsheet row number. Validation then matches the header to a
table and checks and casts column by column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from workforce.imports.errors import Problems

ROW = "_row"
"""Name of the spreadsheet row number column in raw and checked frames."""

Progress = Callable[[int, int], None]


@dataclass
class RawSheet:
    """One block of rows under one header: a CSV file or one worksheet of a workbook."""

    file: str
    sheet: str | None
    header: list[str]
    frame: pl.DataFrame
    problems: Problems = field(default_factory=Problems)
    warnings: list[str] = field(default_factory=list)
    percent: dict[int, dict[int, str]] = field(default_factory=dict)
    """Number cells of a workbook formatted as percentages, by column position and row: the
    number as Excel shows it (0.644 shown 64.4% is "64.4"). The frame holds the number
    itself; a column of percentages (`Column.percent`) reads this instead."""

    @property
    def label(self) -> str:
        return self.file if self.sheet is None else f"{self.file}, sheet {self.sheet}"

    def warn(self, text: str) -> None:
        self.warnings.append(f"{self.label}: {text}")


@dataclass
class Source:
    """A file as read: its kind, its sheets, and problems with the file as a whole."""

    path: Path
    kind: str = "unknown"
    sheets: list[RawSheet] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    warnings: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    """Worksheets that were not read because they are hidden in the workbook."""

    @property
    def name(self) -> str:
        return self.path.name

    def fail(self, message: str, hint: str = "", row: int | None = None,
             column: str | None = None, value: str | None = None) -> None:
        self.problems.add(row, column, value, message, hint)

    def warn(self, text: str) -> None:
        self.warnings.append(f"{self.name}: {text}")


def position(index: int) -> str:
    """Name of the raw column at `index` (0-based)."""
    return f"c{index}"


def column_letter(index: int) -> str:
    """Spreadsheet letter of the column at `index` (0-based): 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Strip every text cell, make empty cells null and drop rows that are wholly empty."""
    cells = [c for c in frame.columns if c != ROW]
    if not cells:
        return frame
    stripped = [pl.col(c).str.strip_chars() for c in cells]
    frame = frame.with_columns(
        pl.when(s.str.len_bytes() == 0).then(None).otherwise(s).alias(c)
        for s, c in zip(stripped, cells, strict=True))
    return frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells))


def frame_from_columns(columns: list[list[str | None]], rows: list[int]) -> pl.DataFrame:
    """A raw frame from lists of cells (one list per column) and their row numbers."""
    data: dict[str, pl.Series] = {
        position(i): pl.Series(position(i), col, dtype=pl.String)
        for i, col in enumerate(columns)}
    data[ROW] = pl.Series(ROW, rows, dtype=pl.Int64)
    return tidy(pl.DataFrame(data))


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str) -> str:
    """A header or file name as an identifier: "Staff ID " -> "staff_id", "FTE*" -> "fte"."""
    return _NOT_WORD.sub("_", text.strip().lower()).strip("_")
