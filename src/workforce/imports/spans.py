"""Rows whose spans may not overlap within a group: what is known to check a sheet against,
and the sweep that finds the overlaps.

A person's absences (`absences.py`) and a person's places on one programme
(`programmes.py`) are such rows. A sheet's rows are checked against each other, against
the rows of files read earlier in the import and against stored rows, except those the
sheet replaces (the same natural key: what the store updates). A sheet without an
`end_date` column keeps the stored end of the rows it updates (as the store keeps it), so
those rows are checked with it.

The check is a sweep, not a comparison of every pair: sorted by group and start, a span
overlaps an earlier one when it starts on or before the latest end so far, and the span
reaching that far is the one named.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from workforce.imports.sheets import ROW
from workforce.imports.validate import Checked

FROM = "_from"
"""Where a known row was read: None when stored, else "row 4 of absence.csv"."""


@dataclass(frozen=True)
class Spans:
    """How one table's rows are told apart for the check: `group` (rows of one group may
    not overlap), `key` (the natural key: a sheet's row replaces a known row with it) and
    `fields` (the columns the check reads, the key and `end_date` among them)."""

    group: tuple[str, ...]
    key: tuple[str, ...]
    fields: tuple[str, ...]

    def known(self, stored: pl.DataFrame, sheets: list[Checked]) -> pl.DataFrame:
        """The rows known once each checked sheet's valid rows replace stored ones (by the
        key), each with `FROM`."""
        known = stored.select(*self.fields, _from(stored))
        for sheet in sheets:
            rows = self.sheet_rows(sheet, known).select(
                *self.fields,
                pl.format("row {} of {}", pl.col(ROW), pl.lit(sheet.raw.label)).alias(FROM))
            known = pl.concat([known.join(rows, on=self.key, how="anti"), rows])
        return known

    def sheet_rows(self, checked: Checked, known: pl.DataFrame) -> pl.DataFrame:
        """The sheet's valid rows with `ROW`; without an end_date column, a row that
        updates a known row keeps its end (as the store keeps it), a new row has none."""
        valid = checked.valid()
        if "end_date" not in checked.present:
            valid = valid.drop("end_date").join(known.select(*self.key, "end_date"),
                                                on=self.key, how="left", nulls_equal=True)
        return valid.select(*self.fields, ROW, pl.lit(None, pl.String).alias(FROM))

    def beside(self, known: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
        """The known rows the sheet's rows (`new`) do not replace, of the groups they are
        in, with no `ROW`."""
        return (known.join(new, on=self.key, how="anti").join(new, on=self.group, how="semi")
                .select(*self.fields, pl.lit(None, pl.Int64).alias(ROW), _from(known)))


def _from(frame: pl.DataFrame) -> pl.Expr:
    return pl.col(FROM) if FROM in frame.columns else pl.lit(None, pl.String).alias(FROM)


def overlapping(spans: pl.DataFrame, group: tuple[str, ...]) -> pl.DataFrame:
    """Pairs of overlapping spans of one group, at least one of them a sheet's row: each
    span that starts on or before the latest `_last` (its last day, an open end already
    filled in) of the group's spans before it, with that span's columns (suffixed `_o`)."""
    by = list(group)
    spans = (spans.filter(pl.len().over(by) > 1)
             .sort([*by, "start_date", "_last"], maintain_order=True)
             .with_row_index("_i")
             .with_columns(_reach=pl.col("_last").cum_max().over(by)))
    spans = spans.with_columns(
        _holder=pl.when(pl.col("_last") == pl.col("_reach")).then(pl.col("_i"))
        .forward_fill().over(by))
    hit = spans.with_columns(_o=pl.col("_holder").shift(1).over(by),
                             _before=pl.col("_reach").shift(1).over(by)).filter(
        pl.col("start_date") <= pl.col("_before"))
    pairs = hit.join(spans.drop("_reach", "_holder"), left_on="_o", right_on="_i",
                     suffix="_o")
    return pairs.filter(pl.col(ROW).is_not_null() | pl.col(f"{ROW}_o").is_not_null())


def where(rec: dict, side: str) -> str:
    """Where the other row of a pair is: "on row 2", "on row 4 of absence_b.csv", "already
    stored"."""
    if rec[f"{ROW}{side}"] is not None:
        return f"on row {rec[f'{ROW}{side}']}"
    if rec[f"{FROM}{side}"] is not None:
        return f"on {rec[f'{FROM}{side}']}"
    return "already stored"


def sides(rec: dict) -> tuple[str, str]:
    """The suffixes of the pair's sheet row the problem goes on (the later of two sheet
    rows) and of the other: ("", "_o") or ("_o", "")."""
    if rec[ROW] is None or (rec[f"{ROW}_o"] is not None and rec[f"{ROW}_o"] > rec[ROW]):
        return "_o", ""
    return "", "_o"
