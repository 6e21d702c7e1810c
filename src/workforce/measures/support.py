"""Support measures: supervision (M20) and appraisal (M21); training (M22, M23) and
induction (M24), of the same family, are in `training`.

Supervision counts everyone who works here, agency workers included (councils supervise agency
social workers too); appraisal, training and induction are employer processes, so they count
directly employed staff. All staff groups are in; break down by `staff_group` for one group.
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
    PLACED,
    attach,
    deferred,
    is_deferred,
)
from workforce.measures.population import (
    FAR,
    concurrent,
    looked_up,
    on_dates,
    overlapping,
    population,
    separate,
    service_spans,
    spells,
)
from workforce.measures.records import (
    ASSIGNMENT_COLUMNS,
    months_in,
    one_each,
    per_key,
)
from workforce.measures.registry import series_measure
from workforce.measures.staffing import wkey
from workforce.measures.windows import Window, add_months, months_back

LONG_TERM_DAYS = 28
"""An absence of four weeks or more (calendar days; M18's 20 working days) is long-term."""
NOT_LONG_TERM_REASONS = ("TRN",)  # a training course is not an absence from supervision
GAP_MONTHS = 2
APPRAISAL_SERVICE_MONTHS = 6
COMMON = {"family": "support", "breakdowns": ALL_PERSON_DIMENSIONS}
SOURCE = "S0, S1, S2, S3, S4"


def rate(records: pl.DataFrame, ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
         keys: Sequence[str] = ("staff_id",)) -> pl.DataFrame:
    """`records.summarise` for records of every window (`_w`, `w_end`, `assignment_id`): one
    row per window, cell and key (the largest `num` and `den`), then Σnum ÷ Σden × 100 per
    window and cell; with no breakdown every window gets its row. Records of assignments
    that overlap no other of the person's are one per key already, so only the rest are
    de-duplicated."""
    keys = ("_w", *keys)
    alone, shared = separate(records, concurrent(ledger))
    alone = attach(alone, ledger, [b for b in by if b in DIMENSIONS], "w_end", defer=True)
    later = [PLACED] if is_deferred(alone, by) else []  # by unit: rolled up when summed
    alone = alone.select(*dict.fromkeys([*deferred(by), *keys]), "num", "den", *later)
    both = per_key(shared, ledger, by, "w_end", keys, defer=True)
    return ratio(pl.concat([alone, both.select(alone.columns)]), by, windows=wins,
                 one_each=one_each(keys, "staff_id"), ledger=ledger)


def had(records: pl.DataFrame, events: pl.DataFrame, since: str, until: str
        ) -> pl.DataFrame:
    """`records` with `hit`: the person has one of `events` (staff_id, on) dated between the
    record's `since` and `until` columns (inclusive). The latest event up to `until` decides,
    found by an as-of join on the keys alone in date order, so overlapping windows cost no
    more than the records."""
    latest = events.select("staff_id", pl.col("on").alias("_latest")).drop_nulls()
    last = looked_up(records, until, latest.sort("_latest"), "_latest", "staff_id", "_latest",
                     strategy="backward")
    return records.with_columns((last >= records[since]).fill_null(False).alias("hit"))


def flagged(records: pl.DataFrame, invert: bool = False) -> pl.DataFrame:
    """`records` with num = 1 when `hit` (when not, if `invert`) and den = 1."""
    hit = ~pl.col("hit") if invert else pl.col("hit")
    return records.with_columns(hit.cast(pl.Float64).alias("num"), pl.lit(1.0).alias("den"))


def long_absences(ledger: Ledger) -> pl.DataFrame:
    """(staff_id, _from, _to): absences that are long-term, other than training. One counts
    against a period [start, end] when `_from` <= end and `_to` >= start; an open absence is
    measured up to the period's end, so it counts from its 28th day on."""
    def build() -> pl.DataFrame:
        open_ = pl.col("end_date").is_null()
        days = (pl.col("end_date") - pl.col("start_date")).dt.total_days() + 1
        a = ledger.absence.filter(~pl.col("reason").is_in(NOT_LONG_TERM_REASONS)
                                  & (open_ | (days >= LONG_TERM_DAYS)))
        counts_from = pl.when(open_).then(
            pl.col("start_date") + timedelta(days=LONG_TERM_DAYS - 1)).otherwise("start_date")
        return a.select("staff_id", counts_from.alias("_from"),
                        pl.col("end_date").fill_null(FAR).alias("_to"))

    return memo(ledger, ("long_absences",), build)


def long_term_absent(ledger: Ledger, start, end) -> pl.DataFrame:
    """(staff_id) of people with a long-term absence overlapping [start, end]; an open absence
    is measured up to `end`."""
    away = long_absences(ledger)
    return away.filter((pl.col("_from") <= end) & (pl.col("_to") >= start)).select(
        "staff_id").unique()


def month_periods(wins: pl.DataFrame) -> pl.DataFrame:
    """(_w, w_end, p_start, p_end): the calendar months ending in each window; a window in
    which no month ends (shorter than a month) is taken whole."""
    rows = [(w, end, m.start, m.end)
            for w, start, end in wins.select("_w", "w_start", "w_end").iter_rows()
            for m in months_in(Window(start, end)) or [Window(start, end)]]
    return pl.DataFrame(rows, orient="row", schema={
        "_w": pl.Int32, "w_end": pl.Date, "p_start": pl.Date, "p_end": pl.Date})


def gap_periods(wins: pl.DataFrame) -> pl.DataFrame:
    """(_w, w_end, p_start, p_end): the last `GAP_MONTHS` months to each window's end."""
    return wins.select("_w", "w_end", pl.Series(
        "p_start", [months_back(d, GAP_MONTHS) for d in wins["w_end"]], pl.Date),
        pl.col("w_end").alias("p_end"))


def eligible(ledger: Ledger, periods: pl.DataFrame) -> pl.DataFrame:
    """For each of `periods` (_w, w_end, p_start, p_end; numbered `_p`), the assignments at
    its end of people (agency included) in post every day of it and not on long-term absence
    in it. Memoised per ledger and periods."""
    def build() -> pl.DataFrame:
        staff = population(ledger, None, None).select(*ASSIGNMENT_COLUMNS, "assignment_id",
                                                      "start_date", "end_date")
        ranges = spells(population(ledger, None, None)).select(
            "staff_id", "spell_start", pl.col("spell_end").fill_null(FAR))
        staff = staff.join(ranges, on="staff_id").filter(
            pl.col("start_date").is_between("spell_start", "spell_end")).drop("spell_end")
        numbered = periods.with_row_index("_p")
        rows = on_dates(staff, numbered, "p_end").filter(
            pl.col("spell_start") <= pl.col("p_start"))
        away = overlapping(long_absences(ledger), numbered.select(
            "_p", pl.col("p_start").alias("w_start"), pl.col("p_end").alias("w_end")),
            start="_from", end="_to")
        return (rows.join(away.select("staff_id", "_p").unique(), on=["staff_id", "_p"],
                          how="anti")
                .select("_p", *periods.columns, *ASSIGNMENT_COLUMNS, "assignment_id"))

    return memo(ledger, ("supervision_eligible", *(tuple(c) for c in periods.iter_columns())),
                build)


def sessions(ledger: Ledger, kinds: Sequence[str]) -> pl.DataFrame:
    """(staff_id, on): supervision sessions of one of `kinds`, sorted by date."""
    s = ledger.supervision
    return memo(ledger, ("supervision_sessions", tuple(kinds)), lambda: s.filter(
        pl.col("kind").is_in(kinds)).select("staff_id", pl.col("date").alias("on")).sort("on"))


def supervision(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
                periods: pl.DataFrame, kinds: Sequence[str], invert: bool = False
                ) -> pl.DataFrame:
    """Person-periods: each window's `periods` (_w, w_end, p_start, p_end), the eligible
    staff, num = 1 when supervised (of `kinds`) in that period (when not, if `invert`)."""
    recs = had(eligible(ledger, periods), sessions(ledger, kinds), "p_start", "p_end")
    # a person counts once per period; with one period per window (months, the gap) that is
    # once per window, so people are counted rather than de-duplicated (`one_each`)
    one_period = periods.get_column("_w").is_unique().all()
    keys = ("staff_id",) if one_period else ("staff_id", "_p")
    return rate(flagged(recs, invert), ledger, wins, by, keys=keys)


@series_measure(
    id="M20", title="Supervision within the month",
    definition="Of staff in post for the whole month and not on long-term absence (four weeks "
    "or more), the percentage who had at least one recorded one-to-one supervision dated in "
    "that month. Agency workers are included. Over a longer period it is the average of the "
    "calendar months ending in the period (person-months).",
    formula="eligible person-months with a one-to-one supervision ÷ eligible person-months "
    "× 100", unit="percent", polarity="up", kind="flow", source=SOURCE, period="month",
    **COMMON)
def supervision_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M20: one-to-one supervision within each calendar month."""
    return supervision(ledger, wins, by, month_periods(wins), ("individual",))


@series_measure(
    id="M20a", title="Group or reflective supervision within the month",
    definition="As M20, but counting group or reflective supervision sessions instead of "
    "one-to-one supervision. Reported separately; it does not replace one-to-one supervision.",
    formula="eligible person-months with a group or reflective session ÷ eligible "
    "person-months × 100", unit="percent", polarity="up", kind="flow", source=SOURCE,
    period="month", **COMMON)
def group_supervision_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                           ) -> pl.DataFrame:
    """M20a: group or reflective supervision within each calendar month."""
    return supervision(ledger, wins, by, month_periods(wins), ("group", "reflective"))


@series_measure(
    id="M20b", title="Supervision gap (none in two months)",
    definition=f"Of staff in post throughout the last {GAP_MONTHS} months to the date and not "
    f"on long-term absence in them, the percentage with no recorded one-to-one supervision in "
    f"those {GAP_MONTHS} months. Agency workers are included.",
    formula=f"eligible staff with no one-to-one supervision in the {GAP_MONTHS} months to the "
    "date ÷ eligible staff × 100", unit="percent", polarity="down", kind="stock",
    source=SOURCE, **COMMON)
def supervision_gap(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M20b: staff without a one-to-one supervision in the last two months."""
    return supervision(ledger, wins, by, gap_periods(wins), ("individual",), invert=True)


def appraisals(ledger: Ledger, kinds: Sequence[str]) -> pl.DataFrame:
    """(staff_id, on): completed appraisals of one of `kinds`."""
    a = ledger.appraisal
    return a.filter(a["kind"].is_in(kinds) & (a["status"] == "completed")).select(
        "staff_id", pl.col("date").alias("on"))


def served_series(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """Directly employed assignments running at each window's end (`records.staff_series`)
    with `_spell_start`, the start of the continuous employment each belongs to: joined
    once per assignment, before the windows multiply them. Someone whose continuous
    employment ends on the window's end is a leaver then, not in post (as
    `population.stock`). Memoised per ledger and windows."""
    def build() -> pl.DataFrame:
        spans = service_spans(ledger).select("assignment_id", "_spell_start", "_spell_end")
        staff = population(ledger, None, True).select(
            *ASSIGNMENT_COLUMNS, "assignment_id", "start_date", "end_date").join(
            spans, on="assignment_id")
        stays = pl.col("_spell_end").is_null() | (pl.col("_spell_end") != pl.col("w_end"))
        return on_dates(staff, wins, "w_end").filter(stays).select(
            "_w", "w_end", *ASSIGNMENT_COLUMNS, "assignment_id", "_spell_start")

    return memo(ledger, ("served_series", wkey(wins)), build)


def appraisal_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
                   kinds: Sequence[str], months: int) -> pl.DataFrame:
    """Directly employed staff in post at each window's end with 6 months' service then;
    num = completed appraisal (of `kinds`) in the `months` to that date."""
    ends = wins["w_end"]
    dates = wins.select("_w", pl.Series("_served_by", [
        add_months(d, -APPRAISAL_SERVICE_MONTHS) for d in ends], pl.Date),
        pl.Series("_since", [months_back(d, months) for d in ends], pl.Date))
    staff = (served_series(ledger, wins).join(dates, on="_w")
             .filter(pl.col("_spell_start") <= pl.col("_served_by")))
    recs = flagged(had(staff.select("_w", "w_end", "_since", *ASSIGNMENT_COLUMNS,
                                    "assignment_id"),
                       appraisals(ledger, kinds), "_since", "w_end"))
    return rate(recs, ledger, wins, by)


@series_measure(
    id="M21", title="Appraisal rate",
    definition="Of directly employed staff in post at the date with at least 6 months' "
    "continuous service, the percentage with an annual appraisal (PDR) completed in the 12 "
    "months to the date.",
    formula="eligible staff with a completed annual appraisal in the last 12 months ÷ "
    "eligible staff × 100", unit="percent", polarity="up", kind="stock",
    source="S0, S1, S3, S4", **COMMON)
def appraisal(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M21: completed annual appraisals in the 12 months to the date."""
    return appraisal_rate(ledger, wins, by, ("annual",), 12)


@series_measure(
    id="M21a", title="Appraisal or check-in in the last six months",
    definition="Of directly employed staff in post at the date with at least 6 months' "
    "continuous service, the percentage with an annual appraisal or a six-monthly check-in "
    "completed in the 6 months to the date (S1's six-monthly conversations).",
    formula="eligible staff with a completed appraisal or check-in in the last 6 months ÷ "
    "eligible staff × 100", unit="percent", polarity="up", kind="stock", source="S1",
    **COMMON)
def checkin(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M21a: appraisal or check-in in the 6 months to the date."""
    return appraisal_rate(ledger, wins, by, ("annual", "checkin"), 6)
