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
shown (a service's two managers and a team of two below it).

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

from workforce.runtime import DEFAULT_THRESHOLD

MARKER = "c"
FIGURES = ("numerator", "denominator", "value")
CELL = ("id", "organisation", "start", "end")
PARENT = "_parent"
SIGNIFICANT = 10
"""Significant figures a complement's size is compared to: figures equal but for the last
digits of floating-point sums (added in another order) are equal, so the tie goes by the
cells' keys, and the same cell is hidden whichever order the sums were added in."""
TOP = "\x1f(top)"
"""The `_parent` of top-level units: the organisation's total is their sum."""


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
    breakdown, pass after pass until no group has one that can be (each pass that changes
    anything hides one more cell at least, so it ends).

    Each breakdown's groups of siblings are worked out once (`_groups`: each cell's group
    number); a pass then reads the cells' flags by row number, tallies only the hidden ones
    (few, in a large result) and puts in `_order` only the cells that can be taken in the
    groups that take one (`_picks`)."""
    dims = sorted(by)  # the same cells hidden whatever order the breakdowns are asked in
    if parents is not None and "unit" in by and out.schema["unit"] == pl.Null:
        out = out.with_columns(pl.col("unit").cast(pl.String))  # as `_with_parents` makes it
    groups = _groups(out, by, dims, parents)
    order = out.select("numerator", *dims)  # what complements are taken in order of
    hidden = out.get_column("suppressed")
    pinned = out.get_column("_pinned")
    people = out.get_column("people")
    known = out.get_column("numerator").is_not_null()
    changed, passes = True, 0
    while changed:
        if passes == PASSES:  # a long run of passes: the rest cell by cell (same result)
            hidden = _settle(hidden, pinned, people, known, groups, order, dims, threshold)
            break
        changed, passes = False, passes + 1
        for members, sizes in groups:
            picks = _picks(members, sizes, hidden, pinned, people, known, threshold,
                           order, dims)
            if picks.len():
                hidden = hidden.scatter(picks, True)
                changed = True
    return out.with_columns(hidden.alias("suppressed"))


def _groups(out: pl.DataFrame, by: Sequence[str], dims: Sequence[str],
            parents: pl.DataFrame | None) -> list[tuple[pl.DataFrame, pl.DataFrame]]:
    """Per breakdown in `dims`: its cells with their group of siblings (`_g`, `_row` the
    cell's row in `out`) and each group's number of cells (`_g`, `_cells`). Siblings share
    the context (`CELL`) and the other breakdowns; along `unit` with `parents`, they are the
    units under one parent and its residual cell, with the parent's own figure in the group
    too (and top-level units, and rows of no or an unknown unit, siblings under the
    organisation: `TOP`)."""
    context = [c for c in CELL if c in out.columns]
    nested = parents is not None and "unit" in by
    rows = out.with_row_index("_row")
    if nested:
        rows = _with_parents(rows, parents)  # type: ignore[arg-type]
        above = parents.get_column("parent").drop_nulls().unique()  # type: ignore[union-attr]
    out_groups = []
    for dim in dims:
        group = [*context, *(b for b in by if b != dim),
                 *([PARENT] if nested and dim == "unit" else [])]
        cells = rows.select("_row", *group)
        if nested and dim == "unit":  # a unit's own figure is one of its children's group
            own = rows.filter(pl.col("unit").cast(pl.String).is_in(above.implode())).select(
                "_row", *(pl.col("unit").cast(pl.String).alias(PARENT) if g == PARENT
                          else pl.col(g) for g in group))
            cells = pl.concat([cells, own])
        per = (cells.group_by(group).agg("_row") if group
               else cells.select(pl.col("_row").implode()))
        per = per.select(pl.col("_row"), pl.int_range(pl.len(), dtype=pl.UInt32).alias("_g"))
        sizes = per.select("_g", pl.col("_row").list.len().alias("_cells"))
        out_groups.append((per.explode("_row").select("_g", pl.col("_row").cast(pl.UInt32)),
                           sizes))
    return out_groups


def _picks(members: pl.DataFrame, sizes: pl.DataFrame, hidden: pl.Series, pinned: pl.Series,
           people: pl.Series, known: pl.Series, threshold: int, order: pl.DataFrame,
           dims: Sequence[str]) -> pl.Series:
    """The rows to hide in one pass along one breakdown: in each group that takes a
    complement (`_taking`), its first cell in `_order` that can be taken."""
    counted = hidden & ~pinned  # a pinned hidden cell is its coarser cell's figure: shown
    at = members.get_column("_row")
    hid = members.filter(counted.gather(at))
    if not hid.height:
        return at.clear()
    who = people.gather(hid.get_column("_row"))
    tally = (hid.with_columns(who.alias("people"))
             .group_by("_g").agg(pl.len().cast(pl.Int64).alias("_hidden"),
                                 pl.col("people").fill_null(0).sum().alias("_people"),
                                 pl.col("people").is_null().any().alias("_unknown"))
             .join(sizes, on="_g").filter(_taking(threshold)))
    if not tally.height:
        return at.clear()
    takeable = ~hidden & ~pinned & known
    return _first(members.filter(takeable.gather(at) & pl.col("_g").is_in(
        tally["_g"].implode())), order, dims)


def _first(cells: pl.DataFrame, order: pl.DataFrame, dims: Sequence[str]) -> pl.Series:
    """The row (`_row`) of each group's (`_g`) first cell in `_order` (`order`: the table's
    columns it reads)."""
    return (_ordered(cells, order, dims)
            .group_by("_g").agg(pl.col("_row").first()).get_column("_row"))


def _ordered(cells: pl.DataFrame, order: pl.DataFrame, dims: Sequence[str]) -> pl.DataFrame:
    """`cells` (`_g`, `_row`) by group, each group's in the order complements are taken
    (`_order`, read from `order` by row)."""
    return (pl.concat([cells, order.gather(cells.get_column("_row"))], how="horizontal")
            .sort("_g", *_order(dims), "_row", nulls_last=True))


PASSES = 12
"""Passes of `_complements` (each tallies every group's hidden cells) before the rest are made
cell by cell (`_settle`). Nearly every table is done in one or two; but where hidden cells
too few people together have only 0s left beside them, each pass hides one more 0, and a
group of 180 empty teams took 158 passes (a second of the measures benchmark's ten; 0.1 s
now). `_settle` first copies every cell and group of the table into Python, which costs as
much as 5 passes (the benchmark's tables by unit: 40 to 50 ms against 8 ms a pass) to 25
(a reviewer's table of 240,000 rows by two breakdowns with a few cells hidden: 0.6 s
against 25 ms); so a table that needs a few more passes than usual is left to the passes,
and one that needs more than 12 pays at most about three times what the passes alone would
have cost, and far less the more passes it needs. (Those figures are from before the groups
were worked out once per table, `_groups`; a pass is cheaper now, so the copy costs more
passes than that.)"""

def _taking(threshold: int) -> pl.Expr:
    """A group takes a complement (given its tally of hidden cells that are not pinned,
    `_hidden`, their people, `_people`, whether any is about people not known, `_unknown`,
    and its cells, `_cells`): it has a lone hidden cell, or hidden cells together about too
    few people (the people known for each), and other cells."""
    few = (pl.col("_hidden") > 1) & (pl.col("_people") < threshold) & ~pl.col("_unknown")
    return ((pl.col("_hidden") == 1) | few) & (pl.col("_cells") > 1)


def _takes(tally: Sequence[int | bool], threshold: int) -> bool:
    """`_taking` of one group's tally (hidden, cells, people, unknown), in Python for
    `_settle`."""
    hidden, cells, people, unknown = tally
    few = hidden > 1 and people < threshold and not unknown
    return (hidden == 1 or few) and cells > 1


def _order(dims: Sequence[str]) -> list[pl.Expr]:
    """The order complements are taken in, smallest first: a hidden 0 hides little (an empty
    category is often known), so the smallest cell that is not 0 goes first, a 0 only when
    nothing else is left; equal figures tie (to `SIGNIFICANT` figures) and go by the cells'
    keys, so that the same cell is taken whatever order the rows came in."""
    size = pl.col("numerator").abs().round_sig_figs(SIGNIFICANT)
    return [size == 0, size, *(pl.col(b).cast(pl.String) for b in dims)]


def _settle(hidden: pl.Series, pinned: pl.Series, people: pl.Series, known: pl.Series,
            groups: Sequence[tuple[pl.DataFrame, pl.DataFrame]], order: pl.DataFrame,
            dims: Sequence[str], threshold: int) -> pl.Series:
    """The passes of `_complements` left to make, with the same result, keeping each group's
    tallies up to date cell by cell rather than grouping the whole table again each pass:
    only the groups of a cell just hidden can start or stop taking complements, and each
    takes the first of its cells, in `_order`, that can still be taken. `groups`: each
    dimension's (cells with their group, groups' sizes) as `_groups` makes them; `order`
    the columns `_order` reads."""
    counted = (hidden & ~pinned).to_list()
    hidden_l = hidden.to_list()
    people_l = people.to_list()
    takeable = (~hidden & ~pinned & known).to_list()
    dims_groups = []  # per dimension: each group's cells in order, tallies, the live ones
    for members, _ in groups:
        per = _ordered(members, order, dims).group_by("_g", maintain_order=True).agg(
            pl.col("_row"))
        rows = per.get_column("_row").to_list()
        tallies = []
        of_row: dict[int, list[int]] = {}
        for g, cells in enumerate(rows):
            mine = [r for r in cells if counted[r]]
            tallies.append([len(mine), len(cells), sum(people_l[r] or 0 for r in mine),
                            any(people_l[r] is None for r in mine)])
            for r in cells:
                of_row.setdefault(r, []).append(g)
        dims_groups.append((rows, tallies, [0] * len(rows), of_row,
                            {g for g, t in enumerate(tallies) if _takes(t, threshold)}))
    changed, done = True, []
    while changed:
        changed = False
        for rows, _, at, _, live in dims_groups:
            picks = set()
            for g in live:
                cells, i = rows[g], at[g]
                while i < len(cells) and not takeable[cells[i]]:
                    i += 1
                at[g] = i
                if i < len(cells):
                    picks.add(cells[i])
                else:  # nothing left to take, ever (a cell hidden is never shown again)
                    done.append(g)
            live.difference_update(done)
            done.clear()
            if not picks:
                continue
            changed = True
            for r in picks:
                hidden_l[r], takeable[r] = True, False
                for _, tallies, _, of_row, alive in dims_groups:
                    for g in of_row.get(r, ()):
                        t = tallies[g]  # _hidden, _cells, _people, _unknown
                        t[0] += 1
                        t[2] += people_l[r] or 0
                        t[3] = t[3] or people_l[r] is None
                        if _takes(t, threshold):
                            alive.add(g)
                        else:
                            alive.discard(g)
    return pl.Series("suppressed", hidden_l, pl.Boolean)
