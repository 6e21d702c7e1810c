"""Caseload measures (M14-M16).

M14 and M15 count every worker holding cases, directly employed or agency, in every staff
group (break down by `staff_group`; DfE's social-worker figure is `caseload_fte`). Which
snapshot counts on a date is documented in `cases`. M16 counts the social workers allocated
to each child from the `allocation` table: DfE's figure (la_cla_swcount.csv) is M16a for the
year to 31 March (`windows.financial_year`), for the children looked after on 31 March.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import formulas as f
from workforce.measures import indicators as ind
from workforce.measures.aggregate import maximum
from workforce.measures.cache import memo
from workforce.measures.cases import case_holders
from workforce.measures.cells import parts
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS, UNIT_DIMENSIONS, attach
from workforce.measures.population import FAR, on_dates
from workforce.measures.registry import series_measure
from workforce.measures.staffing import heads, wkey

Frame = pl.DataFrame
By = Sequence[str]
HIGH_CASELOAD = 20
"""Cases per FTE above which a caseload counts as high (M15b) [I: a common local ceiling;
S1 aims for an average of 15]."""
MAX_PLAUSIBLE = 50
"""DfE leaves out case holders with more than 50 cases per FTE from its caseload groups."""
MANY_WORKERS = 3
NK = "Not known"
STAFF = (*ALL_PERSON_DIMENSIONS, "service_band")


def caseload(id: str, title: str, formula: str, unit: str, polarity: str, source: str,
             kind: str = "stock", breakdowns: tuple[str, ...] = STAFF):
    """Declare a caseload measure (family "caseload")."""
    return series_measure(id=id, title=title, formula=formula, unit=unit, polarity=polarity,
                          kind=kind, source=source, breakdowns=breakdowns, family="caseload")


@caseload("M14", "Average caseload", "cases ÷ FTE of workers holding at least one case",
          "cases", "down", "DfE CSWW methodology, all case holders; S1, S3, S4")
def average(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Average number of cases per full-time equivalent case holder on the date: all cases
    held divided by the FTE of the workers (directly employed or agency, any role) holding
    at least one case. DfE's formula, applied to every staff group."""
    return ind.caseload(ledger, wins, by, None)


@caseload("M15a", "Highest caseload", "max cases held by one worker on the date", "cases",
          "down", "S3")
def highest(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """The largest number of cases held by any one worker on the date (not per FTE)."""
    h = attach(case_holders(ledger, wins, None), ledger, by, "w_end")
    return maximum(h, by, "cases", windows=wins)


@caseload("M15b", f"Case holders with more than {HIGH_CASELOAD} cases per FTE",
          f"case holders with cases ÷ FTE > {HIGH_CASELOAD} ÷ case holders × 100", "percent",
          "down", "S3; DfE caseload groups")
def high(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Percentage of case holders on the date whose cases per FTE exceed 20. As in DfE's
    caseload groups, workers with no FTE or more than 50 cases per FTE (likely data errors)
    are left out."""
    h = case_holders(ledger, wins, None).filter(pl.col("fte") > 0)
    per_fte = pl.col("cases") / pl.col("fte")
    h = h.filter(per_fte <= MAX_PLAUSIBLE)
    return ind.rate(f.PERCENT, ledger, wins, by,
                    parts(h, part=(per_fte > HIGH_CASELOAD).cast(pl.Float64), whole=1.0))


def children(ledger: Ledger, wins: Frame) -> Frame:
    """Per (window, unit): `children` looked after on the window end whose worker then was
    in the unit (their main assignment), how many of them had 3 or more (`three_plus`)
    distinct workers allocated during the window, and the sum of those counts (`workers`).
    Kept per unit, not per child: there can be a row per child and month otherwise."""

    def build() -> Frame:
        many = (pl.col("workers") >= MANY_WORKERS).cast(pl.Float64)
        return _children(ledger, wins).group_by("_w", "w_start", "w_end", "unit").agg(
            pl.len().cast(pl.Float64).alias("children"), many.sum().alias("three_plus"),
            pl.col("workers").cast(pl.Float64).sum().alias("workers"))

    return memo(ledger, ("children", wkey(wins)), build)


def _children(ledger: Ledger, wins: Frame) -> Frame:
    a = ledger.allocation.select("child_id", "staff_id", "start_date", "looked_after",
                                 pl.col("end_date").fill_null(FAR).alias("_end"))
    now = on_dates(a.filter(pl.col("looked_after")), wins, end="_end")
    # a child with two workers on the date is counted once, under the unit of the worker
    # allocated first (then the lower staff number), so the same figures come every time
    now = now.sort("start_date", "staff_id").unique(["_w", "child_id"], keep="first")
    units = heads(ledger, wins, None, None).select("_w", "staff_id", "unit")
    now = now.select("_w", "w_start", "w_end", "child_id", "staff_id").join(
        units, on=["_w", "staff_id"], how="left").with_columns(pl.col("unit").fill_null(NK))
    return _count_workers(now, a)


def _count_workers(now: Frame, a: Frame) -> Frame:
    """Add `workers`: distinct workers allocated to the child during the window. Allocations
    overlapping the window are counted by two as-of lookups (those starting by the window
    end less those ending before its start); only children with two or more are checked
    for the same worker allocated twice."""
    starts = a.select("child_id", "start_date", pl.col("start_date").rank("max")
                      .over("child_id").alias("_n")).sort("start_date")
    ends = a.select("child_id", "_end", pl.col("_end").rank("max").over("child_id")
                    .alias("_m")).sort("_end")
    now = (now.with_columns((pl.col("w_start") - pl.duration(days=1)).alias("_before"))
           .sort("w_end").join_asof(starts, left_on="w_end", right_on="start_date",
                                     by="child_id", check_sortedness=False)
           .sort("_before").join_asof(ends, left_on="_before", right_on="_end",
                                      by="child_id", check_sortedness=False))
    now = now.with_columns((pl.col("_n").fill_null(0) - pl.col("_m").fill_null(0))
                           .cast(pl.UInt32).alias("workers"))
    many = now.filter(pl.col("workers") >= 2).select("_w", "w_start", "w_end", "child_id")
    exact = many.join(a.select("child_id", pl.col("staff_id").alias("_worker"), "start_date",
                               "_end"), on="child_id").filter(
        (pl.col("start_date") <= pl.col("w_end")) & (pl.col("_end") >= pl.col("w_start")))
    exact = exact.group_by("_w", "child_id").agg(
        pl.col("_worker").n_unique().cast(pl.UInt32).alias("_distinct"))
    return (now.join(exact, on=["_w", "child_id"], how="left")
            .with_columns(pl.coalesce("_distinct", "workers").alias("workers"))
            .drop("_before", "start_date", "_n", "_end", "_m", "_distinct"))


@caseload("M16a", f"Looked-after children with {MANY_WORKERS} or more social workers",
          f"children looked after at window end with ≥ {MANY_WORKERS} distinct allocated "
          "workers in the window ÷ children looked after at window end × 100", "percent",
          "down", "DfE (la_cla_swcount, year to 31 March); S3", "flow", UNIT_DIMENSIONS)
def three_or_more(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Percentage of the children looked after on the window end who were allocated to 3 or
    more different social workers during the window. Over the year to 31 March this is
    DfE's 'CLA with 3 or more social workers'. Breakdowns use the unit of the child's worker
    on the window end."""
    kids = parts(children(ledger, wins), part=pl.col("three_plus"), whole=pl.col("children"))
    return _children_are_people(ind.rate(f.PERCENT, ledger, wins, by, kids, people=None))


@caseload("M16b", "Social workers per looked-after child", "Σ distinct allocated workers in "
          "the window ÷ children looked after at window end", "ratio", "down", "S3", "flow",
          UNIT_DIMENSIONS)
def workers_per_child(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Average number of different social workers allocated during the window to each child
    looked after on the window end (1 means no change of worker)."""
    kids = parts(children(ledger, wins), numerator=pl.col("workers"),
                 denominator=pl.col("children"))
    return _children_are_people(ind.rate(f.RATIO, ledger, wins, by, kids, people=None))


def _children_are_people(out: Frame) -> Frame:
    """The people behind an M16 cell are its children (one row per child and window)."""
    return out.with_columns(pl.col("denominator").cast(pl.Int64).alias("people"))
