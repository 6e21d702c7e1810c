"""Cells: sums of record frames per (window, breakdowns), memoised, and formulas over them.

Most measures are a formula over a few sums: leavers' FTE and in-post FTE, agency FTE and
in-post FTE... and many measures share the same sums (in-post FTE is in ten of them). So a
measure names its parts as (record frame, expression) pairs with `parts`, `cell_sums`
aggregates each part once per (frame, breakdowns, expression) and keeps it with the frame
(frames from `staffing` are memoised, so the next measure finds it), and `rate` joins the
small per-cell tables and applies the one formula from `formulas`.

`people` in a cell is the smallest non-zero number of distinct people behind any one of its
parts (the leavers, say, rather than everyone in post), so that a rate is suppressed whenever
any count it is built on is small: 1 leaver of 7 in post hides the turnover rate too.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import partial

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import formulas as f
from workforce.measures.aggregate import WINDOW, fewest_people, people_expr
from workforce.measures.cache import (
    ALONE_UNLESS_OVERLAP,
    ONE_PER_PERSON,
    fact,
    has,
    memo,
    peek,
    put,
)
from workforce.measures.dimensions import attach


@dataclass(frozen=True)
class Parts:
    """A record frame and the formula parts it contributes, as expressions summed per cell."""

    frame: pl.DataFrame
    cols: tuple[tuple[str, pl.Expr], ...]


def parts(frame: pl.DataFrame, **cols: pl.Expr | float) -> Parts:
    """`parts(leavers, leavers=pl.col("fte"))`: the frame contributes Σ fte as "leavers"."""
    return Parts(frame, tuple((k, _expr(v)) for k, v in cols.items()))


def attached(frame: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: str) -> pl.DataFrame:
    """`frame` with its breakdown columns, memoised on the frame."""
    return memo(frame, ("attached", tuple(by), at), lambda: attach(frame, ledger, by, at))


EXPECTED = fact(("sums expected of the frame",))
"""Memo key of the sums declared with `expect` (a fact about the frame)."""


def expect(frame: pl.DataFrame, *exprs: pl.Expr | float) -> pl.DataFrame:
    """Declare sums that several measures will each ask of `frame` (M05a-M05f each sum one
    length-of-service band of one headcount): whichever asks first gets them all computed,
    in the same pass over the frame. Declarations add up. Returns `frame`."""
    put(frame, EXPECTED, (*peek(frame, EXPECTED, ()), *(_expr(e) for e in exprs)))
    return frame


def _expr(value: pl.Expr | float) -> pl.Expr:
    return value if isinstance(value, pl.Expr) else pl.lit(float(value))


def cell_sums(frame: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: str,
              exprs: Sequence[pl.Expr], people: str | None) -> list[pl.DataFrame]:
    """For each of `exprs`, (_w, by..., _s, _people): Σ expr and distinct people per cell,
    memoised on `frame`. The sums not memoised yet, and those `expect`ed of the frame, are
    computed in one pass (a group-by costs much the same for one sum as for several); the
    people are counted once per frame and breakdown, in the first pass."""
    todo = {str(e): e for e in [*exprs, *peek(frame, EXPECTED, ())]
            if not has(frame, _sum_key(by, at, e, people))}
    done = _sums(frame, ledger, by, at, list(todo.values()), people) if todo else {}
    out = []
    for e in exprs:  # (another lane may have forgotten a sum since: it is computed again)
        total = done[str(e)] if str(e) in done else memo(
            frame, _sum_key(by, at, e, people),
            lambda e=e: _sums(frame, ledger, by, at, [e], people)[str(e)])
        if "_people" not in total.columns:
            total = total.join(_cell_people(frame, ledger, by, at, people),
                               on=[WINDOW, *by], how="left", nulls_equal=True)
        out.append(total)
    return out


def _sum_key(by: Sequence[str], at: str, expr: pl.Expr, people: str | None) -> Hashable:
    return ("cell_sums", tuple(by), at, str(expr), people)


def _people_key(by: Sequence[str], at: str, people: str | None) -> Hashable:
    return ("cell_people", tuple(by), at, people)


def _sums(frame: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: str,
          exprs: Sequence[pl.Expr], people: str | None) -> dict[str, pl.DataFrame]:
    """One group-by for every sum in `exprs` (and, in a frame's first pass, its people),
    each memoised on `frame`: {str(expr): (_w, by..., _s[, _people])}."""
    keys = [WINDOW, *by]
    first = not has(frame, _people_key(by, at, people))
    recs = attached(frame, ledger, by, at)
    # evaluated row by row first, so that a constant (1 per record) is counted
    aggs = [pl.col(f"_x{i}").sum().alias(f"_s{i}") for i in range(len(exprs))]
    if first:
        aggs.append(_count(frame, recs, people))
    total = recs.with_columns(e.cast(pl.Float64).alias(f"_x{i}")
                              for i, e in enumerate(exprs)).group_by(keys).agg(aggs)
    if first:
        memo(frame, _people_key(by, at, people), lambda: total.select(*keys, "_people"))
    counted = ["_people"] if first else []

    def table(i: int) -> pl.DataFrame:
        return total.select(*keys, pl.col(f"_s{i}").alias("_s"), *counted)

    return {str(e): memo(frame, _sum_key(by, at, e, people), partial(table, i))
            for i, e in enumerate(exprs)}


def _cell_people(frame: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: str,
                 people: str | None) -> pl.DataFrame:
    """(_w, by..., _people), memoised on `frame` (usually counted in its first sum's pass)."""
    def build() -> pl.DataFrame:
        recs = attached(frame, ledger, by, at)
        return recs.group_by([WINDOW, *by]).agg(_count(frame, recs, people))

    return memo(frame, _people_key(by, at, people), build)


def _count(frame: pl.DataFrame, recs: pl.DataFrame, people: str | None) -> pl.Expr:
    """Distinct people per cell of `recs` (`frame` with its breakdowns; null when the
    records are not about people); counted, not de-duplicated, when `frame` holds each
    person once per window (a headcount: a person is then also once per cell, as a unit's
    roll-up adds one row per ancestor), and de-duplicated only among the rows flagged
    `_overlap` in a stock of staff (the others hold their person alone in their window)."""
    known = people if people and people in recs.columns else None
    alone = ("_overlap" if known == "staff_id" and "_overlap" in recs.columns
             and has(frame, ALONE_UNLESS_OVERLAP) else None)
    return people_expr(known, has(frame, ONE_PER_PERSON), alone).alias("_people")


def cells(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], *sources: Parts,
          at: str = "w_end", people: str | None = "staff_id") -> pl.DataFrame:
    """One row per cell with a column per part (0 where a part has no records) and
    `people`; with no breakdown every window gets its row."""
    keys = [WINDOW, *by]
    tables = []
    for src in sources:
        sums = cell_sums(src.frame, ledger, by, at, [e for _, e in src.cols], people)
        for (name, _), t in zip(src.cols, sums, strict=True):
            tables.append(t.rename({"_s": name, "_people": f"_people{len(tables)}"}))
    out = tables[0]
    for t in tables[1:]:
        out = out.join(t, on=keys, how="full", coalesce=True, nulls_equal=True)
    if not by:
        out = wins.select(WINDOW).join(out, on=WINDOW, how="left")
    names = [name for src in sources for name, _ in src.cols]
    who = fewest_people([pl.col(f"_people{i}") for i in range(len(tables))])
    out = out.with_columns(pl.col(n).fill_null(0.0) for n in dict.fromkeys(names))
    if people:
        who = who.fill_null(0)
    return out.with_columns(who.alias("people")).drop([f"_people{i}" for i in range(len(tables))])


def rate(formula: f.Formula, ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
         *sources: Parts, at: str = "w_end", people: str | None = "staff_id") -> pl.DataFrame:
    """Apply `formula` to the summed parts (named as the formula names them)."""
    out = cells(ledger, wins, by, *sources, at=at, people=people)
    for name in formula.parts:
        if name not in out.columns:
            out = out.with_columns(pl.lit(0.0).alias(name))
    num, den, value = formula.exprs(*[pl.col(n) for n in formula.parts])
    return out.select(WINDOW, *by, num.alias("numerator"), den.alias("denominator"),
                      value.alias("value"), "people")


def sum_of(records: pl.DataFrame, ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
           col: str | pl.Expr = "fte", people: str | None = "staff_id",
           at: str = "w_end") -> pl.DataFrame:
    """Σ `col` per cell: numerator = value = the sum, denominator None."""
    expr = pl.col(col) if isinstance(col, str) else col
    out = cells(ledger, wins, by, parts(records, n=expr), at=at, people=people)
    return out.select(WINDOW, *by, pl.col("n").alias("numerator"),
                      pl.lit(None, pl.Float64).alias("denominator"),
                      pl.col("n").alias("value"), "people")


def count_of(records: pl.DataFrame, ledger: Ledger, wins: pl.DataFrame,
             by: Sequence[str]) -> pl.DataFrame:
    """Number of records per cell."""
    return sum_of(records, ledger, wins, by, pl.lit(1.0))
