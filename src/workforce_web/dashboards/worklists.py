"""Manager work lists: the named people in some units whose supervision, appraisal, training or
induction is overdue, or whose caseload is above a threshold, on a date.

Pure polars on a `Ledger` (no Django), built from the same helpers as the support measures
(`workforce.measures.support`), so a person is listed exactly when they count against M20b,
M21, M22 or M24 and friends. The rule of each list is its `rule` text, shown on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.population import FAR
from workforce.measures.records import spell_starts, staff_at
from workforce.measures.support import APPRAISAL_SERVICE_MONTHS, GAP_MONTHS, long_term_absent
from workforce.measures.training import CORPORATE, DONE, INDUCTION_DAYS, required_pairs, with_expiry
from workforce.measures.windows import add_months, months_back

EXPIRING_DAYS = 60
DEFAULT_CASELOAD = 20.0
SNAPSHOT_DAYS = 62
INDUCTION_STEPS = (*CORPORATE, "local")


@dataclass(frozen=True)
class WorkList:
    """One list: its key, title, the rule that puts a person on it, and the columns shown.
    `rows_are` says what a row is where a person can have more than one: a course due (the
    training list), else a unit the person is in (a person in two units is listed in each)."""

    key: str
    title: str
    rule: str
    columns: tuple[tuple[str, str], ...]  # (column, heading)
    build: Callable[[Ledger, date, float], pl.DataFrame]
    rows_are: tuple[str, str] = ("row", "rows")

    def counted(self, people: int, rows: int) -> str:
        """'84 people', '402 people, 708 courses', '84 people, 85 rows (a person in more
        than one unit is listed in each)': the people on the list and, where some have
        more than one row, the rows, in the words of what a row is."""
        text = f"{people} {'person' if people == 1 else 'people'}"
        if rows == people:
            return text
        text += f", {rows} {self.rows_are[0] if rows == 1 else self.rows_are[1]}"
        return text if self.rows_are[0] != "row" else \
            f"{text} (a person in more than one unit is listed in each)"


def _in_post(ledger: Ledger, at: date, direct: bool | None) -> pl.DataFrame:
    return staff_at(ledger, at, None, direct).select("staff_id", "unit", "fte").unique(
        ["staff_id", "unit"])


def supervision_overdue(ledger: Ledger, at: date, _: float) -> pl.DataFrame:
    # as M20b: in post every day of the two months to `at` (from `first`) and not on
    # long-term absence in them; overdue with no one-to-one in them (none after `since`)
    first = months_back(at, GAP_MONTHS)
    since = first - timedelta(days=1)
    staff = _in_post(ledger, at, None).join(
        spell_starts(ledger, at, None, None).filter(pl.col("spell_start") <= first),
        on="staff_id", how="semi").join(long_term_absent(ledger, first, at), on="staff_id",
                                        how="anti")
    last = (ledger.supervision.filter((pl.col("kind") == "individual") & (pl.col("date") <= at))
            .group_by("staff_id").agg(pl.col("date").max().alias("last_supervision")))
    out = staff.join(last, on="staff_id", how="left")
    return out.filter(pl.col("last_supervision").is_null()
                      | (pl.col("last_supervision") <= since))


def appraisal_overdue(ledger: Ledger, at: date, _: float) -> pl.DataFrame:
    served = spell_starts(ledger, at).filter(
        pl.col("spell_start") <= add_months(at, -APPRAISAL_SERVICE_MONTHS))
    staff = _in_post(ledger, at, True).join(served, on="staff_id", how="semi")
    a = ledger.appraisal.filter((pl.col("kind") == "annual") & (pl.col("status") == "completed")
                                & (pl.col("date") <= at))
    last = a.group_by("staff_id").agg(pl.col("date").max().alias("last_appraisal"))
    out = staff.join(last, on="staff_id", how="left")
    return out.filter(pl.col("last_appraisal").is_null()
                      | (pl.col("last_appraisal") <= add_months(at, -12)))


def training_due(ledger: Ledger, at: date, _: float) -> pl.DataFrame:
    pairs = required_pairs(ledger, at).select("staff_id", "unit", "course").unique()
    t = with_expiry(ledger).filter(pl.col("completed_date") <= at)
    # as M22: a course is held while the longest-lasting completion has not expired
    latest = t.group_by("staff_id", "course").agg(
        pl.col("completed_date").max(), pl.col("expires").fill_null(FAR).max()).with_columns(
        pl.when(pl.col("expires") < FAR).then(pl.col("expires")).alias("expires"))
    soon = at + timedelta(days=EXPIRING_DAYS)
    out = pairs.join(latest, on=["staff_id", "course"], how="left").with_columns(
        pl.when(pl.col("completed_date").is_null()).then(pl.lit("Never completed"))
        .when(pl.col("expires") <= at).then(pl.lit("Expired"))
        .when(pl.col("expires") <= soon).then(pl.lit("Expiring soon"))
        .otherwise(None).alias("training_status"))
    titles = ledger.course.select(pl.col("code").alias("course"), pl.col("title")
                                  .alias("course_title"))
    rank = pl.col("training_status").replace_strict(
        {"Expired": 0, "Never completed": 1, "Expiring soon": 2}, default=3)
    return (out.filter(pl.col("training_status").is_not_null())
            .join(titles, on="course", how="left").sort(rank, "expires"))


def induction_incomplete(ledger: Ledger, at: date, _: float) -> pl.DataFrame:
    starts = spell_starts(ledger, at).filter(pl.col("spell_start") > add_months(at, -12))
    staff = _in_post(ledger, at, True).join(starts, on="staff_id")
    done = ledger.induction.filter(pl.col("outcome").is_in(DONE) & (pl.col("completed_date")
                                                                    <= at))
    have = done.join(starts, on="staff_id").filter(
        pl.col("completed_date") >= pl.col("spell_start")).group_by("staff_id").agg(
        pl.col("step").unique().alias("_done"))
    out = staff.join(have, on="staff_id", how="left").with_columns(
        pl.col("_done").fill_null([]))
    missing = pl.concat_list([pl.when(~pl.col("_done").list.contains(s)).then(pl.lit(s))
                              for s in INDUCTION_STEPS]).list.drop_nulls()
    return out.with_columns(missing.alias("_missing"),
                            (pl.col("spell_start") + timedelta(days=INDUCTION_DAYS))
                            .alias("induction_due")).filter(
        pl.col("_missing").list.len() > 0).with_columns(
        pl.col("_missing").list.join(", ").alias("missing_steps")).drop("_done", "_missing")


def caseload_above(ledger: Ledger, at: date, threshold: float) -> pl.DataFrame:
    recent = ledger.caseload.filter(pl.col("date").is_between(
        at - timedelta(days=SNAPSHOT_DAYS), at))
    latest = recent.sort("date").group_by("staff_id").agg(pl.col("date").last(),
                                                          pl.col("cases").last())
    fte = staff_at(ledger, at, None, None).group_by("staff_id").agg(
        pl.col("fte").sum(), pl.col("unit").first())
    out = latest.join(fte, on="staff_id").filter(pl.col("fte") > 0).with_columns(
        (pl.col("cases") / pl.col("fte")).alias("cases_per_fte"))
    return out.filter(pl.col("cases_per_fte") > threshold)


LISTS = (
    WorkList("supervision", "Supervision overdue",
             f"In post (agency workers included) for at least {GAP_MONTHS} months, not on "
             f"long-term absence, and no one-to-one supervision recorded in the last "
             f"{GAP_MONTHS} months (as measure M20b counts them).",
             (("last_supervision", "Last one-to-one supervision"),), supervision_overdue),
    WorkList("appraisal", "Appraisal overdue",
             f"Directly employed with at least {APPRAISAL_SERVICE_MONTHS} months' service and "
             "no annual appraisal completed in the last 12 months (as measure M21 counts them).",
             (("last_appraisal", "Last appraisal"),), appraisal_overdue),
    WorkList("training", "Mandatory training expired or expiring",
             f"A mandatory course for the person's staff group never completed, expired, or "
             f"expiring within {EXPIRING_DAYS} days.",
             (("course_title", "Course"), ("training_status", "Status"),
              ("expires", "Expires")), training_due, ("course", "courses")),
    WorkList("induction", "Induction incomplete",
             f"Started in the last 12 months and corporate day 1, day 2 or local induction not "
             f"completed; each is due within {INDUCTION_DAYS} days of starting.",
             (("spell_start", "Started"), ("induction_due", "Due by"),
              ("missing_steps", "Steps not completed")), induction_incomplete),
    WorkList("caseload", "Caseload above the threshold",
             "The latest caseload recorded in the last two months, per FTE, is above the "
             "threshold.",
             (("cases", "Cases"), ("fte", "FTE"), ("cases_per_fte", "Cases per FTE"),
              ("date", "Recorded on")), caseload_above),
)
BY_KEY = {w.key: w for w in LISTS}


def people(ledger: Ledger, work_list: WorkList, at: date, units: set[str] | None,
           threshold: float = DEFAULT_CASELOAD) -> pl.DataFrame:
    """The named people on one list, in `units` (None: everyone), sorted by unit and name."""
    out = work_list.build(ledger, at, threshold)
    if units is not None:
        out = out.filter(pl.col("unit").is_in(sorted(units)))
    names = ledger.person.select("staff_id", "name")
    unit_names = ledger.unit.select(pl.col("code").alias("unit"),
                                    pl.col("name").alias("unit_name"))
    cols = [c for c, _ in work_list.columns]
    return (out.join(names, on="staff_id", how="left").join(unit_names, on="unit", how="left")
            .select("staff_id", "name", "unit", "unit_name", *cols)
            .sort("unit_name", "name", maintain_order=True))
