"""Benchmark goals: "at or below the national average" resolved to a number on a date.

A benchmark-relative target stores which benchmark it follows, never the number, so its goal
moves when DfE publishes a new year or a person loads a newer file. This module is the one
adapter between targets and `workforce.benchmarks`: `published_lookup(organisation)` returns
a `Lookup` reading the DfE figures in use; tests and the demo pass their own `Lookup`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl

LABELS = {"national": "England", "regional": "Region",
          "statistical_neighbours": "Statistical neighbours' median"}
YEARS_BACK = 3  # an older figure than this is not a fair goal


@dataclass(frozen=True)
class BenchmarkValue:
    """A published figure: `year` is DfE's reporting year (census at 30 September)."""

    value: float
    year: int
    label: str


Lookup = Callable[[str, str, date], "BenchmarkValue | None"]
"""(measure id, comparator, date) -> the latest figure published for a year ending by the
date, or None."""


def census_year_at(on: date) -> int:
    """The latest DfE reporting year whose census date (30 September) is on or before `on`."""
    return on.year if (on.month, on.day) >= (9, 30) else on.year - 1


def indicator_of(measure_id: str) -> str | None:
    """The DfE indicator a measure is compared with (its own id for DfE-comparable ones)."""
    try:
        from workforce.benchmarks.indicators import indicator_for
    except ImportError:
        return None
    found = indicator_for(measure_id)
    return found.id if found else None


def has_benchmark(measure_id: str) -> bool:
    """True when DfE publishes a figure a target on this measure can follow."""
    return indicator_of(measure_id) is not None


def published_lookup(organisation: Mapping[str, object] | None = None) -> Lookup:
    """A lookup over the DfE figures in use (`workforce.benchmarks`), for an organisation row:
    its LA number (`benchmark_la`, else `old_la_code`) and region choose the regional and
    statistical-neighbour comparators."""
    org = dict(organisation or {})

    def lookup(measure_id: str, comparator: str, on: date) -> BenchmarkValue | None:
        indicator = indicator_of(measure_id)
        if indicator is None or comparator not in LABELS:
            return None
        found = _series(indicator, comparator, org)
        if found is None:
            return None
        return latest(found, census_year_at(on), LABELS[comparator])

    return lookup


def latest(series: pl.DataFrame, year: int, label: str) -> BenchmarkValue | None:
    """The figure of the latest year up to `year` (and no older than `YEARS_BACK`) in a
    (year, value) series; markers (null values) are skipped."""
    rows = series.filter(pl.col("year") <= year, pl.col("year") > year - YEARS_BACK,
                         pl.col("value").is_not_null()).sort("year")
    if rows.is_empty():
        return None
    last = rows.row(-1, named=True)
    return BenchmarkValue(float(last["value"]), int(last["year"]), label)


def _series(indicator: str, comparator: str, org: dict) -> pl.DataFrame | None:
    """(year, value) of a comparator, read through `workforce.benchmarks.compare` (DfE's own
    published national and regional figures; the neighbours' median as DfE computes it)."""
    try:
        from workforce.benchmarks import compare, store
    except ImportError:  # the benchmarks package is optional for the strategy arithmetic
        return None
    data = store.load()
    la = str(org.get("benchmark_la") or org.get("old_la_code") or "")
    if comparator == "national":
        return compare.national(data, indicator)
    if comparator == "regional":
        region = org.get("region_code") or _region_of(compare, data, la)
        return compare.regional(data, indicator, str(region)) if region else None
    return compare.neighbour_median(data, indicator, la) if la else None


def _region_of(compare, data, la: str) -> str | None:
    found = compare.authority(data, la) if la else None
    return found.region_code if found else None


def no_benchmarks(measure_id: str, comparator: str, on: date) -> BenchmarkValue | None:
    """A lookup that finds nothing (where benchmark data is not wanted)."""
    return None
