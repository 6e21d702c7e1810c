"""Exit and stay interviews (M32): coverage of leavers, coded reasons, stay interviews.

Reasons are a breakdown, `reason`: each row is the share of exit interviews giving that
reason, with every coded reason (and "Not known") listed so the main-reason shares sum to 100.
People are counted in the team they worked in on the day of the interview.

Every measure computes a whole series at once: interviews and leavers are joined to the
windows frame (`windows.frame`) on their dates, then aggregated per window.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.codes import INTERVIEW_REASON
from workforce.measures import staffing
from workforce.measures.cache import memo
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS
from workforce.measures.population import dated_in, population, spells
from workforce.measures.records import (
    ASSIGNMENT_COLUMNS,
    NOT_KNOWN,
    assignment_on,
    shares,
    summarise,
    summed,
)
from workforce.measures.registry import series_measure

EXIT_INTERVIEW_DAYS = 90
"""An exit interview counts for a leaver if held within 90 days before or after leaving."""
REASONS = {"reason": [*INTERVIEW_REASON, NOT_KNOWN]}
SOURCE = "S0, S1, S3, S4"


def interviews(ledger: Ledger, kind: str) -> pl.DataFrame:
    """Every interview of `kind`, each with an `interview` key."""
    i = ledger.interview.filter(pl.col("kind") == kind)
    return i.with_columns(pl.concat_str("staff_id", pl.col("date").cast(pl.String),
                                        separator="|").alias("interview"))


def interviewed_leavers(ledger: Ledger) -> pl.DataFrame:
    """(staff_id, end_date) of every end of direct employment with an exit interview within
    EXIT_INTERVIEW_DAYS of it, once per ledger."""

    def build() -> pl.DataFrame:
        ends = (spells(population(ledger, None, True)).filter(pl.col("spell_end").is_not_null())
                .select("staff_id", pl.col("spell_end").alias("end_date")))
        held = ledger.interview.filter(pl.col("kind") == "exit").select("staff_id", "date")
        near = (pl.col("date") - pl.col("end_date")).dt.total_days().abs() <= EXIT_INTERVIEW_DAYS
        return ends.join(held, on="staff_id").filter(near).select("staff_id", "end_date").unique()

    return memo(ledger, ("interviewed_leavers",), build)


@series_measure(
    id="M32", title="Exit interview coverage",
    definition=f"Of directly employed staff who left in the period, the percentage with an exit "
    f"interview recorded within {EXIT_INTERVIEW_DAYS} days before or after their leaving date.",
    formula="leavers with an exit interview ÷ leavers in the period × 100", unit="percent",
    polarity="up", kind="flow", source=SOURCE, family="exits",
    breakdowns=(*ALL_PERSON_DIMENSIONS, "leaving_reason"))
def exit_interview_coverage(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                            ) -> pl.DataFrame:
    """M32: leavers with an exit interview."""
    left = staffing.leavers(ledger, wins, None).select(
        "_w", "w_end", *ASSIGNMENT_COLUMNS, "end_date",
        pl.col("leaving_reason").fill_null(NOT_KNOWN))
    covered = interviewed_leavers(ledger).with_columns(pl.lit(1.0).alias("num"))
    recs = left.join(covered, on=["staff_id", "end_date"], how="left").with_columns(
        pl.col("num").fill_null(0.0), pl.lit(1.0).alias("den"))
    return summarise(recs, ledger, by, wins, ("staff_id", "end_date"))


def reason_records(ledger: Ledger, wins: pl.DataFrame, columns: Sequence[str]
                   ) -> pl.DataFrame:
    """Exit interviews in each window, one row per (interview, reason) from `columns`, with
    the person's assignment on the interview day; `hit` = at least one coded reason. Every
    interview is looked up once per ledger; each window takes its own."""
    def build() -> pl.DataFrame:
        held = interviews(ledger, "exit")
        long = held.unpivot(index=["interview", "staff_id", "date"], on=list(columns),
                            value_name="reason").drop("variable")
        coded = long.filter(pl.col("reason").is_not_null())
        blank = held.join(coded, on="interview", how="anti").select(
            "interview", "staff_id", "date", pl.lit(None, pl.String).alias("reason"))
        long = pl.concat([coded, blank]).unique()
        hit = pl.col("interview").is_in(coded["interview"].implode())
        return assignment_on(ledger, long, on="date").with_columns(hit.alias("hit"))

    return dated_in(memo(ledger, ("exit_reasons", tuple(columns)), build), wins, "date")


def reason_shares(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
                  columns: Sequence[str]) -> pl.DataFrame:
    """Shares of exit interviews in each window giving each reason from `columns` (see
    `shares`); every window gets its reason rows unless broken down by something else."""
    return shares(reason_records(ledger, wins, columns), ledger, by, "w_end", REASONS,
                  key="interview", windows=wins)


REASON_BREAKDOWNS = (*ALL_PERSON_DIMENSIONS, "reason")


@series_measure(
    id="M32a", title="Exit interviews: main reason for leaving",
    definition="Of exit interviews held in the period, the share giving each main reason for "
    "leaving (break down by `reason`; the shares sum to 100, with 'Not known' for interviews "
    "with no coded reason). Without the reason breakdown: the percentage with a coded reason.",
    formula="exit interviews whose main reason is the category ÷ exit interviews in the "
    "period × 100", unit="percent", polarity="neutral", kind="flow", source=SOURCE,
    family="exits", breakdowns=REASON_BREAKDOWNS)
def main_reasons(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M32a: distribution of main (first) exit reasons."""
    return reason_shares(ledger, wins, by, ["reason_1"])


@series_measure(
    id="M32b", title="Exit interviews: reasons mentioned",
    definition="Of exit interviews held in the period, the percentage mentioning each reason "
    "among up to three coded reasons (break down by `reason`). An interview can mention "
    "several, so these shares can add up to more than 100.",
    formula="exit interviews mentioning the reason ÷ exit interviews in the period × 100",
    unit="percent", polarity="neutral", kind="flow", source=SOURCE, family="exits",
    breakdowns=REASON_BREAKDOWNS)
def reasons_mentioned(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M32b: any-mention share of each exit reason."""
    return reason_shares(ledger, wins, by, ["reason_1", "reason_2", "reason_3"])


@series_measure(
    id="M32c", title="Stay interviews held",
    definition="The number of stay interviews held in the period (conversations with current "
    "staff about what keeps them here).",
    formula="count of stay interviews dated in the period", unit="count", polarity="up",
    kind="flow", source=SOURCE, family="exits", breakdowns=ALL_PERSON_DIMENSIONS)
def stay_interviews(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M32c: stay interviews in the window."""
    every = memo(ledger, ("stay_interviews",), lambda: assignment_on(
        ledger, interviews(ledger, "stay").select("interview", "staff_id", "date"),
        on="date"))
    recs = dated_in(every, wins, "date").with_columns(pl.lit(1.0).alias("num"),
                                                       pl.lit(1.0).alias("den"))
    return summed(recs, ledger, by, wins, ("interview", "staff_id"))
