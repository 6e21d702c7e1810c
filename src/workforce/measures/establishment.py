"""Vacancies and agency cover from the establishment (posts), per window end.

DfE collects vacancies and agency cover as two LA-level numbers (`NumberOfVacancies`,
`NoAgencyFTE`); we derive them from posts and assignments:

- **Vacant FTE of a post** on a date = max(0, post FTE − FTE of the directly employed
  assignments (any staff group) that fill it, i.e. carry its `post_id`). A post filled beyond
  its FTE is not a negative vacancy: the over-fill does not cancel another post's vacancy.
- **Agency cover of a post** = FTE of the agency assignments on the date that carry the
  post's `post_id`, capped at the post's vacant FTE: an agency worker on a post that is not
  vacant (e.g. covering someone on long-term sickness) does not count as covering a vacancy,
  and two agency workers on one vacant post cover at most its vacancy. Agency assignments
  without a `post_id` (e.g. project teams) cover no vacancy. The cap keeps the vacancy
  agency-cover rate at or below 100%, where DfE's returns can exceed it (flagged `u`).
"""

from __future__ import annotations

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import population as pop
from workforce.measures.cache import memo
from workforce.measures.population import on_dates
from workforce.measures.staffing import stock, wkey


def posts_at(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """Posts in the establishment on each window end (rows of post × window)."""

    def build() -> pl.DataFrame:
        if group is not None:
            return posts_at(ledger, wins, None).filter(pl.col("staff_group") == group)
        p = ledger.post.select("post_id", "unit", "staff_group", "org_role", "grade", "fte",
                               "start_date", "end_date")
        return on_dates(p, wins)

    return memo(ledger, ("posts_at", group, wkey(wins)), build)


def _on_posts(ledger: Ledger, records: pl.DataFrame, direct: bool, name: str) -> pl.DataFrame:
    """(_w, post_id, `name`): the FTE of the stock `records` on each post. A post held by one
    assignment at a time (almost all) has one record per window already; only the records
    of assignments that share a day with another on their post are added up."""
    alone, several = pop.separate(records.filter(pl.col("post_id").is_not_null()),
                                  pop.concurrent(ledger, "post_id", direct))
    added = several.group_by("_w", "post_id").agg(pl.col("fte").sum().alias(name))
    return pl.concat([alone.select("_w", "post_id", pl.col("fte").alias(name)), added])


def vacancies(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """Per (window, post): post FTE, `filled`, `vacancy` and `cover` FTE, with the post's
    unit, role, grade and staff group for breakdowns."""

    def build() -> pl.DataFrame:
        if group is not None:  # the same posts, filtered: built once for all staff
            return vacancies(ledger, wins, None).filter(pl.col("staff_group") == group)
        posts = posts_at(ledger, wins, group).select(
            "_w", "w_start", "w_end", "post_id", "unit", "staff_group", "org_role", "grade",
            pl.col("fte").alias("post_fte"))
        filled = _on_posts(ledger, stock(ledger, wins, None, True), True, "filled")
        agency = _on_posts(ledger, stock(ledger, wins, None, False), False, "agency_on_post")
        out = (posts.join(filled, on=["_w", "post_id"], how="left")
               .join(agency, on=["_w", "post_id"], how="left")
               .with_columns(pl.col("filled", "agency_on_post").fill_null(0.0)))
        vacancy = (pl.col("post_fte") - pl.col("filled")).clip(lower_bound=0.0)
        out = out.with_columns(vacancy.alias("vacancy"))
        return out.with_columns(
            pl.min_horizontal("vacancy", "agency_on_post").alias("cover"))

    return memo(ledger, ("vacancies", group, wkey(wins)), build)


def cover_records(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """Agency assignments covering a vacancy, one row per (window, assignment): `cover` is
    the assignment's share of its post's capped cover; unit, role and grade are the post's."""
    return memo(ledger, ("cover", group, wkey(wins)), lambda: _cover(ledger, wins, group))


def _cover(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    v = vacancies(ledger, wins, group).filter(pl.col("cover") > 0).select(
        "_w", "post_id", "unit", "org_role", "grade", "staff_group", "cover", "agency_on_post")
    a = stock(ledger, wins, None, False).select("_w", "w_start", "w_end", "post_id",
                                                "staff_id", "contract", "fte")
    out = a.join(v, on=["_w", "post_id"], how="inner")
    share = pl.min_horizontal(pl.lit(1.0), pl.col("cover") / pl.col("agency_on_post"))
    return out.with_columns((pl.col("fte") * share).alias("cover"))
