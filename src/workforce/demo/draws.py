"""Weighted choices that are cheap to repeat (random.choices rebuilds its table per call)."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate


class Weighted:
    """A fixed weighted choice over `pairs` of (value, weight)."""

    def __init__(self, pairs) -> None:
        pairs = list(pairs)
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def __call__(self, r: random.Random):
        return self.values[bisect(self.cum, r.random() * self.total)]
