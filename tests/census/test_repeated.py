"""returns.repeated finds the values seen more than once, in its small and large paths."""

from __future__ import annotations

import random
from array import array
from collections import Counter

import pytest

from workforce.census.returns import SMALL, repeated


@pytest.mark.parametrize("n", [0, 1, 10, 1000, SMALL + 5000])
def test_the_values_seen_more_than_once(n):
    rng = random.Random(n)
    values = [rng.getrandbits(64) for _ in range(n)]
    values += [values[i] for i in range(0, n, 97)] * 2  # some twice, some three times
    fps = array("Q", values)
    want = {v for v, k in Counter(values).items() if k > 1}
    assert repeated(fps) == want
