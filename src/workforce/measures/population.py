"""Who is in post, who started and who left: the populations most measures stand on.

DfE's rules (domain.md 1.2, 2.2): "in post" is a snapshot at a date; FTE is summed over a
person's assignments (not de-duplicated), headcount counts each person once; agency workers
are counted separately and never as in post. A starter or leaver is someone who joins or
leaves the *population* (for DfE: directly employed child and family social workers), so a
move between teams, a promotion or an FTE change is neither.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.codes import DIRECT_CONTRACTS
from workforce.measures.windows import Window

SOCIAL_WORKER = "social_worker"


def population(ledger: Ledger, group: str | None = SOCIAL_WORKER,
               direct: bool | None = True) -> pl.DataFrame:
    """Assignments in a population: `group` a staff group (None: all staff); `direct` True for
    directly employed only, False for agency only, None for both."""
    a = ledger.assignment
    if group is not None:
        a = a.filter(pl.col("staff_group") == group)
    if direct is True:
        a = a.filter(pl.col("contract").is_in(DIRECT_CONTRACTS))
    elif direct is False:
        a = a.filter(pl.col("contract") == "agency")
    return a


def active_at(assignments: pl.DataFrame, at: date) -> pl.DataFrame:
    """Assignments running on `at` (start <= at <= end, or no end)."""
    return assignments.filter(
        (pl.col("start_date") <= at) & (pl.col("end_date").is_null() | (pl.col("end_date") >= at))
    )


def in_post(ledger: Ledger, at: date, group: str | None = SOCIAL_WORKER,
            direct: bool | None = True) -> pl.DataFrame:
    """Assignments of the population running on `at` (FTE is summed over these)."""
    return active_at(population(ledger, group, direct), at)


def spells(assignments: pl.DataFrame) -> pl.DataFrame:
    """Merge each person's touching or overlapping assignments into continuous spells:
    (staff_id, spell, spell_start, spell_end) with spell_end null while ongoing."""
    far = date(9999, 12, 31)
    a = (assignments.select("staff_id", "start_date",
                            pl.col("end_date").fill_null(far).alias("end"))
         .sort("staff_id", "start_date"))
    a = a.with_columns(
        pl.col("end").cum_max().shift(1).over("staff_id").alias("_prev_end"))
    new_spell = pl.col("_prev_end").is_null() | (
        pl.col("start_date") > pl.col("_prev_end") + pl.duration(days=1))
    a = a.with_columns(new_spell.cast(pl.Int32).cum_sum().over("staff_id").alias("spell"))
    out = a.group_by("staff_id", "spell").agg(
        pl.col("start_date").min().alias("spell_start"), pl.col("end").max().alias("spell_end"))
    return out.with_columns(
        pl.when(pl.col("spell_end") == far).then(None).otherwise(pl.col("spell_end"))
        .alias("spell_end"))


def starters(assignments: pl.DataFrame, window: Window) -> pl.DataFrame:
    """Assignments that begin a spell inside the window (one row per starting assignment)."""
    s = spells(assignments).filter(pl.col("spell_start").is_between(window.start, window.end))
    return assignments.join(s.select("staff_id", pl.col("spell_start").alias("start_date")),
                            on=["staff_id", "start_date"], how="semi")


def leavers(assignments: pl.DataFrame, window: Window) -> pl.DataFrame:
    """Assignments that end a spell inside the window (FTE at leaving is theirs)."""
    s = spells(assignments).filter(pl.col("spell_end").is_between(window.start, window.end))
    return assignments.join(s.select("staff_id", pl.col("spell_end").alias("end_date")),
                            on=["staff_id", "end_date"], how="semi")
