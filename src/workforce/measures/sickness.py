"""Working days lost to sickness in a window, and average FTE over a window.

DfE counts `WorkingDaysLost` (sickness, FTE basis) over the census year. For any window we
take each sickness absence (reason SIC) that overlaps it and **pro-rate its recorded working
days lost by the share of its working days (Monday to Friday; bank holidays are not known to
the ledger) that fall inside the window**. A whole census year therefore gets every absence
that starts and ends in it in full, and an absence that crosses 30 September is split between
the two years. An absence with no working day at all (a weekend) counts in the window it
starts in. An absence still open (no end date) is taken to have lost its recorded days one a
working day from its start, so that a series counts them once; for the short/long-term split
it counts as lasting to the window end (it is still going on).

Absences count for people who were directly employed in the population at some time in the
window (DfE: in-post workers and leavers; agency workers' absence is not collected), only for
the working days they were in it (sickness while in another staff group or as an agency worker
is not counted), and are broken down by the person's latest assignment in the window.

A **spell** is a run of sickness absences with no working day between them; it is
*long-term* when it lasts at least `LONG_TERM_DAYS` (20) working days (four working weeks,
CIPD), otherwise *short-term*. Every absence in a spell takes the spell's class.
"""

from __future__ import annotations

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import population as pop
from workforce.measures.cache import memo
from workforce.measures.population import FAR
from workforce.measures.staffing import wkey

SICKNESS = "SIC"
LONG_TERM_DAYS = 20
DAY = pl.duration(days=1)


def workdays(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Monday-to-Friday days in [start, end] (0 when end < start)."""
    return pl.business_day_count(start, end + DAY).clip(lower_bound=0)


def sickness_spells(ledger: Ledger) -> pl.DataFrame:
    """Sickness absences with `spell_start` and `spell_end` (FAR while open) of their spell."""
    a = (ledger.absence.filter(pl.col("reason") == SICKNESS)
         .with_columns(pl.col("end_date").fill_null(FAR).alias("_end"))
         .sort("staff_id", "start_date").with_columns(pl.col("staff_id").rle_id().alias("_run")))
    prev_end = pop.previous_end("_end", "_run")
    gap = pl.business_day_count(prev_end + DAY, pl.col("start_date"))
    new = prev_end.is_null() | (gap > 0)
    # spells are runs of rows (sorted by person and start): numbered across everyone, each
    # starts at its first row and ends at the latest end up to its last row
    a = a.with_columns(new.cast(pl.Int32).cum_sum().alias("_spell"),
                       new.alias("_first"))
    last = pop.last_of("_spell")
    return a.with_columns(
        pl.when("_first").then(pl.col("start_date")).forward_fill().alias("spell_start"),
        pl.when(last).then(pop.running_max("_end", "_spell")).backward_fill()
        .alias("spell_end")).drop("_run", "_first")


def _pro_rated(spells: pl.DataFrame, wins: pl.DataFrame) -> pl.DataFrame:
    used = (pl.col("working_days_lost").ceil().cast(pl.Int32) - 1).clip(lower_bound=0)
    open_end = pl.col("start_date").dt.add_business_days(used, roll="forward")
    spells = spells.with_columns(
        pl.when(pl.col("_end") == FAR).then(open_end).otherwise(pl.col("_end")).alias("_end"))
    hits = pop.overlapping(spells, wins, end="_end")
    spell_end = pl.when(pl.col("spell_end") == FAR).then(
        pl.max_horizontal("spell_start", "w_end")).otherwise(pl.col("spell_end"))
    return hits.with_columns(
        spell_end.alias("spell_end"),
        (workdays(pl.col("spell_start"), spell_end) >= LONG_TERM_DAYS).alias("long_term"))


def days_lost(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """One row per (window, absence): `days_lost` in the window, `long_term`, and the
    person's latest directly employed assignment in the window (unit, role, FTE...)."""

    def build() -> pl.DataFrame:
        a = pop.population(ledger, group, True)
        lost = _in_population(_pro_rated(sickness_spells(ledger), wins), a).select(
            "_w", "w_start", "w_end", "staff_id", "days_lost", "long_term")
        pairs = lost.select("_w", "w_start", "w_end", "staff_id").unique()
        ran = pairs.join(a, on="staff_id").filter(
            (pl.col("start_date") <= pl.col("w_end"))
            & (pl.col("end_date").fill_null(FAR) >= pl.col("w_start")))
        people = pop.latest(ran, ["_w"])
        return people.join(lost.drop("w_start", "w_end"), on=["_w", "staff_id"], how="inner")

    return memo(ledger, ("days_lost", group, wkey(wins)), build)


def _in_population(hits: pl.DataFrame, assignments: pl.DataFrame) -> pl.DataFrame:
    """`hits` (`_pro_rated`) with `days_lost`, their recorded working days lost shared out
    over the windows and cut to the working days the person was in the
    population (`assignments`): sickness while in another staff group, or as an agency
    worker, is not the population's. Each absence's days in the window are shared out by the
    working days of it that fall in both the window and one of the person's spells in the
    population; an absence with no working day counts when it starts in one. Most absences
    lie inside one spell, found by an as-of join; only the others are cut spell by spell."""
    spans = pop.spells(assignments).select(
        "staff_id", pl.col("spell_start").alias("_p_from"),
        pl.col("spell_end").fill_null(FAR).alias("_p_to")).sort("_p_from")
    first = pl.max_horizontal("start_date", "w_start")
    last = pl.min_horizontal("_end", "w_end")
    hits = hits.with_row_index("_r")
    rows = (hits.select("_r", "staff_id", "start_date", "_end", "w_start", "w_end",
                    first.alias("_a"), last.alias("_b")).sort("_a")
            .join_asof(spans, left_on="_a", right_on="_p_from", by="staff_id",
                       strategy="backward", check_sortedness=False))
    inside_one = pl.col("_p_to").is_not_null() & (pl.col("_p_to") >= pl.col("_b"))
    easy = rows.filter(inside_one).select(
        "_r", workdays(pl.col("_a"), pl.col("_b")).alias("_in"),
        (pl.col("start_date") >= pl.col("w_start")).alias("_starts"))
    cut_first = pl.max_horizontal("_a", "_p_from")
    cut_last = pl.min_horizontal("_b", "_p_to")
    starts_here = pl.col("start_date").is_between("_p_from", "_p_to") & (
        pl.col("start_date") >= pl.col("w_start"))
    hard = (rows.filter(~inside_one).select("_r", "staff_id", "start_date", "w_start", "_a",
                                            "_b")
            .join(spans, on="staff_id")
            .group_by("_r").agg(workdays(cut_first, cut_last).sum().alias("_in"),
                                starts_here.any().alias("_starts")))
    shares = pl.concat([easy, hard.select(easy.columns)], how="vertical_relaxed")
    span = workdays(pl.col("start_date"), pl.col("_end"))
    share = pl.when(span > 0).then(pl.col("_in").fill_null(0) / span).otherwise(
        pl.col("_starts").fill_null(False).cast(pl.Float64))
    return (hits.join(shares, on="_r", how="left")
            .with_columns((pl.col("working_days_lost") * share).alias("days_lost"))
            .drop("_r", "_in", "_starts"))


def average_fte(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """One row per (window, directly employed assignment) with `avg_fte`: its FTE × the share
    of the window's days it ran, so the sum is the time-weighted average FTE in post."""
    a = pop.overlapping(pop.population(ledger, group, True), wins)
    first = pl.max_horizontal("start_date", "w_start")
    last = pl.min_horizontal(pl.col("end_date").fill_null(FAR), "w_end")
    days = (last - first).dt.total_days() + 1
    length = (pl.col("w_end") - pl.col("w_start")).dt.total_days() + 1
    return a.with_columns((pl.col("fte") * days / length).alias("avg_fte"))
