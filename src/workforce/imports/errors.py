"""Problems found in import files, and the result of reading one file.

Checks run on whole columns at once, so they report failures as polars frames (one row per
failing cell, `PROBLEM_SCHEMA`). `Problems` gathers those frames for one sheet; only when the
result is handed back are they turned into `ImportProblem` records, grouped (the same message
on many rows is one problem naming the other rows) and capped, so a hopeless file of 200,000
bad rows costs no more to report than a good one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

MAX_PROBLEMS = 200
"""Problems listed per file; the rest are counted in `ImportResult.hidden_errors`."""

ROWS_NAMED = 5
"""How many further rows a grouped problem names before giving a count."""

VALUE_SHOWN = 60
"""Characters of a cell value shown beside its problem (a page's table of problems); a
longer value is cut, saying how long it is, as messages quote it (`quoted`)."""

PROBLEM_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "column": pl.String(),
    "value": pl.String(),
    "message": pl.String(),
    "hint": pl.String(),
}


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an import file: where it is, what was wrong and what to do.

    `row` is the spreadsheet row number (the header is row 1, the first data row is row 2);
    it is None for problems with the whole file. `sheet` is None for CSV files. When the same
    message applies to many rows, `row` is the first and `also` names a few more, with
    `also_count` the number of further rows in all.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message: str
    hint: str = ""
    also: tuple[int, ...] = ()
    also_count: int = 0

    @property
    def shown_value(self) -> str | None:
        """`value` short enough to show beside the problem: a long one is cut, saying how
        long it was ("Ann Annabel Ann… (5,000 characters)")."""
        return shortened(self.value)

    @property
    def where(self) -> str:
        text = self.file if self.sheet is None else f"{self.file}, sheet {self.sheet}"
        if self.row is not None:
            text += "," if self.sheet is not None else ""
            text += f" row {self.row}"
        return f"{text}, column {self.column}" if self.column else text

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.also_count:
            rows = ", ".join(str(r) for r in self.also)
            rest = self.also_count - len(self.also)
            more = f" and {rest:,} more" if rest else ""
            text += f" (also row{'s' if self.also_count > 1 else ''} {rows}{more})"
        text += "."
        return f"{text} {self.hint}" if self.hint else text


@dataclass
class ImportResult:
    """What reading one file gave: its tables, the problems that stop it, and warnings.

    `tables` maps table name to a frame with that table's declared schema, holding the rows
    that passed every check. Store them only when no file of the batch has `errors`: imports
    are all-or-nothing per batch. `hidden_errors` counts problems beyond the listed ones.
    `columns` names, per table, the columns the file has; the other columns of `tables` are
    nulls the file did not give, so a store takes `given_tables()`, which leaves them out.
    `rows` gives, per table, the spreadsheet row of each row of `tables` (in its order) and
    `sheets` the sheet it is on (None in a CSV file), so that a row refused when stored can
    be named (`place`). `organisations` names the organisations the file's rows give
    (their codes, in order), rows with problems as well: whose stored ledger the file was
    checked against, so whose imports it must wait for (`workforce import`).
    """

    path: Path
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hidden_errors: int = 0
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rows: dict[str, pl.Series] = field(default_factory=dict)
    sheets: dict[str, str | None] = field(default_factory=dict)
    organisations: tuple[str, ...] = ()

    def place(self, table: str, key: dict[str, object]) -> tuple[str | None, int | None]:
        """The sheet and row of the file giving `table`'s row whose columns have the values
        of `key` (its natural key); the row is None when no row of the file has them."""
        frame = self.tables.get(table)
        if frame is None or table not in self.rows or not set(key) <= set(frame.columns):
            return None, None
        found = frame.select(pl.all_horizontal(
            pl.col(c).eq_missing(pl.lit(v, dtype=frame.schema[c])) for c, v in key.items()))
        index = found.to_series().arg_true()
        row = int(self.rows[table][index[0]]) if len(index) else None
        return self.sheets.get(table), row

    def given_tables(self) -> dict[str, pl.DataFrame]:
        """`tables` with only the columns the file has: what a store should write, so that a
        file leaving out optional columns does not blank their stored values."""
        return {name: frame.select(c for c in frame.columns if c in self.columns.get(name, ()))
                for name, frame in self.tables.items()}

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def row_count(self) -> int:
        return sum(frame.height for frame in self.tables.values())


class Problems:
    """The problems found in one sheet (or in a whole file), as frames of failing cells."""

    def __init__(self) -> None:
        self._frames: list[pl.DataFrame] = []

    def add_frame(self, frame: pl.DataFrame) -> None:
        """Add failing cells: a frame with (at least) the columns of `PROBLEM_SCHEMA`."""
        if frame.height:
            self._frames.append(frame.select(
                pl.col(name).cast(dtype) for name, dtype in PROBLEM_SCHEMA.items()))

    def add(self, row: int | None, column: str | None, value: str | None, message: str,
            hint: str = "") -> None:
        """Add one problem."""
        self.add_frame(pl.DataFrame([{"row": row, "column": column, "value": value,
                                      "message": message, "hint": hint}],
                                    schema=PROBLEM_SCHEMA))

    def extend(self, other: Problems) -> None:
        self._frames.extend(other._frames)

    def __bool__(self) -> bool:
        return bool(self._frames)

    def frame(self) -> pl.DataFrame:
        if not self._frames:
            return pl.DataFrame(schema=PROBLEM_SCHEMA)
        return pl.concat(self._frames)

    def bad_rows(self) -> pl.Series:
        """Row numbers with at least one problem."""
        return self.frame()["row"].drop_nulls().unique()


def grouped(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per distinct (column, message), at its first row, with the other rows listed.

    Problems keep the order they were found in (file-wide problems first, then by row).
    """
    frame = frame.with_row_index("_found").sort(["row", "_found"], nulls_last=False)
    return frame.group_by(["column", "message"], maintain_order=True).agg(
        pl.col("row").first(),
        pl.col("value").first(),
        pl.col("hint").first(),
        pl.col("row").slice(1, ROWS_NAMED).alias("also"),
        (pl.len() - 1).alias("also_count"),
    )


def materialise(file: str, parts: list[tuple[str | None, Problems]],
                limit: int = MAX_PROBLEMS) -> tuple[list[ImportProblem], int]:
    """Turn the problems of a file's sheets into at most `limit` records (plus a summary).

    Returns the records and the number of problems left out.
    """
    out: list[ImportProblem] = []
    total = 0
    for sheet, problems in parts:
        found = grouped(problems.frame())
        total += found.height
        for rec in found.head(max(limit - len(out), 0)).iter_rows(named=True):
            out.append(ImportProblem(
                file, sheet, rec["row"], rec["column"], rec["value"], rec["message"],
                rec["hint"] or "", tuple(rec["also"]), rec["also_count"]))
    hidden = total - len(out)
    if hidden:
        out.append(ImportProblem(file, None, None, None, None,
                                 f"{hidden:,} more problems are not listed",
                                 "Fix the problems above and import the file again."))
    return out, hidden


def shortened(text: str | None, width: int = VALUE_SHOWN) -> str | None:
    """`text` cut to `width` characters, saying how long it was; short text as it is."""
    if text is None or len(text) <= width:
        return text
    return f"{text[:width - 1]}… ({len(text):,} characters)"


def quoted(expr: pl.Expr, width: int = 60) -> pl.Expr:
    """A cell value in double quotes, on one line and shortened, for messages."""
    expr = expr.str.replace_all(r"\s*[\r\n]+\s*", " ")
    short = pl.when(expr.str.len_chars() > width).then(
        pl.concat_str([expr.str.slice(0, width - 1), pl.lit("…")])).otherwise(expr)
    return pl.concat_str([pl.lit('"'), short, pl.lit('"')])


def say(expr: pl.Expr, text: str) -> pl.Expr:
    """A message that starts with the quoted cell value: `"1.5" is above the maximum 1`."""
    return pl.concat_str([quoted(expr), pl.lit(" " + text)])
