"""The short cuts for records one per window and assignment (`records.per_key(repeats=...)`,
`dimensions.ONE_UNIT`): rows of assignments that share no day with another of the person's
are taken as one per person and cell, in one unit, and only the rest are de-duplicated and
looked for in two units at once. Told that every assignment may repeat its person (so that
every row takes the long way), the measures must give the same rows, on random ledgers
where people hold two or three assignments at once, in one unit or two, in one service or
two, in two staff groups."""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest

from tests.core.ledger_builder import build
from workforce.measures import cache, profile, support, training
from workforce.measures.engine import run
from workforce.measures.windows import census_year, series

MEASURES = ["M45", "M45a", "M22", "M37", "M37a", "M41", "M20"]
BREAKDOWNS = [(), ("unit",), ("team",), ("service",), ("unit", "sex"), ("unit", "level"),
              ("level", "ethnicity_group"), ("unit", "course")]
UNITS = [{"code": "S2", "name": "Other service", "kind": "service", "parent": "DIR"},
         *({"code": c, "name": c, "kind": "team", "parent": p}
           for c, p in [("A", "SVC"), ("B", "SVC"), ("C", "SVC"), ("D", "S2"), ("E", "S2")])]
COURSES = [{"code": "SAFE", "title": "Safeguarding", "mandatory": True},
           {"code": "COURT", "title": "Court skills", "mandatory": True,
            "audience": "social_worker"}]


def _day(rng: random.Random, first: date, days: int) -> date:
    return first + timedelta(days=rng.randrange(days))


def random_ledger(seed: int):
    """40 people, a third of them with a second (or third) assignment overlapping the first,
    in the same unit or another; some agency, some in another staff group; training."""
    rng = random.Random(seed)
    rows, people, training = [], [], []
    for i in range(40):
        sid = f"P{i}"
        people.append({"staff_id": sid, "sex": rng.choice(["F", "M", "U"]),
                       "ethnicity": rng.choice(["WBRI", "ABAN", "BCRB", "MWBC", None])})
        start = _day(rng, date(2022, 1, 1), 900)
        for _ in range(1 + (rng.random() < 0.35) + (rng.random() < 0.1)):
            begins = start + timedelta(days=rng.randrange(-200, 300))
            ends = (None if rng.random() < 0.4
                    else begins + timedelta(days=rng.randrange(20, 700)))
            rows.append({"staff_id": sid, "unit": rng.choice("AABCDE"),
                         "contract": rng.choice(["permanent"] * 5 + ["agency", "fixed_term"]),
                         "staff_group": rng.choice(["social_worker"] * 3 + ["business_support"]),
                         "org_role": rng.choice(["2", "4", "5", "5", "6"]),
                         "fte": rng.choice([1.0, 0.5, 0.8]), "start": begins, "end": ends})
        for course in ("SAFE", "COURT"):
            if rng.random() < 0.7:
                training.append({"staff_id": sid, "course": course,
                                 "completed_date": _day(rng, date(2021, 6, 1), 1500)})
    return build(assignments=rows, person=people, units=UNITS, course=COURSES,
                 training=training)


def _every_assignment(ledger, key="staff_id", direct=None):
    return ledger.assignment.get_column("assignment_id").unique()


def _rows(ledger, by):
    windows = [*series("monthly", date(2023, 1, 1), date(2025, 12, 31)), census_year(2024)]
    cache.clear()
    out = run(ledger, MEASURES, windows=windows, by=list(by), threshold=None)
    return out.sort(["id", "start", "end", *by], nulls_last=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_people_hold_assignments_in_two_units_at_once(seed):
    """Else the comparison below could not fail."""
    a = random_ledger(seed).assignment
    pairs = a.join(a, on="staff_id").filter(
        (pl.col("assignment_id") < pl.col("assignment_id_right"))
        & (pl.col("unit") != pl.col("unit_right"))
        & (pl.col("start_date") <= pl.col("end_date_right").fill_null(date.max))
        & (pl.col("start_date_right") <= pl.col("end_date").fill_null(date.max)))
    assert pairs.height >= 3


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("by", BREAKDOWNS, ids=lambda b: "+".join(b) or "none")
def test_the_short_cuts_give_the_rows_the_long_way_gives(seed, by, monkeypatch):
    ledger = random_ledger(seed)
    fast = _rows(ledger, by)
    for module in (profile, support, training):
        monkeypatch.setattr(module, "concurrent", _every_assignment)
    slow = _rows(ledger, by)
    assert fast.height == slow.height > 0
    for col in fast.columns:
        a, b = fast.get_column(col), slow.get_column(col)
        if a.dtype == pl.Float64:
            assert ((a - b).abs() <= 1e-9 * (1 + b.abs())).fill_null(True).all(), col
            assert a.is_null().equals(b.is_null()), col
        else:
            assert a.equals(b), col


def test_records_of_no_assignment_take_the_long_way():
    """A person's two rows without assignment ids cannot be told to be one per person: they
    are de-duplicated with the assignments that share a day with another, not kept as
    they are (a headcount of 3 for 2 people in the service above their two teams)."""
    from workforce.measures.population import separate

    records = pl.DataFrame({"assignment_id": ["a1", None, None], "staff_id": ["p2", "p1", "p1"]})
    others, listed = separate(records, pl.Series(["zz"]))
    assert others["assignment_id"].to_list() == ["a1"]
    assert listed["staff_id"].to_list() == ["p1", "p1"]
    ledger = build(assignments=[{"staff_id": "p1", "unit": "A", "assignment_id": None},
                                {"staff_id": "p1", "unit": "B", "assignment_id": None},
                                {"staff_id": "p2", "unit": "A"}])
    cache.clear()
    out = run(ledger, ["M45a"], [*series("monthly", date(2024, 6, 1), date(2024, 6, 30))],
              ["unit"], threshold=None)
    assert dict(out.select("unit", "value").iter_rows()) == {
        "DIR": 2.0, "SVC": 2.0, "A": 2.0, "B": 1.0}
