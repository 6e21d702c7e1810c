"""Growing our own: ASYE completion (M25), early-career retention (M26), progression (M27),
apprenticeships (M28) and aspiring managers (M29).

Cohort measures are reported in the period in which the cohort's follow-up *ends*: "ASYE
completion within 12 months" for 2024-25 is the ASYEs whose 12-month point fell in 2024-25.
That way every figure is final when its period closes, rather than the latest periods always
looking poor because their people are still part-way through.

Every measure computes a whole series at once: records are joined to the windows frame
(`windows.frame`) on their dates, then aggregated per window.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.tables import PLACE_ENDED_UNDATED, place_running
from workforce.measures.cache import memo
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS
from workforce.measures.population import dated_in, overlapping, population
from workforce.measures.records import assignment_on, employed_on, summarise, summed
from workforce.measures.registry import series_measure

GROW_OUR_OWN = ("sw_apprenticeship", "step_up", "frontline", "asye", "ecdp")
"""Programmes that bring newly qualified social workers in ('grow our own' routes)."""
EARLY_CAREER = ("asye", "ecdp")
PROGRESSION_MONTHS = 30  # promotion counts by 30 months after the ASYE start (S3, S4: 24-30)


def months_after(col: str, months: int) -> pl.Expr:
    """`col` plus `months` calendar months (clamped to the month's end)."""
    return pl.col(col).dt.offset_by(f"{months}mo")


def programmes(ledger: Ledger, kinds: Sequence[str]) -> pl.DataFrame:
    """Programme places of the given kinds."""
    return ledger.programme.filter(pl.col("kind").is_in(kinds))


def records_on(ledger: Ledger, cohort: pl.DataFrame, num: pl.Expr) -> pl.DataFrame:
    """Cohort rows (staff_id, on, ...) with the person's assignment on `on` and num, den = 1."""
    return assignment_on(ledger, cohort).with_columns(num.cast(pl.Float64).alias("num"),
                                                      pl.lit(1.0).alias("den"))


def asye_due(ledger: Ledger, wins: pl.DataFrame, months: int) -> pl.DataFrame:
    """ASYE places with `on` (the start) and `due` (`months` later), per window `due` falls in."""
    asye = programmes(ledger, ("asye",)).with_columns(
        pl.col("start_date").alias("on"), months_after("start_date", months).alias("due"))
    return dated_in(asye, wins, "due")


COHORT_KEYS = ("staff_id", "on")
"""A cohort record is a person on a date (their start, due or follow-up date)."""


COMMON = {"family": "growth", "breakdowns": ALL_PERSON_DIMENSIONS}


@series_measure(
    id="M25", title="ASYE completed within 12 months",
    definition="Of newly qualified social workers whose ASYE reached its 12-month point in the "
    "period, the percentage who passed within 12 months of starting it. An ASYE that took 13 "
    "months does not count.",
    formula="ASYEs passed by 12 months after the start ÷ ASYEs whose 12-month point fell in "
    "the period × 100", unit="percent", polarity="up", kind="flow", source="S3, S4", **COMMON)
def asye_completion(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M25: ASYE pass within 12 months, cohort by 12-month point."""
    cohort = asye_due(ledger, wins, 12).select("_w", "w_end", "staff_id", "on", "due",
                                               "outcome", "end_date")
    passed = (pl.col("outcome") == "completed") & (pl.col("end_date") <= pl.col("due"))
    return summarise(records_on(ledger, cohort, passed.fill_null(False)), ledger, by, wins,
                     COHORT_KEYS)


@series_measure(
    id="M25a", title="ASYEs completed",
    definition="The number of newly qualified social workers who passed their ASYE in the "
    "period, however long it took.",
    formula="count of ASYEs passed with an end date in the period", unit="count",
    polarity="up", kind="flow", source="S3, S4", **COMMON)
def asye_completed(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M25a: ASYE passes in the window."""
    return ended(ledger, wins, by, ("asye",))


def ended(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
          kinds: Sequence[str]) -> pl.DataFrame:
    """Count of programme places of `kinds` completed (passed) in each window."""
    done = programmes(ledger, kinds).filter(pl.col("outcome") == "completed")
    return dated_count(ledger, wins, by, done, "end_date")


def dated_count(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], places: pl.DataFrame,
                col: str) -> pl.DataFrame:
    """Count of `places` whose date `col` falls in each window (by `standard` too)."""
    cohort = dated_in(places, wins, col).select(
        "_w", "w_end", "staff_id", pl.col(col).alias("on"),
        pl.col("standard").fill_null("Not known"))
    return summed(records_on(ledger, cohort, pl.lit(1)), ledger, by, wins, COHORT_KEYS)


def appointments(ledger: Ledger) -> pl.DataFrame:
    """(staff_id, route, on): each grow-our-own person's route (their first such programme)
    and qualification-appointment date: the start of their first ASYE or early-career
    programme, else the day they completed the route. Memoised per ledger (M26, M26a)."""
    return memo(ledger, ("growth.appointments",), lambda: _appointments(ledger))


def _appointments(ledger: Ledger) -> pl.DataFrame:
    prog = programmes(ledger, GROW_OUR_OWN)
    route = prog.sort("start_date").group_by("staff_id").agg(pl.col("kind").first()
                                                             .alias("route"))
    early = prog.filter(pl.col("kind").is_in(EARLY_CAREER)).group_by("staff_id").agg(
        pl.col("start_date").min().alias("_early"))
    qualified = prog.filter(pl.col("outcome") == "completed").group_by("staff_id").agg(
        pl.col("end_date").min().alias("_done"))
    out = route.join(early, on="staff_id", how="left").join(qualified, on="staff_id",
                                                            how="left")
    return out.select("staff_id", "route", pl.coalesce("_early", "_done").alias("on")).filter(
        pl.col("on").is_not_null())


def retention(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
              months: int) -> pl.DataFrame:
    """Grow-our-own people whose appointment + `months` fell in the window; num = directly
    employed (any role) on that day."""
    cohort = appointments(ledger).with_columns(months_after("on", months).alias("due"))
    return still_employed(ledger, wins, by, cohort)


def still_employed(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
                   cohort: pl.DataFrame) -> pl.DataFrame:
    """Cohort (staff_id, on, due, ...) per window `due` falls in; num = directly employed
    (any role) on `due`."""
    due = employed_on(ledger, dated_in(cohort, wins, "due"), on="due")
    return summarise(records_on(ledger, due, pl.col("employed")), ledger, by, wins,
                     COHORT_KEYS)


RETENTION = (
    "Of social workers who came through a 'grow our own' route (ASYE or early-career "
    "programme, social work apprenticeship, Step Up, Frontline), counted from their "
    "appointment as a qualified social worker (the start of their ASYE, else the day they "
    "completed the route), the percentage still directly employed here {span} later. The "
    "cohort is those whose {span} point fell in the period; break down by `route`.")


@series_measure(
    id="M26", title="Early-career retention at 2 years",
    definition=RETENTION.format(span="2 years"),
    formula="cohort still employed 2 years after appointment ÷ cohort whose 2-year point fell "
    "in the period × 100", unit="percent", polarity="up", kind="flow", source="S0, S1",
    family="growth", breakdowns=(*ALL_PERSON_DIMENSIONS, "route"))
def early_career_retention(ledger: Ledger, wins: pl.DataFrame,
                           by: Sequence[str]) -> pl.DataFrame:
    """M26: survival of grow-our-own social workers to 2 years after appointment."""
    return retention(ledger, wins, by, 24)


@series_measure(
    id="M26a", title="Early-career retention at 12 months",
    definition=RETENTION.format(span="12 months"),
    formula="cohort still employed 12 months after appointment ÷ cohort whose 12-month point "
    "fell in the period × 100", unit="percent", polarity="up", kind="flow", source="S0, S1",
    family="growth", breakdowns=(*ALL_PERSON_DIMENSIONS, "route"))
def early_career_retention_12m(ledger: Ledger, wins: pl.DataFrame,
                               by: Sequence[str]) -> pl.DataFrame:
    """M26a: survival of grow-our-own social workers to 12 months after appointment."""
    return retention(ledger, wins, by, 12)


def grade_number() -> pl.Expr:
    """The last number in the grade text ('Grade 9' -> 9, 'PO3' -> 3); null without one."""
    return pl.col("grade").str.extract_all(r"\d+").list.last().cast(pl.Int32, strict=False)


def role_number() -> pl.Expr:
    """CSWW OrgRole as seniority (1 most senior); roles 5 and 6 are the same level."""
    return pl.col("org_role").cast(pl.Int32, strict=False).clip(upper_bound=5)


def promoted(ledger: Ledger, cohort: pl.DataFrame) -> pl.DataFrame:
    """(staff_id, on, promoted): a directly employed assignment starting after `on` and by
    `due` with a higher grade number or a more senior OrgRole than held on `on`."""
    base = assignment_on(ledger, cohort.select("staff_id", "on")).group_by("staff_id", "on").agg(
        grade_number().max().alias("_g0"), role_number().min().alias("_r0"))
    later = (cohort.select("staff_id", "on", "due")
             .join(population(ledger, None, True), on="staff_id")
             .filter((pl.col("start_date") > pl.col("on")) & (pl.col("start_date")
                                                              <= pl.col("due")))
             .group_by("staff_id", "on").agg(grade_number().max().alias("_g1"),
                                             role_number().min().alias("_r1")))
    j = base.join(later, on=["staff_id", "on"], how="left")
    up = (pl.col("_g1") > pl.col("_g0")) | (pl.col("_r1") < pl.col("_r0"))
    return j.select("staff_id", "on", up.fill_null(False).alias("promoted"))


@series_measure(
    id="M27", title="Progression within 30 months of starting the ASYE",
    definition=f"Of social workers whose ASYE reached its {PROGRESSION_MONTHS}-month point in "
    f"the period, the percentage promoted within those {PROGRESSION_MONTHS} months: a later "
    "assignment on a higher grade (the number in the grade, e.g. Grade 9 to Grade 10) or in "
    "a more senior role (e.g. senior practitioner).",
    formula=f"ASYE starters promoted within {PROGRESSION_MONTHS} months ÷ ASYE starters whose "
    f"{PROGRESSION_MONTHS}-month point fell in the period × 100", unit="percent",
    polarity="up", kind="flow", source="S3, S4", **COMMON)
def progression(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M27: ASYE starters promoted within 30 months."""
    cohort = asye_due(ledger, wins, PROGRESSION_MONTHS).select("_w", "w_end", "staff_id", "on",
                                                               "due")
    cohort = cohort.join(promoted(ledger, cohort), on=["staff_id", "on"], how="left")
    return summarise(records_on(ledger, cohort, pl.col("promoted").fill_null(False)), ledger,
                     by, wins, COHORT_KEYS)


def starts(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
           kinds: Sequence[str]) -> pl.DataFrame:
    """Count of programme places of `kinds` starting in each window (by `standard` too)."""
    return dated_count(ledger, wins, by, programmes(ledger, kinds), "start_date")


APPRENTICE = {"family": "growth", "source": "S0, S1, S3, S4",
              "breakdowns": (*ALL_PERSON_DIMENSIONS, "standard")}


@series_measure(
    id="M28", title="Social work apprenticeship starts",
    definition="The number of people who started a social work degree apprenticeship "
    "(Level 6) in the period.",
    formula="count of social work apprenticeships with a start date in the period",
    unit="count", polarity="up", kind="flow", **APPRENTICE)
def sw_apprenticeship_starts(ledger: Ledger, wins: pl.DataFrame,
                             by: Sequence[str]) -> pl.DataFrame:
    """M28: social work apprenticeship starts."""
    return starts(ledger, wins, by, ("sw_apprenticeship",))


@series_measure(
    id="M28a", title="Social work apprentices in progress",
    definition="The number of people on a social work degree apprenticeship on the date "
    "(started, and not yet finished, withdrawn or failed; a paused apprenticeship counts).",
    formula="count of social work apprenticeships running on the date", unit="count",
    polarity="up", kind="stock", **APPRENTICE)
def sw_apprentices(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M28a: social work apprentices on programme at the date."""
    on = overlapping(programmes(ledger, ("sw_apprenticeship",)), wins).filter(
        place_running(pl.col("w_end")))
    cohort = on.select("_w", "w_end", "staff_id", pl.col("w_end").alias("on"),
                       pl.col("standard").fill_null("Not known"))
    return summed(records_on(ledger, cohort, pl.lit(1)), ledger, by, wins, COHORT_KEYS)


@series_measure(
    id="M28b", title="Social work apprenticeships completed",
    definition="The number of people who completed a social work degree apprenticeship in the "
    "period.",
    formula="count of social work apprenticeships completed with an end date in the period",
    unit="count", polarity="up", kind="flow", **APPRENTICE)
def sw_apprenticeships_completed(ledger: Ledger, wins: pl.DataFrame,
                                 by: Sequence[str]) -> pl.DataFrame:
    """M28b: social work apprenticeships completed."""
    return ended(ledger, wins, by, ("sw_apprenticeship",))


@series_measure(
    id="M28c", title="Apprentices retained 12 months after qualifying",
    definition="Of people who completed a social work degree apprenticeship and reached 12 "
    "months after completing in the period, the percentage still directly employed here 12 "
    "months after completing.",
    formula="completers employed 12 months after completing ÷ completers whose 12-month point "
    "fell in the period × 100", unit="percent", polarity="up", kind="flow", **APPRENTICE)
def apprentices_retained(ledger: Ledger, wins: pl.DataFrame,
                         by: Sequence[str]) -> pl.DataFrame:
    """M28c: retention 12 months after completing a social work apprenticeship."""
    done = programmes(ledger, ("sw_apprenticeship",)).filter(pl.col("outcome") == "completed")
    cohort = done.select("staff_id", pl.col("end_date").alias("on"),
                         pl.col("standard").fill_null("Not known"),
                         months_after("end_date", 12).alias("due"))
    return still_employed(ledger, wins, by, cohort)


@series_measure(
    id="M28d", title="Other apprenticeship starts",
    definition="The number of people who started an apprenticeship other than the social work "
    "degree apprenticeship in the period (e.g. team leader, operations manager); break down "
    "by `standard`.",
    formula="count of other apprenticeships with a start date in the period", unit="count",
    polarity="up", kind="flow", **APPRENTICE)
def other_apprenticeship_starts(ledger: Ledger, wins: pl.DataFrame,
                                by: Sequence[str]) -> pl.DataFrame:
    """M28d: other apprenticeship starts."""
    return starts(ledger, wins, by, ("other_apprenticeship",))


@series_measure(
    id="M29", title="Aspiring managers",
    definition="The number of people on the aspiring managers (or leaders) programme at any "
    "time in the period.",
    formula="count of distinct people with an aspiring-managers place overlapping the period",
    unit="count", polarity="up", kind="flow", source="S0, S3", **COMMON)
def aspiring_managers(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M29: headcount on the aspiring managers programme in the window. A place whose
    outcome ends it but has no end_date ended on a day not known: it is counted up to its
    start, not in every period after (the import warns of such places and asks for the
    end_date; `imports.programmes`)."""
    places = programmes(ledger, ("aspiring_managers",)).with_columns(
        pl.when(PLACE_ENDED_UNDATED).then(pl.col("start_date")).otherwise(pl.col("end_date")).alias("end_date"))
    on = overlapping(places, wins)
    cohort = on.select("_w", "w_end", "staff_id", pl.min_horizontal(
        "w_end", pl.col("end_date").fill_null(pl.col("w_end"))).alias("on"))
    return summed(records_on(ledger, cohort, pl.lit(1)), ledger, by, wins)
