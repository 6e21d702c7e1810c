"""Small-number suppression, applied when results are shown or exported.

Rule (stated on every page and export that uses it): a cell that describes fewer than
`threshold` people (default 5), other than none, is shown as "c"; a rate is suppressed
with the count it is built on. The arithmetic never sees suppression.

Secondary suppression: when the cells of one breakdown add up to a total shown elsewhere
(women, men and "not known" make everyone in post), one hidden cell could be worked out by
subtraction. So wherever a group of sibling cells (same measure, organisation, window and
other breakdowns) has exactly one hidden cell, the next smallest cell is hidden too (the
smallest that is not 0: an empty category is often known, so hiding it protects little; a 0
only when no other is left), until no group has a lone hidden cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.runtime import DEFAULT_THRESHOLD

MARKER = "c"
FIGURES = ("numerator", "denominator", "value")
CELL = ("id", "organisation", "start", "end")


def rule_text(threshold: int = DEFAULT_THRESHOLD) -> str:
    return (
        f"Figures about 1 to {threshold - 1} people are suppressed (shown as '{MARKER}') to "
        "protect individuals; a rate is suppressed with the count it is built on, and where "
        "one figure in a breakdown is suppressed the next smallest is too, so that it cannot "
        "be worked out from the total."
    )


def suppress(result: pl.DataFrame, threshold: int = DEFAULT_THRESHOLD,
             by: Sequence[str] = ()) -> pl.DataFrame:
    """Add a boolean `suppressed` column and null out numerator, denominator and value where
    the cell describes between 1 and threshold-1 people, then hide complements (see the
    module docstring) along each breakdown in `by`."""
    hide = (
        pl.col("people").is_not_null() & (pl.col("people") > 0) & (pl.col("people") < threshold)
    )
    out = result.with_columns(hide.fill_null(False).alias("suppressed"))
    if by:
        out = _complements(out, by)
    return out.with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c) for c in FIGURES)


def _complements(out: pl.DataFrame, by: Sequence[str], passes: int = 4) -> pl.DataFrame:
    """Hide the smallest visible sibling of every lone hidden cell, breakdown by breakdown.
    Only the groups with a lone hidden cell are looked at (few, in a large result)."""
    context = [c for c in CELL if c in out.columns]
    out = out.with_row_index("_row")
    for _ in range(passes):
        changed = False
        for dim in by:
            group = [*context, *(b for b in by if b != dim)]
            lone = (out.group_by(group).agg(pl.col("suppressed").sum().alias("_hidden"),
                                            pl.len().alias("_cells"))
                    .filter((pl.col("_hidden") == 1) & (pl.col("_cells") > 1)).drop(
                        "_hidden", "_cells"))
            if not lone.height:
                continue
            visible = (out.join(lone, on=group, how="semi") if group else out).filter(
                ~pl.col("suppressed") & pl.col("numerator").is_not_null())
            if not visible.height:
                continue
            # a hidden 0 hides little (an empty category is often known), so the smallest
            # cell that is not 0 goes first; a 0 only when nothing else is left
            ordered = visible.sort(pl.col("numerator") == 0, pl.col("numerator").abs(),
                                   maintain_order=True)
            smallest = (ordered.group_by(group, maintain_order=True).first()["_row"]
                        if group else ordered["_row"][:1])
            out = out.with_columns((pl.col("suppressed") | pl.col("_row").is_in(
                smallest.implode())).alias("suppressed"))
            changed = True
        if not changed:
            break
    return out.drop("_row")
