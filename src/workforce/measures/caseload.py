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
from workforce.measures.aggregate import WINDOW, fewest_people, maximum
from workforce.measures.cache import memo
from workforce.measures.cases import case_holders
from workforce.measures.cells import cells, parts
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS, UNIT_DIMENSIONS, attach
from workforce.measures.population import FAR, overlapping
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
    h = attach(case_holders(ledger, wins, None), ledger, by, "w_end", defer=True)
    return maximum(h, by, "cases", windows=wins, ledger=ledger)


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
        units = heads(ledger, wins, None, None).select("_w", "staff_id", "unit")
        sums = ("children", "three_plus", "moved", "workers")
        return (_children(ledger, wins).join(units, on=["_w", "staff_id"], how="left")
                .with_columns(pl.col("unit").fill_null(NK))
                .join(wins.select("_w", "w_start", "w_end"), on="_w")
                .group_by("_w", "w_start", "w_end", "unit").agg(pl.col(sums).sum()))

    return memo(ledger, ("children", wkey(wins)), build)


def _children(ledger: Ledger, wins: Frame) -> Frame:
    """Per (window, worker): the children looked after on the window end whose worker then
    was this one (`children`), how many of them had 3 or more distinct workers allocated on
    some day of the window (`three_plus`) and the sum of those counts (`workers`). A child
    with two workers on the window end is counted once, under the worker allocated first
    (then the lower staff number), so the same figures come every time. `moved`: how many
    had more than one. One pass over the
    (window, allocation) pairs that overlap, keyed by integers (most keys are one row)."""
    a = (ledger.allocation.select("child_id", "staff_id", "start_date", "looked_after",
                                  pl.col("end_date").fill_null(FAR).alias("_end"))
         .sort("start_date", "staff_id").with_row_index("_order")
         .with_columns(pl.col("child_id").rank("dense").cast(pl.Int64).alias("_child"),
                       pl.col("staff_id").rank("dense").cast(pl.Int64).alias("_staff")))
    children = int(a.get_column("_child").max() or 0) + 1  # type: ignore[arg-type]
    pairs = overlapping(a.select("_order", "_child", "_staff", "looked_after", "start_date",
                                 "_end"), wins, end="_end")
    on_end = pl.col("looked_after").fill_null(False) & (pl.col("_end") >= pl.col("w_end"))
    key = (pl.col("_w").cast(pl.Int64) * children + pl.col("_child")).alias("_key")
    per_child = (pairs.select(key, "_w", "_staff", pl.when(on_end).then("_order").alias("_o"))
                 .group_by("_key").agg(pl.col("_w").first(),
                                       pl.col("_staff").n_unique().alias("workers"),
                                       pl.col("_o").min().alias("_first"))
                 .drop_nulls("_first").drop("_key"))
    first = a.get_column("_staff").gather(per_child.get_column("_first"))
    per_worker = per_child.with_columns(first.alias("_staff")).group_by("_w", "_staff").agg(
        pl.len().cast(pl.Float64).alias("children"),
        (pl.col("workers") >= MANY_WORKERS).cast(pl.Float64).sum().alias("three_plus"),
        (pl.col("workers") > 1).cast(pl.Float64).sum().alias("moved"),
        pl.col("workers").cast(pl.Float64).sum().alias("workers"))
    staff = a.select("_staff", "staff_id").unique("_staff")
    return per_worker.join(staff, on="_staff").drop("_staff")


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
    out = ind.rate(f.PERCENT, ledger, wins, by, kids, people=None)
    num, den = pl.col("numerator").cast(pl.Int64), pl.col("denominator").cast(pl.Int64)
    # the children behind the share, those outside it too: 1 of 524 names one child's
    # changes of worker, as 523 of 524 would
    return out.with_columns(fewest_people([num, den, den - num]).alias("people"))


@caseload("M16b", "Social workers per looked-after child", "Σ distinct allocated workers in "
          "the window ÷ children looked after at window end", "ratio", "down", "S3", "flow",
          UNIT_DIMENSIONS)
def workers_per_child(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Average number of different social workers allocated during the window to each child
    looked after on the window end (1 means no change of worker)."""
    kids = parts(children(ledger, wins), numerator=pl.col("workers"),
                 denominator=pl.col("children"), moved=pl.col("moved"))
    out = cells(ledger, wins, by, kids, people=None)
    num, den, value = f.RATIO.exprs(pl.col("numerator"), pl.col("denominator"))
    moved, kids_n = pl.col("moved").cast(pl.Int64), pl.col("denominator").cast(pl.Int64)
    # the children behind it are those who changed worker and those who did not, too: 32
    # workers for 30 children is 1 child's 3 workers (as M16a, which hides it, would say)
    return out.select(WINDOW, *by, num.alias("numerator"), den.alias("denominator"),
                      value.alias("value"),
                      fewest_people([kids_n, moved, kids_n - moved]).alias("people"))



