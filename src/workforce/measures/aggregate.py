"""Aggregators: turn records with breakdown columns into measure results.

Every aggregator returns (keys..., numerator, denominator, value, people). Records may carry a
window index `_w` (see `windows.frame`): the aggregators then group by window too, so one call
computes a whole series. With no breakdown, pass `windows` so that a window with no records
still gets its row (a count of 0, a rate that cannot be computed) rather than no row at all.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.formulas import PERCENT, Formula

WINDOW = "_w"
PART = "_p_"
"""Prefix of formula part columns in records (`_p_leavers`), so they never clash with ledger
columns such as assignment.agency."""


def keys(records: pl.DataFrame, by: Sequence[str]) -> list[str]:
    """Group keys: the window index when the records carry one, then the breakdowns."""
    return ([WINDOW] if WINDOW in records.columns else []) + list(by)


def people_expr(people: str | None, one_each: bool = False, alone: str | None = None,
                among: pl.Expr | None = None) -> pl.Expr:
    """Distinct non-null values of the `people` column (None: not about people). With
    `one_each` the records are known to hold each person once per cell, so they are
    counted, not de-duplicated (a distinct count is the dearest part of an aggregation).
    With `alone`, a boolean column that is false only on rows known to be their person's
    one row in the cell (a stock's `_overlap`), those rows are counted and only the others
    de-duplicated: in a stock, that is a few in ten. With `among`, only the rows where it
    holds count (the people behind one part of a figure)."""
    if people is None:
        return pl.lit(None, pl.Int64).alias("people")
    if alone is None or one_each:
        return distinct(pl.col(people), one_each, among).cast(pl.Int64).alias("people")
    col, flagged = pl.col(people), pl.col(alone).fill_null(True)
    if among is not None:
        among = among.fill_null(False)
    alone_rows, other_rows = ((~flagged, flagged) if among is None
                              else (~flagged & among, flagged & among))
    return (distinct(col, True, alone_rows).cast(pl.Int64)
            + distinct(col, False, other_rows).cast(pl.Int64)).alias("people")


def distinct(col: pl.Expr, one_each: bool, among: pl.Expr | None = None) -> pl.Expr:
    """Distinct non-null values of `col` (in the rows where `among` holds), or with
    `one_each` (each value once per group already) the count of them: then a count among
    rows is a sum of a flag, which is far quicker than filtering every group."""
    if one_each:
        return col.count() if among is None else (among & col.is_not_null()).sum()
    return (col if among is None else col.filter(among)).drop_nulls().n_unique()


def _people(people: str | None) -> list[str]:
    return ["people"] if people else []


def _group(records: pl.DataFrame, by: Sequence[str], aggs: list[pl.Expr],
           ledger: Ledger | None = None, people: str | None = None,
           maxima: Sequence[str] = (), one_each: bool = False) -> pl.DataFrame:
    """`aggs` per cell (`grouped`), counting `people` (None: not about people). With
    `one_each` (see `people_expr`) the records hold each person once per cell, so by unit
    with their roll-up deferred, in one own unit per cell of the other breakdowns (as
    `records.per_key` leaves them): people are counted and add up over units, and no row
    need be looked for in two units at once (a distinct count over the whole frame, the
    dearest part of the roll-up)."""
    from workforce.measures.dimensions import is_deferred  # (dimensions imports this module)

    k = keys(records, by)
    if people or not is_deferred(records, by):
        distinct = [people] if people and not one_each else []
        return grouped(records, k, aggs, ledger, distinct, maxima)
    # not about people: no count to roll up (a sum of none would be 0)
    aggs = [a for a in aggs if a.meta.output_name() != "people"]
    return grouped(records, k, aggs, ledger, (), maxima).with_columns(people_expr(None))


def grouped(records: pl.DataFrame, k: Sequence[str], aggs: Sequence[pl.Expr],
            ledger: Ledger | None = None, distinct: Sequence[str] = (),
            maxima: Sequence[str] = ()) -> pl.DataFrame:
    """`records.group_by(k).agg(aggs)` (one row when `k` is empty). Records by unit whose
    roll-up is deferred (`dimensions.PLACED`: `attach(..., defer=True)`,
    `records.per_key(..., defer=True)`) are rolled up from their own units' figures
    (`dimensions.deferred_group`; `ledger` gives the units), which `aggs` must allow: sums
    and counts, distinct counts of the columns in `distinct`, maxima (`maxima`)."""
    from workforce.measures.dimensions import deferred_group, is_deferred

    if is_deferred(records, k):
        if ledger is None:
            raise ValueError("records whose roll-up by unit is deferred need the ledger")
        return deferred_group(records, ledger, k, aggs, distinct, maxima)
    return records.group_by(list(k)).agg(aggs) if k else records.select(aggs)


def complete(out: pl.DataFrame, by: Sequence[str], windows: pl.DataFrame | None,
              zero: Sequence[str]) -> pl.DataFrame:
    """Give every window a row when there is no breakdown; `zero` columns become 0."""
    if windows is None or by or WINDOW not in out.columns:
        return out
    done = windows.select(WINDOW).join(out, on=WINDOW, how="left")
    return done.with_columns(pl.col(c).fill_null(0) for c in zero)


def every_window(records: pl.DataFrame, wins: pl.DataFrame, by: Sequence[str]
                 ) -> pl.DataFrame:
    """With no breakdown, `records` joined to every window, so that a window without records
    still gets its cell (from one empty row: aggregations must skip nulls)."""
    return records if by else wins.select(WINDOW).join(records, on=WINDOW, how="left")


def fewest_people(counts: Sequence[pl.Expr]) -> pl.Expr:
    """The smallest of `counts` that is above 0 (0 when none is): the people behind the
    smallest count a figure is built on, which is what small-number suppression looks at."""
    return pl.min_horizontal([pl.when(c > 0).then(c) for c in counts]).fill_null(
        pl.max_horizontal(counts))


def _part_people(people: str, cols: Sequence[str], one_each: bool) -> list[pl.Expr]:
    return [distinct(pl.col(people), one_each, pl.col(c).fill_null(0) != 0)
            .cast(pl.Int64).alias(f"_people_{i}") for i, c in enumerate(cols)]


def combine(records: pl.DataFrame, by: Sequence[str], formula: Formula,
            parts: Sequence[str] | None = None, people: str | None = "staff_id",
            windows: pl.DataFrame | None = None, one_each: bool = False,
            share: bool = False, ledger: Ledger | None = None) -> pl.DataFrame:
    """Sum each part column (default: the formula's parts, as `_p_<part>` columns, see
    `part`) per cell and apply `formula`: numerator, denominator and value come from the one
    definition in `formulas`. `people` is the fewest people behind any non-zero part (the
    people in the group when every part is 0), so a rate hides with its smallest count.
    `one_each`: the records hold each person once per cell (see `people_expr`). `share`:
    the first part is a share of the second (a percentage of a whole), so the people in the
    second but not the first count too (7 of 8 tells who the eighth is)."""
    cols = list(parts or [PART + p for p in formula.parts])
    aggs = [pl.col(c).fill_null(0).sum().cast(pl.Float64).alias(c) for c in cols]
    outside = []
    if people and share:
        rest = (pl.col(cols[1]).fill_null(0) != 0) & (pl.col(cols[0]).fill_null(0) == 0)
        outside = [distinct(pl.col(people), one_each, rest).cast(pl.Int64).alias("_people_out")]
    if people:
        aggs += [*_part_people(people, cols, one_each), *outside,
                 people_expr(people, one_each).alias("_people_all")]
    out = _group(records, by, [*aggs, people_expr(None)] if not people else aggs, ledger,
                 people, one_each=one_each)
    if people:
        each = [pl.col(f"_people_{i}") for i in range(len(cols))]
        each += [pl.col("_people_out")] if outside else []
        out = out.with_columns(
            pl.when(pl.any_horizontal([c > 0 for c in each])).then(fewest_people(each))
            .otherwise(pl.col("_people_all")).alias("people")
        ).drop([f"_people_{i}" for i in range(len(cols))] + ["_people_all"]
               + (["_people_out"] if outside else []))
    out = complete(out, by, windows, [*cols, *_people(people)])
    num, den, value = formula.exprs(*[pl.col(c) for c in cols])
    return out.with_columns(num.alias("numerator"), den.alias("denominator"),
                            value.alias("value")).drop([c for c in cols if c not in
                                                        ("numerator", "denominator")])


def part(name: str) -> str:
    """Column name of formula part `name` in records."""
    return PART + name


def ratio(records: pl.DataFrame, by: Sequence[str], num: str = "num", den: str = "den",
          scale: float = 100.0, people: str | None = "staff_id", *,
          windows: pl.DataFrame | None = None, one_each: bool = False,
          ledger: Ledger | None = None) -> pl.DataFrame:
    """Aggregate records to (by..., numerator, denominator, value, people): value =
    Σnum ÷ Σden × scale, None when the denominator is 0 ("cannot compute", never 0)."""
    f = PERCENT if scale == 100.0 else Formula("ratio", ("n", "d"), PERCENT.numerator,
                                               PERCENT.denominator, scale)
    tmp = records.rename({num: "__num", den: "__den"}) if num != den else records.with_columns(
        pl.col(num).alias("__num"), pl.col(den).alias("__den"))
    return combine(tmp, by, f, ["__num", "__den"], people, windows, one_each,
                   share=bool(people) and scale == 100.0 and _flags(tmp, ["__num", "__den"]),
                   ledger=ledger)


def _flags(records: pl.DataFrame, cols: Sequence[str]) -> bool:
    """Whether every value of `cols` is 0, 1 or missing: then the records are people (or
    their records) counted in or out of a share, and those left out of it can be told apart
    (5 of 7 appraised); a percentage of amounts (days lost per FTE) is not such a share."""
    if not records.height:
        return False
    flag = [(pl.col(c).is_null() | pl.col(c).cast(pl.Float64).is_in([0.0, 1.0])).all()
            for c in cols]
    return bool(records.select(pl.all_horizontal(flag)).item())


def total(records: pl.DataFrame, by: Sequence[str], col: str = "num",
          people: str | None = "staff_id", *, windows: pl.DataFrame | None = None,
          one_each: bool = False, ledger: Ledger | None = None) -> pl.DataFrame:
    """Aggregate records to a sum: numerator = value = Σcol, denominator None."""
    aggs = [pl.col(col).fill_null(0).sum().cast(pl.Float64).alias("numerator"),
            people_expr(people, one_each)]
    out = complete(_group(records, by, aggs, ledger, people, one_each=one_each), by, windows,
                   ["numerator", *_people(people)])
    return out.with_columns(pl.lit(None, pl.Float64).alias("denominator"),
                            pl.col("numerator").alias("value"))


def median(records: pl.DataFrame, by: Sequence[str], col: str,
           people: str | None = "staff_id", *, windows: pl.DataFrame | None = None
           ) -> pl.DataFrame:
    """Median of `col` per cell: value = numerator = the median, denominator = how many
    records it is taken over; None when there are none."""
    aggs = [pl.col(col).median().cast(pl.Float64).alias("numerator"),
            pl.col(col).drop_nulls().len().cast(pl.Float64).alias("denominator"),
            people_expr(people)]
    out = complete(_group(records, by, aggs), by, windows, ["denominator", *_people(people)])
    return out.with_columns(pl.col("numerator").alias("value"))


def maximum(records: pl.DataFrame, by: Sequence[str], col: str,
            people: str | None = "staff_id", *, windows: pl.DataFrame | None = None,
            ledger: Ledger | None = None) -> pl.DataFrame:
    """Largest `col` per cell: value = numerator = the maximum, denominator None."""
    aggs = [pl.col(col).max().cast(pl.Float64).alias("numerator"), people_expr(people)]
    out = complete(_group(records, by, aggs, ledger, people, ["numerator"]), by, windows,
                   _people(people))
    return out.with_columns(pl.lit(None, pl.Float64).alias("denominator"),
                            pl.col("numerator").alias("value"))
