"""A return's worker records come in one order, whatever order the ledger's rows are in:
records that tied on the sort (no Social Work England number, one start date) came in
either order from one build to the next, so "worker 2" of a findings file could be another
record of the return downloaded beside it."""

from __future__ import annotations

from workforce.census.select import workers
from workforce.ledger import Ledger

from .ledgers import small_ledger


def test_tied_records_come_in_one_order_whatever_the_ledgers_row_order():
    ledger = small_ledger()
    person = ledger.person.with_columns(swe_number=None)  # every direct record ties
    start = ledger.assignment["start_date"].min()
    jobs = ledger.assignment.with_columns(start_date=start)
    orders = set()
    for flip in (False, True):
        rows = Ledger({**{n: ledger[n] for n in ledger},
                       "person": person.reverse() if flip else person,
                       "assignment": jobs.reverse() if flip else jobs})
        orders.add(tuple(workers(rows, 2025)["staff_id"].to_list()))
    assert len(orders) == 1, orders
