"""Shared building blocks for the support, growth, exits, costs, profile and events measures.

A measure here builds *records*: one row per person (or per assignment, person-month, course
pair, event) with the assignment columns that breakdowns read (`staff_id`, `unit`,
`staff_group`, `org_role`, `grade`, `contract`) and two numbers, `num` and `den`. Then
`summarise` attaches the breakdown columns and aggregates. Because a person can hold two
assignments at once, records are de-duplicated per cell: someone in two teams counts once in
each team and once in the service above both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.dimensions import DIMENSIONS, attach, ratio, total
from workforce.measures.population import active_at, population, spells
from workforce.measures.windows import Window, add_months, month

ASSIGNMENT_COLUMNS = ("staff_id", "unit", "staff_group", "org_role", "grade", "contract")
FAR = date(9999, 12, 31)


def staff_at(ledger: Ledger, at: date, group: str | None = None,
             direct: bool | None = True) -> pl.DataFrame:
    """Assignments in post at `at` (all staff groups and directly employed by default)."""
    return active_at(population(ledger, group, direct), at)


def spell_starts(ledger: Ledger, at: date, group: str | None = None,
                  direct: bool | None = True) -> pl.DataFrame:
    """(staff_id, spell_start): the start of each person's continuous spell running at `at`."""
    s = spells(population(ledger, group, direct))
    running = (pl.col("spell_start") <= at) & (
        pl.col("spell_end").is_null() | (pl.col("spell_end") >= at))
    return s.filter(running).select("staff_id", "spell_start")


def in_post_throughout(ledger: Ledger, start: date, end: date, group: str | None = None,
                       direct: bool | None = True) -> pl.DataFrame:
    """Assignments at `end` of people continuously in post every day from `start` to `end`."""
    covered = spell_starts(ledger, end, group, direct).filter(pl.col("spell_start") <= start)
    return staff_at(ledger, end, group, direct).join(covered, on="staff_id", how="semi")


def employed_on(ledger: Ledger, dated: pl.DataFrame, on: str = "on") -> pl.DataFrame:
    """`dated` (staff_id, `on`, ...) with a boolean `employed`: directly employed on that day."""
    a = population(ledger, None, True).select("staff_id", "start_date", "end_date")
    hits = dated.select("staff_id", on).unique().join(a, on="staff_id").filter(
        (pl.col("start_date") <= pl.col(on))
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col(on))))
    return dated.join(hits.select("staff_id", on).unique().with_columns(
        pl.lit(True).alias("employed")), on=["staff_id", on], how="left").with_columns(
        pl.col("employed").fill_null(False))


def assignment_on(ledger: Ledger, dated: pl.DataFrame, on: str = "on") -> pl.DataFrame:
    """Join `dated` (staff_id, `on`, ...) to the person's assignments running on that day; when
    none runs, to the nearest one (first after, else last before). People with no assignment
    at all keep a row with empty assignment columns."""
    cols = [c for c in ASSIGNMENT_COLUMNS if c != "staff_id"]
    a = ledger.assignment.select(*ASSIGNMENT_COLUMNS, pl.col("start_date").alias("_from"),
                                 pl.col("end_date").alias("_to"))
    j = dated.join(a, on="staff_id", how="left").with_columns(
        pl.when(pl.col("_from") > pl.col(on))
        .then((pl.col("_from") - pl.col(on)).dt.total_days())
        .when(pl.col("_to").fill_null(FAR) < pl.col(on))
        .then((pl.col(on) - pl.col("_to")).dt.total_days() + 100_000)
        .otherwise(0).alias("_gap"))
    best = pl.col("_gap") == pl.col("_gap").min().over(["staff_id", on])
    j = j.filter(best | pl.col("_gap").is_null())
    return j.select(*dated.columns, *cols)


def summarise(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: date,
              keys: Sequence[str] = ("staff_id",), scale: float = 100.0,
              people: str | None = "staff_id") -> pl.DataFrame:
    """Attach breakdowns, keep one row per cell and key (largest `num` and `den`), then
    value = Σnum ÷ Σden × scale (None when Σden is 0)."""
    return ratio(_per_key(records, ledger, by, at, keys), by, scale=scale, people=people)


def summed(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: date,
           keys: Sequence[str] = ("staff_id",), people: str | None = "staff_id") -> pl.DataFrame:
    """Attach breakdowns, keep one row per cell and key, then value = Σnum (a count or sum)."""
    return total(_per_key(records, ledger, by, at, keys), by, people=people)


def _per_key(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: date,
             keys: Sequence[str]) -> pl.DataFrame:
    dims = [b for b in by if b in DIMENSIONS]  # others are the measure's own keys
    out = attach(records, ledger, dims, at)
    group = list(dict.fromkeys([*by, *keys]))
    return out.group_by(group).agg(pl.col("num").max(), pl.col("den").max())


def months_in(window: Window) -> list[Window]:
    """Calendar months whose last day falls inside the window (a month window is itself)."""
    out, first = [], date(window.start.year, window.start.month, 1)
    while first <= window.end:
        m = month(first.year, first.month)
        if window.start <= m.end <= window.end:
            out.append(m)
        first = add_months(first, 1)
    return out


def previous(window: Window) -> Window:
    """The period just before: the previous calendar months for a whole-month window, else the
    same number of days before."""
    months = months_in(window)
    whole = months and months[0].start == window.start and months[-1].end == window.end
    if whole:
        n = len(months)
        start = add_months(window.start, -n)
        return Window(start, window.start - timedelta(days=1))
    return Window(window.start - timedelta(days=window.days), window.start - timedelta(days=1))


def empty_records(**extra: pl.DataType) -> pl.DataFrame:
    """An empty records frame with the assignment columns, `num`, `den` and `extra`."""
    schema = {c: pl.String for c in ASSIGNMENT_COLUMNS}
    return pl.DataFrame(schema={**schema, "num": pl.Float64, "den": pl.Float64, **extra})
