"""Who goes in a census return, and the value of each worker item: DfE's inclusion rules.

For collection year Y (census year 1 October Y-1 to 30 September Y, reference date 30 Sept Y):
- one record per spell of direct employment as a child and family social worker that is
  running at the reference date (in post) or ended in the year (a leaver, FTE 0, with
  RoleEndDate, ReasonLeave and LeaverDestination). A worker who left and came back in the
  year has two records, one per spell. A spell that ends on 30 September is a leaver [I].
- one record per agency assignment running at the reference date (agency records are never
  de-duplicated).
RoleStartDate is the start of the continuous spell, not of the latest assignment, so that a
promotion or a change of team is not counted as a starter (as in `measures.population`).
FTE is summed over a person's concurrent assignments and OrgRole is the most senior of them.
FTE30 is the FTE at the previous 30 September (0 for in-year starters), per the 2024-25
specification, with one exception: a starter who leaves again in the same year. DfE counts such
a person among the year's leavers and starters (domain.md 1.2, "including starters who left"),
drops records without an FTE from FTE figures (1.2, "FTE"), and wants FTE 0 on every leaver
(1.5, item 3); FTE30 is then the only item that can carry the FTE they worked, so it holds
their FTE at leaving. Without it their FTE would be lost from leavers and starters FTE and
from turnover. Values are plain Python values; `write.py` formats them per layout.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from workforce.census import payitems
from workforce.ledger import Ledger
from workforce.measures.population import active_at, population, spells
from workforce.measures.windows import census_year

GENDER_CODE = {"M": "1", "F": "2", "U": "0"}  # GenderCurrent (to 2023): 0 not known
SICK = "SIC"


def workers(ledger: Ledger, year: int) -> pl.DataFrame:
    """Every worker record of the return for `year`, one row each, columns named by item."""
    ref = date(year, 9, 30)
    direct = _direct(ledger, year, ref)
    agency = _agency(ledger, ref)
    out = pl.concat([direct, agency], how="diagonal_relaxed")
    if out.height == 0:
        return out
    out = _with_person(ledger, out)
    out = _with_cases(ledger, out, ref)
    out = _with_absence(ledger, out, year, ref)
    out = payitems.with_pay(ledger, out, year)
    # the staff number last: records that tie (no SWE number, one start date) came in
    # either order from one build to the next, so a findings file's "worker 2" could be
    # another record of the return downloaded beside it
    return out.sort("AgencyWorker", "SWENo", "RoleStartDate", "staff_id", nulls_last=True)


def _direct(ledger: Ledger, year: int, ref: date) -> pl.DataFrame:
    window = census_year(year)
    sw = population(ledger, "social_worker", direct=True)
    sp = spells(sw).filter(
        (pl.col("spell_start") <= ref)
        & (pl.col("spell_end").is_null() | (pl.col("spell_end") >= window.start)))
    if sp.height == 0:
        return pl.DataFrame()
    a = sw.join(sp, on="staff_id").filter(
        (pl.col("start_date") >= pl.col("spell_start"))
        & (pl.col("spell_end").is_null() | (pl.col("start_date") <= pl.col("spell_end"))))
    leaver = pl.col("spell_end").is_not_null() & (pl.col("spell_end") <= ref)
    # The assignments that describe the record: those running at 30 Sept, or for a leaver
    # the ones running on the last day.
    at = pl.when(leaver).then(pl.col("spell_end")).otherwise(pl.lit(ref))
    now = a.filter((pl.col("start_date") <= at)
                   & (pl.col("end_date").is_null() | (pl.col("end_date") >= at))
                   ).sort("start_date")
    first = a.filter(pl.col("start_date") == pl.col("spell_start"))
    prev = date(year - 1, 9, 30)
    fte30 = active_at(a, prev).group_by("staff_id", "spell").agg(
        pl.col("fte").sum().alias("FTE30"))
    rec = now.group_by("staff_id", "spell").agg(
        pl.col("fte").sum().alias("_fte"),
        pl.col("org_role").cast(pl.Int32, strict=False).min().cast(pl.String).alias("OrgRole"),
        pl.col("leaving_reason").drop_nulls().last().alias("ReasonLeave"),
        pl.col("leaver_destination").drop_nulls().last().alias("LeaverDestination"),
        pl.col("spell_start").first().alias("RoleStartDate"),
        pl.col("spell_end").first().alias("_end"),
    )
    rec = (rec.join(first.group_by("staff_id", "spell").agg(
        pl.col("start_origin").drop_nulls().first().alias("StartOrigin")),
        on=["staff_id", "spell"], how="left")
        .join(fte30, on=["staff_id", "spell"], how="left"))
    is_leaver = pl.col("_end").is_not_null() & (pl.col("_end") <= ref)
    started_in_year = pl.col("RoleStartDate") > prev
    return rec.with_columns(
        pl.lit("0").alias("AgencyWorker"),
        pl.when(is_leaver).then(0.0).otherwise(pl.col("_fte")).alias("FTE"),
        pl.when(is_leaver).then(pl.col("_end")).alias("RoleEndDate"),
        pl.when(is_leaver).then(pl.col("ReasonLeave")).alias("ReasonLeave"),
        pl.when(is_leaver).then(pl.col("LeaverDestination")).alias("LeaverDestination"),
        pl.when(is_leaver & started_in_year).then(pl.col("_fte"))
        .otherwise(pl.col("FTE30").fill_null(0.0)).alias("FTE30"),
        is_leaver.alias("_leaver"),
    ).drop("_fte", "_end", "spell")


def _agency(ledger: Ledger, ref: date) -> pl.DataFrame:
    # In post as the measures count it: running on 30 September and not leaving that day.
    every = population(ledger, "social_worker", direct=False)
    a = active_at(every, ref)
    last = spells(every).filter(pl.col("spell_end") == ref).select("staff_id")
    a = a.join(last, on="staff_id", how="anti") if last.height else a
    if a.height == 0:
        return pl.DataFrame()
    end = pl.col("end_date").fill_null(ref)
    weeks = ((end - pl.col("start_date")).dt.total_days() + 1) / 7
    return a.select(
        "staff_id", pl.lit("1").alias("AgencyWorker"), pl.col("fte").alias("FTE"),
        pl.col("org_role").alias("OrgRole"),
        (weeks * 10).round(0).truediv(10).alias("ContractWeeks"),
        pl.lit(False).alias("_leaver"))


def _with_person(ledger: Ledger, rec: pl.DataFrame) -> pl.DataFrame:
    p = ledger.person.select(
        "staff_id",
        pl.col("swe_number").str.to_uppercase().str.replace_all(r"\s", "").alias("SWENo"),
        pl.col("birth_date").alias("PersonBirthDate"),
        pl.when(pl.col("sex").is_in(["M", "F"])).then(pl.col("sex")).alias("Sex"),
        pl.col("sex").replace_strict(GENDER_CODE, default=None).alias("GenderCurrent"),
        pl.col("ethnicity").alias("Ethnicity"),
        pl.col("qual_institution").alias("QualInst"),
        pl.col("qual_level").alias("QualLevel"),
        pl.col("qual_route"))
    routes = ledger.programme.group_by("staff_id").agg(pl.col("kind").alias("_kinds"))
    p = p.join(routes, on="staff_id", how="left").with_columns(
        _flag("step_up").alias("StepUpGrad"), _flag("frontline").alias("FrontlineGrad"),
    ).drop("qual_route", "_kinds")
    out = rec.join(p, on="staff_id", how="left")
    agency = pl.col("AgencyWorker") == "1"
    # Agency workers' characteristics are not collected (domain.md 1.5: mandatory only for
    # non-agency workers), so only the items DfE asks of every record are written for them.
    blank = ("PersonBirthDate", "Sex", "GenderCurrent", "Ethnicity", "QualLevel", "StepUpGrad",
             "FrontlineGrad")
    return out.with_columns(pl.when(~agency).then(pl.col(c)).alias(c) for c in blank)


def _flag(route: str) -> pl.Expr:
    hit = (pl.col("qual_route") == route).fill_null(False) | pl.col("_kinds").list.contains(
        route).fill_null(False)
    return pl.when(hit).then(pl.lit("1")).otherwise(pl.lit("0"))


def _with_cases(ledger: Ledger, rec: pl.DataFrame, ref: date) -> pl.DataFrame:
    c = (ledger.caseload.filter(pl.col("date").is_between(ref - timedelta(days=31), ref))
         .sort("date").group_by("staff_id").agg(pl.col("cases").last().alias("Cases30")))
    out = rec.join(c, on="staff_id", how="left")
    return out.with_columns(
        pl.when(pl.col("_leaver")).then(None).otherwise(pl.col("Cases30").fill_null(0))
        .alias("Cases30"))


def _with_absence(ledger: Ledger, rec: pl.DataFrame, year: int, ref: date) -> pl.DataFrame:
    w = census_year(year)
    ab = ledger.absence
    sick = (_sick_days(ab.filter(pl.col("reason") == SICK), w.start, w.end)
            .group_by("staff_id").agg(pl.col("_days").sum().alias("WorkingDaysLost")))
    on_ref = (active_at(ab, ref).sort("start_date").group_by("staff_id")
              .agg(pl.col("reason").last().alias("ReasonAbsence")))
    out = rec.join(sick, on="staff_id", how="left").join(on_ref, on="staff_id", how="left")
    direct = pl.col("AgencyWorker") == "0"
    present = ~pl.col("_leaver")
    # A worker with two records in the year (left and came back) has their days lost on
    # the later record only, so that the return's total is the year's total.
    latest = pl.col("RoleStartDate").rank("ordinal", descending=True).over(
        "staff_id", "AgencyWorker") == 1
    return out.with_columns(
        pl.when(direct).then(pl.when(latest).then(pl.col("WorkingDaysLost").fill_null(0.0))
                             .otherwise(0.0)).alias("WorkingDaysLost"),
        pl.when(present).then(pl.col("ReasonAbsence")).alias("ReasonAbsence"),
        pl.when(present).then(pl.col("ReasonAbsence").is_not_null().cast(pl.Int8).cast(
            pl.String)).alias("Absat30Sept"),
    )


def _sick_days(sick: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Working days lost in [start, end]. As in `measures.sickness`: an absence crossing the
    year's edge counts for the share of its working days (Monday to Friday) inside the year;
    an open absence runs to the year end; one with no working day counts where it starts."""
    a = sick.filter((pl.col("start_date") <= end)
                    & (pl.col("end_date").is_null() | (pl.col("end_date") >= start)))
    last = pl.col("end_date").fill_null(pl.max_horizontal(pl.col("start_date"), pl.lit(end)))
    span = _workdays(pl.col("start_date"), last)
    inside = _workdays(pl.max_horizontal(pl.col("start_date"), pl.lit(start)),
                       pl.min_horizontal(last, pl.lit(end)))
    share = pl.when(span > 0).then(inside / span).otherwise(
        (pl.col("start_date") >= start).cast(pl.Float64))
    return a.with_columns((pl.col("working_days_lost") * share).alias("_days"))


def _workdays(first: pl.Expr, last: pl.Expr) -> pl.Expr:
    return pl.business_day_count(first, last + pl.duration(days=1)).clip(lower_bound=0)
