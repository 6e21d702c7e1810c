"""Small-number suppression, applied when results are shown or exported.

Rule (stated on every page and export that uses it): a cell that describes fewer than
`threshold` people (default 5), other than none, is shown as "c"; a rate is suppressed
with the count it is built on. The arithmetic never sees suppression.

Secondary suppression: when the cells of one breakdown add up to a total shown elsewhere
(women, men and "not known" make everyone in post), one hidden cell could be worked out by
subtraction. So wherever a group of sibling cells (same measure, organisation, window and
other breakdowns) has exactly one hidden cell, the next smallest cell is hidden too (the
smallest that is not 0: an empty category is often known, so hiding it protects little; a 0
only when no other is left), until no group has a lone hidden cell. Hidden cells that together
describe fewer than `threshold` people get another too, as their sum is the total less what is
shown (a service's two managers and a team of two below it): one that is not empty (0 people,
figures 0), as an empty cell adds nothing to their sum (`complements.SOMEONE`).

Units nest, so along a `unit` breakdown the siblings are the units directly below one unit
(given `parents`), together with that unit's residual cell (`dimensions.residual`: its
records in no unit below it, such as a service's managers), all of which add up to the
unit's own figure. A service's figure minus its teams' would otherwise tell what its two
managers' figure is; with the residual among the siblings, a hidden residual makes a team's
figure hidden too. The unit's own figure is in that group as well: a service hidden as another
service's complement hides one of its teams, or its teams would add up to it (a unit with one
team and no one of its own is that team's figure). Residual cells are then dropped by the
caller, never shown.

Across tables: a table by two breakdowns adds up to the tables by each one alone, which are
shown too, so it is suppressed knowing them (`coarser`; `engine._protected` works them out):
a cell whose coarser cell is hidden is hidden, and a cell that is the only one under a
coarser cell that is shown (a team of social workers only, by unit and role group) is that
cell's figure, so it is never chosen as a complement, nor counts as one when it is hidden
(another reason can hide it: its figure is still shown). What this cannot do: when every
possible complement of a hidden cell is such a fixed cell, only the coarser tables could
protect it, and they are made on their own (ARCHITECTURE.md gives how often, on random unit
trees).

Tables by team or by service are shown beside the table by unit: a table by team is taken
from it (`engine._teams`), and a table by service hides what it hides as well
(`engine._agreeing`).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.measures import complements
from workforce.runtime import DEFAULT_THRESHOLD

MARKER = "c"
FIGURES = ("numerator", "denominator", "value")
CELL = complements.CELL
PARENT = complements.PARENT
TOP = complements.TOP


def rule_text(threshold: int = DEFAULT_THRESHOLD) -> str:
    return (
        f"Figures about 1 to {threshold - 1} people are suppressed (shown as '{MARKER}') to "
        "protect individuals; a rate is suppressed with the count it is built on, and where "
        "one figure in a breakdown is suppressed (or the suppressed ones together describe "
        f"fewer than {threshold} people) the next smallest is too, so that it cannot "
        "be worked out from the total (a team's too, where a service's figure less its "
        "teams' would describe a few people placed in the service itself)."
    )


def suppress(result: pl.DataFrame, threshold: int = DEFAULT_THRESHOLD,
             by: Sequence[str] = (), parents: pl.DataFrame | None = None,
             coarser: Sequence[pl.DataFrame] = (),
             forced: Sequence[pl.DataFrame] = ()) -> pl.DataFrame:
    """Add a boolean `suppressed` column and null out numerator, denominator and value where
    the cell describes between 1 and threshold-1 people, then hide complements (see the
    module docstring) along each breakdown in `by`; along `unit`, siblings are the units
    under one parent (`parents`: unit, parent, as `dimensions.parents_of`) and its
    residual cell, and a unit's own figure is one of its children's group.

    `coarser`: the suppressed tables by `by` less one breakdown each (start, end, their
    breakdowns and `suppressed`), which are shown too. A cell whose coarser cell is hidden is
    hidden (else the finer cells would add up to it); and a cell that is the only one under a
    coarser cell that is shown is that figure ("pinned"), so it is never chosen as a
    complement (a lone hidden cell whose siblings are all pinned stays as it is: only the
    coarser tables could protect it, and they are made on their own).

    `forced`: cells hidden whatever their people, because another measure shown beside this
    one would tell them (`engine._linked`): each frame holds start, end and some of the
    breakdowns in `by`, and every cell that agrees with one of its rows is hidden; their
    complements are then found as for any hidden cell, so the table itself does not tell
    them either."""
    hide = (
        pl.col("people").is_not_null() & (pl.col("people") > 0) & (pl.col("people") < threshold)
    ).fill_null(False)
    out, pinned = result, pl.lit(False)
    for i, cells in enumerate(forced):  # matched as text, whatever the columns' types
        keys = [c for c in cells.columns if c not in ("start", "end")]
        text, flag = [f"_forced{i}_{k}" for k in keys], f"_forced{i}"
        out = out.with_columns(pl.col(k).cast(pl.String).alias(t)
                               for k, t in zip(keys, text, strict=True))
        out = out.join(cells.select("start", "end", *(pl.col(k).cast(pl.String).alias(t)
                                                       for k, t in zip(keys, text, strict=True)))
                       .unique().with_columns(pl.lit(True).alias(flag)),
                       on=["start", "end", *text], how="left", maintain_order="left",
                       nulls_equal=True).drop(text)
        hide = hide | pl.col(flag).fill_null(False)
    for i, table in enumerate(coarser):
        keys = [c for c in table.columns if c != "suppressed"]
        (across,) = [b for b in by if b not in keys]
        flag, alone = f"_hidden{i}", f"_alone{i}"
        coarse = table.select(*(pl.col(k).cast(out.schema[k]) for k in keys),
                              pl.col("suppressed").alias(flag)).unique(keys)
        out = out.join(coarse, on=keys, how="left", maintain_order="left", nulls_equal=True)
        cell = [*(c for c in CELL if c in out.columns and c not in keys), *keys]
        under = cell if across != "unit" or parents is None else [*cell, PARENT]
        if under != cell:  # along units, the coarser cell is the top-level units' sum
            out = _with_parents(out, parents)  # type: ignore[arg-type]
        out = out.with_columns((pl.len().over(under) == 1).alias(alone))
        if under != cell:
            out = out.with_columns(pl.col(alone) & (pl.col(PARENT) == TOP)).drop(PARENT)
        hide = hide | pl.col(flag).fill_null(False)
        pinned = pinned | (pl.col(alone) & ~pl.col(flag).fill_null(True))
    out = out.with_columns(hide.alias("suppressed"), pinned.alias("_pinned"))
    out = out.drop([c for c in out.columns if c.startswith(("_hidden", "_alone", "_forced"))])
    if by and out.get_column("suppressed").any():
        out = _complements(out, by, parents, threshold)
    return out.drop("_pinned").with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c) for c in FIGURES)


def _with_parents(out: pl.DataFrame, parents: pl.DataFrame) -> pl.DataFrame:
    """`out` with each row's parent unit (`PARENT`; `TOP` for top-level units and rows of no
    or an unknown unit, siblings under the organisation)."""
    if out.schema["unit"] == pl.Null:  # no row has a unit: text, so that it can be joined
        out = out.with_columns(pl.col("unit").cast(pl.String))
    return out.join(parents.select(pl.col("unit").cast(out.schema["unit"]),
                                   pl.col("parent").alias(PARENT)),
                    on="unit", how="left", maintain_order="left", nulls_equal=True
                    ).with_columns(pl.col(PARENT).fill_null(TOP))


def _complements(out: pl.DataFrame, by: Sequence[str], parents: pl.DataFrame | None,
                 threshold: int = DEFAULT_THRESHOLD) -> pl.DataFrame:
    """Hide the smallest visible sibling that is not pinned (`_pinned`) of every lone hidden
    cell, and of hidden cells that together describe fewer than `threshold` people (their sum
    is the group's total less what is shown: a service's 2 managers and a team of 2 under it
    were 4 people that the service's figure less its other teams told), breakdown by
    breakdown, pass after pass until no group has one that can be (`complements.hide`)."""
    if parents is not None and "unit" in by and out.schema["unit"] == pl.Null:
        out = out.with_columns(pl.col("unit").cast(pl.String))  # as `_with_parents` makes it
    return out.with_columns(complements.hide(out, by, parents, threshold))
