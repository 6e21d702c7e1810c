"""Impossible overlaps of absences: a person absent twice on one day.

An absence is a span with its working days lost; two absences of one person that share a
day count that day twice (working days lost, the sickness absence rate). The one exception
is two parts of one day (a morning's training, an afternoon's sickness): one-day absences on
the same day are fine while their working days lost add up to 1 or less.

An absence with no `end_date` is still going on: it is taken to last to the day of the
import (as the check of its working days lost takes it), so leave booked for later beside
an ongoing sickness is not an overlap. Stored absences count, and those of files read
earlier in the import, except those the file replaces (the same staff_id, start_date and
reason: what the store updates). A file without an `end_date` column keeps the stored end
of the rows it updates, so those rows are checked with it.

The check is a sweep, not a comparison of every pair: sorted by person and start, an
absence overlaps an earlier one when it starts on or before the latest end so far, and the
absence reaching that far is the one named.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.imports.sheets import ROW
from workforce.imports.validate import Checked

PERSON = ["organisation", "staff_id"]
KEY = [*PERSON, "start_date", "reason"]
FIELDS = [*KEY, "end_date", "working_days_lost"]
FROM = "_from"
"""Where a known absence was read: None when stored, else "row 4 of absence.csv"."""
WHOLE_DAY = 1.0 + 1e-6  # 0.7 + 0.3 is one day to people, if not quite to floats

HINT = ("A person is absent for one reason at a time: overlapping absences would count the "
        "days they share twice (working days lost, the sickness absence rate). End the "
        "earlier absence the day before the later one starts, or correct the dates. A "
        "stored absence is corrected by importing it again (the same staff_id, start_date "
        "and reason) with its right end_date. Parts of one day (a morning and an afternoon) "
        "may be one-day absences whose working_days_lost add up to 1 or less.")

PROBLEM = {"row": pl.Int64, "column": pl.String, "value": pl.String, "message": pl.String,
           "hint": pl.String}


def check_absence_overlaps(checked: Checked, known: pl.DataFrame, today: date) -> None:
    """Report absences of the sheet that share a day with another absence of the person.

    `known` holds the absences already known (stored, or read earlier in the import, with
    `FROM` saying where). Each overlap is reported once, on the sheet's later row of the two
    (its only row when the other is known), naming the other absence.
    """
    new = _with_stored_ends(checked, known)
    if not new.height:
        return
    old = (known.join(new, on=KEY, how="anti").join(new, on=PERSON, how="semi")
           .select(*FIELDS, pl.lit(None, pl.Int64).alias(ROW), _from(known)))
    pairs = _overlapping(pl.concat([new, old]), today)
    if pairs.height:
        checked.problems.add_frame(pl.DataFrame(
            [_problem(rec, today) for rec in pairs.iter_rows(named=True)], schema=PROBLEM))


def known_absences(stored: pl.DataFrame, sheets: list[Checked]) -> pl.DataFrame:
    """The absences known once each checked sheet's valid rows replace stored ones (by
    staff_id, start_date and reason), each with `FROM`."""
    known = stored.select(*FIELDS, _from(stored))
    for sheet in sheets:
        rows = _with_stored_ends(sheet, known).select(
            *FIELDS, pl.format("row {} of {}", pl.col(ROW), pl.lit(sheet.raw.label)).alias(FROM))
        known = pl.concat([known.join(rows, on=KEY, how="anti"), rows])
    return known


def _from(frame: pl.DataFrame) -> pl.Expr:
    return pl.col(FROM) if FROM in frame.columns else pl.lit(None, pl.String).alias(FROM)


def _with_stored_ends(checked: Checked, known: pl.DataFrame) -> pl.DataFrame:
    """The sheet's valid absences with `ROW`; without an end_date column, a row that
    updates a known absence keeps its end (as the store keeps it), a new row has none."""
    valid = checked.valid()
    if "end_date" not in checked.present:
        valid = valid.drop("end_date").join(known.select(*KEY, "end_date"), on=KEY,
                                            how="left", nulls_equal=True)
    return valid.select(*FIELDS, ROW, pl.lit(None, pl.String).alias(FROM))


def _overlapping(spans: pl.DataFrame, today: date) -> pl.DataFrame:
    """Pairs of overlapping absences, at least one of them from the sheet: each absence
    that starts on or before the latest end of the person's absences before it, with that
    absence's fields (suffixed `_o`)."""
    last = pl.coalesce("end_date", pl.max_horizontal("start_date", pl.lit(today)))
    one_day = pl.col("start_date") == pl.col("_last")
    spans = (spans.filter(pl.len().over(PERSON) > 1)
             .with_columns(_last=last)
             .sort([*PERSON, "start_date", "_last"], maintain_order=True)
             .with_row_index("_i")
             .with_columns(_reach=pl.col("_last").cum_max().over(PERSON),
                           _day=pl.when(one_day).then(pl.col("working_days_lost").sum()
                                                      .over([*PERSON, "start_date", one_day]))))
    spans = spans.with_columns(
        _holder=pl.when(pl.col("_last") == pl.col("_reach")).then(pl.col("_i"))
        .forward_fill().over(PERSON))
    hit = spans.with_columns(_o=pl.col("_holder").shift(1).over(PERSON),
                             _before=pl.col("_reach").shift(1).over(PERSON)).filter(
        pl.col("start_date") <= pl.col("_before"))
    pairs = hit.join(spans.drop("_reach", "_holder"), left_on="_o", right_on="_i",
                     suffix="_o")
    parts_of_a_day = (pl.col("_last") == pl.col("start_date_o")) & (
        pl.col("_last_o") == pl.col("start_date_o")) & (pl.col("_day") <= WHOLE_DAY)
    return pairs.filter(~parts_of_a_day & (pl.col(ROW).is_not_null()
                                           | pl.col(f"{ROW}_o").is_not_null()))


def _problem(rec: dict, today: date) -> dict:
    """The problem on the sheet's later row of the pair, naming the other absence."""
    this, other = "", "_o"
    if rec[ROW] is None or (rec[f"{ROW}_o"] is not None and rec[f"{ROW}_o"] > rec[ROW]):
        this, other = other, this
    first = max(rec["start_date"], rec["start_date_o"])
    last = min(rec["_last"], rec["_last_o"])
    days = f"on {first.isoformat()}" if first == last else \
        f"from {first.isoformat()} to {last.isoformat()}"
    pause = "," if rec[f"end_date{this}"] is None else ""
    message = (f"this {rec[f'reason{this}']} absence of staff_id \"{rec['staff_id']}\" "
               f"{_said(rec, this, today)}{pause} overlaps the {rec[f'reason{other}']} "
               f"absence {_where(rec, other)} {_said(rec, other, today)}: the person would "
               f"be absent twice {days}")
    return {"row": rec[f"{ROW}{this}"], "column": "start_date",
            "value": rec[f"start_date{this}"].isoformat(), "message": message, "hint": HINT}


def _where(rec: dict, side: str) -> str:
    """Where the other absence is: "on row 2", "on row 4 of absence_b.csv", "already
    stored"."""
    if rec[f"{ROW}{side}"] is not None:
        return f"on row {rec[f'{ROW}{side}']}"
    if rec[f"{FROM}{side}"] is not None:
        return f"on {rec[f'{FROM}{side}']}"
    return "already stored"


def _said(rec: dict, side: str, today: date) -> str:
    """When an absence is: "from 2026-11-10 to 2026-11-12", "on 2026-11-10"."""
    start, end = rec[f"start_date{side}"], rec[f"end_date{side}"]
    if end is None:
        return (f"from {start.isoformat()}, with no end_date so taken to go on to today "
                f"({today.isoformat()})")
    return f"on {start.isoformat()}" if end == start else \
        f"from {start.isoformat()} to {end.isoformat()}"
