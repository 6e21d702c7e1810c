"""Where an organisation's own figure sits among local authorities' published figures.

The own figure (from the measures engine, for the same census year) takes the place of the
organisation's published row: it is compared with every other LA that has a number that year
(markers dropped), and with its 10 statistical neighbours.

- **Quartile** 1 to 4 by value: 1 holds the lowest quarter of LA figures. The quartile
  boundaries are the 25th, 50th and 75th percentiles of the other LAs' figures (linear
  interpolation); a figure on a boundary falls in the lower quartile.
- **Rank** 1 is the best by the measure's polarity: the lowest for "lower is better", the
  highest otherwise. Equal figures share a rank.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from workforce.benchmarks.compare import neighbours_of
from workforce.benchmarks.store import Benchmarks

QUARTILE_WORDS = {1: "lowest 25%", 2: "second-lowest 25%", 3: "second-highest 25%",
                  4: "highest 25%"}


@dataclass(frozen=True)
class Placement:
    """The own figure's place in one year's distribution of LA figures."""

    indicator: str
    year: int
    value: float
    quartile: int
    rank: int
    of: int
    rank_neighbours: int | None
    of_neighbours: int
    polarity: str

    @property
    def best_is(self) -> str:
        return "lowest" if self.polarity == "down" else "highest"

    @property
    def quartile_text(self) -> str:
        return f"{QUARTILE_WORDS[self.quartile]} of local authorities"

    def describe(self) -> str:
        """One sentence: quartile and ranks, saying which end is best."""
        text = (f"In the {self.quartile_text}; ranked {self.rank} of {self.of} "
                f"(1 = {self.best_is})")
        if self.rank_neighbours is not None:
            text += f"; {self.rank_neighbours} of {self.of_neighbours} with its statistical " \
                    "neighbours"
        return text + "."


def la_values(b: Benchmarks, indicator: str, year: int) -> pl.DataFrame:
    """(area, value) of every LA with a published number for the indicator and year."""
    return b.indicators.filter(
        (pl.col("indicator") == indicator) & (pl.col("year") == year)
        & (pl.col("level") == "Local authority") & pl.col("value").is_not_null()).select(
        "area", "value")


def quartile(value: float, others: list[float]) -> int:
    """1-4: which quarter of `others` the value falls in (1 = lowest values)."""
    s = pl.Series(others, dtype=pl.Float64)
    cuts = [s.quantile(q, interpolation="linear") for q in (0.25, 0.5, 0.75)]
    return 1 + sum(value > c for c in cuts if c is not None)


def rank(value: float, others: list[float], polarity: str) -> int:
    """1 + the number of `others` strictly better than `value`."""
    if polarity == "down":
        return 1 + sum(o < value for o in others)
    return 1 + sum(o > value for o in others)


def place(b: Benchmarks, indicator: str, year: int, value: float | None, la_code: str,
          polarity: str) -> Placement | None:
    """Place `value` among LA figures for `year`; None when there is no value or no data."""
    if value is None:
        return None
    all_las = la_values(b, indicator, year)
    others = all_las.filter(~pl.col("area").is_in(_own_areas(all_las, la_code)))
    if others.is_empty():
        return None
    values = others["value"].to_list()
    sns = neighbours_of(b, la_code)["neighbour"].to_list()
    sn_values = others.filter(pl.col("area").is_in(sns))["value"].to_list()
    return Placement(
        indicator, year, value, quartile(value, values), rank(value, values, polarity),
        len(values) + 1, rank(value, sn_values, polarity) if sn_values else None,
        len(sn_values) + 1, polarity)


def _own_areas(rows: pl.DataFrame, la_code: str) -> list[str]:
    return [a for a in rows["area"].to_list() if la_code in a.split(" / ")]
