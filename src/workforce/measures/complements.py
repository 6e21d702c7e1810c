"""Secondary suppression's complements, made on arrays (`suppression.suppress` calls `hide`).

The rule (`suppression`'s docstring): along each breakdown, every group of sibling cells
with a lone hidden cell, or hidden cells that together describe fewer than the threshold's
people, has its smallest visible cell that can be taken (not pinned, figure known) hidden
too, breakdown by breakdown, pass after pass, until no group takes one. For the second, the
cell taken must not be empty (`SOMEONE`): an empty cell adds nothing to their sum. Smallest
means in `ORDER`: a cell that is not 0 before a 0, then by size (to `SIGNIFICANT` figures), then by
the cells' keys as text, then by row; so the same cells are hidden whatever order the rows
came in.

How it is made (one table at a time; the measures benchmark suppresses about 140 tables of
80,000 to 300,000 rows): every key is coded as an integer once (`_codes`), each breakdown's
groups are numbered once (`_numbered`), each group's cells are put in `ORDER` once, and each
group keeps a tally of its hidden cells and their people. A pass then looks only at the
groups that take a complement: each takes the first of its cells, from where it took the last
(a cell hidden is never taken again, so the place only moves on), and the tallies of the
groups of the cells taken are brought up to date. A pass costs in proportion to the groups
that take one, not to the table, so a table that needs 158 passes (hidden cells beside
empty units hide one more 0 a pass) costs little more than one that needs two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

CELL = ("id", "organisation", "start", "end")
"""The columns that place a cell in its table, beside its breakdowns."""
PARENT = "_parent"
TOP = "\x1f(top)"
"""The parent of top-level units: the organisation's total is their sum."""
SIGNIFICANT = 10
"""Significant figures a complement's size is compared to: figures equal but for the last
digits of floating-point sums (added in another order) are equal, so the tie goes by the
cells' keys, and the same cell is hidden whichever order the sums were added in."""
ORDER = "not 0 first, then smallest, then by the cells' keys as text, then by row"
SOMEONE = ("hidden cells that together describe too few people take only a cell that is "
           "not empty")
"""Why a group whose hidden cells together describe fewer than the threshold's people takes
only a cell that is not empty (`_empty`: 0 people, and its figures 0): their sum is what the
group tells, and an empty cell adds nothing to it, so taking one protects nothing. When
they took them, empty cells were taken one after another until none was left: one forced
hidden 0 hid every empty team of a service (the demo's board report showed 'c' for the
establishment of services with no one to protect). A lone hidden cell still takes a 0 when
no other is left (its figure would be told exactly, not summed with others)."""


def hide(out: pl.DataFrame, by: Sequence[str], parents: pl.DataFrame | None,
         threshold: int) -> pl.Series:
    """`out`'s `suppressed` with the complements hidden (see the module's docstring). `out`
    holds the cells' keys, `numerator`, `people`, `suppressed` and `_pinned` (a cell that
    is its coarser cell's figure: never taken, and not counted when hidden). Along `unit`
    with `parents` (unit, parent), siblings are the units under one parent and its residual
    cell, with the parent's own figure in the group too; top-level units, and rows of no or
    an unknown unit, are siblings under the organisation."""
    dims = sorted(by)  # the same cells hidden whatever order the breakdowns are asked in
    context = [c for c in CELL if c in out.columns]
    units = _Units(out, parents) if parents is not None and "unit" in by else None
    codes = {c: _physical(out.get_column(c)) for c in context}
    codes |= {c: _codes(out.get_column(c)) for c in by if c != "unit" or units is None}
    if units is not None:
        codes["unit"] = units.code
    hidden = out.get_column("suppressed").fill_null(False).to_numpy().copy()
    pinned = out.get_column("_pinned").fill_null(False).to_numpy()
    people_col = out.get_column("people")
    unknown = people_col.is_null().to_numpy()
    people = people_col.fill_null(0).cast(pl.Float64).to_numpy()
    known = out.get_column("numerator").is_not_null().to_numpy()
    takeable = ~hidden & ~pinned & known
    takeable_few = takeable & ~_empty(out, people, unknown)  # what hidden cells about too
    # few people together can take: not an empty cell (`SOMEONE`)
    counted = hidden & ~pinned  # a pinned hidden cell is its coarser cell's figure: shown
    rank = _ranks(out, dims, codes)
    groups = []
    for dim in dims:
        keys = [codes[c] for c in (*context, *(b for b in by if b != dim))]
        rows = np.arange(out.height, dtype=np.int64)
        if units is not None and dim == "unit":  # a unit's own figure is one of its
            own = np.flatnonzero(units.above)      # children's group
            keys_all = [np.concatenate([k, k[own]]) for k in keys]
            keys_all.append(np.concatenate([units.parent, units.code[own]]))
            rows = np.concatenate([rows, own])
        else:
            keys_all = keys
        groups.append(_Groups.make(rows, _numbered(keys_all, len(rows)), rank, counted,
                                   people, unknown, takeable, takeable_few))
    changed = True
    while changed:
        changed = False
        for mine in groups:
            picks = mine.picks(takeable, takeable_few, threshold)
            if not picks.size:
                continue
            changed = True
            hidden[picks] = True
            takeable[picks] = takeable_few[picks] = False
            for each in groups:
                each.count(picks, people, unknown)
    return pl.Series("suppressed", hidden, pl.Boolean)


@dataclass
class _Groups:
    """One breakdown's groups of siblings: `cells`, the rows of each group's cells in
    `ORDER` (group g's from `start[g]` to `end[g]`; `start` moves past cells taken or
    hidden); `ahead`, for each place in `cells`, the next place whose cell could be taken when
    the search began (or the end of `cells`), so that `start` passes a run of cells that
    never could in one step; `ahead_few`/`start_few`, the same for the cells a group of
    hidden cells about too few people can take (not empty, `SOMEONE`);
    `row_of`/`group_of`, the same (row, group) pairs by row; and each group's tally
    of hidden cells that are not pinned (`hidden`), their people (`people`, unknown ones as
    0) and whether any is about people not known (`unknown`)."""

    cells: np.ndarray
    ahead: np.ndarray
    start: np.ndarray
    ahead_few: np.ndarray
    start_few: np.ndarray
    end: np.ndarray
    row_of: np.ndarray
    group_of: np.ndarray
    size: np.ndarray
    hidden: np.ndarray
    people: np.ndarray
    unknown: np.ndarray

    @classmethod
    def make(cls, rows: np.ndarray, group: np.ndarray, rank: np.ndarray, counted: np.ndarray,
             people: np.ndarray, unknown: np.ndarray, takeable: np.ndarray,
             takeable_few: np.ndarray) -> _Groups:
        n = int(group.max()) + 1 if group.size else 0
        by_group = np.argsort(group * (int(rank.max()) + 1 if rank.size else 1) + rank[rows])
        size = np.bincount(group, minlength=n)
        start = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
        by_row = np.argsort(rows, kind="stable")  # one or two runs already in order
        counts = counted[rows]
        cells = rows[by_group]
        return cls(cells=cells, ahead=_ahead(takeable[cells]), start=start,
                   ahead_few=_ahead(takeable_few[cells]), start_few=start.copy(),
                   end=start + size, row_of=rows[by_row],
                   group_of=group[by_row], size=size,
                   hidden=np.bincount(group, weights=counts, minlength=n).astype(np.int64),
                   people=np.bincount(group, weights=np.where(counts, people[rows], 0),
                                      minlength=n),
                   unknown=np.bincount(group, weights=counts & unknown[rows],
                                       minlength=n) > 0)

    def picks(self, takeable: np.ndarray, takeable_few: np.ndarray, threshold: int
              ) -> np.ndarray:
        """The rows to hide in one pass along this breakdown: in each group that takes a
        complement, its first cell that can be taken: for a lone hidden cell, any; for
        hidden cells together about too few people (the people known for each), one that is
        not empty (`SOMEONE`)."""
        few = (self.hidden > 1) & (self.people < threshold) & ~self.unknown
        lone = np.flatnonzero((self.hidden == 1) & (self.size > 1))
        many = np.flatnonzero(few & (self.size > 1))
        found = [self._first(lone, self.start, self.ahead, takeable),
                 self._first(many, self.start_few, self.ahead_few, takeable_few)]
        return np.unique(np.concatenate(found))

    def _first(self, live: np.ndarray, start: np.ndarray, ahead: np.ndarray,
               can: np.ndarray) -> np.ndarray:
        """The first cell of each group in `live` that `can` be taken, from `start` on
        (moved past the cells that cannot: they never can again)."""
        if not live.size:
            return live
        at, end = start[live], self.end[live]
        while True:  # past the cells that cannot be taken (any more)
            inside = np.flatnonzero(at < end)
            at[inside] = np.minimum(ahead[at[inside]], end[inside])
            inside = inside[at[inside] < end[inside]]
            past = inside[~can[self.cells[at[inside]]]]  # taken since the search began
            if not past.size:
                break
            at[past] += 1
        start[live] = at
        return self.cells[at[at < end]]

    def count(self, rows: np.ndarray, people: np.ndarray, unknown: np.ndarray) -> None:
        """Bring the tallies of the groups of `rows`, just hidden, up to date."""
        lo = np.searchsorted(self.row_of, rows, "left")
        many = np.searchsorted(self.row_of, rows, "right") - lo
        total = int(many.sum())
        if not total:
            return
        at = np.repeat(lo - (np.cumsum(many) - many), many) + np.arange(total)
        groups, each = self.group_of[at], np.repeat(rows, many)
        np.add.at(self.hidden, groups, 1)  # `.at`: a group can be on several of the rows
        np.add.at(self.people, groups, people[each])
        np.logical_or.at(self.unknown, groups, unknown[each])


class _Units:
    """Each row's unit (`code`) and parent unit (`parent`, `TOP` for top-level units and rows
    of no or an unknown unit) coded alike, and whether its unit has units below it
    (`above`)."""

    def __init__(self, out: pl.DataFrame, parents: pl.DataFrame) -> None:
        unit = out.get_column("unit").cast(pl.String)
        parent_of = dict(zip(parents.get_column("unit").cast(pl.String).to_list(),
                             parents.get_column("parent").to_list(), strict=True))
        names = sorted({*unit.drop_nulls().unique().to_list(), *parent_of,
                        *(p for p in parent_of.values() if p is not None), TOP})
        index = {name: i for i, name in enumerate(names)}
        none = len(names)  # rows of no unit
        self.code = _codes(unit, names)
        lookup = np.array([index[TOP if parent_of.get(name) is None else parent_of[name]]
                           for name in names] + [index[TOP]], dtype=np.int64)
        self.parent = lookup[self.code]
        above = np.zeros(none + 1, dtype=bool)
        above[[index[p] for p in parent_of.values() if p is not None]] = True
        self.above = above[self.code]


def _empty(out: pl.DataFrame, people: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """Empty cells (`SOMEONE`): about 0 people (known), and every figure 0 (or a rate's
    denominator not known), so that they add nothing to any sum their group tells."""
    zero = pl.col("numerator").fill_null(1) == 0
    if "denominator" in out.columns:
        zero = zero & pl.col("denominator").fill_null(0).eq(0)
    return out.select(zero).to_series().to_numpy() & ~unknown & (people == 0)


def _ahead(can: np.ndarray) -> np.ndarray:
    """For each place in a group's cells (and one past the last), the next place whose cell
    `can` be taken when the search begins, or the end."""
    places = np.append(np.where(can, np.arange(len(can)), len(can)), len(can))
    return np.minimum.accumulate(places[::-1])[::-1]


def _codes(column: pl.Series, names: list[str] | None = None) -> np.ndarray:
    """Each value's place among the column's values read as text (`names`, sorted, when
    given), nulls last: codes sort as `ORDER` sorts keys, and code the same values alike."""
    text = column.cast(pl.String)
    if names is None:
        names = text.drop_nulls().unique().sort().to_list()
    if not names:  # no value but nulls
        return np.zeros(len(column), dtype=np.int64)
    coded = text.cast(pl.Enum(names)).to_physical().cast(pl.Int64)
    return coded.fill_null(len(names)).to_numpy()


def _physical(column: pl.Series) -> np.ndarray:
    """A column of the cells' context (dates, identifiers) as integers that code the same
    values alike (nulls as one more value), for grouping only."""
    if column.dtype in (pl.String, pl.Categorical, pl.Null):
        return _codes(column)
    values = column.to_physical().cast(pl.Int64)
    return values.fill_null(-1 if values.null_count() == len(values)
                            else int(values.min()) - 1).to_numpy()  # type: ignore[arg-type]


def _ranks(out: pl.DataFrame, dims: Sequence[str], codes: dict[str, np.ndarray]) -> np.ndarray:
    """Each row's place in `ORDER` over the whole table."""
    size = out.get_column("numerator").abs().round_sig_figs(SIGNIFICANT)
    missing = size.is_null().to_numpy()
    figure = size.fill_null(0.0).to_numpy()
    first = np.where(missing, 2, (figure == 0).astype(np.int64))  # not 0, 0, not known
    sizes = np.unique(figure, return_inverse=True)[1].astype(np.int64)  # in order
    order = np.argsort(_packed([first, sizes, *(codes[d] for d in dims)], out.height),
                       kind="stable")  # ties by row
    rank = np.empty(out.height, dtype=np.int64)
    rank[order] = np.arange(out.height)
    return rank


def _numbered(keys: list[np.ndarray], n: int) -> np.ndarray:
    """A group number for each row, the same for rows with the same keys (integer codes)."""
    return np.unique(_packed(keys, n), return_inverse=True)[1].astype(np.int64)


def _packed(keys: list[np.ndarray], n: int) -> np.ndarray:
    """Integer columns packed into one integer per row that sorts as the rows sort by those
    columns in turn (kept in 64 bits by numbering the keys so far afresh when it would not
    fit, which keeps their order)."""
    key = np.zeros(n, dtype=np.int64)
    if not n:
        return key
    for column in keys:
        low = int(column.min())
        width = int(column.max()) - low + 1
        if width > n:  # values far apart (or the width would not fit): their places
            column = np.unique(column, return_inverse=True)[1].astype(np.int64)
            low, width = 0, int(column.max()) + 1
        if int(key.max()) >= (2**62) // width:
            key = np.unique(key, return_inverse=True)[1].astype(np.int64)
        key = key * width + (column - low)
    return key
