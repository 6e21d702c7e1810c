"""Two lanes (threads) of a batch run share a measure's linked tables (`engine._linked_tables`:
one collection per measure, whatever breakdowns are asked). A lane that asks for tables
another lane is still making must get the final ones: a reviewer found a lane handed the
table by service before it was made to agree with the table by unit (2 cells fewer hidden)."""

from __future__ import annotations

import threading
from datetime import date

from workforce.demo import generate
from workforce.measures import cache, engine, get
from workforce.measures.dimensions import parents_of
from workforce.measures.windows import add_years, series


def test_a_lane_asking_for_linked_tables_another_is_making_gets_the_final_ones(monkeypatch):
    ledger = generate(staff=300, years=3, seed=7, today=date(2026, 3, 31))
    org = ledger.for_organisation(ledger.organisations[0])
    windows = series("quarterly", add_years(date(2026, 3, 31), -2), date(2026, 3, 31))
    by, measure, parents = ("service",), get("M01b"), parents_of(org.unit)
    agreeing, calls = engine._agreeing, []

    def counting(*args):
        calls.append(1)
        return agreeing(*args)

    monkeypatch.setattr(engine, "_agreeing", counting)
    cache.forget(org)
    alone = engine._linked_tables(measure, org, windows, by, 5, parents)[by]
    cache.forget(org)
    last, seen, paused, go = len(calls), [], threading.Event(), threading.Event()

    def pausing(*args):  # lane A stops in its last step: the table by service made to agree
        if threading.current_thread().name == "A":  # with the table by unit
            seen.append(1)
            if len(seen) == last:
                paused.set()
                go.wait(30)
        return agreeing(*args)

    monkeypatch.setattr(engine, "_agreeing", pausing)
    got: dict[str, object] = {}

    def lane(name: str) -> threading.Thread:
        return threading.Thread(name=name, target=lambda: got.update({name: engine._linked_tables(
            measure, org, windows, by, 5, parents)[by]}))

    a = lane("A")
    a.start()
    assert paused.wait(60)
    b = lane("B")
    b.start()
    b.join(2)  # B waits for A's tables (or, wrongly, takes what it finds)
    go.set()
    a.join(60)
    b.join(60)
    assert alone["suppressed"].sum() > 0
    assert got["A"].equals(alone) and got["B"].equals(alone)
    cache.forget(org)
