"""`dimensions.in_two`: the packed-key form of "more than one unit in the group" gives what
the plain window function gives, row for row, whatever the keys' types and nulls."""

import random

import polars as pl
import pytest

from workforce.measures.dimensions import in_two


def plain(frame: pl.DataFrame, value: str, keys: list[str]) -> list[bool]:
    return frame.select(pl.col(value).n_unique().over(keys) > 1).to_series().to_list()


def random_frame(rng: random.Random, rows: int) -> pl.DataFrame:
    def maybe(v):
        return None if rng.random() < 0.1 else v
    return pl.DataFrame({
        "_w": [rng.randrange(-3, 5) for _ in range(rows)],
        "person": [maybe(f"p{rng.randrange(6)}") for _ in range(rows)],
        "sex": pl.Series([maybe(rng.choice("FM")) for _ in range(rows)], dtype=pl.String
                         ).cast(pl.Categorical),
        "known": [maybe(rng.random() < 0.5) for _ in range(rows)],
        "big": [maybe(rng.choice([0, 2 ** 40, -(2 ** 40)])) for _ in range(rows)],
        "unit": [maybe(rng.choice(["A", "B", "C"])) for _ in range(rows)],
    }, schema_overrides={"_w": pl.Int32})


@pytest.mark.parametrize("keys", [["_w", "person"], ["_w", "sex", "person"],
                                  ["known", "person"], ["big", "_w"], ["person"]])
def test_same_as_the_window_function(keys):
    rng = random.Random(7)
    for rows in (1, 2, 5, 40, 300):
        frame = random_frame(rng, rows)
        assert in_two(frame, "unit", keys).to_list() == plain(frame, "unit", keys), rows


def test_a_person_in_two_units_in_one_window_only():
    frame = pl.DataFrame({"_w": [0, 0, 1, 1, 1], "person": ["a", "a", "a", "b", "b"],
                          "unit": ["X", "Y", "X", "X", "X"]})
    assert in_two(frame, "unit", ["_w", "person"]).to_list() == [True, True, False,
                                                                 False, False]


def test_null_unit_is_a_unit_and_null_keys_a_group():
    frame = pl.DataFrame({"_w": [0, 0, None, None], "person": ["a", "a", None, None],
                          "unit": ["X", None, "X", "X"]})
    assert in_two(frame, "unit", ["_w", "person"]).to_list() == [True, True, False, False]


def test_keys_too_wide_to_pack_fall_back():
    frame = pl.DataFrame({"a": [0, 2 ** 62], "b": [0, 2 ** 62], "unit": ["X", "Y"]})
    assert in_two(frame, "unit", ["a", "b"]).to_list() == plain(frame, "unit", ["a", "b"])


def test_other_key_types_fall_back():
    frame = pl.DataFrame({"d": [1.5, 1.5, 2.0], "unit": ["X", "Y", "X"]})
    assert in_two(frame, "unit", ["d"]).to_list() == [True, True, False]


def test_an_unsigned_key_beyond_a_signed_integers_range():
    frame = pl.DataFrame({"k": pl.Series([2 ** 64 - 1, 2 ** 64 - 1, 0], dtype=pl.UInt64),
                          "unit": ["X", "Y", "X"]})
    assert in_two(frame, "unit", ["k"]).to_list() == [True, True, False]
