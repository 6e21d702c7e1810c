"""Published series for England, a region, a local authority and its statistical neighbours.

Regional and national figures are DfE's published ones, never recomputed from the LA rows:
DfE includes suppressed LA counts in totals and drops unreliable LAs from rates, so a sum of
the LA rows would differ from what DfE published. The statistical-neighbour figure is the
median of the 10 neighbours' published values for the year, as DfE's dashboard computes it:
markers are dropped (the median is taken over the rest) and there is no weighting.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from workforce.benchmarks.source import ENGLAND
from workforce.benchmarks.store import Benchmarks

SERIES_COLUMNS = ("year", "value", "status", "vintage")


@dataclass(frozen=True)
class Authority:
    """A local authority as DfE's latest file names it."""

    code: str
    name: str
    region_code: str
    region_name: str
    gss_code: str


def matches(la_code: str) -> pl.Expr:
    """Rows of the LA `la_code`, including a joint return that names it (`314 / 318`)."""
    parts = pl.col("la_code").str.split(" / ")
    return (pl.col("la_code") == la_code) | parts.list.contains(la_code)


def series(b: Benchmarks, indicator: str, area: str) -> pl.DataFrame:
    """(year, value, status, vintage) of one indicator for one area code, oldest first."""
    rows = b.indicators.filter((pl.col("indicator") == indicator) & (pl.col("area") == area))
    return rows.select(SERIES_COLUMNS).sort("year")


def national(b: Benchmarks, indicator: str) -> pl.DataFrame:
    """England's published series."""
    return series(b, indicator, ENGLAND)


def regional(b: Benchmarks, indicator: str, region_code: str) -> pl.DataFrame:
    """A region's published series (Inner and Outer London are regions in DfE's file)."""
    return series(b, indicator, region_code)


def local(b: Benchmarks, indicator: str, la_code: str) -> pl.DataFrame:
    """A local authority's published series (a joint return counts for both its LAs)."""
    rows = b.indicators.filter((pl.col("indicator") == indicator)
                               & (pl.col("level") == "Local authority") & matches(la_code))
    return rows.select(SERIES_COLUMNS).sort("year")


def joint_return(b: Benchmarks, la_code: str) -> bool:
    """True when the LA's latest published row is a joint return (`314 / 318`)."""
    rows = b.indicators.filter((pl.col("level") == "Local authority") & matches(la_code))
    return not rows.is_empty() and " / " in rows.sort("year")["la_code"][-1]


def authority(b: Benchmarks, la_code: str) -> Authority | None:
    """The LA's name and region from the latest year it appears in, or None if unknown."""
    rows = b.indicators.filter((pl.col("level") == "Local authority") & matches(la_code))
    if rows.is_empty():
        return None
    r = rows.sort("year").row(-1, named=True)
    return Authority(la_code, r["area_name"], r["region_code"], r["region_name"],
                     r["gss_code"] or "")


def neighbours_of(b: Benchmarks, la_code: str) -> pl.DataFrame:
    """(position, neighbour, closeness, name) of the LA's 10 statistical neighbours; empty for
    an LA whose workforce figures are a joint return (Kingston and Richmond, North and West
    Northamptonshire): DfE's model groups them separately, so DfE makes no comparison."""
    own = b.neighbours.filter(pl.col("la_code") == la_code)
    if joint_return(b, la_code):
        own = own.clear()
    names = (b.neighbours.select(pl.col("la_code").alias("neighbour"),
                                 pl.col("la_name").alias("name")).unique("neighbour"))
    return own.join(names, on="neighbour", how="left").select(
        "position", "neighbour", "closeness", "name").sort("position")


def neighbour_values(b: Benchmarks, indicator: str, la_code: str) -> pl.DataFrame:
    """(year, neighbour, name, value, status) of every neighbour's published figure."""
    sns = neighbours_of(b, la_code).select("neighbour", "name")
    rows = b.indicators.filter((pl.col("indicator") == indicator)
                               & (pl.col("level") == "Local authority"))
    return rows.join(sns, left_on="area", right_on="neighbour").select(
        "year", pl.col("area").alias("neighbour"), "name", "value", "status").sort(
        "year", "neighbour")


def neighbour_median(b: Benchmarks, indicator: str, la_code: str) -> pl.DataFrame:
    """(year, value, count): the median of the neighbours' published values per year over
    the `count` neighbours with a number (markers dropped). Only years in which the LA itself
    published a row: an LA created in a reorganisation has no comparison before it existed."""
    vals = neighbour_values(b, indicator, la_code).filter(pl.col("value").is_not_null())
    own_years = local(b, indicator, la_code).select("year")
    return (vals.join(own_years, on="year", how="semi").group_by("year")
            .agg(pl.col("value").median(), pl.len().alias("count")).sort("year"))


def comparators(b: Benchmarks, indicator: str, la_code: str) -> pl.DataFrame:
    """One row per year: the LA's own published figure (and marker), England, its region and
    its statistical neighbours' median, with the count of neighbours the median uses."""
    years = b.indicators.filter(pl.col("indicator") == indicator).select("year").unique()
    la = authority(b, la_code)
    own = local(b, indicator, la_code).select("year", pl.col("value").alias("published"),
                                              pl.col("status").alias("published_status"))
    eng = national(b, indicator).select("year", pl.col("value").alias("england"))
    out = years.join(own, on="year", how="left").join(eng, on="year", how="left")
    region = (regional(b, indicator, la.region_code) if la else national(b, indicator).clear())
    out = out.join(region.select("year", pl.col("value").alias("region")), on="year",
                   how="left")
    sn = neighbour_median(b, indicator, la_code).rename({"value": "neighbours",
                                                         "count": "neighbours_count"})
    return out.join(sn, on="year", how="left").sort("year")
