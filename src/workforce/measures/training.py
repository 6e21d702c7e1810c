"""Training and induction measures, of the support family: mandatory training compliance
(M22), training take-up (M23, M23a) and induction within 90 days of starting (M24, M24a).

Training and induction are employer processes, so they count directly employed staff (as
appraisal does, in `support`). All staff groups are in; a mandatory course with an audience
applies to that staff group only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.aggregate import ratio
from workforce.measures.cache import memo
from workforce.measures.dimensions import (
    ALL_PERSON_DIMENSIONS,
    DIMENSIONS,
    ONE_UNIT,
    OWN_UNIT,
    PLACED,
    attach,
    deferred,
    is_deferred,
    placed_once,
)
from workforce.measures.population import (
    FAR,
    concurrent,
    dated_in,
    running_max,
    separate,
)
from workforce.measures.records import (
    ASSIGNMENT_COLUMNS,
    assignment_on,
    staff_at,
    staff_series,
    summed,
)
from workforce.measures.registry import series_measure
from workforce.measures.staffing import starters
from workforce.measures.support import COMMON, SOURCE, flagged, had, rate


def required_pairs(ledger: Ledger, at) -> pl.DataFrame:
    """(assignment columns, course) for every mandatory course each person in post at `at`
    must hold: a course with no audience applies to everyone, else to that staff group."""
    staff = staff_at(ledger, at).select(*ASSIGNMENT_COLUMNS)
    courses = ledger.course.filter(pl.col("mandatory")).select(
        pl.col("code").alias("course"), "audience")
    pairs = staff.join(courses, how="cross").filter(
        pl.col("audience").is_null() | (pl.col("audience") == pl.col("staff_group")))
    return pairs.drop("audience")


def with_expiry(ledger: Ledger) -> pl.DataFrame:
    """Training completions with `expires`: the recorded expiry date, or else the course's
    validity months after completion (empty when the course never expires). A completion
    stops counting *on* that day."""
    months = pl.format("{}mo", pl.col("validity_months"))
    return ledger.training.join(
        ledger.course.select(pl.col("code").alias("course"), "validity_months"), on="course",
        how="left").with_columns(pl.coalesce(
            pl.col("expiry_date"), pl.col("completed_date").dt.offset_by(months)).alias("expires"))


def held_spans(ledger: Ledger) -> pl.DataFrame:
    """(staff_id, course, _from, _to): the days [_from, _to) each person held each mandatory
    course. A completion is held until it expires (see `with_expiry`; never, when it has no
    expiry), so overlapping completions of one course make one span, and the course is held
    on a date exactly when the longest-lasting completion so far has not expired by then."""
    def build() -> pl.DataFrame:
        mandatory = ledger.course.filter(pl.col("mandatory")).select(
            pl.col("code").alias("course"))
        done = (with_expiry(ledger).join(mandatory, on="course", how="semi")
                .select("staff_id", "course", "completed_date",
                        pl.col("expires").fill_null(FAR))
                .drop_nulls("completed_date").sort("staff_id", "course", "completed_date")
                .with_columns(pl.struct("staff_id", "course").rle_id().alias("_pair")))
        done = done.with_columns(running_max("expires", "_pair").alias("_to"))
        starts = (pl.col("_pair") != pl.col("_pair").shift(1)).fill_null(True) | (
            pl.col("completed_date") > pl.col("_to").shift(1))
        return (done.with_columns(starts.cum_sum().alias("_span"))
                .group_by("_span").agg(pl.col("staff_id", "course").first(),
                                       pl.col("completed_date").first().alias("_from"),
                                       pl.col("_to").last())
                .filter(pl.col("_to") > pl.col("_from")).drop("_span"))

    return memo(ledger, ("training_held",), build)


def course_groups(ledger: Ledger, each: bool) -> list[tuple[str | None, list[str]]]:
    """(audience, courses): the mandatory courses by audience (None: everyone), or each
    course on its own when `each`."""
    courses = ledger.course.filter(pl.col("mandatory")).select("code", "audience")
    if each:
        return [(audience, [code]) for code, audience in courses.iter_rows()]
    groups: dict[str | None, list[str]] = {}
    for code, audience in courses.iter_rows():
        groups.setdefault(audience, []).append(code)
    return list(groups.items())


def held_counts(ledger: Ledger, groups: Sequence[tuple[str | None, list[str]]]
                ) -> pl.DataFrame:
    """(staff_id, _on, _held0, _held1, ...): from `_on` on, how many courses of each of
    `groups` the person holds, sorted by `_on` for an as-of join (which takes the last of a
    person's rows on one date, after all that day's changes)."""
    def build() -> pl.DataFrame:
        spans = held_spans(ledger)
        edges = pl.concat([
            spans.select("staff_id", "course", pl.col("_from").alias("_on"),
                         pl.lit(1, pl.Int32).alias("_step")),
            spans.filter(pl.col("_to") < FAR).select(
                "staff_id", "course", pl.col("_to").alias("_on"),
                pl.lit(-1, pl.Int32).alias("_step"))]).sort("_on")
        edges = edges.with_columns(pl.col("course").replace_strict(
            {c: i for i, (_, courses) in enumerate(groups) for c in courses}).alias("_group"))
        return edges.select("staff_id", "_on", *(
            (pl.col("_step") * (pl.col("_group") == i)).cum_sum().over("staff_id")
            .alias(f"_held{i}") for i in range(len(groups))))

    return memo(ledger, ("training_held_counts", tuple((a, tuple(c)) for a, c in groups)),
                build)


def required_staff(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """(_w, w_end, by..., staff_id, staff_group, _first): directly employed people in post
    at each window's end, one row each per cell and staff group (breakdowns attached before
    any course multiplies them), `_first` on one of a person's rows in a cell; sorted by
    `w_end`. Only people holding two assignments at once can have two rows in a cell. By
    unit the roll-up is deferred (`dimensions.PLACED`): rows keep their own unit, but a
    person in two units at once (in a window and the other breakdowns' cell) is placed in
    every cell they count in, so that the courses everyone needs count once in a service
    above both units."""
    staff = staff_series(ledger, wins).select("_w", "w_end", *ASSIGNMENT_COLUMNS,
                                              "assignment_id")
    staff = attach(staff, ledger, [b for b in by if b in DIMENSIONS], "w_end", defer=True)
    later = [PLACED] if is_deferred(staff, by) else []
    cell = list(dict.fromkeys(["_w", "w_end", *deferred([b for b in by if b != "course"]),
                               "staff_id"]))
    keys = list(dict.fromkeys([*cell, "staff_group", *later]))
    alone, shared = separate(staff.select(*keys, "assignment_id"), concurrent(ledger))
    if later:  # someone in two units at once: their rows placed in every cell they count in
        shared = placed_once(shared, ledger, [c for c in cell if c != OWN_UNIT],
                             lambda placed, _: placed)
    # by unit, the people of `alone` are in one unit at the date (`dimensions.ONE_UNIT`)
    one_unit = [ONE_UNIT] if later else []
    alone = alone.select(*keys, pl.lit(True).alias("_first"),
                         *(pl.lit(True).alias(c) for c in one_unit))
    both = shared.select(keys).unique().with_columns(
        pl.struct(*cell, *later).is_first_distinct().alias("_first"),
        *(pl.lit(False).alias(c) for c in one_unit))
    return pl.concat([alone, both]).sort("w_end")


@series_measure(
    id="M22", title="Mandatory training compliance",
    definition="Of all the mandatory courses that directly employed staff in post at the date "
    "must hold (each person times each course required for their staff group), the percentage "
    "held with a completion that has not expired. A completion stops counting on its expiry "
    "date.",
    formula="required (person, course) pairs with a valid completion ÷ required (person, "
    "course) pairs × 100", unit="percent", polarity="up", kind="stock", source="S0, S4",
    family="support", breakdowns=(*ALL_PERSON_DIMENSIONS, "course"))
def training_compliance(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M22: valid mandatory completions per required person-course pair, every window at
    once. The courses are taken by audience (a course with no audience applies to everyone,
    else to that staff group; by course, one at a time): how many of them a person holds at
    the date comes from one as-of join to the running counts, and a person with two staff
    groups in a cell counts the courses for everyone once."""
    each = "course" in by
    groups = course_groups(ledger, each)
    staff = required_staff(ledger, wins, by).join_asof(
        held_counts(ledger, groups), left_on="w_end", right_on="_on", by="staff_id",
        strategy="backward", check_sortedness=False)
    cell = list(dict.fromkeys(["_w", *deferred([b for b in by if b != "course"]),
                               "staff_id", *(c for c in (PLACED, ONE_UNIT)
                                             if c in staff.columns)]))
    num, den, parts = pl.lit(0.0), pl.lit(0.0), []
    for i, (audience, courses) in enumerate(groups):
        applies = pl.col("_first") if audience is None else pl.col("staff_group") == audience
        held = pl.col(f"_held{i}").fill_null(0).cast(pl.Float64)
        if each:  # one row per person and course
            parts.append(staff.filter(applies).select(
                *cell, pl.lit(courses[0]).alias("course"), held.alias("num"),
                pl.lit(1.0).alias("den")))
        else:  # the courses that apply summed on the person's row
            num = num + pl.when(applies).then(held).otherwise(0.0)
            den = den + pl.when(applies).then(len(courses)).otherwise(0.0)
    if each:
        recs = pl.concat(parts, how="vertical_relaxed") if parts else pl.DataFrame(schema={
            **{k: staff.schema[k] for k in cell}, "course": pl.String, "num": pl.Float64,
            "den": pl.Float64})
    else:
        recs = staff.select(*cell, num.alias("num"), den.alias("den")).filter(
            pl.col("den") > 0)
    return ratio(recs, by, windows=wins, ledger=ledger)


def optional_completions(ledger: Ledger) -> pl.DataFrame:
    """Training completions of courses that are not mandatory, with `on` = the completion
    date."""
    optional = ledger.course.filter(~pl.col("mandatory")).select(pl.col("code").alias("course"))
    return ledger.training.drop_nulls("completed_date").join(
        optional, on="course", how="semi").with_columns(pl.col("completed_date").alias("on"))


@series_measure(
    id="M23", title="Training take-up",
    definition="Of directly employed staff in post at the end of the period, the percentage "
    "who completed at least one optional (not mandatory) course during the period.",
    formula="staff in post with an optional course completed in the period ÷ staff in post "
    "× 100", unit="percent", polarity="up", kind="flow", source="S0, S1", **COMMON)
def training_take_up(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M23: share of staff taking up optional training."""
    staff = staff_series(ledger, wins).select("_w", "w_start", "w_end", *ASSIGNMENT_COLUMNS,
                                              "assignment_id")
    recs = flagged(had(staff, optional_completions(ledger), "w_start", "w_end"))
    return rate(recs, ledger, wins, by)


@series_measure(
    id="M23a", title="Optional course completions",
    definition="The number of optional (not mandatory) course completions in the period, by "
    "anyone, counted in the team they worked in when they completed.",
    formula="count of optional course completions dated in the period", unit="count",
    polarity="up", kind="flow", source="S0, S1", family="support",
    breakdowns=(*ALL_PERSON_DIMENSIONS, "course"))
def optional_course_completions(ledger: Ledger, wins: pl.DataFrame,
                                by: Sequence[str]) -> pl.DataFrame:
    """M23a: optional completions in the window."""
    every = memo(ledger, ("optional_completions",), lambda: assignment_on(
        ledger, optional_completions(ledger).select("staff_id", "course", "on")))
    recs = dated_in(every, wins, "on").with_columns(
        pl.lit(1.0).alias("num"), pl.lit(1.0).alias("den"))
    return summed(recs, ledger, by, wins, ("staff_id", "course", "on"))


INDUCTION_DAYS = 90
CORPORATE = ("corporate_day1", "corporate_day2")
DONE = ("completed", "passed")


def induction_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
                   steps: Sequence[str]) -> pl.DataFrame:
    """Starters in each window (directly employed); num = 1 when every one of `steps` was
    completed between the start date and 90 days after it."""
    new = starters(ledger, wins, None).select("_w", "w_end", *ASSIGNMENT_COLUMNS,
                                              "assignment_id", "start_date")
    steps_done = ledger.induction.filter(pl.col("step").is_in(steps)
                                         & pl.col("outcome").is_in(DONE))
    deadline = pl.col("start_date") + timedelta(days=INDUCTION_DAYS)
    done = (new.select("staff_id", "start_date").unique()
            .join(steps_done, on="staff_id")
            .filter(pl.col("completed_date").is_between(pl.col("start_date"), deadline))
            .group_by("staff_id", "start_date").agg(pl.col("step").n_unique().alias("_n"))
            .filter(pl.col("_n") == len(steps)).select(
                "staff_id", "start_date", pl.lit(True).alias("hit")))
    recs = new.join(done, on=["staff_id", "start_date"], how="left").with_columns(
        pl.col("hit").fill_null(False))
    return rate(flagged(recs), ledger, wins, by, keys=("staff_id", "start_date"))


@series_measure(
    id="M24", title="Corporate induction completed within 90 days",
    definition=f"Of directly employed staff who started in the period, the percentage who "
    f"completed both corporate induction days (day 1 and day 2) within {INDUCTION_DAYS} days "
    "of starting. Recent starters who have not finished yet count as not completed, so read "
    "the latest months again later.",
    formula=f"starters with corporate days 1 and 2 completed within {INDUCTION_DAYS} days ÷ "
    "starters in the period × 100", unit="percent", polarity="up", kind="flow", source=SOURCE,
    **COMMON)
def corporate_induction(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                        ) -> pl.DataFrame:
    """M24: corporate induction days 1 and 2 within 90 days of starting."""
    return induction_rate(ledger, wins, by, CORPORATE)


@series_measure(
    id="M24a", title="Local induction completed within 90 days",
    definition=f"Of directly employed staff who started in the period, the percentage who "
    f"completed their local (service) induction within {INDUCTION_DAYS} days of starting.",
    formula=f"starters with local induction completed within {INDUCTION_DAYS} days ÷ starters "
    "in the period × 100", unit="percent", polarity="up", kind="flow", source=SOURCE, **COMMON)
def local_induction(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M24a: local induction within 90 days of starting."""
    return induction_rate(ledger, wins, by, ("local",))
