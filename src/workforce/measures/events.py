"""Register measures: HR cases (M42), compliments and complaints (M43), case audits (M44),
recruitment events (M46), practice observations (M47), training impact (M48) and health and
safety (M49).

Events are counted in their recorded unit; an event with no unit but a person is counted in
the person's team on the event date. Register counts are not about people, so they are not
suppressed (`people` is None), except HR cases, where each case is about someone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.cache import memo
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS, UNIT_DIMENSIONS
from workforce.measures.records import (
    ASSIGNMENT_COLUMNS,
    NOT_KNOWN,
    assignment_on,
    in_post_throughout,
    previous,
    summarise,
    summed,
)
from workforce.measures.registry import measure
from workforce.measures.windows import Window, add_months

GOOD_GRADES = ("outstanding", "good")
GRADES = (*GOOD_GRADES, "requires_improvement", "inadequate")
OBSERVATIONS_NEEDED = 2
FOLLOW_UP_MONTHS = 13
"""A follow-up evaluation counts up to 13 months after the course (the 12-month one, late)."""
MATCH_DAYS = 46
"""An evaluation 'at N months' belongs to completions about N months (± half a quarter) before."""


def register(ledger: Ledger, kinds: Sequence[str]) -> pl.DataFrame:
    """Register events of `kinds`, with `unit` filled from the person's team on the day when
    the event has a person but no unit. Built once per ledger and kinds (every window of a
    series reads the same events)."""
    def build() -> pl.DataFrame:
        r = ledger.register.filter(pl.col("kind").is_in(kinds))
        need = r.filter(pl.col("unit").is_null() & pl.col("staff_id").is_not_null()).select(
            "event_id", "staff_id", pl.col("date").alias("on"))
        found = assignment_on(ledger, need).group_by("event_id").agg(
            pl.col("unit").drop_nulls().first().alias("_unit"))
        return r.join(found, on="event_id", how="left").with_columns(
            pl.coalesce("unit", "_unit").alias("unit")).drop("_unit")

    return memo(ledger, ("register", tuple(kinds)), build)


def in_window(events: pl.DataFrame, window: Window, col: str = "date") -> pl.DataFrame:
    """Events whose `col` falls inside the window."""
    return events.filter(pl.col(col).is_between(window.start, window.end))


def count(events: pl.DataFrame, ledger: Ledger, by: Sequence[str], window: Window,
          people: str | None = None) -> pl.DataFrame:
    """Number of events per cell."""
    recs = events.with_columns(pl.lit(1.0).alias("num"), pl.lit(1.0).alias("den"))
    return summed(recs, ledger, by, window.end, keys=("event_id",), people=people)


EVENTS = {"family": "events", "breakdowns": UNIT_DIMENSIONS}


@measure(
    id="M42", title="Staff in formal HR processes",
    definition="The number of formal HR cases (disciplinary, grievance, capability, "
    "attendance) open on the date: opened on or before it and not closed by it (a case "
    "closed on the date is no longer open). Break down by `hr_case_type`.",
    formula="count of HR cases with open date ≤ date and no close date or close date > date",
    unit="count", polarity="down", kind="stock", source="S0", family="events",
    breakdowns=(*UNIT_DIMENSIONS, "hr_case_type"))
def hr_cases(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M42: HR cases open at the date."""
    at = window.end
    cases = register(ledger, ["hr_case"]).filter(
        (pl.col("date") <= at) & (pl.col("end_date").is_null() | (pl.col("end_date") > at)))
    cases = cases.with_columns(pl.col("category").fill_null(NOT_KNOWN).alias("hr_case_type"))
    return count(cases, ledger, by, window, people="event_id")


@measure(
    id="M43", title="Compliments per complaint",
    definition="The number of compliments received in the period for each complaint received "
    "in it (above 1 means more compliments than complaints). Cannot be computed in a period "
    "with no complaints.",
    formula="compliments in the period ÷ complaints in the period", unit="ratio",
    polarity="up", kind="flow", source="S0, S3", **EVENTS)
def compliments_per_complaint(ledger: Ledger, window: Window, by: Sequence[str]
                              ) -> pl.DataFrame:
    """M43: compliments ÷ complaints."""
    e = in_window(register(ledger, ["compliment", "complaint"]), window).with_columns(
        (pl.col("kind") == "compliment").cast(pl.Float64).alias("num"),
        (pl.col("kind") == "complaint").cast(pl.Float64).alias("den"))
    return summarise(e, ledger, by, window.end, keys=("event_id",), scale=1.0, people=None)


def audit_rate(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """Graded case audits in the window; num = graded good or outstanding."""
    grade = pl.col("category").str.strip_chars().str.to_lowercase().str.replace_all(" ", "_")
    e = in_window(register(ledger, ["case_audit"]), window).with_columns(grade.alias("_grade"))
    e = e.filter(pl.col("_grade").is_in(GRADES)).with_columns(
        pl.col("_grade").is_in(GOOD_GRADES).cast(pl.Float64).alias("num"),
        pl.lit(1.0).alias("den"))
    return summarise(e, ledger, by, window.end, keys=("event_id",), people=None)


@measure(
    id="M44", title="Case audits graded good or outstanding",
    definition="Of case audits in the period given a grade (outstanding, good, requires "
    "improvement, inadequate), the percentage graded good or outstanding.",
    formula="audits graded good or outstanding ÷ graded audits × 100", unit="percent",
    polarity="up", kind="flow", source="S3", **EVENTS)
def good_audits(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M44: share of graded audits that are good or outstanding."""
    return audit_rate(ledger, window, by)


@measure(
    id="M44a", title="Change in good or outstanding audits",
    definition="M44 for the period minus M44 for the period before (the previous month for a "
    "month), in percentage points. Cannot be computed unless both periods had graded audits.",
    formula="value = numerator − denominator: this period's % good or outstanding − the "
    "previous period's", unit="percent", polarity="up", kind="flow", source="S3", **EVENTS)
def good_audits_change(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M44a: change in M44 since the previous period."""
    now = audit_rate(ledger, window, by).select(*by, pl.col("value").alias("numerator"))
    before = audit_rate(ledger, previous(window), by).select(
        *by, pl.col("value").alias("denominator"))
    both = (now.join(before, on=list(by), how="full", coalesce=True) if by
            else pl.concat([now, before], how="horizontal"))
    return both.with_columns((pl.col("numerator") - pl.col("denominator")).alias("value"),
                             pl.lit(None, pl.Int64).alias("people"))


@measure(
    id="M46", title="Recruitment events",
    definition="The number of recruitment events (job fairs, open days, university events) "
    "held or attended in the period.",
    formula="count of recruitment events dated in the period", unit="count", polarity="up",
    kind="flow", source="S3", **EVENTS)
def recruitment_events(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M46: recruitment events in the window."""
    return count(in_window(register(ledger, ["recruitment_event"]), window), ledger, by,
                 window)


@measure(
    id="M47", title="Practice observation",
    definition=f"Of social-work practitioners (not managers; agency workers included) in "
    f"post throughout the 12 months to the date, the percentage with at least "
    f"{OBSERVATIONS_NEEDED} observations of their practice recorded in those 12 months.",
    formula=f"practitioners with ≥ {OBSERVATIONS_NEEDED} observations in 12 months ÷ "
    "practitioners in post all 12 months × 100", unit="percent", polarity="up",
    kind="stock", source="S4", family="events", breakdowns=ALL_PERSON_DIMENSIONS)
def practice_observation(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M47: practitioners observed at least twice in the last 12 months."""
    start = add_months(window.end, -12) + timedelta(days=1)
    staff = in_post_throughout(ledger, start, window.end, "social_worker", None).filter(
        ~pl.col("org_role").is_in(["1", "2", "3"]).fill_null(False)).select(
        *ASSIGNMENT_COLUMNS)
    seen = ledger.register.filter((pl.col("kind") == "practice_observation")
                                  & pl.col("date").is_between(start, window.end))
    enough = seen.group_by("staff_id").agg(pl.col("event_id").n_unique().alias("_n")).filter(
        pl.col("_n") >= OBSERVATIONS_NEEDED)["staff_id"].implode()
    recs = staff.with_columns(pl.col("staff_id").is_in(enough).cast(pl.Float64).alias("num"),
                              pl.lit(1.0).alias("den"))
    return summarise(recs, ledger, by, window.end)


def evaluations(ledger: Ledger) -> pl.DataFrame:
    """Course evaluations (staff_id, _eval, _course, _months): the category names the
    interval in months and may name the course ('PRAC1:6', or '6'); else the reference may
    name it ('CEV-PRAC1-0001')."""
    ev = register(ledger, ["course_evaluation"]).select(
        "event_id", "staff_id", pl.col("date").alias("_eval"), pl.col("category").str.extract(
            r"^([^:]*[A-Za-z][^:]*)").str.strip_chars().alias("_named"),
        pl.col("category").str.extract(r"(\d+)\s*$").cast(pl.Int32).alias("_months"))
    codes = ledger.course.select(pl.col("code").alias("_code"))
    in_ref = ev.join(codes, how="cross").filter(pl.col("event_id").str.contains(
        pl.lit("-") + pl.col("_code") + pl.lit("-"), literal=True)).group_by("event_id").agg(
        pl.col("_code").first())
    return ev.join(in_ref, on="event_id", how="left").select(
        "staff_id", "_eval", "_months", pl.coalesce("_named", "_code").alias("_course"))


def evaluated(ledger: Ledger, done: pl.DataFrame) -> pl.DataFrame:
    """(staff_id, course, on) of completions in `done` followed up by an evaluation of that
    person (of this course, or naming none) or of the course as a whole (no person). An
    evaluation 'at N months' must be dated within 46 days of N months after the completion
    (so it belongs to that delivery); one naming no interval, within 13 months after it."""
    ev = evaluations(ledger)
    late = pl.col("on").dt.offset_by(f"{FOLLOW_UP_MONTHS}mo")
    due = pl.col("on").dt.offset_by(pl.format("{}mo", pl.col("_months")))
    near = (pl.col("_eval") - due).dt.total_days().abs() <= MATCH_DAYS
    after = (pl.col("_eval") > pl.col("on")) & (pl.col("_eval") <= late)
    timely = pl.when(pl.col("_months").is_null()).then(after).otherwise(near & after)
    person = done.join(ev.filter(pl.col("staff_id").is_not_null()), on="staff_id").filter(
        timely & (pl.col("_course").is_null() | (pl.col("_course") == pl.col("course"))))
    course = done.join(ev.filter(pl.col("staff_id").is_null()).drop("staff_id"),
                       left_on="course", right_on="_course").filter(timely)
    return pl.concat([person.select("staff_id", "course", "on"),
                      course.select("staff_id", "course", "on")]).unique()


@measure(
    id="M48", title="Training impact: follow-up evaluations",
    definition="Of completions in the period of intervention-specific (practice-model) "
    "courses, the percentage followed up with an evaluation of the course's impact 3, 6 or 12 "
    "months later (an evaluation of that course, as a whole or for that person, within 13 "
    "months). Recent completions have not reached their follow-up yet, so read the latest "
    "months again later.",
    formula="completions with a follow-up evaluation ÷ intervention-specific completions in "
    "the period × 100", unit="percent", polarity="up", kind="flow", source="S0, S4",
    family="events", breakdowns=(*ALL_PERSON_DIMENSIONS, "course"))
def training_follow_up(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M48: intervention-specific completions with a follow-up evaluation."""
    specific = ledger.course.filter(pl.col("intervention_specific").fill_null(False))
    done = in_window(ledger.training, window, "completed_date").join(
        specific.select(pl.col("code").alias("course")), on="course", how="semi").select(
        "staff_id", "course", pl.col("completed_date").alias("on")).unique()
    hit = evaluated(ledger, done).with_columns(pl.lit(1.0).alias("num"))
    recs = assignment_on(ledger, done).join(hit, on=["staff_id", "course", "on"],
                                            how="left").with_columns(
        pl.col("num").fill_null(0.0), pl.lit(1.0).alias("den"))
    return summarise(recs, ledger, by, window.end, keys=("staff_id", "course", "on"))


@measure(
    id="M48a", title="Training impact: post-course rating",
    definition="The average rating (out of 5) people gave courses they completed in the "
    "period, over the completions with a rating.",
    formula="Σ ratings of completions in the period ÷ rated completions", unit="score",
    polarity="up", kind="flow", source="S0, S4", family="events",
    breakdowns=(*ALL_PERSON_DIMENSIONS, "course"))
def course_rating(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M48a: mean post-course rating."""
    rated = in_window(ledger.training, window, "completed_date").filter(
        pl.col("rating").is_not_null()).select(
        "staff_id", "course", pl.col("completed_date").alias("on"), pl.col("rating"))
    recs = assignment_on(ledger, rated).with_columns(pl.col("rating").alias("num"),
                                                     pl.lit(1.0).alias("den"))
    return summarise(recs, ledger, by, window.end, keys=("staff_id", "course", "on"),
                     scale=1.0)


HS_KINDS = ("hs_incident", "hs_audit")


@measure(
    id="M49", title="Health and safety incidents",
    definition="The number of health and safety incidents recorded in the period.",
    formula="count of health and safety incidents dated in the period", unit="count",
    polarity="down", kind="flow", source="S0", **EVENTS)
def hs_incidents(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M49: health and safety incidents."""
    return count(in_window(register(ledger, ["hs_incident"]), window), ledger, by, window)


@measure(
    id="M49a", title="Health and safety audits completed",
    definition="The number of health and safety audits carried out in the period.",
    formula="count of health and safety audits dated in the period", unit="count",
    polarity="up", kind="flow", source="S0", **EVENTS)
def hs_audits(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M49a: health and safety audits."""
    return count(in_window(register(ledger, ["hs_audit"]), window), ledger, by, window)


@measure(
    id="M49b", title="Health and safety actions closed on time",
    definition="Of health and safety incidents and audits whose actions were closed in the "
    "period (and recorded as on time or not), the percentage closed on time.",
    formula="incidents and audits closed on time ÷ incidents and audits closed in the period "
    "× 100", unit="percent", polarity="up", kind="flow", source="S0", **EVENTS)
def hs_on_time(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M49b: health and safety actions closed on time."""
    closed = in_window(register(ledger, HS_KINDS), window, "end_date").filter(
        pl.col("on_time").is_not_null()).with_columns(
        pl.col("on_time").cast(pl.Float64).alias("num"), pl.lit(1.0).alias("den"))
    return summarise(closed, ledger, by, window.end, keys=("event_id",), people=None)
