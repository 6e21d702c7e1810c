"""Breakdowns: attach dimension columns to a frame of per-person records.

Measures build a frame of records (one row per person, assignment or event) carrying at least
`staff_id` and `unit`, then call `attach(records, ledger, by, at)` and aggregate by `by`.
`unit` rolls up: each record is counted in its own unit and in every ancestor, so a service's
figure includes its teams. `team` is the record's own unit only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger import codes as c

# Dimensions read from the record itself (assignment attributes) when present.
RECORD_DIMENSIONS = ("team", "staff_group", "org_role", "grade", "contract")
# Dimensions read from the person at the date.
PERSON_DIMENSIONS = ("sex", "ethnicity", "ethnicity_group", "disability", "age_band")
DIMENSIONS = ("unit", "service", *RECORD_DIMENSIONS, "level", "experience", *PERSON_DIMENSIONS)

STAFF_DIMENSIONS = ("unit", "service", "team", "staff_group", "org_role", "grade", "contract",
                    "level", "experience")
PROFILE_DIMENSIONS = PERSON_DIMENSIONS
ALL_PERSON_DIMENSIONS = STAFF_DIMENSIONS + PROFILE_DIMENSIONS
UNIT_DIMENSIONS = ("unit", "service", "team")

AGE_BANDS = ((0, "Under 30"), (30, "30 to 39"), (40, "40 to 49"), (50, "50 to 59"),
             (60, "60 and over"))
EXPERIENCE_NEW_YEARS = 2
"""Qualified under this many years before the date: 'Newly qualified' (the ASYE year and the
year after, matching the strategies' NQSW stage and the 2-year progression point)."""


def unit_ancestors(units: pl.DataFrame) -> pl.DataFrame:
    """Frame of (unit, ancestor): each unit paired with itself and every parent above it."""
    parent = dict(zip(units["code"].to_list(), units["parent"].to_list(), strict=True))
    rows: list[tuple[str, str]] = []
    for code in parent:
        seen, cur = set(), code
        while cur is not None and cur not in seen:
            rows.append((code, cur))
            seen.add(cur)
            cur = parent.get(cur)
    return pl.DataFrame(rows, schema={"unit": pl.String, "ancestor": pl.String}, orient="row")


def service_of(units: pl.DataFrame) -> pl.DataFrame:
    """Frame of (unit, service): the nearest ancestor (or self) whose kind is 'service'."""
    kinds = dict(zip(units["code"].to_list(), units["kind"].to_list(), strict=True))
    anc = unit_ancestors(units).with_columns(
        pl.col("ancestor").replace_strict(kinds, default=None).alias("kind")
    )
    return (anc.filter(pl.col("kind") == "service").group_by("unit")
            .agg(pl.col("ancestor").first().alias("service")))


def _person_columns(ledger: Ledger, at: date) -> pl.DataFrame:
    person = ledger.person
    age = (pl.lit(at).dt.year() - pl.col("birth_date").dt.year()
           - ((pl.lit(at).dt.ordinal_day() < pl.col("birth_date").dt.ordinal_day()).cast(
               pl.Int32)))
    band = pl.lit("Not known")
    for low, label in reversed(AGE_BANDS):
        band = pl.when(age >= low).then(pl.lit(label)).otherwise(band) if low else band
    band = pl.when(pl.col("birth_date").is_null()).then(pl.lit("Not known")).otherwise(
        pl.when(age < AGE_BANDS[1][0]).then(pl.lit(AGE_BANDS[0][1])).otherwise(band))
    years_qualified = (pl.lit(at) - pl.col("qual_date")).dt.total_days() / 365.25
    return person.select(
        "staff_id",
        pl.col("sex"),
        pl.col("ethnicity"),
        pl.col("ethnicity").replace_strict(c.ETHNICITY_GROUP, default="Not known")
        .alias("ethnicity_group"),
        pl.col("disability"),
        band.alias("age_band"),
        years_qualified.alias("_years_qualified"),
    )


def attach(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: date) -> pl.DataFrame:
    """Return `records` with a column per dimension in `by` (records with `unit` are repeated
    once per ancestor unit when `unit` is asked for)."""
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise ValueError(f"Unknown breakdown(s) {unknown}; known: {', '.join(DIMENSIONS)}")
    out = records
    needs_person = [b for b in by if b in (*PERSON_DIMENSIONS, "experience")]
    if needs_person:
        out = out.join(_person_columns(ledger, at), on="staff_id", how="left", suffix="_p")
    if "experience" in by:
        role = pl.col("org_role") if "org_role" in out.columns else pl.lit(None, pl.String)
        out = out.with_columns(
            pl.when(role.is_in(["1", "2", "3", "4"])).then(pl.lit("Senior"))
            .when(pl.col("_years_qualified").is_null()).then(pl.lit("Not known"))
            .when(pl.col("_years_qualified") < EXPERIENCE_NEW_YEARS)
            .then(pl.lit("Newly qualified"))
            .otherwise(pl.lit("Experienced")).alias("experience")
        )
    if "level" in by:
        out = out.with_columns(
            pl.when(pl.col("org_role").is_in(["1", "2", "3"])).then(pl.lit("Manager"))
            .otherwise(pl.lit("Practitioner")).alias("level")
        )
    if "team" in by:
        out = out.with_columns(pl.col("unit").alias("team"))
    if "service" in by:
        out = out.join(service_of(ledger.unit), on="unit", how="left").with_columns(
            pl.col("service").fill_null("(no service)"))
    for dim in ("sex", "ethnicity", "disability", "org_role", "grade", "contract",
                "staff_group"):
        if dim in by and dim in out.columns:
            out = out.with_columns(pl.col(dim).fill_null("Not known"))
    if "unit" in by:
        anc = unit_ancestors(ledger.unit)
        out = (out.rename({"unit": "_own_unit"})
               .join(anc.rename({"unit": "_own_unit", "ancestor": "unit"}), on="_own_unit",
                     how="left")
               .with_columns(pl.col("unit").fill_null(pl.col("_own_unit"))))
    return out


def ratio(records: pl.DataFrame, by: Sequence[str], num: str = "num", den: str = "den",
          scale: float = 100.0, people: str | None = "staff_id") -> pl.DataFrame:
    """Aggregate records to (by..., numerator, denominator, value, people): value =
    Σnum ÷ Σden × scale, None when the denominator is 0 ("cannot compute", never 0)."""
    aggs = [pl.col(num).sum().cast(pl.Float64).alias("numerator"),
            pl.col(den).sum().cast(pl.Float64).alias("denominator")]
    aggs.append(pl.col(people).n_unique().cast(pl.Int64).alias("people") if people
                else pl.lit(None, pl.Int64).alias("people"))
    grouped = records.group_by(list(by)).agg(aggs) if by else records.select(aggs)
    return grouped.with_columns(
        pl.when(pl.col("denominator") > 0)
        .then(pl.col("numerator") / pl.col("denominator") * scale)
        .otherwise(None).alias("value")
    )


def total(records: pl.DataFrame, by: Sequence[str], col: str = "num",
          people: str | None = "staff_id") -> pl.DataFrame:
    """Aggregate records to a sum: numerator = value = Σcol, denominator None."""
    aggs = [pl.col(col).sum().cast(pl.Float64).alias("numerator")]
    aggs.append(pl.col(people).n_unique().cast(pl.Int64).alias("people") if people
                else pl.lit(None, pl.Int64).alias("people"))
    grouped = records.group_by(list(by)).agg(aggs) if by else records.select(aggs)
    return grouped.with_columns(pl.lit(None, pl.Float64).alias("denominator"),
                                pl.col("numerator").alias("value"))
