"""The LA-level module: FTE vacancies, and agency workers covering vacancies, at 30 September.

`NumberOfVacancies` and `NoAgencyFTE` are the figures DfE publishes as `vacancy_fte` and
`agency_cover_fte`, so they come from the measures registry (one definition, shared with the
dashboards). Until the registry has them, `_vacant_posts` computes the same definition
(measures.md M08, M10): a social-work post's vacancy is its establishment FTE less the FTE of
directly employed workers in it, floored at 0; agency cover is the agency FTE in vacant posts,
at most the vacancy. `NoAgencyHeadcount` (agency workers covering vacancies) is not published,
so it is counted here.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.population import active_at, population
from workforce.measures.windows import census_year

VACANCY = "vacancy_fte"
AGENCY_COVER = "agency_cover_fte"


def la_level(ledger: Ledger, year: int) -> dict[str, float | int]:
    """NumberOfVacancies, NoAgencyFTE and NoAgencyHeadcount for the return of `year`."""
    posts = _vacant_posts(ledger, date(year, 9, 30))
    local = {VACANCY: float(posts["vacancy"].sum() or 0.0),
             AGENCY_COVER: float(posts["cover"].sum() or 0.0)}
    return {
        "NumberOfVacancies": _measured(ledger, VACANCY, year, local[VACANCY]),
        "NoAgencyFTE": _measured(ledger, AGENCY_COVER, year, local[AGENCY_COVER]),
        "NoAgencyHeadcount": int(posts["cover_heads"].sum() or 0),
    }


def _measured(ledger: Ledger, measure_id: str, year: int, fallback: float) -> float:
    """The registry's value for the census year, or `fallback` while the measure is absent."""
    from workforce.measures import get

    try:
        m = get(measure_id)
    except KeyError:
        return fallback
    out = m(ledger, census_year(year))
    value = out["value"][0] if out.height else None
    return float(value) if value is not None else 0.0


def _vacant_posts(ledger: Ledger, ref: date) -> pl.DataFrame:
    posts = active_at(ledger.post.filter(pl.col("staff_group") == "social_worker"), ref)
    filled = (active_at(population(ledger, "social_worker", direct=True), ref)
              .drop_nulls("post_id").group_by("post_id").agg(pl.col("fte").sum().alias("_in")))
    agency = (active_at(population(ledger, "social_worker", direct=False), ref)
              .drop_nulls("post_id").group_by("post_id").agg(
                  pl.col("fte").sum().alias("_ag"), pl.len().alias("_heads")))
    p = (posts.select("post_id", "fte").join(filled, on="post_id", how="left")
         .join(agency, on="post_id", how="left").fill_null(0))
    vacancy = (pl.col("fte") - pl.col("_in")).clip(lower_bound=0)
    return p.with_columns(vacancy.alias("vacancy")).with_columns(
        pl.min_horizontal("vacancy", "_ag").alias("cover"),
        pl.when(pl.col("vacancy") > 0).then(pl.col("_heads")).otherwise(0).alias("cover_heads"))
