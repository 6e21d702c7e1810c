"""A measure that can be below 0 (a gap, a change) is tagged "signed"; no other is, so the
dashboards' target form lets only those have a target below 0."""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.demo import generate
from workforce.measures import all_measures
from workforce.measures.engine import run
from workforce.measures.windows import series


def test_only_measures_tagged_signed_give_figures_below_0_on_the_demo():
    ledger = generate(staff=300, years=3, seed=4, today=date(2025, 3, 31))
    wins = series("quarterly", date(2023, 4, 1), date(2025, 3, 31))
    out = run(ledger, None, wins, by=["unit"], threshold=None)
    below = set(out.filter(pl.col("value") < 0)["id"].unique())
    signed = {m.id for m in all_measures().values() if "signed" in m.tags}
    assert below <= signed, below - signed
    assert below & signed  # a gap below 0 does occur on the demo: the test can tell
