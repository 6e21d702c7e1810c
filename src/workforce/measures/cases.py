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

from datetime import timedelta

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import population as pop
from workforce.measures.cache import memo
from workforce.measures.staffing import stock, wkey

SNAPSHOT_DAYS = 31


def case_holders(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """One row per (window, case holder): `cases`, `fte` (all their assignments), and the
    columns of their main assignment (unit, role, grade, contract, staff group)."""

    def build() -> pl.DataFrame:
        a = stock(ledger, wins, group, None)
        both = a.filter(pl.col("_overlap")).with_columns(
            pl.col("fte").sum().over("_w", "staff_id").alias("_fte_all"))
        main = pl.concat([a.filter(~pl.col("_overlap")),
                          pop.primary(both, ["_w"]).with_columns(pl.col("_fte_all").alias("fte"))
                          .drop("_fte_all")])
        snaps = ledger.caseload.select("staff_id", "date", "cases").sort("date")
        held = main.with_columns(pop.looked_up(
            main, "w_end", snaps, "date", "staff_id", "cases", strategy="backward",
            tolerance=timedelta(days=SNAPSHOT_DAYS)))
        return held.filter(pl.col("cases") > 0)

    return memo(ledger, ("case_holders", group, wkey(wins)), build)
