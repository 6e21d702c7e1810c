"""Shared records for the staffing measures (DfE indicators, stability): in post, agency,
starters and leavers, per window, memoised per ledger so that a run of the whole registry
builds each of them once.

Each function returns one row per (window, assignment) -- or per (window, person) for
headcounts -- with `_w`, `w_start`, `w_end` and the assignment's columns, ready for
`dimensions.attach` and an aggregator. `group` is a staff group, or None for all staff.
"""

from __future__ import annotations

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import population as pop
from workforce.measures.aggregate import WINDOW, part
from workforce.measures.cache import memo


def wkey(wins: pl.DataFrame) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """A hashable key for a windows frame, for memoising."""
    return tuple(wins["w_start"].to_list()), tuple(wins["w_end"].to_list())


def stock(ledger: Ledger, wins: pl.DataFrame, group: str | None, direct: bool | None = True,
          at: str = "w_end") -> pl.DataFrame:
    """Assignments of the population running on each window's `at` date (FTE not de-duplicated:
    a person with two posts contributes both)."""
    return memo(ledger, ("stock", group, direct, at, wkey(wins)),
                lambda: pop.stock(pop.population(ledger, group, direct), wins, at))


def headcount(records: pl.DataFrame) -> pl.DataFrame:
    """One row per (window, person) in their more senior role: DfE's de-duplicated headcount."""
    return pop.primary(records, [WINDOW])


def per_event(records: pl.DataFrame) -> pl.DataFrame:
    """One row per (window, person, event date): starters and leavers de-duplicated on the
    person plus the start or leaving date, so a leaver who returns and leaves again counts
    twice, as DfE's de-duplication keys do."""
    return pop.primary(records, [WINDOW, "event_date"])


def starters(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """Directly employed assignments that begin a spell in the population in each window."""
    return memo(ledger, ("starters", group, wkey(wins)),
                lambda: pop.starting(pop.population(ledger, group, True), wins))


def leavers(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """Directly employed assignments that end a spell in the population in each window (the
    FTE at leaving is theirs)."""
    return memo(ledger, ("leavers", group, wkey(wins)),
                lambda: pop.leaving(pop.population(ledger, group, True), wins))


def parts(frame: pl.DataFrame, **cols: pl.Expr | float) -> pl.DataFrame:
    """Records with the named formula parts set (as `_p_<name>`; parts not set are 0 once
    stacked), for `aggregate.combine`."""
    return frame.with_columns(
        (v if isinstance(v, pl.Expr) else pl.lit(v, pl.Float64)).cast(pl.Float64).alias(part(k))
        for k, v in cols.items())


def stack(*frames: pl.DataFrame) -> pl.DataFrame:
    """Concatenate record frames with different part columns (missing parts are 0)."""
    return pl.concat(frames, how="diagonal_relaxed")
