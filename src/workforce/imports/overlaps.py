"""Impossible overlaps: a person's direct employment adding up to more than 1 FTE on a day.

Agency workers are excluded: DfE counts them apart and their hours are not the council's
contract. The check is a sweep over the days on which a person's FTE changes (each
assignment adds its FTE from its start and removes it the day after its end), so it finds
three 0.4 FTE assignments that overlap as surely as two full-time ones. Stored assignments
count too, except those the file replaces (same organisation and assignment_id).
"""

from __future__ import annotations

import polars as pl

from workforce.imports.sheets import ROW
from workforce.imports.validate import Checked
from workforce.ledger.codes import DIRECT_CONTRACTS
from workforce.wording import listed

MOST_FTE = 1.0
TOLERANCE = 1e-6  # 0.7 + 0.3 is 1.0 to people, if not quite to floats
PERSON = ["organisation", "staff_id"]
KEY = ["organisation", "assignment_id"]
FIELDS = [*KEY, "staff_id", "fte", "start_date", "end_date"]

HINT = ("A person's directly employed assignments (every contract but agency) cannot add up "
        "to more than 1 FTE on any day. End the earlier assignment the day before the next "
        "one starts, or correct the FTE.")


def check_fte_overlaps(checked: Checked, stored: pl.DataFrame) -> None:
    """Report days on which a person's direct assignments add up to more than 1 FTE.

    `stored` holds the assignments already known (stored or read earlier in the import).
    Each problem is reported on the file's last row among the overlapping assignments.
    """
    new = _direct(checked.valid()).select(*FIELDS, ROW)
    if not new.height:
        return
    old = (_direct(stored).join(new, on=KEY, how="anti").join(new, on=PERSON, how="semi")
           .select(*FIELDS, pl.lit(None, pl.Int64).alias(ROW)))
    spans = pl.concat([new, old])
    # Only people whose assignments add up to more than 1 FTE in all could be over on a day.
    spans = spans.filter(pl.col("fte").sum().over(PERSON) > MOST_FTE + TOLERANCE)
    over = _over(spans)
    if not over.height:
        return
    active = (over.join(spans, on=PERSON)
              .filter((pl.col("start_date") <= pl.col("date"))
                      & (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("date"))))
              .sort("assignment_id")
              .group_by([*PERSON, "date", "until", "level"], maintain_order=True)
              .agg(pl.col("assignment_id"), pl.col(ROW).max(),
                   pl.col("fte").sort_by(ROW, nulls_last=False).last().alias("row_fte"))
              .drop_nulls(ROW))
    checked.problems.add_frame(pl.DataFrame(
        [_problem(rec) for rec in active.iter_rows(named=True)],
        schema={"row": pl.Int64, "column": pl.String, "value": pl.String,
                "message": pl.String, "hint": pl.String}))


def merge_assignments(stored: pl.DataFrame, checked: Checked) -> pl.DataFrame:
    """The assignments known once a checked sheet's valid rows replace stored ones."""
    valid = checked.valid().drop(ROW)
    return pl.concat([stored.join(valid, on=KEY, how="anti"), valid])


def _direct(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("contract").is_in(list(DIRECT_CONTRACTS))
                        & pl.all_horizontal(pl.col(c).is_not_null()
                                            for c in ("fte", "start_date", "staff_id")))


def _over(spans: pl.DataFrame) -> pl.DataFrame:
    """The days a person's FTE steps above the limit, each with the day the step ends.

    One numeric sort of all the steps rather than a group per person: people become dense
    integer ids, each person's running FTE is the running total less what it was before
    their first step, and only the last step of a day counts (an end and a start on the
    same day are a hand-over, not an overlap).
    """
    spans = spans.with_columns(
        pl.concat_str(PERSON, separator="\x1f").rank("dense").alias("_person"))
    starts = spans.select("_person", pl.col("start_date").alias("date"), "fte")
    ends = spans.drop_nulls("end_date").select(
        "_person", pl.col("end_date").dt.offset_by("1d").alias("date"), -pl.col("fte"))
    same_person = pl.col("_person") == pl.col("_person").shift(-1)
    steps = (pl.concat([starts, ends]).sort(["_person", "date", "fte"])
             .with_columns(total=pl.col("fte").cum_sum())
             .with_columns(before=pl.when(pl.col("_person") != pl.col("_person").shift(1))
                           .then(pl.col("total") - pl.col("fte")).forward_fill()
                           .fill_null(0.0))
             .with_columns(level=pl.col("total") - pl.col("before"),
                           last_of_day=(same_person & (pl.col("date")
                                                       == pl.col("date").shift(-1)))
                           .fill_null(False).not_(),
                           until=pl.when(same_person).then(
                               pl.col("date").shift(-1).dt.offset_by("-1d"))))
    over = steps.filter(pl.col("last_of_day") & (pl.col("level") > MOST_FTE + TOLERANCE))
    people = spans.select(*PERSON, "_person").unique("_person")
    return over.join(people, on="_person").select(*PERSON, "date", "until", "level")


def _problem(rec: dict) -> dict:
    ids = [f'"{i}"' for i in rec["assignment_id"]]
    named = listed(ids)
    until = f"to {rec['until'].isoformat()}" if rec["until"] else "onwards"
    message = (f"assignments {named} of staff_id \"{rec['staff_id']}\" add up to "
               f"{rec['level']:.4g} FTE from {rec['date'].isoformat()} {until}")
    return {"row": rec[ROW], "column": "fte", "value": f"{rec['row_fte']:g}",
            "message": message, "hint": HINT}
