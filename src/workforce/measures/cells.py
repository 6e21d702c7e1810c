"""Cells: sums of record frames per (window, breakdowns), memoised, and formulas over them.

Most measures are a formula over a few sums: leavers' FTE and in-post FTE, agency FTE and
in-post FTE... and many measures share the same sums (in-post FTE is in ten of them). So a
measure names its parts as (record frame, expression) pairs with `parts`, `cell_sums`
aggregates each part once per (frame, breakdowns, expression) and keeps it with the frame
(frames from `staffing` are memoised, so the next measure finds it), and `rate` joins the
small per-cell tables and applies the one formula from `formulas`.

`people` in a cell is the smallest non-zero number of distinct people behind any one of its
parts (the leavers, say, rather than everyone in post; the people on rows where the part is
not 0), so that a rate is suppressed whenever any count it is built on is small: 1 leaver of 7
in post hides the turnover rate too, and 1 case holder of 5 over a caseload threshold hides
that share. A percentage of a whole that counts records (`formulas.PERCENT` over a constant
per record, such as everyone in post) also counts the people outside its part: 7 of 8
appraised tells who the eighth is. Days lost per FTE in post is not such a share.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import formulas as f
from workforce.measures.aggregate import WINDOW, distinct, fewest_people, people_expr
from workforce.measures.cache import (
    ALONE_UNLESS_OVERLAP,
    ONE_PER_PERSON,
    fact,
    has,
    memo,
    peek,
    put,
)
from workforce.measures.dimensions import OWN_UNIT, attach, in_two, rolled_up, summed_up


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
    """For each of `exprs`, (_w, by..., _s, _in): Σ expr per cell and the distinct people
    behind it (those on rows where the expression is not 0), memoised on `frame`. The sums
    not memoised yet, and those `expect`ed of the frame, are computed in one pass (a group-by
    costs much the same for one sum as for several)."""
    todo = {str(e): e for e in [*exprs, *peek(frame, EXPECTED, ())]
            if not has(frame, _sum_key(by, at, e, people))}
    done = _sums(frame, ledger, by, at, list(todo.values()), people) if todo else {}

    def again(e: pl.Expr) -> pl.DataFrame:  # another lane may have forgotten it since
        return _sums(frame, ledger, by, at, [e], people)[str(e)]

    return [done[str(e)] if str(e) in done else memo(
        frame, _sum_key(by, at, e, people), partial(again, e)) for e in exprs]


def _sum_key(by: Sequence[str], at: str, expr: pl.Expr, people: str | None) -> Hashable:
    return ("cell_sums", tuple(by), at, str(expr), people)


def _sums(frame: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: str,
          exprs: Sequence[pl.Expr], people: str | None) -> dict[str, pl.DataFrame]:
    """One group-by for every sum in `exprs` and the people behind each, each memoised on
    `frame`: {str(expr): (_w, by..., _s, _in)}."""
    if "unit" in by and "team" not in by:
        return _rolled_sums(frame, ledger, by, at, exprs, people)
    recs = attached(frame, ledger, by, at)
    known, once, alone = _whom(frame, recs, people)
    kinds, behind = _kinds(exprs)
    aggs = [*(people_expr(known, once, alone, among).alias(name) for name, among in kinds),
            *_summed(exprs)]
    total = _evaluated(recs, exprs).group_by([WINDOW, *by]).agg(aggs)
    return _memoised(frame, total, by, at, exprs, people, behind)


def _rolled_sums(frame: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: str,
                 exprs: Sequence[pl.Expr], people: str | None) -> dict[str, pl.DataFrame]:
    """`_sums` by `unit`, worked out from the sums of each record's own unit (as by team)
    rolled up to every cell it is counted in (`dimensions.rolled_up`: the unit, each unit
    above it, and its residual cell), rather than from the records repeated once per cell:
    a sum is the sum of its units' sums. People add up the same way when each is in one
    unit only (in a window and the other breakdowns' cell): counted in their own unit,
    de-duplicated there unless known to be one row (`one_per_person`, or a stock's rows not
    flagged `_overlap`). The few in two units at once are counted from their rows repeated
    per cell, and added."""
    own_by = ["team" if b == "unit" else b for b in by]
    recs = attached(frame, ledger, own_by, at)
    known, once, alone = _whom(frame, recs, people)  # once: one row, so one unit, a window
    xs = _evaluated(recs.lazy(), exprs)  # lazy: only the columns read are carried
    if known and not once:  # rows of people in two units at once (`_twice`)
        twice = (pl.col(alone).fill_null(True) if alone else in_two(
            recs, "team", [WINDOW, *(b for b in own_by if b != "team"), known]))
        xs = xs.with_columns(twice.alias("_twice"))
    kinds, behind = _kinds(exprs)
    aggs = _summed(exprs)
    if known:
        for name, among in kinds:
            single = among if once else (
                ~pl.col("_twice") if among is None else ~pl.col("_twice") & among)
            aggs.append(distinct(pl.col(known), once or alone is not None, single)
                        .cast(pl.Int64).alias(name))
    keys = [WINDOW, *by]
    own_q = xs.group_by([WINDOW, *own_by]).agg(aggs).rename({"team": OWN_UNIT})
    if known and not once:  # their rows, in the same pass over the records
        own, moving = pl.collect_all([own_q, xs.filter(pl.col("_twice")).drop("unit")])
    else:
        own = own_q.collect()
    extra = None
    if known and not once:  # people in two units at once: counted once per cell
        two = rolled_up(moving.rename({"team": OWN_UNIT}), ledger)
        if two.height:  # (their cells are all rolled up already: their sums are in `own`)
            extra = two.group_by(keys).agg(
                distinct(pl.col(known), False, among).cast(pl.Int64).alias(n)
                for n, among in kinds)
    total = summed_up(own, ledger, keys, [
        pl.col(c).sum() for c in own.columns if c.startswith(("_s", "_in"))], extra)
    if not known:
        total = total.with_columns(pl.lit(None, pl.Int64).alias(n) for n, _ in kinds)
    return _memoised(frame, total, by, at, exprs, people, behind)


def _kinds(exprs: Sequence[pl.Expr]) -> tuple[list[tuple[str, pl.Expr | None]], list[str]]:
    """The kinds of rows whose people are counted behind the sums of `exprs`, once each:
    (`_in<i>`, the rows: None for every row, as a constant is on every row; else those where
    the expression, `_x<i>`, is not 0), and the name of the count behind each expression."""
    kinds: dict[str, tuple[str, pl.Expr | None]] = {}
    behind = []
    for i, e in enumerate(exprs):
        rows = "all" if e.meta.is_literal() else str(e)
        if rows not in kinds:
            kinds[rows] = (f"_in{i}", None if rows == "all" else pl.col(f"_x{i}") != 0)
        behind.append(kinds[rows][0])
    return list(kinds.values()), behind


FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


def _evaluated(recs: FrameT, exprs: Sequence[pl.Expr]) -> FrameT:
    """`recs` with each expression evaluated row by row (`_x<i>`), so that a constant (1 per
    record) is counted."""
    return recs.with_columns(e.cast(pl.Float64).alias(f"_x{i}") for i, e in enumerate(exprs))


def _summed(exprs: Sequence[pl.Expr]) -> list[pl.Expr]:
    return [pl.col(f"_x{i}").sum().alias(f"_s{i}") for i in range(len(exprs))]


def _memoised(frame: pl.DataFrame, total: pl.DataFrame, by: Sequence[str], at: str,
              exprs: Sequence[pl.Expr], people: str | None, behind: list[str]
              ) -> dict[str, pl.DataFrame]:
    """Each expression's table (_w, by..., _s, _in) out of `total`, memoised on `frame`."""
    keys = [WINDOW, *by]

    def table(i: int) -> pl.DataFrame:
        return total.select(*keys, pl.col(f"_s{i}").alias("_s"), pl.col(behind[i]).alias("_in"))

    return {str(e): memo(frame, _sum_key(by, at, e, people), partial(table, i))
            for i, e in enumerate(exprs)}


def _whom(frame: pl.DataFrame, recs: pl.DataFrame, people: str | None
          ) -> tuple[str | None, bool, str | None]:
    """How the people of `recs` (`frame` with its breakdowns) are counted: the column
    naming them (None when the records are not about people); whether `frame` holds each
    person once per window (a headcount: they are then counted, not de-duplicated); and
    `_overlap` when a stock of staff flags the only rows that may share a person (the others
    hold their person alone in their window), else None."""
    known = people if people and people in recs.columns else None
    alone = ("_overlap" if known == "staff_id" and "_overlap" in recs.columns
             and has(frame, ALONE_UNLESS_OVERLAP) else None)
    return known, has(frame, ONE_PER_PERSON), alone


def cells(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], *sources: Parts,
          at: str = "w_end", people: str | None = "staff_id",
          share: tuple[str, str] | None = None) -> pl.DataFrame:
    """One row per cell with a column per part (0 where a part has no records) and
    `people`, the fewest people behind any part that has some; with `share` (part, whole),
    where the whole counts records (a constant per record, such as everyone in post) and
    the part's people are some of the whole's, the people outside the part count too (7 of 8
    tells who the eighth is; days lost per FTE in post is not a share of people). With no
    breakdown every window gets its row."""
    keys = [WINDOW, *by]
    tables: list[pl.DataFrame] = []
    at_k: dict[str, int] = {}
    counted: set[str] = set()
    for src in sources:
        sums = cell_sums(src.frame, ledger, by, at, [e for _, e in src.cols], people)
        for (name, e), t in zip(src.cols, sums, strict=True):
            at_k.setdefault(name, len(tables))
            if e.meta.is_literal():
                counted.add(name)
            tables.append(t.rename({"_s": name, "_in": f"_in{len(tables)}"}))
    out = tables[0]
    for t in tables[1:]:
        out = out.join(t, on=keys, how="full", coalesce=True, nulls_equal=True)
    if not by:
        out = wins.select(WINDOW).join(out, on=WINDOW, how="left")
    names = [name for src in sources for name, _ in src.cols]
    counts = [pl.col(f"_in{i}").fill_null(0) for i in range(len(tables))]
    if share and share[0] in at_k and share[1] in counted:
        part, whole = counts[at_k[share[0]]], counts[at_k[share[1]]]
        counts.append((whole - part).clip(lower_bound=0))
    who = fewest_people(counts)
    out = out.with_columns(pl.col(n).fill_null(0.0) for n in dict.fromkeys(names))
    if not people:
        who = pl.lit(None, pl.Int64)
    return out.with_columns(who.alias("people")).drop([f"_in{i}" for i in range(len(tables))])


def rate(formula: f.Formula, ledger: Ledger, wins: pl.DataFrame, by: Sequence[str],
         *sources: Parts, at: str = "w_end", people: str | None = "staff_id") -> pl.DataFrame:
    """Apply `formula` to the summed parts (named as the formula names them)."""
    share = formula.parts if formula.parts == ("part", "whole") else None  # f.PERCENT
    out = cells(ledger, wins, by, *sources, at=at, people=people, share=share)
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
