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

Units nest, so along a `unit` breakdown the siblings are the units directly below one unit
(given `parents`), together with that unit's residual cell (`dimensions.residual`: its
records in no unit below it, such as a service's managers), all of which add up to the
unit's own figure. A service's figure minus its teams' would otherwise tell what its two
managers' figure is; with the residual among the siblings, a hidden residual makes a team's
figure hidden too. The unit's own figure is in that group as well: a service hidden as another
service's complement hides one of its teams, or its teams would add up to it (a unit with one
team and no one of its own is that team's figure). Residual cells are then dropped by the
caller, never shown.

Across tables: a unit hidden in the table by unit alone would be its cells by unit and role
group added up, so a table by unit and another breakdown first hides every cell of the units
hidden in the table by unit alone (`hidden`; `engine` works it out), then its own complements.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.runtime import DEFAULT_THRESHOLD

MARKER = "c"
FIGURES = ("numerator", "denominator", "value")
CELL = ("id", "organisation", "start", "end")
PARENT = "_parent"
TOP = "\x1f(top)"
"""The `_parent` of top-level units: the organisation's total is their sum."""


def rule_text(threshold: int = DEFAULT_THRESHOLD) -> str:
    return (
        f"Figures about 1 to {threshold - 1} people are suppressed (shown as '{MARKER}') to "
        "protect individuals; a rate is suppressed with the count it is built on, and where "
        "one figure in a breakdown is suppressed the next smallest is too, so that it cannot "
        "be worked out from the total (a team's too, where a service's figure less its "
        "teams' would describe a few people placed in the service itself)."
    )


def suppress(result: pl.DataFrame, threshold: int = DEFAULT_THRESHOLD,
             by: Sequence[str] = (), parents: pl.DataFrame | None = None,
             hidden: pl.DataFrame | None = None) -> pl.DataFrame:
    """Add a boolean `suppressed` column and null out numerator, denominator and value where
    the cell describes between 1 and threshold-1 people, then hide complements (see the
    module docstring) along each breakdown in `by`; along `unit`, siblings are the units
    under one parent (`parents`: unit, parent, as `dimensions.parents_of`) and its
    residual cell, and a unit's own figure is one of its children's group. `hidden`: cells
    of a coarser table (their keys: a subset of `result`'s, such as start, end and unit)
    that were hidden there, whose finer cells are hidden too, before the complements."""
    hide = (
        pl.col("people").is_not_null() & (pl.col("people") > 0) & (pl.col("people") < threshold)
    ).fill_null(False)
    if hidden is not None and hidden.height:
        keys = hidden.columns
        flagged = hidden.unique().cast({k: result.schema[k] for k in keys}).with_columns(
            pl.lit(True).alias("_coarse"))
        result = result.join(flagged, on=keys, how="left", maintain_order="left")
        hide = hide | pl.col("_coarse").fill_null(False)
    out = result.with_columns(hide.alias("suppressed"))
    if "_coarse" in out.columns:
        out = out.drop("_coarse")
    if by and out.get_column("suppressed").any():
        out = _complements(out, by, parents)
    return out.with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c) for c in FIGURES)


def _complements(out: pl.DataFrame, by: Sequence[str], parents: pl.DataFrame | None
                 ) -> pl.DataFrame:
    """Hide the smallest visible sibling of every lone hidden cell, breakdown by breakdown,
    pass after pass until no group has one (each pass that changes anything hides one more
    cell at least, so it ends). Only the groups with a lone hidden cell are looked at (few,
    in a large result)."""
    context = [c for c in CELL if c in out.columns]
    out = out.with_row_index("_row")
    nested = parents is not None and "unit" in by
    if nested:  # top-level units (and rows of no or an unknown unit) are siblings under the
        # organisation: a group key of their own, as null keys would never be matched below
        out = out.join(parents.select(pl.col("unit").cast(out.schema["unit"]),  # type: ignore[union-attr]
                                      pl.col("parent").alias(PARENT)),
                       on="unit", how="left", maintain_order="left").with_columns(
            pl.col(PARENT).fill_null(TOP))
        above = parents.get_column("parent").drop_nulls().unique().cast(out.schema["unit"])  # type: ignore[union-attr]
    changed = True
    while changed:
        changed = False
        for dim in by:
            group = [*context, *(b for b in by if b != dim),
                     *([PARENT] if nested and dim == "unit" else [])]
            cells = out
            if nested and dim == "unit":  # a unit's own figure is one of its children's group
                cells = pl.concat([out, out.filter(pl.col("unit").is_in(above.implode()))
                                   .with_columns(pl.col("unit").cast(pl.String).alias(PARENT))])
            lone = (cells.group_by(group).agg(pl.col("suppressed").sum().alias("_hidden"),
                                              pl.len().alias("_cells"))
                    .filter((pl.col("_hidden") == 1) & (pl.col("_cells") > 1)).drop(
                        "_hidden", "_cells"))
            if not lone.height:
                continue
            visible = (cells.join(lone, on=group, how="semi") if group else cells).filter(
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
    return out.drop("_row", *([PARENT] if nested else []))
