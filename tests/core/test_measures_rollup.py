"""`dimensions.summed_up`: figures rolled up level by level are those of the rows repeated
once per cell they count in (`rolled_up`) and grouped, on random unit trees with the odd
cases a ledger can hold: units of no or an unknown unit, a parent missing from the unit
table, a parent with records of its own, and rows already placed in a cell (`more`)."""

from __future__ import annotations

import random

import polars as pl
import pytest

from workforce.ledger import Ledger
from workforce.measures.dimensions import OWN_UNIT, RESIDUAL, rolled_up, summed_up

ROLL = [pl.col("n").sum(), pl.col("x").sum(), pl.col("top").max()]


def _tree(rng: random.Random, size: int) -> pl.DataFrame:
    codes = [f"U{i}" for i in range(size)]
    parents: list[str | None] = [None]
    for i in range(1, size):
        parents.append(rng.choice([*codes[:i], "GONE"]) if rng.random() < 0.95 else None)
    return pl.DataFrame({"organisation": "o", "code": codes, "name": codes,
                         "kind": "team", "parent": parents})


def _parts(rng: random.Random, units: list[str | None], windows: int) -> pl.DataFrame:
    rows = {(w, u, g) for _ in range(120) for w in [rng.randrange(windows)]
            for u in [rng.choice(units)] for g in [rng.choice(["a", "b", None])]}
    return pl.DataFrame(
        [(w, u, g, rng.randrange(1, 9), rng.random() * 10, rng.choice([None, 1.0, 7.0]))
         for w, u, g in sorted(rows, key=str)],
        schema={"_w": pl.Int32, OWN_UNIT: pl.String, "g": pl.String, "n": pl.Int64,
                "x": pl.Float64, "top": pl.Float64}, orient="row")


def _reference(parts: pl.DataFrame, ledger: Ledger, more: pl.DataFrame | None
               ) -> pl.DataFrame:
    rolled = rolled_up(parts, ledger).drop(OWN_UNIT)
    if more is not None:
        rolled = pl.concat([rolled, more], how="diagonal_relaxed")
    return rolled.group_by(["_w", "unit", "g"]).agg(ROLL)


def _same(got: pl.DataFrame, want: pl.DataFrame) -> None:
    keys = ["_w", "unit", "g"]
    assert got.select(keys).is_duplicated().sum() == 0
    got, want = (f.select(*keys, "n", "x", "top").sort(keys, nulls_last=True)
                 for f in (got, want))
    assert got.select(keys).equals(want.select(keys))
    assert got["n"].to_list() == want["n"].to_list()
    assert got["x"].round(9).to_list() == want["x"].round(9).to_list()
    assert got["top"].to_list() == want["top"].to_list()


@pytest.mark.parametrize("seed", range(12))
def test_rolled_up_level_by_level_is_the_rows_repeated_per_cell(seed):
    rng = random.Random(seed)
    unit = _tree(rng, rng.randrange(2, 30))
    ledger = Ledger({"unit": unit})
    own = [*unit["code"].to_list(), "GONE", "ELSEWHERE", None]
    parts = _parts(rng, own, 4)
    more = None
    if seed % 2:  # rows placed in cells already, some where nothing else is
        cells = rolled_up(parts, ledger).drop(OWN_UNIT).select("_w", "unit", "g").unique()
        more = pl.concat([cells.sample(min(5, cells.height), seed=seed),
                          pl.DataFrame({"_w": [3], "unit": ["U0"], "g": ["z"]},
                                       schema=cells.schema)]).with_columns(
            pl.lit(2, pl.Int64).alias("n"))  # no `x` nor `top`: added as nothing
    _same(summed_up(parts, ledger, ["_w", "unit", "g"], ROLL, more),
          _reference(parts, ledger, more))


def test_a_parent_missing_from_the_unit_table_keeps_its_own_rows_in_its_residual_cell():
    unit = pl.DataFrame({"organisation": "o", "code": ["T1", "T2"], "name": ["T1", "T2"],
                         "kind": "team", "parent": ["GONE", "GONE"]})
    ledger = Ledger({"unit": unit})
    parts = pl.DataFrame({"_w": [0, 0, 0], OWN_UNIT: ["T1", "T2", "GONE"], "g": "a",
                          "n": [1, 2, 4], "x": [1.0, 2.0, 4.0], "top": [1.0, 2.0, 4.0]},
                         schema_overrides={"_w": pl.Int32})
    got = summed_up(parts, ledger, ["_w", "unit", "g"], ROLL)
    by_cell = dict(zip(got["unit"].to_list(), got["n"].to_list(), strict=True))
    assert by_cell == {"T1": 1, "T2": 2, "GONE": 3, "GONE" + RESIDUAL: 4}


def test_a_unit_tree_with_a_cycle_is_rolled_up_as_the_rows_repeated_per_cell():
    unit = pl.DataFrame({"organisation": "o", "code": ["A", "B", "C"], "name": ["A", "B", "C"],
                         "kind": "team", "parent": ["B", "A", "A"]})
    ledger = Ledger({"unit": unit})
    parts = _parts(random.Random(5), ["A", "B", "C", None], 2)
    _same(summed_up(parts, ledger, ["_w", "unit", "g"], ROLL),
          _reference(parts, ledger, None))
