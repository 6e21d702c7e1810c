"""Case holders on a date, from the caseload snapshots.

A person's cases on a date are those of their latest caseload snapshot dated on or before
the date and no more than `SNAPSHOT_DAYS` (31) days before it, so a monthly snapshot taken a
few days before 30 September still counts, while a stale one does not (the person then has no
known caseload on the date and is not a case holder). A case holder is a worker in the
population (directly employed or agency: DfE counts agency case holders) with at least one
case, whatever their role. Their FTE is the sum over all their assignments on the date (DfE
does not de-duplicate FTE); for breakdowns the person's cases and FTE are counted in their
main assignment (the more senior role, then the larger FTE). People with cases but no
assignment in the population on the date are left out.
"""

from __future__ import annotations

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import population as pop
from workforce.measures.cache import memo
from workforce.measures.staffing import stock, wkey

SNAPSHOT_DAYS = 31


def snapshot(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """(_w, staff_id, cases): the latest snapshot within SNAPSHOT_DAYS before each window end."""
    w = wins.with_columns((pl.col("w_end") - pl.duration(days=SNAPSHOT_DAYS)).alias("_from"))
    c = ledger.caseload.select("staff_id", "date", "cases")
    hits = c.join_where(w, pl.col("date") <= pl.col("w_end"), pl.col("date") >= pl.col("_from"))
    return (hits.sort("date", descending=True).unique(["_w", "staff_id"], keep="first")
            .select("_w", "staff_id", "cases"))


def case_holders(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """One row per (window, case holder): `cases`, `fte` (all their assignments), and the
    columns of their main assignment (unit, role, grade, contract, staff group)."""

    def build() -> pl.DataFrame:
        a = stock(ledger, wins, group, None)
        fte = a.group_by("_w", "staff_id").agg(pl.col("fte").sum().alias("_fte_all"))
        main = pop.primary(a, ["_w"]).join(fte, on=["_w", "staff_id"])
        main = main.with_columns(pl.col("_fte_all").alias("fte")).drop("_fte_all")
        held = snapshot(ledger, wins).filter(pl.col("cases") > 0)
        return main.join(held, on=["_w", "staff_id"], how="inner")

    return memo(ledger, ("case_holders", group, wkey(wins)), build)
