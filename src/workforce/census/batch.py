"""Map a batch of worker records to ledger rows with polars (the rules are in `rows.py`).

Mapping records one by one in Python cost more than reading the file, so a batch of records
(`workers.frame`, plus `staff`, the staff id made from the SWE number) is mapped column by
column here instead, as lazy frames that `rows.Builder` collects together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl

from workforce.census.payitems import WEEKS_PER_YEAR
from workforce.census.workers import AGENCY

DAY = timedelta(days=1)
SEX = {"M": "M", "F": "F", "1": "M", "2": "F"}
MADE = {"person": ("staff_id", "birth_date", "sex", "ethnicity", "qual_level", "qual_route",
                   "qual_institution", "_agency"),
        "assignment": ("assignment_id", "staff_id", "org_role", "case_holder", "contract",
                       "fte", "start_date", "end_date", "start_origin", "leaving_reason",
                       "leaver_destination", "post_id"),
        "caseload": ("staff_id", "cases"),
        "absence": ("staff_id", "start_date", "end_date", "reason", "working_days_lost"),
        "pay": ("staff_id", "snapshot_date", "hourly_pay", "weekly_hours", "full_pay",
                "base_salary"),
        "payment": ("staff_id", "kind", "date", "amount")}
"""The columns each of `person`, `assignments` (with `n` and `_k` besides), `caseload`,
`absences`, `pay` and `payments` makes (a test checks them), which `rows.Builder` conforms
to the ledger's tables without asking polars."""
FTE30_PIECE = "/fte30"  # the assignment id's end on FTE30's day (`assignments`)
WEEK_HOURS = 37.0  # a full-time week, as the measures' costs take it (`measures.costs`)


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
    zero-FTE marker back to RoleStartDate for those who started before it (see `rows.py`)
    and, for those still in it in the year, their FTE30 on the previous 30 September
    (`/fte30`). In record order, the marker first; with `n` and `_k` (0 for the marker, 1
    for FTE30, 2 for the year's) besides."""
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
        pl.col("FTE:number").alias("_fte"), pl.col("FTE30:number").alias("_fte30"),
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
        *same, pl.lit(2).alias("_k"), "assignment_id",
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
    # FTE30 of a worker in the year who started before it, on the previous 30 September
    # (the marker beside it stays 0 FTE): dropped where another return describes that day
    # (`rows.covered`), so that it is not counted twice
    at30 = base.filter(~agency & stub & main & (pl.col("_fte30") > 0)).select(
        "n", "staff_id", "org_role", pl.lit(None, pl.Boolean).alias("case_holder"),
        pl.lit(1).alias("_k"), (pl.col("assignment_id") + FTE30_PIECE),
        pl.lit("permanent").alias("contract"), pl.col("_fte30").alias("fte"),
        pl.lit(first - DAY).alias("start_date"), pl.lit(first - DAY).alias("end_date"),
        *(pl.lit(None, pl.String).alias(c)
          for c in ("start_origin", "leaving_reason", "leaver_destination", "post_id")))
    return pl.concat([before, at30, in_year], how="vertical_relaxed").sort("n", "_k")


def caseload(f: pl.LazyFrame) -> pl.LazyFrame:
    """Cases30 of everyone but leavers, as a caseload on 30 September."""
    held = pl.col("Cases30").is_not_null() & pl.col("RoleEndDate").is_null()
    return f.select(pl.col("staff").alias("staff_id"),
                    pl.col("Cases30").cast(pl.Int64, strict=False).alias("cases"),
                    held.alias("_held")).filter("_held").drop("_held")


def sick_span(begin: pl.Expr, last: pl.Expr, days: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The first and last day of the sickness absence a record's WorkingDaysLost (`days`)
    becomes: ceil(`days`) working days (Monday to Friday) ending on the last working day up
    to `last`, started no earlier than `begin` (and ending no earlier, for a record with no
    working day in it). `replace.py` finds the absences an import made by the same days."""
    end = pl.max_horizontal(begin, last.dt.add_business_days(0, roll="backward"))
    back = (days.ceil().cast(pl.Int32) - 1).clip(lower_bound=0)
    start = pl.max_horizontal(begin, end.dt.add_business_days(-back, roll="backward"))
    return start, end


def absences(f: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """WorkingDaysLost as one sickness absence of that many working days (rounded up) inside
    the record's time in the year, ending on its last working day before 30 September (a
    leaver's: by RoleEndDate), and an absence on 30 September when Absat30Sept is 1 with a
    ReasonAbsence.

    The return gives a year's total, not its spells. An absence over the whole year (as
    imports made before) would be one spell of the whole year, so every day of it long-term
    sickness, and running on 30 September an absence there, which the return says only with
    Absat30Sept. Ending before 30 September, it is long-term only when it is 20 working days
    or more (as a run of that many days would be), and the days lost in the year are the
    same (the measures count an absence inside the year in full)."""
    ref, first = date(year, 9, 30), date(year - 1, 10, 1)
    days = pl.col("WorkingDaysLost:number").fill_null(0.0)
    begin = pl.max_horizontal(pl.col("RoleStartDate:date").fill_null(first), pl.lit(first))
    last = pl.min_horizontal(pl.col("RoleEndDate:date").fill_null(ref), pl.lit(ref - DAY))
    start, end = sick_span(begin, last, days)
    # Only the columns used below, before the filters (see `assignments`).
    f = f.select("n", "staff", "Absat30Sept", "ReasonAbsence", "RoleStartDate:date",
                 "RoleEndDate:date", "WorkingDaysLost:number")
    sick = f.filter(days > 0).select(
        "n", pl.lit(0).alias("_k"), pl.col("staff").alias("staff_id"),
        start.alias("start_date"), end.alias("end_date"),
        pl.lit("SIC").alias("reason"), days.alias("working_days_lost"))
    away = f.filter((pl.col("Absat30Sept") == "1") & pl.col("ReasonAbsence").is_not_null())
    away = away.select(
        "n", pl.lit(1).alias("_k"), pl.col("staff").alias("staff_id"),
        pl.lit(ref).alias("start_date"), pl.lit(ref).alias("end_date"),
        pl.col("ReasonAbsence").alias("reason"), pl.lit(0.0).alias("working_days_lost"))
    return pl.concat([sick, away]).sort("n", "_k").drop("n", "_k")


def pay(f: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """BaseSalary of a directly employed record as the pay in effect on the record's date
    (30 September; a leaver's RoleEndDate), the day the return's own export reads it on
    (`payitems.with_pay`); never dated 31 March (a leaver's last day then is dated the day
    before), which the gender pay gap reads as a snapshot of everyone's pay. The ledger also
    wants an hourly pay: BaseSalary over the year's hours at the record's FTE (a leaver's
    FTE30) of a 37-hour week, as the demo's pay and the measures' costs take a week; the
    weekly hours are that FTE's share of 37."""
    ref = date(year, 9, 30)
    on = pl.col("RoleEndDate:date").fill_null(pl.lit(ref))
    on = pl.when((on.dt.month() == 3) & (on.dt.day() == 31)).then(on - DAY).otherwise(on)
    fte = pl.when(pl.col("RoleEndDate:date").is_not_null()).then(
        pl.col("FTE30:number")).otherwise(pl.col("FTE:number"))
    fte = pl.when(fte > 0).then(fte)
    salary = pl.col("BaseSalary:number")
    f = f.select("staff", "AgencyWorker", "RoleEndDate:date", "FTE:number", "FTE30:number",
                 "BaseSalary:number")
    return f.filter(~AGENCY & salary.is_not_null()).select(
        pl.col("staff").alias("staff_id"), on.alias("snapshot_date"),
        (salary / (WEEK_HOURS * WEEKS_PER_YEAR * fte.fill_null(1.0))).alias("hourly_pay"),
        (fte * WEEK_HOURS).alias("weekly_hours"), pl.lit(True).alias("full_pay"),
        salary.alias("base_salary"))


def payments(f: pl.LazyFrame, year: int, rr: Sequence[str], other: Sequence[str],
             seen: tuple[int, int]) -> pl.LazyFrame:
    """RRPayments and OtherPayments of directly employed records as payments dated 30
    September (the return gives the year's total, not the days paid; one date, so that a
    person's two records, which each carry their year's total, make one payment). The
    return does not say which kind each was either: the kinds are those the LA-level module
    names (`rr`: a kind of each incentive scheme flagged, in RecruitmentBonus,
    RetentionBonus, RelocationPackage order; `other`: those OtherAllowances names), given
    to the records in turn, so that a re-export flags the same schemes (`rows.Builder`).
    `seen`: the records with RR and with other payments in earlier batches."""
    ref = date(year, 9, 30)
    f = f.select("staff", "AgencyWorker", "RRPayments:number", "OtherPayments:number")

    def made(item: str, kinds: Sequence[str], before: int) -> pl.LazyFrame:
        amount = pl.col(f"{item}:number")
        paid = f.filter(~AGENCY & (amount > 0))
        turn = (pl.int_range(pl.len()) + before) % len(kinds)
        return paid.select(pl.col("staff").alias("staff_id"),
                           pl.lit(pl.Series(list(kinds)), pl.String).gather(turn).alias("kind"),
                           pl.lit(ref).alias("date"), amount.alias("amount"))

    return pl.concat([made("RRPayments", rr, seen[0]), made("OtherPayments", other, seen[1])])
