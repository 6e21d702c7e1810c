"""Moves, promotions, conversions and recruitment times: the career records behind M09,
M11, M12 and M13.

- An **internal appointment** is a directly employed assignment that continues employment
  (the person's previous assignment ran up to at least the day before it started) and changes
  something other than FTE: unit, post, job title, CSWW role or grade.
- A **promotion** is an internal appointment to a more senior CSWW role (senior manager 1 >
  middle manager 2 > first line manager 3 > senior practitioner 4 > case holder 5 = qualified
  without cases 6), or to the same role on a higher grade. Grades compare by the number in
  them ("Grade 10" > "G9"); grades without a number never count as a promotion.
- An **agency conversion** is a person who starts a permanent assignment in the window and
  held an agency assignment at some time in the 6 months before that start.
"""

from __future__ import annotations

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import population as pop
from workforce.measures.cache import memo
from workforce.measures.population import FAR

CONVERSION_MONTHS = 6
_CHANGES = ("unit", "post_id", "job_title", "org_role", "grade")


def _rank() -> pl.Expr:
    r = pl.col("org_role").cast(pl.Int32, strict=False)
    return pl.when(r >= 5).then(5).otherwise(r)


def _grade() -> pl.Expr:
    return pl.col("grade").str.extract(r"(\d+)", 1).cast(pl.Int32, strict=False)


def moves(ledger: Ledger, group: str | None) -> pl.DataFrame:
    """Directly employed assignments that continue employment, with `moved` (an internal
    appointment) and `promoted` flags, one row per assignment."""

    def build() -> pl.DataFrame:
        a = (pop.population(ledger, group, True)
             .with_columns(_rank().alias("rank_no"), _grade().alias("grade_no"))
             .sort("staff_id", "start_date", "assignment_id"))
        prev = [pl.col(c).shift(1).over("staff_id").alias(f"_prev_{c}")
                for c in (*_CHANGES, "rank_no", "grade_no", "end_date", "start_date")]
        a = a.with_columns(prev)
        cont = (pl.col("_prev_start_date").is_not_null()
                & (pl.col("_prev_end_date").fill_null(FAR) >= pl.col("start_date")
                   - pl.duration(days=1)))
        moved = pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"_prev_{c}"))
                                   for c in _CHANGES])
        up = (pl.col("rank_no") < pl.col("_prev_rank_no")) | (
            (pl.col("rank_no") == pl.col("_prev_rank_no"))
            & (pl.col("grade_no") > pl.col("_prev_grade_no")))
        return a.filter(cont).with_columns(moved.alias("moved"),
                                           (moved & up.fill_null(False)).alias("promoted"))

    return memo(ledger, ("moves", group), build)


def conversions(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """One row per (window, person) who started a permanent assignment in the window after
    an agency assignment in the previous CONVERSION_MONTHS months (the permanent
    assignment's columns)."""
    perm = pop.population(ledger, group, True).filter(pl.col("contract") == "permanent")
    starts = pop.dated_in(perm, wins, "start_date")
    ag = pop.population(ledger, group, False).select(
        "staff_id", pl.col("start_date").alias("_a_start"),
        pl.col("end_date").fill_null(FAR).alias("_a_end"))
    since = pl.col("start_date").dt.offset_by(f"-{CONVERSION_MONTHS}mo")
    hit = starts.join(ag, on="staff_id").filter(
        (pl.col("_a_start") < pl.col("start_date")) & (pl.col("_a_end") >= since))
    return pop.primary(hit, ["_w"])


def recruitment_days(ledger: Ledger, wins: pl.DataFrame, until: str, group: str | None
                     ) -> pl.DataFrame:
    """Campaigns with `until` (offer_date or start_date) in the window, with `days` from
    approval to it; campaigns dated before their approval are left out as errors."""
    r = ledger.recruitment
    if group is not None:
        r = r.filter(pl.col("staff_group") == group)
    r = r.with_columns((pl.col(until) - pl.col("approved_date")).dt.total_days().alias("days"))
    r = r.filter(pl.col("days") >= 0).with_columns(
        pl.col("appointed_staff_id").alias("staff_id"))
    return pop.dated_in(r, wins, until)
