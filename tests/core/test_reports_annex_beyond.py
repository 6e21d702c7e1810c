"""Annex A's "beyond the establishment" column (directly employed FTE + vacant FTE − the
establishment) is about the people on no post, or on a post filled beyond its FTE: it obeys
the small-number rule as every figure does. Where they are 1 to 4 people it is 'c', and so is
what would tell it: the establishment and permanent FTE in its row (the row adds up as
printed), and another service's figure (the services add up to the total). Worked by hand on
small ledgers: every post is 1.0 FTE and every person 1.0 FTE, so FTE are people."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.ledger_builder import build as ledger_of
from tests.core.ledger_builder import sw
from workforce.measures.engine import run
from workforce.measures.windows import as_at
from workforce.reports import Request, build
from workforce.reports.annex import BEYOND, OTHER

TODAY = date(2025, 11, 15)
END = as_at(date(2025, 9, 30))
EST, PERM, VACANT = "Establishment FTE", "Permanent and fixed-term FTE", "Vacant FTE"
TOTAL = "Total: Test council"


def _ledger(services):
    """services: (code, staff on posts, vacant posts, staff on no post), each service under
    one directorate; every post and person 1.0 FTE, permanent."""
    units = [dict(code="DIR", name="Dir", kind="directorate", parent=None)] + [
        dict(code=s, name=f"Service {s}", kind="service", parent="DIR") for s, *_ in services]
    staff, posts = [], []
    for svc, filled, vacant, loose in services:
        first = len(posts) + 1  # the builder numbers posts P1, P2...
        posts += [dict(unit=svc, fte=1.0, start="2019-01-01") for _ in range(filled + vacant)]
        staff += [sw(f"{svc}p{i}", unit=svc, post_id=f"P{first + i}", start="2020-01-01")
                  for i in range(filled)]
        staff += [sw(f"{svc}n{i}", unit=svc, start="2020-01-01") for i in range(loose)]
    return ledger_of(units=units, assignments=staff, posts=posts)


def _rows(ledger, threshold: int = 5) -> dict[str, dict]:
    table = build(ledger, Request("2025-Q3", produced=TODAY, threshold=threshold)).section(
        "posts").tables[0]
    assert BEYOND in table.columns
    return {r[0].text: dict(zip(table.columns, r, strict=True)) for r in table.rows}


def _told_by_row(row: dict) -> float | None:
    """The FTE beyond the establishment as the rest of the printed row tells it (establishment
    = permanent + other + vacant − beyond), or None when one of them is hidden."""
    cells = [row[h] for h in (EST, PERM, OTHER, VACANT)]
    if any(c.suppressed or c.value is None for c in cells):
        return None
    est, perm, other, vacant = (float(c.text.replace(",", "")) for c in cells)
    return round(perm + other + vacant - est, 1)


def test_the_fte_beyond_the_establishment_is_worked_out_by_hand():
    # A: 10 on their posts, 2 posts vacant, 2 on no post: 12 direct + 2 vacant − 12 posts
    ledger = _ledger([("A", 10, 2, 2), ("B", 10, 2, 7)])
    rows = {r["service"]: r for r in run(ledger, ["M10c"], [END], by=["service"],
                                         threshold=None).iter_rows(named=True)}
    assert rows["A"]["value"] == pytest.approx(2.0) and rows["A"]["people"] == 2
    assert rows["B"]["value"] == pytest.approx(7.0) and rows["B"]["people"] == 7


def test_a_post_filled_beyond_its_fte_counts_its_over_fill_and_its_people():
    # one 1.0 post held by two people at 0.6: 0.2 beyond it, about the two of them; a third
    # person on a post that is not in the establishment (P9) is beyond it whole
    ledger = ledger_of(
        units=[dict(code="DIR", name="Dir", kind="directorate", parent=None),
               dict(code="A", name="Service A", kind="service", parent="DIR")],
        assignments=[sw("x", unit="A", post_id="P1", fte=0.6, start="2020-01-01"),
                     sw("y", unit="A", post_id="P1", fte=0.6, start="2020-01-01"),
                     sw("z", unit="A", post_id="P9", fte=0.5, start="2020-01-01"),
                     *(sw(f"f{i}", unit="A", post_id=f"P{i}", fte=1.0, start="2020-01-01")
                       for i in range(2, 8))],
        posts=[dict(unit="A", fte=1.0, start="2019-01-01") for _ in range(7)])
    (row,) = run(ledger, ["M10c"], [END], threshold=None).iter_rows(named=True)
    assert row["value"] == pytest.approx(0.2 + 0.5) and row["people"] == 3


def test_two_people_on_no_post_are_hidden_with_what_would_tell_them():
    """Service A has 2 people on no post: 'c', with its establishment and permanent FTE
    (else 12 + 0 + 2 − 12 told the 2), and B's figure (else the total less B's told A's)."""
    rows = _rows(_ledger([("A", 10, 2, 2), ("B", 10, 2, 7)]))
    a, b, total = rows["Service A"], rows["Service B"], rows[TOTAL]
    assert a[BEYOND].text == "c" and a[BEYOND].suppressed
    assert a[EST].suppressed and a[PERM].suppressed
    assert _told_by_row(a) is None
    assert b[BEYOND].suppressed  # the complement: together 9 people
    assert total[BEYOND].text == "9.0"  # 2 + 7, which tells neither


def test_six_people_on_no_post_are_shown():
    rows = _rows(_ledger([("A", 10, 2, 6), ("B", 10, 2, 8)]))
    a = rows["Service A"]
    assert a[BEYOND].text == "6.0" and not a[BEYOND].suppressed
    assert a[EST].text == "12.0" and a[VACANT].text == "2.0"
    assert _told_by_row(a) == 6.0  # the row adds up as printed
    assert rows["Service B"][BEYOND].text == "8.0"
    assert rows[TOTAL][BEYOND].text == "14.0"


def test_the_whole_organisations_row_hides_a_few_people_beyond_the_establishment():
    """Across the council, 2 people are on no post (both in A): the total's figure is 'c',
    and so is its establishment, else 22 + 0 + 4 − 24 told them."""
    rows = _rows(_ledger([("A", 10, 2, 2), ("B", 10, 2, 0)]))
    total = rows[TOTAL]
    assert total[BEYOND].text == "c"
    assert total[EST].suppressed
    assert _told_by_row(total) is None
    assert rows["Service A"][BEYOND].suppressed and _told_by_row(rows["Service A"]) is None


def test_a_hidden_figure_cannot_be_worked_out_by_differencing():
    """A has 2 people on no post, B none, C 7. Nothing printed tells A's 2: not its row (the
    establishment, permanent, other and vacant FTE beside it), not the column (the total less
    the services shown, which must leave people beyond the establishment besides A's: B's
    known 0 is no cover), and the reverse: wherever the establishment, permanent or vacant FTE
    is hidden, so is the FTE beyond it (which with the row would tell it)."""
    rows = _rows(_ledger([("A", 10, 2, 2), ("B", 10, 2, 0), ("C", 10, 2, 7)]))
    services = {k: v for k, v in rows.items() if k != TOTAL}
    for name, row in rows.items():
        if row[BEYOND].suppressed:
            assert _told_by_row(row) is None, name
        if any(row[h].suppressed for h in (EST, PERM, VACANT)):
            assert row[BEYOND].suppressed, name
    hidden = {k for k, v in services.items() if v[BEYOND].suppressed}
    assert "Service A" in hidden
    loose = {"Service A": 2, "Service B": 0, "Service C": 7}
    assert sum(loose[k] for k in hidden) - 2 >= 5  # A's 2 and at least 5 others together
    shown = sum(float(v[BEYOND].text) for k, v in services.items() if k not in hidden)
    assert float(rows[TOTAL][BEYOND].text) - shown != pytest.approx(2.0)


def test_the_threshold_is_the_reports_own():
    # at a threshold of 10, the 6 people on no post are too few as well
    rows = _rows(_ledger([("A", 10, 2, 6), ("B", 10, 2, 12)]), threshold=10)
    assert rows["Service A"][BEYOND].suppressed and rows["Service A"][EST].suppressed
    assert _told_by_row(rows["Service A"]) is None
