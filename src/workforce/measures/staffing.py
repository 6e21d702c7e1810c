"""Shared records for the staffing measures (DfE indicators, stability): in post, agency,
starters and leavers, per window, memoised per ledger so that a run of the whole registry
builds each of them once.

Each function returns one row per (window, assignment) -- or per (window, person) for
headcounts -- with `_w`, `w_start`, `w_end` and the assignment's columns, ready for
`dimensions.attach` and an aggregator. `group` is a staff group, or None for all staff.
Stocks keep only the columns measures use (`STOCK_COLUMNS`): a ten-year monthly series of
5,000 staff is over half a million rows.
"""

from __future__ import annotations

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import population as pop
from workforce.measures.aggregate import WINDOW
from workforce.measures.cache import alone_unless_overlap, memo, one_per_person

STOCK_COLUMNS = ("assignment_id", "staff_id", "unit", "post_id", "contract", "staff_group",
                 "org_role", "grade", "fte", "start_date", "end_date")


def wkey(wins: pl.DataFrame) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """A hashable key for a windows frame, for memoising."""
    return tuple(wins["w_start"].to_list()), tuple(wins["w_end"].to_list())


def stock(ledger: Ledger, wins: pl.DataFrame, group: str | None, direct: bool | None = True,
          at: str = "w_end") -> pl.DataFrame:
    """Assignments of the population in post on each window's `at` date (FTE not
    de-duplicated: a person with two posts contributes both). Built once for all staff and
    filtered for a staff group; `direct=None` is the directly employed plus agency stocks."""

    def build() -> pl.DataFrame:
        if direct is None:  # people who have been both may hold both at once
            both = (set(pop.population(ledger, group, True)["staff_id"].to_list())
                    & set(pop.population(ledger, group, False)["staff_id"].to_list()))
            rows = pl.concat([stock(ledger, wins, group, True, at),
                              stock(ledger, wins, group, False, at)])
            return rows.with_columns(pl.col("_overlap") | pl.col("staff_id").is_in(list(both)))
        if group is None:
            people = pop.overlaps(pop.population(ledger, None, direct).select(STOCK_COLUMNS))
            return pop.stock(people, wins, at)
        return _group_stock(ledger, wins, group, direct, at)

    # one date per window, and `_overlap` flags every assignment that shares a day with
    # another of the person's (in the group's or a wider population: a subset keeps it true)
    return memo(ledger, ("stock", group, direct, at, wkey(wins)),
                lambda: alone_unless_overlap(build()))


def _group_stock(ledger: Ledger, wins: pl.DataFrame, group: str, direct: bool,
                 at: str) -> pl.DataFrame:
    """The all-staff stock filtered to one group, less the people whose employment *in the
    group* ends on the date (e.g. a social worker whose last day in social work it is)."""
    rows = stock(ledger, wins, None, direct, at).filter(pl.col("staff_group") == group)
    ends = pop.leaving(pop.population(ledger, group, direct), wins.select("_w", at).rename(
        {at: "w_end"}).with_columns(pl.col("w_end").alias("w_start")))
    ending = ends.select("_w", "assignment_id", pl.lit(True).alias("_ends"))
    return (rows.join(ending, on=["_w", "assignment_id"], how="left")
            .filter(pl.col("_ends").is_null()).drop("_ends"))


def heads(ledger: Ledger, wins: pl.DataFrame, group: str | None, direct: bool | None = True,
          at: str = "w_end") -> pl.DataFrame:
    """The stock with one row per (window, person), in their more senior role: DfE's
    de-duplicated headcount."""
    return memo(ledger, ("heads", group, direct, at, wkey(wins)),
                lambda: headcount(stock(ledger, wins, group, direct, at)))


def headcount(records: pl.DataFrame) -> pl.DataFrame:
    """One row per (window, person) in their more senior role. Stock rows flagged as not
    overlapping another assignment (`population.overlaps`) are already one per person."""
    def build() -> pl.DataFrame:
        if "_overlap" not in records.columns:
            return one_per_person(pop.primary(records, [WINDOW]))
        alone = records.filter(~pl.col("_overlap"))
        return one_per_person(pl.concat(
            [alone, pop.primary(records.filter(pl.col("_overlap")), [WINDOW])]))

    return memo(records, ("headcount",), build)


def per_event(records: pl.DataFrame) -> pl.DataFrame:
    """One row per (window, person, event date): starters and leavers de-duplicated on the
    person plus the start or leaving date, so a leaver who returns and leaves again counts
    twice, as DfE's de-duplication keys do."""
    return memo(records, ("per_event",), lambda: pop.primary(records, [WINDOW, "event_date"]))


def starters(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """Directly employed assignments that begin a spell in the population in each window."""
    return memo(ledger, ("starters", group, wkey(wins)),
                lambda: pop.starting(pop.population(ledger, group, True), wins))


def leavers(ledger: Ledger, wins: pl.DataFrame, group: str | None) -> pl.DataFrame:
    """Directly employed assignments that end a spell in the population in each window (the
    FTE at leaving is theirs)."""
    return memo(ledger, ("leavers", group, wkey(wins)),
                lambda: pop.leaving(pop.population(ledger, group, True), wins))
