"""Workforce profile: gender pay gap (M36), representation by level (M37), disability (M38),
age (M39), career level (M40), sex (M41) and FTE and headcount (M45).

Profiles are of directly employed staff in post at the date, every staff group (agency workers
are the agency's employees; break down by `staff_group` for one group). A profile measure
broken down by its characteristic (`sex`, `age_band`, ...) gives each category's share of the
group, every category listed and "Not known" always among them, so the shares sum to 100.
Without that breakdown it gives the share in one headline category, named in its title.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.codes import ETHNICITY
from workforce.ledger.tables import pay_snapshot, place_running
from workforce.measures.aggregate import complete, distinct, fewest_people
from workforce.measures.cache import memo
from workforce.measures.dimensions import AGE_BANDS, ALL_PERSON_DIMENSIONS, attach
from workforce.measures.population import concurrent, dated_in
from workforce.measures.records import (
    ASSIGNMENT_COLUMNS,
    NOT_KNOWN,
    assignment_on,
    known_or_not,
    shares,
    staff_series,
    summed,
)
from workforce.measures.registry import Headline, series_measure
from workforce.measures.staffing import wkey

CATEGORIES = {
    "sex": ["F", "M", NOT_KNOWN],
    "disability": ["Y", "N", NOT_KNOWN],
    "ethnicity_group": ["White", "Mixed", "Asian", "Black", "Other", NOT_KNOWN],
    "ethnicity": [*ETHNICITY, NOT_KNOWN],
    "age_band": [label for _, label in AGE_BANDS] + [NOT_KNOWN],
}
MINORITY_GROUPS = ("Mixed", "Asian", "Black", "Other")
MANAGER, PRACTITIONER = "Manager", "Practitioner"
FIXED = ("sex", "ethnicity", "ethnicity_group", "disability")
"""Person characteristics that do not change with the date (an age band does)."""


def staff_records_series(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """Directly employed staff in post at every window's end, one row per (window,
    assignment), with `_w` and `w_end`; memoised, so measures share what is built on it."""
    return memo(ledger, ("staff_records", wkey(wins)), lambda: staff_series(ledger, wins).select(
        "_w", "w_end", *ASSIGNMENT_COLUMNS, "job_title", "fte", "assignment_id"))


HEADLINES: dict[tuple[str, tuple[str, ...]], str] = {}
"""Each profile measure's headline share, (characteristic, categories counted) -> the name of
its column in `with_hits`: they are all counted in one pass over the staff in post."""


def headline_column(dim: str, values: Sequence[str]) -> str:
    """Declare a headline share (at import, with its measure) and return the name of its
    column, which `profile` takes."""
    return HEADLINES.setdefault((dim, tuple(values)), f"hit_{len(HEADLINES)}")


def with_hits(records: pl.DataFrame, ledger: Ledger, at: date | str) -> pl.DataFrame:
    """`records` with a boolean column per declared headline (`HEADLINES`): the person's
    characteristic is one of its categories, as at `at` (a date, or with windows the date
    column "w_end": an age band moves on). Memoised on `records` (the staff series is shared
    by the profile measures)."""

    def hit(dim: str, values: tuple[str, ...]) -> pl.Expr:
        return known_or_not(dim).is_in(list(values)).fill_null(False)

    def build() -> pl.DataFrame:
        dated = "_w" in records.columns
        fixed = {k: v for k, v in HEADLINES.items() if k[0] in FIXED or not dated}
        moving = {k: v for k, v in HEADLINES.items() if k not in fixed}
        out = records
        if fixed:  # fixed for a person: looked up once per person
            dims = sorted({dim for dim, _ in fixed})
            people = attach(records.select("staff_id").unique(), ledger, dims, at)
            out = out.join(people.select("staff_id", *(hit(*k).alias(c) for k, c in
                                                       fixed.items())), on="staff_id",
                           how="left").with_columns(pl.col(*fixed.values()).fill_null(False))
        if moving:  # banded afresh on every row, as at its own date
            dims = sorted({dim for dim, _ in moving})
            out = attach(out, ledger, dims, at).select(
                *out.columns, *(hit(*k).alias(c) for k, c in moving.items()))
        return out

    return memo(records, ("with_hits", str(at), tuple(HEADLINES.items())), build)


def profile(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], headline: str
            ) -> pl.DataFrame:
    """Shares of staff in post at each window end (see the module docstring); without a
    category in `by`, the share in `headline` (a column from `headline_column`)."""
    recs = with_hits(staff_records_series(ledger, wins), ledger, "w_end")
    return shares(recs, ledger, by, "w_end", CATEGORIES, windows=wins,
                  repeats=concurrent(ledger), hit=headline, hits=list(HEADLINES.values()))


def characteristic(mid: str, title: str, dim: str, values: Sequence[str], headline: str,
                   source: str) -> None:
    """Declare a profile measure of the characteristic `dim` with its headline category."""
    definition = (
        f"Of directly employed staff in post at the date, the percentage {headline}. Broken "
        f"down by `{dim}`, each row is that category's share of the group, with 'Not known' "
        "always shown, so the shares add up to 100.")

    column = headline_column(dim, values)

    def compute(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
        return profile(ledger, wins, by, column)

    compute.__doc__ = f"{mid}: {title}."
    series_measure(id=mid, title=title, definition=definition,
                   formula=f"staff in the category ({headline} by default) ÷ staff in post "
                   "× 100", unit="percent", polarity="neutral", kind="stock", source=source,
                   breakdowns=ALL_PERSON_DIMENSIONS, family="profile",
                   headline=Headline(dim, tuple(values)))(compute)


characteristic("M38", "Disability declared", "disability", ["Y"], "who have declared a "
               "disability", "S0")
characteristic("M38a", "Disability not known", "disability", [NOT_KNOWN], "whose disability "
               "status is not known (not recorded or prefer not to say)", "S0")
characteristic("M39", "Age profile (aged 50 and over)", "age_band",
               ["50 to 59", "60 and over"], "aged 50 and over", "S0, S1")
characteristic("M41", "Sex split (female)", "sex", ["F"], "who are female", "S1")


MINORITY = headline_column("ethnicity_group", MINORITY_GROUPS)
"""M37's headline column: staff from an ethnic minority group."""
REPRESENTATION = ("sex", "ethnicity", "ethnicity_group", "disability", "age_band")


@series_measure(
    id="M37", title="Representation by level (ethnic minority)",
    definition="Of directly employed staff in post at the date, the percentage from an ethnic "
    "minority group (Mixed, Asian, Black or Other; 'Not known' stays in the denominator). "
    "Break down by `level` (managers are OrgRole 1-3, everyone else practitioners) to compare "
    "management with the workforce, and by a characteristic (`sex`, `ethnicity_group`, "
    "`ethnicity`, `disability`, `age_band`) for each category's share at each level.",
    formula="staff at the level in the category ÷ staff at the level × 100", unit="percent",
    polarity="neutral", kind="stock", source="S0, S1", breakdowns=ALL_PERSON_DIMENSIONS,
    family="profile", headline=Headline("ethnicity_group", MINORITY_GROUPS))
def representation(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M37: category shares at each level."""
    return profile(ledger, wins, by, MINORITY)


@series_measure(
    id="M37a", title="Representation gap, management minus workforce",
    definition="The share of managers in a category minus the share of practitioners in it, "
    "in percentage points (positive: the category is better represented in management). By "
    "default the category is ethnic minority groups; break down by a characteristic for "
    "every category. Cannot be computed without both managers and practitioners.",
    formula="value = manager share − practitioner share (numerator = manager share %, "
    "denominator = practitioner share %)", unit="percent", polarity="neutral", kind="stock",
    source="S0, S1", breakdowns=tuple(b for b in ALL_PERSON_DIMENSIONS if b != "level"),
    family="profile", tags=("signed",),
    headline=Headline("ethnicity_group", MINORITY_GROUPS, over=("level",)))
def representation_gap(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                       ) -> pl.DataFrame:
    """M37a: percentage-point gap between management and practitioner shares."""
    res = representation(ledger, wins, [*by, "level"])
    keys = ["_w", *by]
    mgr = res.filter(pl.col("level") == MANAGER).select(
        *keys, pl.col("value").alias("numerator"), pl.col("people").alias("_pm"))
    prac = res.filter(pl.col("level") == PRACTITIONER).select(
        *keys, pl.col("value").alias("denominator"), pl.col("people").alias("_pp"))
    both = mgr.join(prac, on=keys, how="full", coalesce=True, nulls_equal=True)
    return both.with_columns(
        (pl.col("numerator") - pl.col("denominator")).alias("value"),
        pl.min_horizontal("_pm", "_pp").alias("people")).drop("_pm", "_pp")


CAREER_LEVELS = ["NQSW", "QSW", "ESW", "ASW", NOT_KNOWN]
LEVEL_WORDS = (("NQSW", r"\b(nqsw|asye)\b"), ("ASW", r"\b(asw|advanced)\b"),
               ("ESW", r"\b(esw|experienced)\b"), ("QSW", r"\bqsw\b"))
"""Words in the grade or job title that name a career level, checked in this order."""
QSW_YEARS, ESW_YEARS = 1, 3
"""Without a named level: under 1 year qualified is NQSW, under 3 QSW, else ESW [I]."""


def career_levels(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """Social-work practitioners in post (OrgRole 4-6 or none) at each window end, with
    `career_level`: a level named in the grade or job title; else senior practitioner
    (OrgRole 4) is ASW; else an ASYE or early-career programme running at the date is NQSW
    (one with no end_date runs only while in progress or paused: completed, withdrawn or
    failed, it ended on a day not known); else years since qualifying."""
    recs = staff_records_series(ledger, wins).filter(
        (pl.col("staff_group") == "social_worker") & ~pl.col("org_role").is_in(["1", "2", "3"])
        .fill_null(False))
    people = recs.select("_w", "w_end", "staff_id").unique()
    early = people.join(ledger.programme.filter(pl.col("kind").is_in(["asye", "ecdp"])).select(
        "staff_id", "start_date", "end_date", "outcome"), on="staff_id").filter(
        (pl.col("start_date") <= pl.col("w_end")) & place_running(pl.col("w_end"))).select(
        "_w", "staff_id", pl.lit(True).alias("_early")).unique()
    qualified = ledger.person.select("staff_id", "qual_date")
    years = ((pl.col("w_end") - pl.col("qual_date")).dt.total_days() / 365.25).alias("_yq")
    level = (pl.when(pl.col("_named").is_not_null()).then(pl.col("_named"))
             .when(pl.col("org_role") == "4").then(pl.lit("ASW"))
             .when(pl.col("_early").fill_null(False)).then(pl.lit("NQSW"))
             .when(pl.col("_yq").is_null()).then(pl.lit(NOT_KNOWN))
             .when(pl.col("_yq") < QSW_YEARS).then(pl.lit("NQSW"))
             .when(pl.col("_yq") < ESW_YEARS).then(pl.lit("QSW")).otherwise(pl.lit("ESW")))
    return (recs.join(named_levels(ledger), on="assignment_id", how="left")
            .join(early, on=["_w", "staff_id"], how="left")
            .join(qualified, on="staff_id", how="left").with_columns(years)
            .with_columns(level.alias("career_level"))
            .drop("_named", "_early", "qual_date", "_yq"))


def named_levels(ledger: Ledger) -> pl.DataFrame:
    """(assignment_id, _named): the career level the assignment's grade or job title names,
    if any (`LEVEL_WORDS`), worked out once per assignment rather than per window."""
    def build() -> pl.DataFrame:
        text = pl.concat_str(pl.col("grade").fill_null(""), pl.col("job_title").fill_null(""),
                             separator=" ").str.to_lowercase()
        named: Any = pl.when(pl.lit(False)).then(pl.lit(None, pl.String))  # a chain of whens
        for name, pattern in LEVEL_WORDS:
            named = named.when(text.str.contains(pattern)).then(pl.lit(name))
        return ledger.assignment.select("assignment_id", named.alias("_named")).unique(
            "assignment_id", keep="first")

    return memo(ledger, ("named_levels",), build)


@series_measure(
    id="M40", title="Career-level mix (NQSW share)",
    definition="Of social-work practitioners in post at the date (managers excluded), the "
    "percentage at the newly qualified (NQSW) level. Broken down by `career_level`, the "
    "shares at NQSW, QSW, ESW and ASW (and 'Not known'), to compare with the target operating "
    "model. The level comes from the grade or job title when it names one (NQSW or ASYE, QSW, "
    "ESW or experienced, ASW or advanced); else senior practitioners are ASW and people on an "
    f"ASYE are NQSW; else by years since qualifying: under {QSW_YEARS} NQSW, under "
    f"{ESW_YEARS} QSW, then ESW.",
    formula="practitioners at the level ÷ practitioners in post × 100", unit="percent",
    polarity="neutral", kind="stock", source="S1", family="profile",
    breakdowns=(*ALL_PERSON_DIMENSIONS, "career_level"))
def career_level_mix(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M40: career-level shares of social-work practitioners."""
    recs = career_levels(ledger, wins).with_columns(
        (pl.col("career_level") == "NQSW").alias("hit"))
    return shares(recs, ledger, by, "w_end", {"career_level": CAREER_LEVELS}, windows=wins)


@series_measure(
    id="M45", title="Total FTE in post",
    definition="The full-time equivalent of directly employed staff in post at the date, all "
    "staff groups, summed over their assignments (agency workers are not included; see M07).",
    formula="Σ FTE of directly employed assignments in post on the date (someone whose last "
    "day is the date has left)", unit="fte",
    polarity="neutral", kind="stock", source="S1", breakdowns=ALL_PERSON_DIMENSIONS,
    family="profile")
def total_fte(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M45: FTE in post."""
    recs = staff_records_series(ledger, wins).with_columns(
        pl.col("fte").alias("num"), pl.lit(1.0).alias("den"))
    return summed(recs, ledger, by, wins, ("assignment_id",), repeats=concurrent(ledger))


@series_measure(
    id="M45a", title="Headcount in post",
    definition="The number of directly employed people in post at the date, all staff "
    "groups, each counted once however many posts they hold (once in each team they work in, "
    "and once in the service above).",
    formula="count of distinct people with a directly employed assignment in post on the date",
    unit="count", polarity="neutral", kind="stock", source="S1",
    breakdowns=ALL_PERSON_DIMENSIONS, family="profile")
def headcount(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M45a: headcount in post."""
    recs = memo(ledger, ("headcount", wkey(wins)), lambda: staff_records_series(
        ledger, wins).with_columns(pl.lit(1.0).alias("num"), pl.lit(1.0).alias("den")))
    # the same records each time (see `per_key`), whose rows are one per person but where
    # they hold two assignments at once (`concurrent`)
    return summed(recs, ledger, by, wins, repeats=concurrent(ledger))


GPG_BREAKDOWNS = tuple(b for b in ALL_PERSON_DIMENSIONS if b != "sex")


def snapshots(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """(_w, snap): the latest pay snapshot date in each window that has one. The snapshot
    date is 31 March, as for public authorities: pay recorded on other days (on appointment,
    say) is not a snapshot of everyone, so it is not used."""
    day = pl.col("snapshot_date")
    dates = ledger.pay.filter(pay_snapshot(day)).select(
        day.alias("snap")).unique()
    return dated_in(dates, wins, "snap").group_by("_w").agg(pl.col("snap").max())


def pay_records(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """Full-pay relevant employees at each window's latest pay snapshot (`on`), men and
    women only (`_sex`), with their assignment on the snapshot day; people only in agency
    work there are left out (they count for the agency, not for the council). Memoised:
    M36 and M36a read the same records."""
    return memo(ledger, ("pay_records", wkey(wins)), lambda: _pay_records(ledger, wins))


def _pay_records(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    snaps = snapshots(ledger, wins)
    rows = ledger.pay.join(snaps.select(pl.col("snap").unique()), left_on="snapshot_date",
                           right_on="snap", how="semi").filter(pl.col("full_pay")).select(
        "staff_id", "hourly_pay", pl.col("snapshot_date").alias("on"))
    recs = assignment_on(ledger, rows).filter(
        pl.col("contract").is_null() | (pl.col("contract") != "agency"))
    sex = ledger.person.select("staff_id", pl.col("sex").alias("_sex"))
    recs = recs.join(sex, on="staff_id", how="left").filter(pl.col("_sex").is_in(["M", "F"]))
    return snaps.join(recs, left_on="snap", right_on="on").rename({"snap": "on"})


def pay_gap(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], stat: str) -> pl.DataFrame:
    """(stat of men's hourly pay − stat of women's) ÷ stat of men's × 100, stat = mean or
    median; None without both men and women (or when men's pay is 0)."""
    out = attach(pay_records(ledger, wins), ledger, list(by), "on").unique(
        ["_w", *by, "staff_id"])

    def of(sex: str) -> pl.Expr:
        pay = pl.col("hourly_pay").filter(pl.col("_sex") == sex)
        return getattr(pay, stat)().cast(pl.Float64)

    def men_or_women(sex: str) -> pl.Expr:  # each person is once per cell (unique above)
        return distinct(pl.col("staff_id"), True, pl.col("_sex") == sex).cast(pl.Int64)

    # the people behind the gap are the fewer of the men and the women: one man's pay can
    # be read from a gap against the women's mean
    aggs = [of("M").alias("_m"), of("F").alias("_f"),
            fewest_people([men_or_women("M"), men_or_women("F")]).alias("people")]
    res = out.group_by(["_w", *by]).agg(aggs)
    res = complete(res, by, wins, ["people"])  # a window without a snapshot: nobody
    return res.with_columns(
        (pl.col("_m") - pl.col("_f")).alias("numerator"), pl.col("_m").alias("denominator"),
        pl.when(pl.col("_m") > 0).then((pl.col("_m") - pl.col("_f")) / pl.col("_m") * 100)
        .otherwise(None).alias("value")).drop("_m", "_f")


GPG = ("The {stat} hourly pay gap under the Gender Pay Gap regulations: men's {stat} hourly pay "
       "minus women's, as a percentage of men's, for full-pay relevant employees at the latest "
       "pay snapshot in the period (31 March for public authorities; pay recorded on other "
       "days, such as on appointment, is not a snapshot). Positive means men are paid more. "
       "Agency workers and people on reduced pay for leave are left out; hourly pay is taken "
       "as recorded in the pay snapshot.")


@series_measure(
    id="M36", title="Gender pay gap (mean)", definition=GPG.format(stat="mean"),
    formula="(mean hourly pay of men − mean of women) ÷ mean of men × 100", unit="percent",
    polarity="down", kind="stock", source="UK Gender Pay Gap regulations",
    breakdowns=GPG_BREAKDOWNS, family="profile", tags=("signed",))
def pay_gap_mean(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M36: mean gender pay gap."""
    return pay_gap(ledger, wins, by, "mean")


@series_measure(
    id="M36a", title="Gender pay gap (median)",
    definition=GPG.format(stat="median"),
    formula="(median hourly pay of men − median of women) ÷ median of men × 100",
    unit="percent", polarity="down", kind="stock", source="UK Gender Pay Gap regulations",
    breakdowns=GPG_BREAKDOWNS, family="profile", tags=("signed",))
def pay_gap_median(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M36a: median gender pay gap."""
    return pay_gap(ledger, wins, by, "median")
