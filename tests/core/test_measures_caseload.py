"""Caseload measures (M14-M16) on a hand-worked financial year 2023-24 (to 31 March 2024).

Case holders on 31 March 2024 (snapshots within 31 days):
- a  social worker 1.0, 18 cases.              b  social worker 0.5, 12 cases (24 per FTE).
- c  agency social worker 1.0, 22 cases.        d  unqualified practitioner 1.0, 6 cases.
- e  social worker 0.2, 12 cases (60 per FTE: left out of M15b as implausible).
- f  social worker with no cases; g's snapshot is 40 days old: neither holds cases.
Children (allocations): k1 had a, b then c (3 workers); k2 a all year; k3 a then b, after d
before the year; k4 is not looked after; k5's allocation ended the day before 31 March.
"""

from __future__ import annotations

import pytest

from tests.core.ledger_builder import agency, build, sw
from workforce.measures import formulas as f
from workforce.measures import get
from workforce.measures.engine import run
from workforce.measures.windows import financial_year

YEAR = financial_year(2023)

LEDGER = build(
    assignments=[
        sw("a"), sw("b", fte=0.5, unit="B"), agency("c"), sw("e", fte=0.2, unit="B"), sw("f"),
        sw("d", staff_group="unqualified_practitioner", job_title="SWA", org_role=None),
        sw("g"),
    ],
    caseloads=[
        dict(staff="a", date="2024-03-31", cases=18), dict(staff="b", date="2024-03-28", cases=12),
        dict(staff="c", date="2024-03-25", cases=22), dict(staff="d", date="2024-03-31", cases=6),
        dict(staff="e", date="2024-03-31", cases=12), dict(staff="f", date="2024-03-31", cases=0),
        dict(staff="g", date="2024-02-20", cases=15),
        dict(staff="a", date="2024-02-29", cases=30),  # superseded by the 31 March snapshot
    ],
    allocations=[
        dict(child_id="k1", staff_id="a", start="2023-04-01", end="2023-06-30"),
        dict(child_id="k1", staff_id="b", start="2023-07-01", end="2023-12-31"),
        dict(child_id="k1", staff_id="c", start="2024-01-01"),
        dict(child_id="k2", staff_id="a", start="2022-01-01"),
        dict(child_id="k3", staff_id="d", start="2022-01-01", end="2023-03-31"),
        dict(child_id="k3", staff_id="a", start="2023-04-01", end="2023-09-30"),
        dict(child_id="k3", staff_id="b", start="2023-10-01"),
        *[dict(child_id="k4", staff_id=s, start=st, looked_after=False) for s, st in
          (("a", "2023-04-01"), ("b", "2023-06-01"), ("c", "2023-08-01"), ("e", "2023-10-01"))],
        dict(child_id="k5", staff_id="a", start="2023-04-01", end="2024-03-30"),
    ],
)


def value(measure_id, by=()):
    out = get(measure_id)(LEDGER, YEAR, list(by))
    return out["value"][0] if not by else dict(zip(out[by[0]], out["value"], strict=True))


def test_average_caseload_counts_every_case_holder_including_agency():
    assert value("M14") == pytest.approx(f.caseload(70, 3.7))


def test_average_caseload_for_social_workers_is_dfes_caseload():
    assert value("M14", ["staff_group"])["social_worker"] == pytest.approx(64 / 2.7)
    assert get("caseload_fte")(LEDGER, YEAR, [])["value"][0] == pytest.approx(64 / 2.7)


def test_stale_snapshots_and_zero_cases_do_not_make_a_case_holder():
    out = get("case_holders_fte")(LEDGER, YEAR, []).row(0, named=True)
    assert (out["value"], out["people"]) == (pytest.approx(2.7), 4)


def test_highest_caseload_is_the_most_cases_held_by_one_worker():
    assert value("M15a") == 22


def test_share_above_the_threshold_leaves_out_implausible_caseloads():
    row = get("M15b")(LEDGER, YEAR, []).row(0, named=True)
    assert (row["numerator"], row["denominator"], row["value"]) == (2, 4, 50.0)


def test_three_or_more_workers_counts_children_looked_after_at_the_end():
    row = get("M16a")(LEDGER, YEAR, []).row(0, named=True)
    assert (row["numerator"], row["denominator"]) == (1, 3)


def test_the_children_behind_the_share_are_its_fewest_in_or_out_of_it():
    """1 child of 3 with three workers: the share is about 1 child, and is suppressed as
    a count of 1 would be (it was shown, as about the 3 children looked after)."""
    row = get("M16a")(LEDGER, YEAR, []).row(0, named=True)
    assert row["people"] == 1
    shown = run(LEDGER, ["M16a"], [YEAR]).row(0, named=True)
    assert shown["suppressed"] and shown["value"] is None


def test_workers_per_child_is_the_mean_over_the_same_children():
    assert value("M16b") == pytest.approx(2.0)


def test_children_are_broken_down_by_their_current_workers_team():
    assert value("M16a", ["team"]) == pytest.approx({"A": 50.0, "B": 0.0})


def test_no_case_holders_means_caseload_cannot_be_computed():
    empty = build(assignments=[sw("z")])
    assert get("M14")(empty, YEAR, [])["value"][0] is None
    assert get("M16a")(empty, YEAR, [])["value"][0] is None


def test_a_worker_allocated_twice_counts_once():
    ledger = build(assignments=[sw("a"), sw("b")], allocations=[
        dict(child_id="k", staff_id="a", start="2023-04-01", end="2023-05-31"),
        dict(child_id="k", staff_id="b", start="2023-06-01", end="2023-08-31"),
        dict(child_id="k", staff_id="a", start="2023-09-01")])
    row = get("M16b")(ledger, YEAR, []).row(0, named=True)
    assert (row["numerator"], row["denominator"]) == (2.0, 1.0)
    assert get("M16a")(ledger, YEAR, [])["value"][0] == 0.0


def test_a_worker_both_directly_employed_and_agency_counts_their_cases_once():
    ledger = build(assignments=[sw("a", fte=0.5), agency("a", fte=0.5, unit="B")],
                   caseloads=[dict(staff="a", date="2024-03-31", cases=10)])
    row = get("M14")(ledger, YEAR, []).row(0, named=True)
    assert (row["numerator"], row["denominator"]) == (10.0, 1.0)


@pytest.mark.parametrize("order", [1, -1])
def test_a_child_with_two_workers_counts_under_the_worker_allocated_first(order):
    allocations = [dict(child_id="k", staff_id="b", start="2023-06-01"),   # team B, later
                   dict(child_id="k", staff_id="a", start="2023-04-01")]   # team A, first
    ledger = build(assignments=[sw("a"), sw("b", unit="B")], allocations=allocations[::order])
    out = get("M16b")(ledger, YEAR, ["team"])
    assert dict(zip(out["team"], out["denominator"], strict=True)) == {"A": 1.0}


def test_workers_per_child_are_about_the_children_who_changed_worker_too():
    """7 children, one of whom had 3 workers: 9 workers for 7 children is that child's 2
    changes, which M16a hides (1 child); M16b showed it, as about the 7."""
    kids = [dict(child_id=f"k{i}", staff_id="a", start="2023-04-01") for i in range(6)]
    kids += [dict(child_id="k6", staff_id="a", start="2023-04-01", end="2023-05-31"),
             dict(child_id="k6", staff_id="b", start="2023-06-01", end="2023-08-31"),
             dict(child_id="k6", staff_id="c", start="2023-09-01")]
    ledger = build(assignments=[sw("a"), sw("b"), sw("c")], allocations=kids)
    row = get("M16b")(ledger, YEAR, []).row(0, named=True)
    assert (row["numerator"], row["denominator"], row["people"]) == (9, 7, 1)
    shown = run(ledger, ["M16b"], [YEAR]).row(0, named=True)
    assert shown["suppressed"] and shown["value"] is None
