"""Permanence of the workforce (M06a) is shown beside the agency rate of the whole workforce
(M07a) on the stability dashboard and in board reports, and the two share a denominator: all
FTE working on the date, directly employed and agency. The directly employed FTE is shown
too (the FTE in post), so a permanence shown where the agency rate is hidden tells the
hidden agency FTE: its denominator less the FTE in post (and, where every direct contract is
permanent or fixed-term, simply 100 less the permanence). So M06a is hidden wherever M07a is
(`registry.hidden_with`), with complements of its own as for any hidden cell. An exploratory
tester found it on the web demo: a MASH team's M06a 7.5 of 9.5 and M06b 7.5 of 8.5 beside
M07a hidden, its one agency worker's 1.0 FTE."""

from datetime import date

import polars as pl
import pytest

from tests.core.ledger_b import a, build, p
from workforce.ledger import Ledger
from workforce.measures.engine import run
from workforce.measures.windows import as_at, series

AT = as_at(date(2024, 3, 31))


def _teams(agency: dict[str, int], direct: int = 8):
    """`direct` permanent staff in each of T1, T2 and T3 (under S1), and `agency[team]`
    agency workers."""
    units = [{"code": "DIR", "name": "Children's services", "kind": "directorate",
              "parent": None},
             {"code": "S1", "name": "Safeguarding", "kind": "service", "parent": "DIR"},
             *({"code": t, "name": t, "kind": "team", "parent": "S1"}
               for t in ("T1", "T2", "T3"))]
    people, jobs = [], []
    for team in ("T1", "T2", "T3"):
        for i in range(direct):
            people.append(p(f"{team}d{i}"))
            jobs.append(a(f"{team}d{i}", "2020-01-01", unit=team))
        for i in range(agency.get(team, 0)):
            people.append(p(f"{team}a{i}"))
            jobs.append(a(f"{team}a{i}", "2020-01-01", unit=team, contract="agency"))
    return build(unit=units, person=people, assignment=jobs)


def _hidden(frame: pl.DataFrame, key: str) -> set[str]:
    return set(frame.filter(pl.col("suppressed"))[key].to_list())


def _with_apprentices(ledger: Ledger, teams: list[str]) -> Ledger:
    extra = build(person=[p(f"ap{i}") for i in range(len(teams))],
                  assignment=[a(f"ap{i}", "2020-01-01", unit=t, contract="apprentice")
                              for i, t in enumerate(teams)])
    return Ledger({**{n: ledger[n] for n in ledger},
                   "person": pl.concat([ledger.person, extra.person]),
                   "assignment": pl.concat([ledger.assignment, extra.assignment])})


def test_permanence_is_hidden_where_the_agency_rate_is():
    """T1 has one agency worker (and five apprentices, so that M06a's own people are
    enough there): M07a hides T1 (and a complement, T2 or T3: S1 is shown). Unlinked,
    M06a showed T1 as 8 of 14 FTE, and 14 less T1's 13 FTE in post (M45) told the agency
    worker's 1 FTE."""
    ledger = _with_apprentices(_teams({"T1": 1, "T2": 6, "T3": 7}), ["T1"] * 5)
    plain = run(ledger, ["M06a"], windows=[AT], by=["unit"], threshold=None)
    t1 = plain.filter(pl.col("unit") == "T1")
    assert (t1["numerator"].item(), t1["denominator"].item(), t1["people"].item()) == (
        8.0, 14.0, 5)
    agency = run(ledger, ["M07a"], windows=[AT], by=["unit"])
    assert "T1" in _hidden(agency, "unit")
    permanence = run(ledger, ["M06a"], windows=[AT], by=["unit"])
    assert _hidden(agency, "unit") <= _hidden(permanence, "unit")
    assert len(_hidden(permanence, "unit") & {"T1", "T2", "T3"}) >= 2  # not T1 alone
    for by in (["team"], ["service"], ["unit", "staff_group"]):
        shown = run(ledger, ["M06a"], windows=[AT], by=by).filter(~pl.col("suppressed"))
        hidden = run(ledger, ["M07a"], windows=[AT], by=by).filter(pl.col("suppressed"))
        joined = shown.join(hidden, on=["start", *by], how="semi")
        assert joined.is_empty(), (by, joined)
    # the shown rows are the same figures as unsuppressed
    shown = permanence.filter(~pl.col("suppressed")).select("unit", "value")
    assert shown.join(plain.select("unit", "value"), on="unit").height == shown.height


def test_permanence_is_shown_where_the_agency_rate_is():
    """Five or more agency workers in every team: nothing is hidden in either."""
    ledger = _teams({"T1": 5, "T2": 6, "T3": 7})
    for mid in ("M06a", "M07a"):
        out = run(ledger, [mid], windows=[AT], by=["unit"])
        assert not out["suppressed"].any(), mid


def test_a_series_hides_each_window_on_its_own():
    """The agency worker starts in T1 in the second month: only that month's T1 (and its
    complement) is hidden in M06a, the first month is shown as it is."""
    ledger = _teams({"T2": 6, "T3": 7})
    extra = build(person=[p("T1late")],
                  assignment=[a("T1late", "2024-02-15", unit="T1", contract="agency")])
    ledger = Ledger({**{n: ledger[n] for n in ledger},
                     "person": pl.concat([ledger.person, extra.person]),
                     "assignment": pl.concat([ledger.assignment, extra.assignment])})
    wins = series("monthly", date(2024, 1, 1), date(2024, 2, 29))
    out = run(ledger, ["M06a"], windows=wins, by=["unit"])
    jan = out.filter((pl.col("end") == date(2024, 1, 31)) & pl.col("suppressed"))
    feb = out.filter((pl.col("end") == date(2024, 2, 29)) & pl.col("suppressed"))
    assert jan.is_empty()
    assert "T1" in set(feb["unit"].to_list())


def test_permanence_is_hidden_where_one_to_four_people_are_outside_it():
    """T1 has 8 permanent staff and one apprentice (directly employed, not permanent or
    fixed-term); nobody is agency, so M07a hides nothing. M06a's 8 of 9 FTE, beside T1's FTE
    in post (M45, 9), told the apprentice's FTE while the apprentices' own count (M28a) is
    hidden: the people outside a share count as its people (`stability._permanent`), as 7
    of 8 appraised tells who the eighth is. Five apprentices in T1 are shown."""
    one = _with_apprentices(_teams({}), ["T1"])
    assert not run(one, ["M07a"], windows=[AT], by=["unit"])["suppressed"].any()
    plain = run(one, ["M06a"], windows=[AT], by=["unit"], threshold=None)
    assert plain.filter(pl.col("unit") == "T1")["people"].item() == 1
    hidden = _hidden(run(one, ["M06a"], windows=[AT], by=["unit"]), "unit")
    # and the units above it, about the same one person outside, and T2 and T3 (no one
    # outside, but hidden cells about fewer than 5 people together take another)
    assert hidden == {"T1", "S1", "DIR", "T2", "T3"}
    assert run(one, ["M06a"], windows=[AT])["suppressed"].item()  # the whole council
    five = _with_apprentices(_teams({}), ["T1"] * 5)
    out = run(five, ["M06a"], windows=[AT], by=["unit"])
    assert not out["suppressed"].any()
    t1 = out.filter(pl.col("unit") == "T1")
    assert (t1["numerator"].item(), t1["denominator"].item(), t1["people"].item()) == (
        8.0, 13.0, 5)


def test_permanence_of_the_establishment_counts_the_people_outside_it_too():
    """M06b is permanent FTE out of the posts' FTE: beside the FTE in post (M45) its
    numerator tells the FTE of the directly employed staff outside it, so one apprentice in
    T1 hides it there as in M06a; agency workers are not in its numerator or in the FTE in
    post, so they do not."""
    ledger = _with_apprentices(_teams({"T2": 1}), ["T1"])
    posts = build(post=[{"post_id": f"P{t}{i}", "unit": t, "title": "Social worker",
                         "staff_group": "social_worker", "org_role": "5", "grade": "Grade 9",
                         "fte": 1.0, "start_date": "2019-01-01"}
                        for t in ("T1", "T2", "T3") for i in range(10)])
    ledger = Ledger({**{n: ledger[n] for n in ledger}, "post": posts.post})
    plain = run(ledger, ["M06b"], windows=[AT], by=["unit"], threshold=None)
    people = dict(plain.select("unit", "people").iter_rows())
    assert people["T1"] == 1 and people["T2"] == 8 and people["T3"] == 8
    hidden = _hidden(run(ledger, ["M06b"], windows=[AT], by=["unit"]), "unit")
    assert "T1" in hidden


def test_agency_workers_do_not_count_as_the_people_outside_permanence():
    """Five agency workers and one apprentice in T1: M07a shows T1 (5 agency workers), and
    M06a's 8 of 14 FTE beside M45's 9 would tell the apprentice's FTE: the one apprentice
    hides it, the agency workers not making five people outside it (a reviewer found this
    on the demo: 66.2 FTE in post, 65.2 permanent)."""
    ledger = _with_apprentices(_teams({"T1": 5, "T2": 6, "T3": 7}), ["T1"])
    assert not run(ledger, ["M07a"], windows=[AT], by=["unit"])["suppressed"].any()
    assert "T1" in _hidden(run(ledger, ["M06a"], windows=[AT], by=["unit"]), "unit")


def test_permanence_of_the_workforce_hides_wherever_that_of_the_establishment_does():
    """M06a and M06b share their numerator, the permanent and fixed-term FTE, which M06b
    hides where 1 to 4 people are on other direct contracts (and as complements): M06a
    showing it in one of those cells told it, and with it, beside the directly employed FTE,
    the few people's FTE. On a demo, units where M06b was hidden and M06a shown: 15."""
    from workforce.demo import generate

    ledger = generate(staff=600, years=3, seed=1, today=date(2026, 12, 7))
    out = run(ledger, ["M06a", "M06b"], series("quarterly", date(2025, 10, 1),
                                               date(2026, 9, 30)), ["unit"])
    hidden = {m: set(out.filter((pl.col("id") == m) & pl.col("suppressed"))
                     .select("end", "unit").iter_rows()) for m in ("M06a", "M06b")}
    assert hidden["M06b"]
    assert hidden["M06b"] <= hidden["M06a"]


def _services(apprentices: dict[str, int]) -> Ledger:
    """Services A-D under one directorate, 8 permanent staff each, and
    `apprentices[service]` apprentices at 0.8 FTE, with 12 FTE of posts each."""
    units = [{"code": "DIR", "name": "Children's services", "kind": "directorate",
              "parent": None},
             *({"code": s, "name": f"Service {s}", "kind": "service", "parent": "DIR"}
               for s in "ABCD")]
    people, jobs = [], []
    for s in "ABCD":
        for i in range(8):
            people.append(p(f"{s}d{i}"))
            jobs.append(a(f"{s}d{i}", "2020-01-01", unit=s))
        for i in range(apprentices.get(s, 0)):
            people.append(p(f"{s}a{i}"))
            jobs.append(a(f"{s}a{i}", "2020-01-01", unit=s, contract="apprentice", fte=0.8))
    posts = [{"post_id": f"P{s}", "unit": s, "title": "Social worker",
              "staff_group": "social_worker", "org_role": "5", "grade": "Grade 9",
              "fte": 12.0, "start_date": "2019-01-01"} for s in "ABCD"]
    return build(unit=units, person=people, assignment=jobs, post=posts)


def test_other_direct_contracts_cannot_be_worked_out_from_the_permanent_fte_shown():
    """The FTE in post (M45) less the permanent FTE (M06a, M06b's numerator) is the FTE on
    other direct contracts (M06c). A has 2 apprentices, C 10, B and D none. M06b hid A
    (1 to 4 people outside it) and a complement chosen by its own figure, the permanent
    FTE: B's is as small as any, but B has no one outside, so its other contracts are 0
    whatever its permanent FTE, and the directorate's less C's and D's (shown) told A's 2
    apprentices' FTE. M06a and M06b are now hidden wherever M06c is, whose complements are
    units with people on other contracts too (a 0 only when no other is left)."""
    ledger = _services({"A": 2, "C": 10})
    out = run(ledger, ["M45", "M06a", "M06b", "M06c"], windows=[AT], by=["unit"])
    fig = {(r["id"], r["unit"]): r for r in out.iter_rows(named=True)}
    for m in ("M06a", "M06b"):
        shown = {u for u in "ABCD" if not fig[(m, u)]["suppressed"]}
        known = {u: fig[("M45", u)]["numerator"] - fig[(m, u)]["numerator"] for u in shown}
        assert "A" not in known
        # the directorate's other contracts less the services shown: the hidden ones' sum
        unknown = [u for u in "ABCD" if u not in shown]
        assert fig[(m, "DIR")]["suppressed"] or len(
            [u for u in unknown if u in ("A", "C")]) >= 2, (m, unknown)
    assert {u for u in "ABCD" if fig[("M06c", u)]["suppressed"]} == {"A", "C"}


def test_other_direct_contracts_fte_by_hand():
    """M06c: the FTE in post on contracts other than permanent or fixed-term; agency workers
    are not directly employed, a fixed-term contract is inside permanence, and a person
    with a permanent post and a casual one counts the casual one alone."""
    units = [{"code": "T1", "name": "T1", "kind": "team", "parent": None}]
    people = [p(x) for x in ("perm", "fixed", "appr", "part", "agency", "both", "gone")]
    jobs = [a("perm", "2020-01-01", unit="T1"),
            a("fixed", "2020-01-01", unit="T1", contract="fixed_term"),
            a("appr", "2020-01-01", unit="T1", contract="apprentice"),
            a("part", "2024-03-31", unit="T1", contract="secondment", fte=0.4),
            a("agency", "2020-01-01", unit="T1", contract="agency"),
            a("both", "2020-01-01", unit="T1"),
            a("both", "2021-01-01", unit="T1", contract="casual", fte=0.2),
            a("gone", "2020-01-01", "2024-03-31", unit="T1", contract="apprentice")]
    ledger = build(unit=units, person=people, assignment=jobs)
    out = run(ledger, ["M06c"], windows=[AT], threshold=None)
    # appr 1.0 + part 0.4 (starts on the date) + both's casual 0.2; gone left on the date
    assert out["numerator"].item() == pytest.approx(1.6)
    assert out["people"].item() == 3
