"""Measures that are parts of a whole, shown together, are suppressed with each other: short-
and long-term sickness (M18a, M18b) add up to the sickness absence rate (M17), and the six
length-of-service shares (M05a-M05f) to 100% of the headcount (M45a). Where one part is hidden,
the whole less the others would tell it, so another is hidden too; where the whole is
hidden, every part is."""

from __future__ import annotations

import calendar
from datetime import date

import polars as pl
import pytest

from tests.core.ledger_builder import build, sw
from workforce.demo import generate
from workforce.measures.engine import run
from workforce.measures.windows import Window

YEAR = Window(date(2024, 1, 1), date(2024, 12, 31))


def _sickness(long_term_in_t1: int):
    """Team T1: 8 staff, 6 with a short spell and `long_term_in_t1` with a long one; team
    T2: 8 staff, 6 with a short spell and 6 with a long one."""
    staff, spells = [], []
    for team, long_term in (("T1", long_term_in_t1), ("T2", 6)):
        for i in range(8):
            who = f"{team}-{i}"
            staff.append(sw(who, unit=team))
            if i < 6:
                spells.append(dict(staff=who, start="2024-02-05", end="2024-02-07", days=3))
            if i < long_term:
                spells.append(dict(staff=who, start="2024-06-03", end="2024-07-05", days=25))
    return build(assignments=staff, absences=spells)


def _shown(ledger, mid: str, unit: str):
    out = run(ledger, [mid], windows=[YEAR], by=["unit"]).filter(pl.col("unit") == unit)
    (row,) = out.select("value", "suppressed").rows()
    return None if row[1] else row[0]


def test_one_person_on_long_term_sick_hides_the_short_term_rate_beside_the_total():
    ledger = _sickness(long_term_in_t1=1)
    assert _shown(ledger, "M17", "T1") is not None  # the total stays
    assert _shown(ledger, "M18b", "T1") is None  # one person
    # 6 people with short spells are enough on their own, but M17 - M18a = M18b
    assert _shown(ledger, "M18a", "T1") is None
    # and in the rates' own tables, so that the service less T1 does not tell T2 either
    for unit in ("T1", "T2"):
        assert (_shown(ledger, "M18a", unit) is None) == (_shown(ledger, "M18b", unit) is None)


def test_parts_of_enough_people_each_stay_shown():
    ledger = _sickness(long_term_in_t1=5)
    for mid in ("M17", "M18a", "M18b"):
        assert _shown(ledger, mid, "T1") is not None, mid


def _month_ends(first: date, last: date) -> list[Window]:
    out = []
    for y in range(first.year, last.year + 1):
        for m in range(1, 13):
            d = date(y, m, calendar.monthrange(y, m)[1])
            if first <= d <= last:
                out.append(Window(d, d, d.isoformat()))
    return out


@pytest.fixture(scope="module")
def demo():
    """The web demo as `make run` makes it, at month ends over two years."""
    return (generate(staff=600, years=6, seed=1, today=date(2026, 12, 6)),
            _month_ends(date(2025, 1, 1), date(2026, 11, 30))[::3])


def _flags(ledger, windows, mid: str, name: str) -> pl.DataFrame:
    return run(ledger, [mid], windows=windows, by=["unit"]).select(
        "start", "unit", pl.col("suppressed").alias(name), pl.col("people").alias(f"{name}_p"))


def test_on_the_demo_no_single_sickness_part_is_hidden_beside_its_total(demo):
    ledger, windows = demo
    cells = (_flags(ledger, windows, "M17", "total")
             .join(_flags(ledger, windows, "M18a", "short"), on=["start", "unit"])
             .join(_flags(ledger, windows, "M18b", "long"), on=["start", "unit"]))
    one = cells.filter(pl.col("short") ^ pl.col("long"))
    assert one.is_empty(), one
    assert cells.filter(pl.col("total") & ~(pl.col("short") & pl.col("long"))).is_empty()
    assert cells.filter(pl.col("short") & pl.col("long") & ~pl.col("total")).height > 0


def test_on_the_demo_hidden_length_of_service_bands_are_two_or_none_and_five_people(demo):
    ledger, windows = demo
    bands = [_flags(ledger, windows, f"M05{c}", c) for c in "abcdef"]
    cells = bands[0]
    for b in bands[1:]:
        cells = cells.join(b, on=["start", "unit"])
    hidden = sum(pl.col(c).cast(pl.Int32) for c in "abcdef")
    people = sum(pl.when(pl.col(c)).then(pl.col(f"{c}_p")).otherwise(0) for c in "abcdef")
    some = cells.filter(hidden > 0)
    assert some.height > 0
    assert some.filter(hidden == 1).is_empty()
    assert some.filter((hidden < 6) & (people < 5)).is_empty()
    heads = run(ledger, ["M45a"], windows=windows, by=["unit"]).filter(pl.col("suppressed"))
    under = cells.join(heads.select("start", "unit"), on=["start", "unit"])
    assert under.height > 0 and (under.select(hidden)[:, 0] == 6).all()


def test_by_team_a_services_own_staff_keep_their_parts_together():
    """By team, a service's own staff (the table by unit's residual cell) were left with
    the total and short-term shown and long-term hidden: one person's long-term sickness."""
    staff, spells = [], []
    for team, n, long_term in (("S", 8, 1), ("T1", 8, 6), ("T2", 8, 6)):
        for i in range(n):
            who = f"{team}-{i}"
            staff.append(sw(who, unit=team))
            spells.append(dict(staff=who, start="2024-02-05", end="2024-02-07", days=3))
            if i < long_term:
                spells.append(dict(staff=who, start="2024-06-03", end="2024-07-05", days=25))
    units = [{"code": "S", "name": "Service", "kind": "service", "parent": None},
             {"code": "T1", "name": "Team 1", "kind": "team", "parent": "S"},
             {"code": "T2", "name": "Team 2", "kind": "team", "parent": "S"}]
    ledger = build(assignments=staff, absences=spells, units=units)
    rows = {mid: run(ledger, [mid], windows=[YEAR], by=["team"]).filter(pl.col("team") == "S")
            for mid in ("M17", "M18a", "M18b")}
    assert rows["M18b"]["suppressed"].all()  # one person
    assert rows["M18a"]["suppressed"].all() or rows["M17"]["suppressed"].all()
