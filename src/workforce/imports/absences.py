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
of the rows it updates, so those rows are checked with it (`spans`, whose sweep finds the
overlaps).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.imports.sheets import ROW
from workforce.imports.spans import Spans, overlapping, sides, where
from workforce.imports.validate import Checked

PERSON = ("organisation", "staff_id")
KEY = (*PERSON, "start_date", "reason")
ABSENCES = Spans(PERSON, KEY, (*KEY, "end_date", "working_days_lost"))
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
    `spans.FROM` saying where). Each overlap is reported once, on the sheet's later row of the two
    (its only row when the other is known), naming the other absence.
    """
    new = ABSENCES.sheet_rows(checked, known)
    if not new.height:
        return
    pairs = _overlapping(pl.concat([new, ABSENCES.beside(known, new)]), today)
    if pairs.height:
        checked.problems.add_frame(pl.DataFrame(
            [_problem(rec, today) for rec in pairs.iter_rows(named=True)], schema=PROBLEM))


def known_absences(stored: pl.DataFrame, sheets: list[Checked]) -> pl.DataFrame:
    """The absences known once each checked sheet's valid rows replace stored ones (by
    staff_id, start_date and reason), each with `spans.FROM`."""
    return ABSENCES.known(stored, sheets)


def _overlapping(spans: pl.DataFrame, today: date) -> pl.DataFrame:
    """Pairs of overlapping absences, at least one of them from the sheet, but for parts of
    one day: each absence that starts on or before the latest end of the person's absences
    before it, with that absence's fields (suffixed `_o`)."""
    last = pl.coalesce("end_date", pl.max_horizontal("start_date", pl.lit(today)))
    one_day = pl.col("start_date") == pl.col("_last")
    spans = spans.with_columns(_last=last).with_columns(
        _day=pl.when(one_day).then(pl.col("working_days_lost").sum()
                                   .over([*PERSON, "start_date", one_day])))
    pairs = overlapping(spans, PERSON)
    parts_of_a_day = (pl.col("_last") == pl.col("start_date_o")) & (
        pl.col("_last_o") == pl.col("start_date_o")) & (pl.col("_day") <= WHOLE_DAY)
    return pairs.filter(~parts_of_a_day)


def _problem(rec: dict, today: date) -> dict:
    """The problem on the sheet's later row of the pair, naming the other absence."""
    this, other = sides(rec)
    first = max(rec["start_date"], rec["start_date_o"])
    last = min(rec["_last"], rec["_last_o"])
    days = f"on {first.isoformat()}" if first == last else \
        f"from {first.isoformat()} to {last.isoformat()}"
    pause = "," if rec[f"end_date{this}"] is None else ""
    message = (f"this {rec[f'reason{this}']} absence of staff_id \"{rec['staff_id']}\" "
               f"{_said(rec, this, today)}{pause} overlaps the {rec[f'reason{other}']} "
               f"absence {where(rec, other)} {_said(rec, other, today)}: the person would "
               f"be absent twice {days}")
    return {"row": rec[f"{ROW}{this}"], "column": "start_date",
            "value": rec[f"start_date{this}"].isoformat(), "message": message, "hint": HINT}


def _said(rec: dict, side: str, today: date) -> str:
    """When an absence is: "from 2026-11-10 to 2026-11-12", "on 2026-11-10"."""
    start, end = rec[f"start_date{side}"], rec[f"end_date{side}"]
    if end is None:
        return (f"from {start.isoformat()}, with no end_date so taken to go on to today "
                f"({today.isoformat()})")
    return f"on {start.isoformat()}" if end == start else \
        f"from {start.isoformat()} to {end.isoformat()}"
