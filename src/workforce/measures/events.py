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
from workforce.measures.population import (
    FAR,
    SOCIAL_WORKER,
    dated_in,
    on_dates,
    population,
    spells,
)
from workforce.measures.records import (
    ASSIGNMENT_COLUMNS,
    NOT_KNOWN,
    assignment_on,
    previous,
    summarise,
    summed,
)
from workforce.measures.registry import hidden_with, series_measure
from workforce.measures.windows import Window, months_back

GOOD_GRADES = ("outstanding", "good")
GRADES = (*GOOD_GRADES, "requires_improvement", "inadequate")
OBSERVATIONS_NEEDED = 2
FOLLOW_UP_MONTHS = 13
"""A follow-up evaluation counts up to 13 months after the course (the 12-month one, late)."""
MATCH_DAYS = 46
"""An evaluation 'at N months' belongs to completions about N months (± half a quarter) before."""
COMPLETION = ("staff_id", "course", "on")
"""A course completion's key: a person completing a course on a day."""
EVENT = ("event_id",)
"""A register record is one event."""


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


def counted(events: pl.DataFrame) -> pl.DataFrame:
    """`events` with num = den = 1: each event counts once."""
    return events.with_columns(pl.lit(1.0).alias("num"), pl.lit(1.0).alias("den"))


def dated_count(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], kind: str
                ) -> pl.DataFrame:
    """Number of register events of `kind` dated in each window, per cell."""
    return summed(counted(dated_in(register(ledger, [kind]), wins, "date")), ledger, by, wins,
                  EVENT, people=PERSON)


EVENTS = {"family": "events", "breakdowns": UNIT_DIMENSIONS}
PERSON = "staff_id"
"""Register events about a member of staff (a compliment, an incident, an audit of their
cases) count that person for suppression: a few such events in a team can point at someone.
Events with no person count nobody, so they are never hidden for it."""


@series_measure(
    id="M42", title="Staff in formal HR processes",
    definition="The number of formal HR cases (disciplinary, grievance, capability, "
    "attendance) open on the date: opened on or before it and not closed by it (a case "
    "closed on the date is no longer open). Break down by `hr_case_type`.",
    formula="count of HR cases with open date ≤ date and no close date or close date > date",
    unit="count", polarity="down", kind="stock", source="S0", family="events",
    breakdowns=(*UNIT_DIMENSIONS, "hr_case_type"))
def hr_cases(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M42: HR cases open at each window's end (open from the open date to the day before
    the close date)."""
    cases = register(ledger, ["hr_case"]).with_columns(
        pl.col("category").fill_null(NOT_KNOWN).alias("hr_case_type"),
        (pl.col("end_date") - timedelta(days=1)).alias("_open_to"))
    open_cases = on_dates(cases, wins, "w_end", start="date", end="_open_to")
    return summed(counted(open_cases), ledger, by, wins, EVENT, people="event_id")


@series_measure(
    id="M43", title="Compliments per complaint",
    definition="The number of compliments received in the period for each complaint received "
    "in it (above 1 means more compliments than complaints). Cannot be computed in a period "
    "with no complaints.",
    formula="compliments in the period ÷ complaints in the period", unit="ratio",
    polarity="up", kind="flow", source="S0, S3", **EVENTS)
def compliments_per_complaint(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                              ) -> pl.DataFrame:
    """M43: compliments ÷ complaints."""
    e = dated_in(register(ledger, ["compliment", "complaint"]), wins, "date").with_columns(
        (pl.col("kind") == "compliment").cast(pl.Float64).alias("num"),
        (pl.col("kind") == "complaint").cast(pl.Float64).alias("den"))
    return summarise(e, ledger, by, wins, keys=EVENT, scale=1.0, people=PERSON)


def graded_audits(ledger: Ledger) -> pl.DataFrame:
    """Case audits given a grade; num = graded good or outstanding, den = 1. Memoised (M44
    reads them once, M44a twice)."""
    def build() -> pl.DataFrame:
        grade = pl.col("category").str.strip_chars().str.to_lowercase().str.replace_all(" ",
                                                                                         "_")
        e = register(ledger, ["case_audit"]).with_columns(grade.alias("_grade"))
        return e.filter(pl.col("_grade").is_in(GRADES)).with_columns(
            pl.col("_grade").is_in(GOOD_GRADES).cast(pl.Float64).alias("num"),
            pl.lit(1.0).alias("den"))

    return memo(ledger, ("graded_audits",), build)


def audit_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Per window, the percentage of graded case audits graded good or outstanding."""
    return summarise(dated_in(graded_audits(ledger), wins, "date"), ledger, by, wins,
                       keys=EVENT, people=PERSON)


def previous_windows(wins: pl.DataFrame) -> pl.DataFrame:
    """The windows frame of the period before each window (`records.previous`), same `_w`."""
    before = [previous(Window(s, e)) for s, e in wins.select("w_start", "w_end").iter_rows()]
    return wins.with_columns(pl.Series("w_start", [w.start for w in before], pl.Date),
                             pl.Series("w_end", [w.end for w in before], pl.Date))


@series_measure(
    id="M44", title="Case audits graded good or outstanding",
    definition="Of case audits in the period given a grade (outstanding, good, requires "
    "improvement, inadequate), the percentage graded good or outstanding.",
    formula="audits graded good or outstanding ÷ graded audits × 100", unit="percent",
    polarity="up", kind="flow", source="S3", **EVENTS)
def good_audits(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M44: share of graded audits that are good or outstanding."""
    return audit_rate(ledger, wins, by)


@series_measure(
    id="M44a", title="Change in good or outstanding audits",
    definition="M44 for the period minus M44 for the period before (the previous month for a "
    "month), in percentage points. Cannot be computed unless both periods had graded audits.",
    formula="value = numerator − denominator: this period's % good or outstanding − the "
    "previous period's", unit="percent", polarity="up", kind="flow", source="S3",
    tags=("signed",), **EVENTS)
def good_audits_change(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                       ) -> pl.DataFrame:
    """M44a: change in M44 since the previous period."""
    cell = ["_w", *by]
    now = audit_rate(ledger, wins, by).select(*cell, pl.col("value").alias("numerator"),
                                              pl.col("people").alias("_now"))
    before = audit_rate(ledger, previous_windows(wins), by).select(
        *cell, pl.col("value").alias("denominator"), pl.col("people").alias("_before"))
    both = now.join(before, on=cell, how="full", coalesce=True, nulls_equal=True)
    # the people behind both periods' figures: each is M44 of its period, hidden with it
    people = pl.min_horizontal("_now", "_before")  # (of those that have any)
    return both.with_columns((pl.col("numerator") - pl.col("denominator")).alias("value"),
                             people.alias("people")).drop("_now", "_before")


# M44 of the period and of the one before are M44a's figures: hidden wherever M44 is
hidden_with("M44a", ["M44"])
hidden_with("M44a", ["M44"], previous=True)


@series_measure(
    id="M46", title="Recruitment events",
    definition="The number of recruitment events (job fairs, open days, university events) "
    "held or attended in the period.",
    formula="count of recruitment events dated in the period", unit="count", polarity="up",
    kind="flow", source="S3", **EVENTS)
def recruitment_events(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                       ) -> pl.DataFrame:
    """M46: recruitment events in the window."""
    return dated_count(ledger, wins, by, "recruitment_event")


@series_measure(
    id="M47", title="Practice observation",
    definition=f"Of social-work practitioners (not managers; agency workers included) in "
    f"post throughout the 12 months to the date, the percentage with at least "
    f"{OBSERVATIONS_NEEDED} observations of their practice recorded in those 12 months.",
    formula=f"practitioners with ≥ {OBSERVATIONS_NEEDED} observations in 12 months ÷ "
    "practitioners in post all 12 months × 100", unit="percent", polarity="up",
    kind="stock", source="S4", family="events", breakdowns=ALL_PERSON_DIMENSIONS)
def practice_observation(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                         ) -> pl.DataFrame:
    """M47: practitioners observed at least twice in the last 12 months."""
    year = wins.with_columns(pl.Series("w_start", [months_back(d, 12) for d in wins["w_end"]],
                                       pl.Date))
    staff = practitioners_throughout(ledger, year)
    seen = ledger.register.filter(pl.col("kind") == "practice_observation").select(
        "event_id", "staff_id", "date")
    enough = dated_in(seen, year, "date").group_by("_w", "staff_id").agg(
        pl.col("event_id").n_unique().alias("_n")).filter(
        pl.col("_n") >= OBSERVATIONS_NEEDED).select("_w", "staff_id", pl.lit(1.0).alias("num"))
    recs = staff.join(enough, on=["_w", "staff_id"], how="left").with_columns(
        pl.col("num").fill_null(0.0), pl.lit(1.0).alias("den"))
    return summarise(recs, ledger, by, wins)


def practitioners_throughout(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """Assignment records (with `_w`, `w_end`) at each window's end of social-work
    practitioners (not managers; agency included) in post every day of the window: the
    continuous spell in social work that the assignment belongs to began by the window's
    start."""
    pop = population(ledger, SOCIAL_WORKER, None)
    practitioners = pop.filter(~pl.col("org_role").is_in(["1", "2", "3"]).fill_null(False))
    spans = practitioners.select(*ASSIGNMENT_COLUMNS, "start_date", "end_date").join(
        spells(pop), on="staff_id").filter(
        pl.col("start_date").is_between("spell_start", pl.col("spell_end").fill_null(FAR)))
    return on_dates(spans, wins, "w_end").filter(
        pl.col("spell_start") <= pl.col("w_start")).select("_w", "w_end", *ASSIGNMENT_COLUMNS)


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
    # no month is over 31 days: a cheap bound on `after`, so that the month arithmetic only
    # runs on the few pairs that can be timely
    soon = (pl.col("_eval") > pl.col("on")) & (
        (pl.col("_eval") - pl.col("on")).dt.total_days() <= 31 * FOLLOW_UP_MONTHS)
    person = done.join(ev.filter(pl.col("staff_id").is_not_null()), on="staff_id").filter(
        soon).filter(
        timely & (pl.col("_course").is_null() | (pl.col("_course") == pl.col("course"))))
    course = done.join(ev.filter(pl.col("staff_id").is_null()).drop("staff_id"),
                       left_on="course", right_on="_course").filter(soon).filter(timely)
    return pl.concat([person.select("staff_id", "course", "on"),
                      course.select("staff_id", "course", "on")]).unique()


@series_measure(
    id="M48", title="Training impact: follow-up evaluations",
    definition="Of completions in the period of intervention-specific (practice-model) "
    "courses, the percentage followed up with an evaluation of the course's impact 3, 6 or 12 "
    "months later (an evaluation of that course, as a whole or for that person, within 13 "
    "months). Recent completions have not reached their follow-up yet, so read the latest "
    "months again later.",
    formula="completions with a follow-up evaluation ÷ intervention-specific completions in "
    "the period × 100", unit="percent", polarity="up", kind="flow", source="S0, S4",
    family="events", breakdowns=(*ALL_PERSON_DIMENSIONS, "course"))
def training_follow_up(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                       ) -> pl.DataFrame:
    """M48: intervention-specific completions with a follow-up evaluation."""
    return summarise(dated_in(follow_ups(ledger), wins, "on"), ledger, by, wins,
                       keys=COMPLETION)


def follow_ups(ledger: Ledger) -> pl.DataFrame:
    """Every completion of an intervention-specific course, on the person's assignment that
    day: num = 1 when followed up by an evaluation, den = 1."""
    specific = ledger.course.filter(pl.col("intervention_specific").fill_null(False))
    done = ledger.training.join(specific.select(pl.col("code").alias("course")), on="course",
                                how="semi").select(
        "staff_id", "course", pl.col("completed_date").alias("on")).unique()
    hit = evaluated(ledger, done).with_columns(pl.lit(1.0).alias("num"))
    return assignment_on(ledger, done).join(hit, on=COMPLETION, how="left").with_columns(
        pl.col("num").fill_null(0.0), pl.lit(1.0).alias("den"))


@series_measure(
    id="M48a", title="Training impact: post-course rating",
    definition="The average rating (out of 5) people gave courses they completed in the "
    "period, over the completions with a rating.",
    formula="Σ ratings of completions in the period ÷ rated completions", unit="score",
    polarity="up", kind="flow", source="S0, S4", family="events",
    breakdowns=(*ALL_PERSON_DIMENSIONS, "course"))
def course_rating(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M48a: mean post-course rating."""
    in_series = pl.col("completed_date").is_between(wins["w_start"].min(), wins["w_end"].max())
    rated = ledger.training.filter(pl.col("rating").is_not_null() & in_series).select(
        "staff_id", "course", pl.col("completed_date").alias("on"), pl.col("rating"))
    recs = assignment_on(ledger, rated).with_columns(pl.col("rating").alias("num"),
                                                     pl.lit(1.0).alias("den"))
    return summarise(dated_in(recs, wins, "on"), ledger, by, wins, keys=COMPLETION,
                       scale=1.0)


HS_KINDS = ("hs_incident", "hs_audit")


@series_measure(
    id="M49", title="Health and safety incidents",
    definition="The number of health and safety incidents recorded in the period.",
    formula="count of health and safety incidents dated in the period", unit="count",
    polarity="down", kind="flow", source="S0", **EVENTS)
def hs_incidents(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M49: health and safety incidents."""
    return dated_count(ledger, wins, by, "hs_incident")


@series_measure(
    id="M49a", title="Health and safety audits completed",
    definition="The number of health and safety audits carried out in the period.",
    formula="count of health and safety audits dated in the period", unit="count",
    polarity="up", kind="flow", source="S0", **EVENTS)
def hs_audits(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M49a: health and safety audits."""
    return dated_count(ledger, wins, by, "hs_audit")


@series_measure(
    id="M49b", title="Health and safety actions closed on time",
    definition="Of health and safety incidents and audits whose actions were closed in the "
    "period (and recorded as on time or not), the percentage closed on time.",
    formula="incidents and audits closed on time ÷ incidents and audits closed in the period "
    "× 100", unit="percent", polarity="up", kind="flow", source="S0", **EVENTS)
def hs_on_time(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M49b: health and safety actions closed on time."""
    closed = register(ledger, HS_KINDS).filter(pl.col("on_time").is_not_null()).with_columns(
        pl.col("on_time").cast(pl.Float64).alias("num"), pl.lit(1.0).alias("den"))
    return summarise(dated_in(closed, wins, "end_date"), ledger, by, wins,
                       keys=EVENT, people=PERSON)
