"""Map a batch of worker records to ledger rows with polars (the rules are in `rows.py`).

Mapping records one by one in Python cost more than reading the file, so a batch of records
(`workers.frame`, plus `staff`, the staff id made from the SWE number) is mapped column by
column here instead, as lazy frames that `rows.Builder` collects together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl

DAY = timedelta(days=1)
SEX = {"M": "M", "F": "F", "1": "M", "2": "F"}
ASSIGNMENT = ("assignment_id", "staff_id", "org_role", "case_holder", "contract", "fte",
              "start_date", "end_date", "start_origin", "leaving_reason", "leaver_destination",
              "post_id")


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
        (pl.col("AgencyWorker") == "1").fill_null(False).alias("_agency"))


def assignments(f: pl.LazyFrame, lea: str, year: int, posts: Sequence[str | None]
                ) -> pl.LazyFrame:
    """Agency records: one assignment on 30 September and 1 October (`posts`: the vacant post
    each covers, in order). Direct records: the assignment in the year, plus a zero-FTE
    marker back to RoleStartDate for those who started before it (see `rows.py`)."""
    ref, first = date(year, 9, 30), date(year - 1, 10, 1)
    prefix = f"{lea}/{year}/"
    base = f.with_columns(
        (pl.lit(prefix) + pl.col("n").cast(pl.String)).alias("_id"),
        pl.col("OrgRole").alias("org_role"),
        (pl.col("Cases30:number").fill_null(0) > 0).alias("case_holder"),
        pl.col("FTE:number").alias("_fte"), pl.col("FTE30:number").alias("_fte30"),
        pl.col("RoleStartDate:date").fill_null(first).alias("_start"),
        pl.col("RoleEndDate:date").alias("_end"))
    agency = pl.col("AgencyWorker") == "1"
    ag = base.filter(agency).select(
        pl.col("n"), pl.lit(1).alias("_k"), pl.col("_id").alias("assignment_id"),
        pl.col("staff").alias("staff_id"), "org_role", "case_holder",
        pl.lit("agency").alias("contract"), pl.col("_fte").fill_null(0.0).alias("fte"),
        pl.lit(ref).alias("start_date"),
        pl.lit(ref + DAY).alias("end_date"),  # ending on 30 September would be leaving then
        *(pl.lit(None, pl.String).alias(c) for c in ("start_origin", "leaving_reason",
                                                     "leaver_destination")),
        pl.Series("post_id", list(posts), pl.String))
    d = base.filter(~agency.fill_null(False)).with_columns(
        pl.when(pl.col("_end").is_not_null()).then(pl.col("_fte30")).otherwise(pl.col("_fte"))
        .fill_null(0.0).alias("fte"),
        pl.when(pl.col("_start") >= first).then(pl.col("_start"))
        .otherwise(pl.lit(first + DAY)).alias("_from"),
        pl.col("_end").fill_null(ref + DAY).alias("_to"))
    d = d.with_columns((pl.col("_to") >= pl.col("_from")).alias("_main"),
                       (pl.col("_start") < first).alias("_stub"))
    stub = d.filter("_stub").select(
        "n", pl.lit(0).alias("_k"), (pl.col("_id") + "/before").alias("assignment_id"),
        pl.col("staff").alias("staff_id"), "org_role", "case_holder",
        pl.lit("permanent").alias("contract"),
        pl.when("_main").then(0.0).otherwise(pl.col("fte")).alias("fte"),
        pl.col("_start").alias("start_date"),
        pl.min_horizontal(pl.col("_end"), pl.lit(first)).alias("end_date"),
        pl.col("StartOrigin").alias("start_origin"),
        *(pl.when("_main").then(None).otherwise(pl.col(item)).alias(col)
          for item, col in (("ReasonLeave", "leaving_reason"),
                            ("LeaverDestination", "leaver_destination"))),
        pl.lit(None, pl.String).alias("post_id"))
    main = d.filter("_main").select(
        "n", pl.lit(1).alias("_k"), pl.col("_id").alias("assignment_id"),
        pl.col("staff").alias("staff_id"), "org_role", "case_holder",
        pl.lit("permanent").alias("contract"), "fte", pl.col("_from").alias("start_date"),
        pl.col("_to").alias("end_date"),
        pl.when("_stub").then(None).otherwise(pl.col("StartOrigin")).alias("start_origin"),
        pl.col("ReasonLeave").alias("leaving_reason"),
        pl.col("LeaverDestination").alias("leaver_destination"),
        pl.lit(None, pl.String).alias("post_id"))
    out = pl.concat([stub, main, ag], how="vertical_relaxed")
    return out.sort("n", "_k").select(ASSIGNMENT)


def caseload(f: pl.LazyFrame) -> pl.LazyFrame:
    """Cases30 of everyone but leavers, as a caseload on 30 September."""
    held = f.filter(pl.col("Cases30").is_not_null() & pl.col("RoleEndDate").is_null())
    return held.select(pl.col("staff").alias("staff_id"),
                       pl.col("Cases30").cast(pl.Int64, strict=False).alias("cases"))


def absences(f: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """WorkingDaysLost as a sickness absence inside the year (from the later of the year
    start and RoleStartDate, to the earlier of RoleEndDate and 30 September), and an absence
    on 30 September when Absat30Sept is 1 with a ReasonAbsence."""
    ref, first = date(year, 9, 30), date(year - 1, 10, 1)
    days = pl.col("WorkingDaysLost:number").fill_null(0.0)
    begin = pl.max_horizontal(pl.col("RoleStartDate:date").fill_null(first), pl.lit(first))
    end = pl.min_horizontal(pl.col("RoleEndDate:date").fill_null(ref), pl.lit(ref))
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
