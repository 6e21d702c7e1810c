"""Map a batch of worker records to ledger rows with polars (the rules are in `rows.py`).

Mapping records one by one in Python cost more than reading the file, so a batch of records
(`workers.frame`, plus `staff`, the staff id made from the SWE number) is mapped column by
column here instead, as lazy frames that `rows.Builder` collects together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl

from workforce.census.workers import AGENCY

DAY = timedelta(days=1)
SEX = {"M": "M", "F": "F", "1": "M", "2": "F"}
MADE = {"person": ("staff_id", "birth_date", "sex", "ethnicity", "qual_level", "qual_route",
                   "qual_institution", "_agency"),
        "assignment": ("assignment_id", "staff_id", "org_role", "case_holder", "contract",
                       "fte", "start_date", "end_date", "start_origin", "leaving_reason",
                       "leaver_destination", "post_id"),
        "caseload": ("staff_id", "cases"),
        "absence": ("staff_id", "start_date", "end_date", "reason", "working_days_lost")}
"""The columns each of `person`, `assignments` (with `n` and `_k` besides), `caseload` and
`absences` makes (a test checks them), which `rows.Builder` conforms to the ledger's tables
without asking polars."""


def person(f: pl.LazyFrame, pseudo: bool) -> pl.LazyFrame:
    """One person row per record (`dedupe` keeps one per person), with `_agency`."""
    born = pl.col("PersonBirthDate:date")
    sex = pl.coalesce("Sex", "GenderCurrent").replace_strict(SEX, default="U").fill_null("U")
    route = (pl.when(pl.col("StepUpGrad") == "1").then(pl.lit("step_up"))
             .when(pl.col("FrontlineGrad") == "1").then(pl.lit("frontline")))
    return f.select(
        pl.col("staff").alias("staff_id"),
        (born.dt.month_start() if pseudo else born).alias("birth_date"),  # pooled: month only
        sex.alias("sex"), pl.col("Ethnicity").fill_null("NOBT").alias("ethnicity"),
        pl.col("QualLevel").alias("qual_level"), route.alias("qual_route"),
        (pl.lit(None, pl.String) if pseudo else pl.col("QualInst")).alias("qual_institution"),
        AGENCY.alias("_agency"))


def assignments(f: pl.LazyFrame, lea: str, year: int, posts: Sequence[str | None]
                ) -> pl.LazyFrame:
    """Agency records: one assignment on 30 September and 1 October (`posts`: for each record,
    the vacant post it covers, if any). Direct records: the assignment in the year, plus a
    zero-FTE marker back to RoleStartDate for those who started before it (see `rows.py`).
    In record order, the marker first; with `n` and `_k` (0 for the marker) besides."""
    ref, first = date(year, 9, 30), date(year - 1, 10, 1)
    prefix = f"{lea}/{year}/"
    # Only the columns used below, before any filter: each filter copies every column it
    # is given (and `Builder` runs these plans unoptimised, as planning costs more).
    start, end = pl.col("RoleStartDate:date").fill_null(first), pl.col("RoleEndDate:date")
    start_from = pl.when(start >= first).then(start).otherwise(pl.lit(first + DAY))
    base = f.select(
        "n", pl.col("staff").alias("staff_id"), "StartOrigin", "ReasonLeave",
        "LeaverDestination", pl.col("OrgRole").alias("org_role"),
        AGENCY.alias("_agency"),
        (pl.lit(prefix) + pl.col("n").cast(pl.String)).alias("assignment_id"),
        (pl.col("Cases30:number").fill_null(0) > 0).alias("case_holder"),
        pl.col("FTE:number").alias("_fte"),
        pl.when(end.is_not_null()).then(pl.col("FTE30:number")).otherwise(
            pl.col("FTE:number")).fill_null(0.0).alias("_direct_fte"),
        start.alias("_start"), end.alias("_end"), start_from.alias("_from"),
        end.fill_null(ref + DAY).alias("_to"), (start < first).alias("_stub"),
        pl.Series("post_id", list(posts), pl.String))
    base = base.with_columns((pl.col("_to") >= pl.col("_from")).alias("_main"))
    agency, main, stub = pl.col("_agency"), pl.col("_main"), pl.col("_stub")
    same = ("n", "staff_id", "org_role", "case_holder")
    # An agency record's assignment, or a direct record's in the year (when it has one).
    in_year = base.filter(agency | main).select(
        *same, pl.lit(1).alias("_k"), "assignment_id",
        pl.when(agency).then(pl.lit("agency")).otherwise(pl.lit("permanent")).alias("contract"),
        pl.when(agency).then(pl.col("_fte").fill_null(0.0)).otherwise(pl.col("_direct_fte"))
        .alias("fte"),
        pl.when(agency).then(pl.lit(ref)).otherwise(pl.col("_from")).alias("start_date"),
        # An agency assignment ends on 1 October: ending on 30 September would be leaving.
        pl.when(agency).then(pl.lit(ref + DAY)).otherwise(pl.col("_to")).alias("end_date"),
        pl.when(agency | stub).then(None).otherwise(pl.col("StartOrigin"))
        .alias("start_origin"),
        *(pl.when(agency).then(None).otherwise(pl.col(item)).alias(col)
          for item, col in (("ReasonLeave", "leaving_reason"),
                            ("LeaverDestination", "leaver_destination"))),
        "post_id")
    before = base.filter(~agency & stub).select(
        *same, pl.lit(0).alias("_k"), (pl.col("assignment_id") + "/before"),
        pl.lit("permanent").alias("contract"),
        pl.when(main).then(0.0).otherwise(pl.col("_direct_fte")).alias("fte"),
        pl.col("_start").alias("start_date"),
        pl.min_horizontal(pl.col("_end"), pl.lit(first)).alias("end_date"),
        pl.col("StartOrigin").alias("start_origin"),
        *(pl.when(main).then(None).otherwise(pl.col(item)).alias(col)
          for item, col in (("ReasonLeave", "leaving_reason"),
                            ("LeaverDestination", "leaver_destination"))),
        pl.lit(None, pl.String).alias("post_id"))
    return pl.concat([before, in_year], how="vertical_relaxed").sort("n", "_k")


def caseload(f: pl.LazyFrame) -> pl.LazyFrame:
    """Cases30 of everyone but leavers, as a caseload on 30 September."""
    held = pl.col("Cases30").is_not_null() & pl.col("RoleEndDate").is_null()
    return f.select(pl.col("staff").alias("staff_id"),
                    pl.col("Cases30").cast(pl.Int64, strict=False).alias("cases"),
                    held.alias("_held")).filter("_held").drop("_held")


def absences(f: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """WorkingDaysLost as a sickness absence inside the year (from the later of the year
    start and RoleStartDate, to the earlier of RoleEndDate and 30 September), and an absence
    on 30 September when Absat30Sept is 1 with a ReasonAbsence."""
    ref, first = date(year, 9, 30), date(year - 1, 10, 1)
    days = pl.col("WorkingDaysLost:number").fill_null(0.0)
    begin = pl.max_horizontal(pl.col("RoleStartDate:date").fill_null(first), pl.lit(first))
    end = pl.min_horizontal(pl.col("RoleEndDate:date").fill_null(ref), pl.lit(ref))
    # Only the columns used below, before the filters (see `assignments`).
    f = f.select("n", "staff", "Absat30Sept", "ReasonAbsence", "RoleStartDate:date",
                 "RoleEndDate:date", "WorkingDaysLost:number")
    sick = f.filter(days > 0).select(
        "n", pl.lit(0).alias("_k"), pl.col("staff").alias("staff_id"),
        begin.alias("start_date"), pl.max_horizontal(begin, end).alias("end_date"),
        pl.lit("SIC").alias("reason"), days.alias("working_days_lost"))
    away = f.filter((pl.col("Absat30Sept") == "1") & pl.col("ReasonAbsence").is_not_null())
    away = away.select(
        "n", pl.lit(1).alias("_k"), pl.col("staff").alias("staff_id"),
        pl.lit(ref).alias("start_date"), pl.lit(ref).alias("end_date"),
        pl.col("ReasonAbsence").alias("reason"), pl.lit(0.0).alias("working_days_lost"))
    return pl.concat([sick, away]).sort("n", "_k").drop("n", "_k")
