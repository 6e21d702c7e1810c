"""Measures that show another measure's figure are hidden wherever it is
(`measures.shared`, `registry.hidden_with`, `registry.Headline`): a rate's denominator or
numerator is a count shown on its own beside it, and where the count was hidden as a
complement the rate showed that cell, and the sum told a few people's figure. A reviewer
found three on small ledgers (leaks 1 to 3 below); the last test searches the demo for any
pair of measures sharing a figure and asks that the one showing the other's figure hides
every cell the other hides."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.core.ledger_b import a, build, p
from workforce.measures import all_measures
from workforce.measures.engine import run
from workforce.measures.registry import HIDDEN_WITH, hiding, parts_group
from workforce.measures.windows import Window, as_at

AT = as_at(date(2024, 3, 31))


def _ledger(units, staff, posts=()):
    """units: (code, parent, kind); staff: (unit, contract, fte[, staff group[, left on]]);
    posts: (unit, fte)."""
    people, jobs = [], []
    for i, (unit, contract, fte, *more) in enumerate(staff):
        group = more[0] if more else "social_worker"
        left = more[1] if len(more) > 1 else None
        people.append(p(f"s{i}"))
        jobs.append(a(f"s{i}", "2020-01-01", left, unit=unit, contract=contract, fte=fte,
                      staff_group=group, **({"leaving_reason": "1"} if left else {})))
    return build(unit=[{"code": c, "name": c, "kind": k, "parent": up} for c, up, k in units],
                 person=people, assignment=jobs,
                 post=[{"post_id": f"P{i}", "unit": u, "title": "Social worker",
                        "staff_group": "social_worker", "org_role": "5", "grade": "Grade 9",
                        "fte": f, "start_date": "2019-01-01"} for i, (u, f) in enumerate(posts)])


def _figures(ledger, ids, by, window=AT):
    out = run(ledger, ids, [window], by=by)
    return {(r["id"], *(r[b] for b in by)): r for r in out.iter_rows(named=True)}


def test_the_rates_beside_the_fte_in_post_hide_the_cells_it_hides():
    """Leak 2: the directorate's own one person (1.0 FTE) is hidden by M45 with service S as
    its complement; the vacancy rate (vacant, vacant + directly employed FTE) and the agency
    rate (agency, agency + directly employed FTE) showed S's directly employed FTE, 8.0, and
    the directorate's 9.0 less it was the one person's."""
    ledger = _ledger([("DIR", None, "directorate"), ("S", "DIR", "service")],
                     [("DIR", "permanent", 1.0)] + [("S", "permanent", 0.8)] * 10,
                     [("S", 12.0)])
    f = _figures(ledger, ["M45", "M10", "M10b", "M07a", "M01a"], ["unit"])
    assert f[("M45", "S")]["suppressed"] and not f[("M45", "DIR")]["suppressed"]
    for m in ("M10", "M10b", "M07a", "M01a"):
        assert f[(m, "S")]["suppressed"], m


def test_permanent_and_other_fte_never_add_up_to_a_hidden_fte_in_post():
    """Leak 1: S0T1 holds two people on other contracts, S0T2 five permanent staff and an
    agency worker. M45 hides S0T1 and S0T2 (its complement); M06b's permanent FTE of S0T2
    and M06c's 0.0 there added up to S0T2's FTE in post, and S0 less S0T0 less that was
    S0T1's two people's 0.8."""
    ledger = _ledger(
        [("DIR", None, "directorate"), ("S0", "DIR", "service"), ("S0T0", "S0", "team"),
         ("S0T1", "S0", "team"), ("S0T2", "S0", "team")],
        [("S0T2", "permanent", f) for f in (0.8, 0.8, 1.0, 0.8, 1.0)]
        + [("S0T1", "casual", 0.4), ("S0T1", "apprentice", 0.4), ("S0T2", "agency", 0.9)],
        [("S0T0", 9.0), ("S0T1", 8.0), ("S0T2", 4.0)])
    f = _figures(ledger, ["M45", "M06a", "M06b", "M06c"], ["unit"])
    assert f[("M45", "S0T1")]["suppressed"]
    for unit in ("S0T1", "S0T2"):
        if f[("M45", unit)]["suppressed"]:
            assert f[("M06b", unit)]["suppressed"] or f[("M06c", unit)]["suppressed"], unit
            assert f[("M06a", unit)]["suppressed"], unit


def test_other_contracts_hide_where_the_fte_in_post_by_contract_hides_one():
    """Leak 3: service S has 20 permanent staff, 5 fixed-term at 0.3, one apprentice at 0.8
    and 6 casual at 0.5. M45 by unit and contract hides the apprentice (and fixed-term as
    its complement) and shows the casual staff's 3.0; M06c showed S's 3.8, 7 people on
    other contracts, and 3.8 less 3.0 was the apprentice's FTE. M06c is the sum of M45's
    cells by contract for those contracts (`Headline`)."""
    ledger = _ledger([("DIR", None, "directorate"), ("S", "DIR", "service"),
                      ("S2", "DIR", "service")],
                     [("S", "permanent", 1.0)] * 20 + [("S", "fixed_term", 0.3)] * 5
                     + [("S", "apprentice", 0.8)] + [("S", "casual", 0.5)] * 6
                     + [("S2", "permanent", 1.0)] * 20, [("S", 40.0), ("S2", 20.0)])
    by_contract = _figures(ledger, ["M45"], ["unit", "contract"])
    assert by_contract[("M45", "S", "apprentice")]["suppressed"]
    assert not by_contract[("M45", "S", "casual")]["suppressed"]
    assert _figures(ledger, ["M06c"], ["unit"])[("M06c", "S")]["suppressed"]
    assert _figures(ledger, ["M06c"], [])[("M06c",)]["suppressed"]  # the whole council too


def test_a_sum_of_categories_never_splits_hidden_ones_in_and_outside_it():
    """20 permanent staff, 1 fixed-term on 0.4, 3 apprentices and 3 casual staff: M45 by
    contract hides fixed-term, apprentice and casual (7 people together). M06c, the other
    contracts' 3.9, was shown, as its hidden categories were 6 people; the FTE in post less
    the permanent 20.0 less 3.9 was the fixed-term person's 0.4 (a second reviewer)."""
    ledger = _ledger([("DIR", None, "directorate"), ("S", "DIR", "service"),
                      ("S2", "DIR", "service")],
                     [("S", "permanent", 1.0)] * 20 + [("S", "fixed_term", 0.4)]
                     + [("S", "apprentice", 0.8)] * 3 + [("S", "casual", 0.5)] * 3
                     + [("S2", "permanent", 1.0)] * 20, [("S", 40.0), ("S2", 20.0)])
    by_contract = _figures(ledger, ["M45"], ["unit", "contract"])
    assert by_contract[("M45", "S", "fixed_term")]["suppressed"]
    assert not by_contract[("M45", "S", "permanent")]["suppressed"]
    f = _figures(ledger, ["M45", "M06c", "M06b"], ["unit"])
    assert not f[("M45", "S")]["suppressed"]
    assert f[("M06c", "S")]["suppressed"] and f[("M06b", "S")]["suppressed"]


def test_the_whole_workforce_less_its_social_workers_tells_no_one():
    """Team T1: 6 social workers and a business-support officer on 0.6 FTE, nothing hidden
    by unit: the FTE in post (M45, 6.6) less the social workers' (inpost_fte, 6.0, also the
    DfE rates' denominators) was the officer's 0.6. The social workers in post are M45's
    cells by staff group (`Headline`), hidden where those are (a second reviewer)."""
    ledger = _ledger([("DIR", None, "directorate"), ("S", "DIR", "service"),
                      ("T1", "S", "team"), ("T2", "S", "team")],
                     [("T1", "permanent", 1.0)] * 6
                     + [("T1", "permanent", 0.6, "business_support")]
                     + [("T2", "permanent", 1.0)] * 6, [("T1", 10.0), ("T2", 8.0)])
    f = _figures(ledger, ["M45", "M45a", "inpost_fte", "inpost_headcount",
                          "turnover_rate_fte", "vacancy_rate_fte"], ["unit"])
    assert not f[("M45", "T1")]["suppressed"]
    for m in ("inpost_fte", "inpost_headcount", "turnover_rate_fte", "vacancy_rate_fte"):
        assert f[(m, "T1")]["suppressed"], m


def test_the_whole_workforces_turnover_hides_where_the_social_workers_leavers_do():
    """Every leaver a social worker: M01a's numerator is leavers_fte's. T2's one leaver
    (0.4) was hidden by leavers_fte with T3 as its complement, while M01a hid T1 and T2 and
    showed T3's 3.0: S's leavers less T1's less T3's was the one leaver's FTE."""
    left = "2023-10-31"
    ledger = _ledger([("DIR", None, "directorate"), ("S", "DIR", "service"),
                      ("T1", "S", "team"), ("T2", "S", "team"), ("T3", "S", "team")],
                     [("T1", "permanent", 1.0)] * 4
                     + [("T1", "permanent", 1.0, "social_worker", left)] * 5
                     + [("T2", "permanent", 1.0)] * 10
                     + [("T2", "permanent", 0.4, "social_worker", left)]
                     + [("T3", "permanent", 1.0)] * 10
                     + [("T3", "permanent", 0.5, "social_worker", left)] * 6)
    year = Window(date(2023, 4, 1), date(2024, 3, 31))
    f = _figures(ledger, ["leavers_fte", "M01a"], ["unit"], year)
    assert f[("leavers_fte", "T2")]["suppressed"]
    hidden = {u for u in ("T1", "T2", "T3") if f[("leavers_fte", u)]["suppressed"]}
    assert all(f[("M01a", u)]["suppressed"] for u in hidden)


def test_the_sickness_absence_rate_and_its_parts_hide_where_the_fte_in_post_does():
    """The directorate's own one person (0.6 FTE) is hidden by the FTE in post with service
    S as its complement; the absence rates' denominator is the FTE in post times the
    working days (254 in 2023-24), so S's told the directorate's one person's FTE. M17 is
    a whole of parts (M18a, M18b): its linked tables are the parts' coarser ones, so they
    hide it too (a second reviewer)."""
    ledger = _ledger([("DIR", None, "directorate"), ("S", "DIR", "service")],
                     [("DIR", "permanent", 0.6)] + [("S", "permanent", 0.8)] * 10,
                     [("S", 12.0)])
    year = Window(date(2023, 4, 1), date(2024, 3, 31))
    f = _figures(ledger, ["M45", "M17", "M18a", "M18b", "absence_rate_fte"], ["unit"], year)
    assert f[("M45", "S")]["suppressed"] and not f[("M45", "DIR")]["suppressed"]
    for m in ("M17", "M18a", "M18b", "absence_rate_fte"):
        assert f[(m, "S")]["suppressed"], m
    # asked for alone, the parts are the same
    alone = _figures(ledger, ["M18a"], ["unit"], year)
    assert alone[("M18a", "S")]["suppressed"]


def test_measures_hidden_with_others_form_no_loop_and_are_no_part_of_a_whole():
    """`_linked` follows the links (M06a with M06b with M06c and M45): a loop would never
    end, and a part of a whole is suppressed in its group's table, which reads no link."""
    all_measures()
    for start in HIDDEN_WITH:
        seen, todo = set(), [start]
        while todo:
            m = todo.pop()
            for other, _ in hiding(m):
                assert other != start, f"{start} is hidden with itself through {m}"
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        group = parts_group(start)
        assert group is None or start not in group[1], start


@pytest.fixture(scope="module")
def demo_by_unit():
    from workforce.demo import generate

    ledger = generate(staff=600, years=3, seed=1, today=date(2025, 11, 15))
    wins = [Window(date(2024, 10, 1), date(2025, 9, 30)),
            Window(date(2025, 7, 1), date(2025, 9, 30)), as_at(date(2025, 9, 30))]
    registry = all_measures()
    ids = [i for i in registry if "unit" in registry[i].breakdowns]
    keys = ["id", "start", "end", "unit"]
    plain = run(ledger, ids, windows=wins, by=["unit"], threshold=None).select(
        *keys, "numerator", "denominator")
    shown = run(ledger, ids, windows=wins, by=["unit"]).select(*keys, "suppressed")
    return plain.join(shown, on=keys)


def test_a_measure_showing_anothers_figure_hides_every_cell_the_other_hides(demo_by_unit):
    """Every pair of measures where a figure of one (its numerator, denominator, or the
    denominator less the numerator) is the other's numerator in 95% or more of the demo's
    cells by unit (20 at least): on the cells where they are equal, one's hidden cells hold
    all of the other's, so that together they show no cell that one of them hides."""
    table = demo_by_unit.with_columns(
        (pl.col("denominator") - pl.col("numerator")).alias("rest"))
    figures = {}
    for (mid,), rows in table.partition_by("id", as_dict=True).items():
        for name in ("numerator", "denominator", "rest"):
            figures[(mid, name)] = rows.select(
                "start", "end", "unit", pl.col(name).alias("x"),
                pl.col("suppressed").alias("hidden")).drop_nulls("x")
    # numerators shown, by cell: a figure one measure hides is not told by another that
    # shows it where a third shows it too (the vacancy rate hides the vacant FTE with the
    # social workers in post; the vacant FTE itself shows it)
    public = table.filter(~pl.col("suppressed")).select(
        "id", "start", "end", "unit", pl.col("numerator").round(6).alias("x"))
    pairs, leaks = 0, []
    for (mid, name), mine in figures.items():
        for (other, oname), theirs in figures.items():
            if other == mid or oname != "numerator":
                continue
            both = mine.join(theirs.filter(pl.col("x") > 0), on=["start", "end", "unit"])
            if both.height < 20:
                continue
            equal = both.filter((pl.col("x") - pl.col("x_right")).abs() < 1e-6)
            if equal.height < 0.95 * both.height:
                continue
            pairs += 1
            # cells where the other hides its numerator and this one shows it (and no
            # third measure does)
            told = equal.filter(~pl.col("hidden") & pl.col("hidden_right")).with_columns(
                pl.col("x").round(6)).join(
                public.filter(~pl.col("id").is_in([mid, other])).drop("id"),
                on=["start", "end", "unit", "x"], how="anti").height
            if told and name != "numerator":
                leaks.append((mid, name, other, told))
            elif told and equal.filter(pl.col("hidden") & ~pl.col("hidden_right")).height:
                # two numerators alike: one's hidden cells must hold the other's
                leaks.append((mid, name, other, told))
    assert pairs >= 40  # the search finds what it is for (96 pairs on this demo)
    assert leaks == []
