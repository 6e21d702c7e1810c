"""Measures whose figures are other measures' figures are hidden with them
(`registry.hidden_with`; M06a with M07a is in test_suppression_permanence.py):

- the change in good or outstanding audits (M44a) is M44 in the period (its numerator) and
  in the period before (its denominator): it was never suppressed, and showed a team's M44
  hidden for its one worker's audits;
- the agency cover rate (agency_cover_rate_fte) is over the agency social workers' FTE
  (agency_fte): where agency_fte hid a unit as a complement, the cover rate's denominator
  showed it, and a reviewer worked out two agency workers' FTE from their service's."""

from datetime import date

import polars as pl

from tests.core.ledger_b import a, build, ev, p
from workforce.measures.engine import run
from workforce.measures.windows import month

UNITS = [{"code": "DIR", "name": "Children's services", "kind": "directorate", "parent": None},
         {"code": "S1", "name": "Safeguarding", "kind": "service", "parent": "DIR"},
         *({"code": t, "name": t, "kind": "team", "parent": "S1"} for t in ("T1", "T2", "T3"))]


def _hidden(frame: pl.DataFrame) -> set[str]:
    return set(frame.filter(pl.col("suppressed"))["unit"].to_list())


def _audits(months: dict[str, dict[str, int]]):
    """In each month (YYYY-MM), each team's audits: one good and one inadequate for each of
    its `n` workers."""
    register, people, jobs = [], [], []
    for when, teams in months.items():
        for team, n in teams.items():
            for i in range(n):
                who = f"{team}w{i}"
                if who not in {x["staff_id"] for x in people}:
                    people.append(p(who))
                    jobs.append(a(who, "2020-01-01", unit=team))
                for day, grade in (("05", "good"), ("06", "inadequate")):
                    register.append(ev("case_audit", f"{when}-{day}", unit=team, staff_id=who,
                                       category=grade))
    return build(unit=UNITS, person=people, assignment=jobs, register=register)


def test_the_change_in_good_audits_is_hidden_where_either_periods_audits_are():
    """T1's February audits are of one worker's cases: M44 hides T1 in February (and a
    complement); in March, six workers. M44a for March showed T1's February M44 (50.0) as
    its denominator; it is hidden now, and so is every cell M44 hides in March."""
    ledger = _audits({"2024-02": {"T1": 1, "T2": 6, "T3": 7},
                      "2024-03": {"T1": 6, "T2": 6, "T3": 8}})
    feb, mar = month(2024, 2), month(2024, 3)
    assert "T1" in _hidden(run(ledger, ["M44"], windows=[feb], by=["unit"]))
    plain = run(ledger, ["M44a"], windows=[mar], by=["unit"], threshold=None)
    assert plain.filter(pl.col("unit") == "T1")["denominator"].item() == 50.0
    change = run(ledger, ["M44a"], windows=[feb, mar], by=["unit"])
    in_march = change.filter(pl.col("end") == date(2024, 3, 31))
    hidden = _hidden(in_march)
    assert "T1" in hidden and len(hidden & {"T2", "T3"}) >= 1  # and a complement
    assert _hidden(run(ledger, ["M44"], windows=[feb], by=["unit"])) <= hidden
    assert _hidden(run(ledger, ["M44"], windows=[mar], by=["unit"])) <= hidden
    # with enough workers both months nothing is hidden
    ok = _audits({"2024-02": {"T1": 5, "T2": 6, "T3": 7},
                  "2024-03": {"T1": 6, "T2": 6, "T3": 8}})
    assert not run(ok, ["M44a"], windows=[mar], by=["unit"])["suppressed"].any()


def test_the_agency_cover_rate_is_hidden_where_the_agency_fte_is():
    """T1 has two agency social workers and T2 six, T3 seven: agency_fte hides T1 and a
    complement (T2, the smallest other); the cover rate is agency FTE covering vacancies
    over agency FTE, so its denominator showed T2's agency FTE and S1's less T2 and T3 told
    T1's. It is hidden wherever agency_fte is."""
    people, jobs = [], []
    for team, n in (("T1", 2), ("T2", 6), ("T3", 7)):
        for i in range(n):
            people.append(p(f"{team}a{i}"))
            jobs.append(a(f"{team}a{i}", "2020-01-01", unit=team, contract="agency"))
        for i in range(8):
            people.append(p(f"{team}d{i}"))
            jobs.append(a(f"{team}d{i}", "2020-01-01", unit=team))
    ledger = build(unit=UNITS, person=people, assignment=jobs)
    at = month(2024, 3)
    agency = _hidden(run(ledger, ["agency_fte"], windows=[at], by=["unit"]))
    assert "T1" in agency and len(agency) >= 2
    cover = run(ledger, ["agency_cover_rate_fte"], windows=[at], by=["unit"])
    assert agency <= _hidden(cover)
    plain = run(ledger, ["agency_cover_rate_fte"], windows=[at], by=["unit"], threshold=None)
    assert plain.filter(pl.col("unit") == "T2")["denominator"].item() == 6.0
