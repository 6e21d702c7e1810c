"""Checks on a DfE indicators file before it replaces the shipped one.

Each problem names the row (as a spreadsheet shows it: the header is row 1), the column, the
value and what to do, so a person can fix the file or fetch the right one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from workforce.benchmarks.indicators import CSWW_COLUMNS, HEADLINE_COLUMNS
from workforce.benchmarks.source import ID_COLUMNS, LEVELS, MARKERS, read_csv_text

MAX_LISTED = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file."""

    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else "",
                                      f"column {self.column}" if self.column else "",
                                      f"value {self.value!r}" if self.value is not None else "")
                          if p)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Checked:
    """The result of checking a file: its problems, the indicator columns it has, its years."""

    problems: tuple[Problem, ...]
    indicators: tuple[str, ...]
    years: tuple[int, ...]
    ignored: tuple[str, ...]  # columns that are neither identifiers nor known indicators

    @property
    def ok(self) -> bool:
        return not self.problems


def check_indicators(path: Path) -> Checked:
    """Check a DfE CSWW indicators CSV: identifier columns, the headline indicator columns,
    four-digit years, known geographic levels, numbers or DfE markers in every value cell, one
    national row per year and no duplicate rows."""
    try:
        raw = read_csv_text(Path(path))
    except (OSError, pl.exceptions.PolarsError) as exc:
        return Checked((Problem(f"cannot be read as a CSV file ({exc}); save it from DfE's "
                                "site as CSV and try again"),), (), (), ())
    missing = [c for c in (*ID_COLUMNS, *HEADLINE_COLUMNS) if c not in raw.columns]
    if missing:
        return Checked((Problem(f"missing column(s) {', '.join(missing)}: this does not look "
                                "like DfE's children's social work workforce indicators file "
                                "(data set '1. Indicators')"),), (), (), ())
    indicators = tuple(c for c in CSWW_COLUMNS if c in raw.columns)
    ignored = tuple(c for c in raw.columns
                    if c not in (*ID_COLUMNS, *CSWW_COLUMNS, "time_identifier", "country_name"))
    numbered = raw.with_row_index("_row", offset=2)
    problems = [*_bad_years(numbered), *_bad_levels(numbered), *_bad_cells(numbered, indicators),
                *_duplicates(numbered), *_national_rows(numbered)]
    years = sorted({int(y[:4]) for y in raw["time_period"].drop_nulls().to_list()
                    if y[:4].isdigit()})
    return Checked(tuple(problems[:MAX_LISTED]), indicators, tuple(years), ignored)


def _bad_years(raw: pl.DataFrame) -> list[Problem]:
    bad = raw.filter(~pl.col("time_period").fill_null("").str.contains(r"^\d{4}(\d{2})?$"))
    return [Problem("time_period must be a year such as 2025", r, "time_period", v)
            for r, v in bad.select("_row", "time_period").head(MAX_LISTED).iter_rows()]


def _bad_levels(raw: pl.DataFrame) -> list[Problem]:
    bad = raw.filter(~pl.col("geographic_level").is_in(LEVELS))
    return [Problem(f"geographic_level must be one of {', '.join(LEVELS)}", r,
                    "geographic_level", v)
            for r, v in bad.select("_row", "geographic_level").head(MAX_LISTED).iter_rows()]


def _bad_cells(raw: pl.DataFrame, indicators: tuple[str, ...]) -> list[Problem]:
    out: list[Problem] = []
    known = ", ".join(MARKERS)
    for col in indicators:
        text = pl.col(col).fill_null("").str.strip_chars()
        bad = raw.filter(text.cast(pl.Float64, strict=False).is_null() & ~text.is_in(
            list(MARKERS)))
        out += [Problem(f"must be a number or one of DfE's markers ({known})", r, col, v)
                for r, v in bad.select("_row", col).head(MAX_LISTED).iter_rows()]
    return out


def _duplicates(raw: pl.DataFrame) -> list[Problem]:
    key = ["time_period", "geographic_level", "region_code", "old_la_code"]
    dup = raw.filter(pl.struct(key).is_duplicated())
    return [Problem("the same year and area appears more than once", r, "time_period", v)
            for r, v in dup.select("_row", "time_period").head(MAX_LISTED).iter_rows()]


def _national_rows(raw: pl.DataFrame) -> list[Problem]:
    years = set(raw["time_period"].drop_nulls().to_list())
    national = set(raw.filter(pl.col("geographic_level") == "National")["time_period"].to_list())
    return [Problem("there is no National (England) row for this year", None, "time_period", y)
            for y in sorted(years - national)]
