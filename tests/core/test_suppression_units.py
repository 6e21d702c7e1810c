"""Units nest: a service's figure minus its teams' figures is the figure of the staff placed in
the service itself (its managers). When those are few, a team's figure is hidden too, so the
subtraction tells nothing; the residual cells that make this work are never shown."""

from datetime import date

import polars as pl

from tests.core.ledger_builder import build, sw
from workforce.measures import get
from workforce.measures.dimensions import RESIDUAL, parents_of, residual
from workforce.measures.engine import run
from workforce.measures.suppression import suppress
from workforce.measures.windows import as_at

AT = as_at(date(2024, 9, 30))
UNITS = [{"code": "S", "name": "Service", "kind": "service", "parent": "DIR"},
         {"code": "T1", "name": "Team 1", "kind": "team", "parent": "S"},
         {"code": "T2", "name": "Team 2", "kind": "team", "parent": "S"}]


def _ledger(in_service: int, team1: int = 8, team2: int = 6):
    staff = ([sw(f"s{i}", unit="S", role="3") for i in range(in_service)]
             + [sw(f"a{i}", unit="T1") for i in range(team1)]
             + [sw(f"b{i}", unit="T2") for i in range(team2)])
    return build(assignments=staff, units=UNITS)


def _shown(ledger, mid="inpost_headcount", by="unit"):
    out = run(ledger, [mid], windows=[AT], by=[by])
    return {u: (None if s else v) for u, v, s in out.select(by, "value", "suppressed")
            .iter_rows()}


def test_two_managers_in_a_service_hide_a_team_so_the_service_minus_its_teams_tells_nothing():
    shown = _shown(_ledger(in_service=2))
    assert shown["S"] == 16 and shown["DIR"] == 16  # the totals stay shown
    # one team is hidden (the smaller), so S - T1 - T2 cannot be worked out
    assert shown["T2"] is None and shown["T1"] == 8
    assert not any(RESIDUAL in u for u in shown)  # residual cells are never shown


def test_no_team_is_hidden_when_the_service_has_no_one_of_its_own_or_enough():
    # (the builder's service SVC has no one in post: 0)
    assert _shown(_ledger(in_service=0)) == {"DIR": 14, "S": 14, "T1": 8, "T2": 6, "SVC": 0}
    assert _shown(_ledger(in_service=5))["T2"] == 6


def test_a_small_team_is_hidden_with_a_sibling_under_its_own_service_only():
    shown = _shown(_ledger(in_service=0, team1=8, team2=2))
    assert shown["T2"] is None and shown["T1"] is None  # T1 = S - T2 otherwise
    assert shown["S"] == 10


def test_residual_cells_carry_the_records_in_no_unit_below():
    ledger = _ledger(in_service=2)
    m = get("inpost_headcount")
    kept = m(ledger, AT, ["unit"], residuals=True)
    cells = dict(zip(kept["unit"], kept["value"], strict=True))
    assert cells[residual("S")] == 2
    assert residual("DIR") not in cells  # no one is placed in the directorate itself
    assert residual("T1") not in cells  # a unit with nothing below it has no residual
    assert not any(RESIDUAL in u for u in m(ledger, AT, ["unit"])["unit"])
    assert not any(RESIDUAL in u for u in m.many(ledger, [AT], ["unit"])["unit"])


def test_unit_siblings_are_grouped_by_parent_not_all_together():
    # two services, each with teams; a lone hidden team in S hides its sibling in S, not the
    # smallest team anywhere
    rows = pl.DataFrame({
        "_w": [0] * 6,
        "unit": ["S", "T1", "T2", "R", "R1", "R2"],
        "numerator": [20.0, 17.0, 3.0, 30.0, 5.0, 25.0], "denominator": [None] * 6,
        "value": [20.0, 17.0, 3.0, 30.0, 5.0, 25.0], "people": [20, 17, 3, 30, 5, 25]})
    parents = pl.DataFrame({"unit": ["S", "T1", "T2", "R", "R1", "R2"],
                            "parent": [None, "S", "S", None, "R", "R"]})
    out = suppress(rows, 5, ["unit"], parents)
    hidden = set(out.filter(pl.col("suppressed"))["unit"])
    assert hidden == {"T2", "T1"}


def test_parents_of_names_each_residual_cells_unit():
    units = pl.DataFrame({"code": ["D", "S", "T"], "parent": [None, "D", "S"]})
    assert dict(parents_of(units).iter_rows()) == {
        "D": None, "S": "D", "T": "S", residual("D"): "D", residual("S"): "S"}


def test_top_level_units_are_siblings_under_the_organisation():
    # two units with no parent: 20 and 3 people; the organisation total (23) is shown
    # elsewhere, so the 3 would be 23 - 20 if the 20 stayed visible
    rows = pl.DataFrame({"_w": [0, 0], "unit": ["A", "B"], "numerator": [20.0, 3.0],
                         "denominator": [None, None], "value": [20.0, 3.0],
                         "people": [20, 3]})
    parents = pl.DataFrame({"unit": ["A", "B"], "parent": [None, None]},
                           schema={"unit": pl.String, "parent": pl.String})
    out = suppress(rows, 5, ["unit"], parents)
    assert out["suppressed"].to_list() == [True, True]


def test_residual_cells_are_dropped_whatever_the_units_type():
    from workforce.measures.registry import shown_units

    frame = pl.DataFrame({"unit": ["S", residual("S"), "T1"]})
    for dtype in (pl.String, pl.Categorical):
        assert shown_units(frame.cast({"unit": dtype}), ["unit"])["unit"].cast(
            pl.String).to_list() == ["S", "T1"]


def test_a_unit_hidden_as_a_complement_hides_a_team_below_it_too():
    # B is hidden to protect C (3 people) among the directorate's services; B's one team is
    # all of B, so it must be hidden too, or it would show B's figure
    units = [{"code": "A", "name": "A", "kind": "service", "parent": "DIR"},
             {"code": "B", "name": "B", "kind": "service", "parent": "DIR"},
             {"code": "B1", "name": "B1", "kind": "team", "parent": "B"},
             {"code": "C", "name": "C", "kind": "service", "parent": "DIR"}]
    staff = ([sw(f"a{i}", unit="A") for i in range(20)]
             + [sw(f"b{i}", unit="B1") for i in range(6)]
             + [sw(f"c{i}", unit="C") for i in range(3)])
    shown = _shown(build(assignments=staff, units=units))
    assert shown["DIR"] == 29 and shown["A"] == 20
    assert shown["C"] is None and shown["B"] is None and shown["B1"] is None


def test_a_table_by_unit_and_role_group_hides_the_units_the_table_by_unit_hides():
    # By unit: S's two own social workers hide T1 (8 people), the smallest team. By unit and
    # role group T1's 8 social workers would be its whole figure, and S - T1 - T2 the two.
    # (M45, FTE in post: M06a is hidden where the agency rate is, which hides S here.)
    staff = ([sw(f"s{i}", unit="S") for i in range(2)]
             + [sw(f"a{i}", unit="T1") for i in range(8)]
             + [sw(f"b{i}", unit="T2") for i in range(6)]
             + [sw(f"o{i}", unit="T2", staff_group="other") for i in range(6)])
    ledger = build(assignments=staff, units=UNITS)
    by_unit = run(ledger, ["M45"], windows=[AT], by=["unit"])
    hidden = set(by_unit.filter(pl.col("suppressed"))["unit"])
    assert hidden == {"T1"}
    finer = run(ledger, ["M45"], windows=[AT], by=["unit", "staff_group"])
    cells = {(u, g): s for u, g, s in finer.select("unit", "staff_group", "suppressed")
             .iter_rows()}
    assert cells[("T1", "social_worker")] is True
    # (S's two social workers, hidden and never shown, are the other unknown beside T1's)
    assert cells[("T2", "other")] is False and cells[("S", "social_worker")] is False


def test_a_table_by_two_breakdowns_hides_what_either_table_by_one_of_them_hides():
    # by service, S2 (3 people) is hidden and S4 (15) with it; S4 is all "other" staff, so
    # by service and role group its one cell would be its whole figure, and S2 = the total
    # less the others (review)
    counts = {("S0", "social_worker"): 18, ("S0", "other"): 20, ("S1", "social_worker"): 3,
              ("S1", "business_support"): 16, ("S1", "other"): 2, ("S2", "social_worker"): 3,
              ("S3", "social_worker"): 22, ("S3", "business_support"): 24,
              ("S3", "other"): 14, ("S4", "other"): 15}
    units = [{"code": f"S{i}", "name": f"S{i}", "kind": "service", "parent": "DIR"}
             for i in range(5)]
    ledger = build(assignments=[sw(f"{u}{g}{i}", unit=u, staff_group=g)
                                for (u, g), n in counts.items() for i in range(n)], units=units)
    by_service = run(ledger, ["M45"], windows=[AT], by=["service"])
    # (and "no service", a 0 since totals have a row there: the directorate's staff in no
    # service, which would be its total less the services shown, as `engine._agreeing` has it)
    assert set(by_service.filter(pl.col("suppressed"))["service"]) == {"S2", "S4",
                                                                       "(no service)"}
    finer = run(ledger, ["M45"], windows=[AT], by=["service", "staff_group"])
    hidden = {(s, g) for s, g in finer.filter(pl.col("suppressed")).select(
        "service", "staff_group").iter_rows()}
    assert ("S4", "other") in hidden and ("S2", "social_worker") in hidden
    assert ("S0", "other") not in hidden  # S0's figures were never hidden


def test_a_teams_only_cell_is_never_the_complement_as_it_is_the_teams_figure():
    # S has one social worker of its own (hidden); T0 is all social workers, so hiding its
    # one cell would hide nothing (T0's figure is shown by unit): S's own cell goes instead
    staff = ([sw("m0", unit="S")] + [sw(f"o{i}", unit="S", staff_group="other") for i in range(5)]
             + [sw(f"a{i}", unit="T0") for i in range(24)]
             + [sw(f"b{i}", unit="T1", staff_group="other") for i in range(10)])
    units = [*UNITS[:1], {"code": "T0", "name": "Team 0", "kind": "team", "parent": "S"},
             {"code": "T1", "name": "Team 1", "kind": "team", "parent": "S"}]
    finer = run(build(assignments=staff, units=units), ["M45a"], windows=[AT],
                by=["unit", "staff_group"])
    cells = {(u, g): s for u, g, s in finer.select("unit", "staff_group", "suppressed")
             .iter_rows()}
    assert cells[("T0", "social_worker")] is False and cells[("S", "social_worker")] is True


def test_the_cells_hidden_do_not_depend_on_the_order_of_the_breakdowns():
    from workforce.demo import generate
    from workforce.measures import all_measures

    ledger = generate(staff=120, years=2, seed=3, today=date(2025, 3, 31))
    ids = [i for i, m in all_measures().items()
           if {"unit", "staff_group"} <= set(m.breakdowns) and m.family == "support"]
    assert "M20a" in ids  # (a measure whose hidden cells once depended on the order: review)
    at = [as_at(date(2025, 3, 31))]

    def hidden(by):
        out = run(ledger, ids, at, by=by)
        return set(out.filter(pl.col("suppressed")).select("id", "unit", "staff_group")
                   .iter_rows())

    assert hidden(["unit", "staff_group"]) == hidden(["staff_group", "unit"])


def test_a_table_where_no_row_has_a_unit_is_suppressed_without_error():
    rows = pl.DataFrame({"start": [AT.start] * 2, "end": [AT.end] * 2, "unit": [None, None],
                         "staff_group": ["a", "b"], "numerator": [3.0, 20.0],
                         "denominator": [None, None], "value": [3.0, 20.0], "people": [3, 20]})
    parents = pl.DataFrame({"unit": ["S"], "parent": [None]}, schema={"unit": pl.String,
                                                                       "parent": pl.String})
    coarse = pl.DataFrame({"start": [AT.start], "end": [AT.end], "unit": [None],
                           "suppressed": [False]})
    out = suppress(rows, 5, ["unit", "staff_group"], parents, [coarse])
    assert out["suppressed"].to_list() == [True, True]  # 3 is small; 20 = 23 - 3


# Two services: S's teams of 8, 6, 3 and 7 people, R's of 5 and 9 (the dashboards' "by team"
# bars beside each unit's figures; the board report's tables by service beside its units).
TWO_SERVICES = [
    {"code": "DIR", "name": "Directorate", "kind": "directorate", "parent": None},
    {"code": "S", "name": "Service S", "kind": "service", "parent": "DIR"},
    *({"code": c, "name": c, "kind": "team", "parent": "S"} for c in ("S1", "S2", "S3", "S4")),
    {"code": "R", "name": "Service R", "kind": "service", "parent": "DIR"},
    *({"code": c, "name": c, "kind": "team", "parent": "R"} for c in ("R1", "R2"))]
SIZES = {"S1": 8, "S2": 6, "S3": 3, "S4": 7, "R1": 5, "R2": 9}


def _staffed(units: list[dict], sizes: dict[str, int], *more):
    """A ledger of `units` with `sizes[unit]` social workers in each (and `more` besides)."""
    return build(units=units, assignments=[
        *(sw(f"{u}-{i}", unit=u) for u, n in sizes.items() for i in range(n)), *more])


def _two_services(**extra: int):
    return _staffed(TWO_SERVICES, {**SIZES, **extra})


def _hidden(ledger, by):
    out = run(ledger, ["inpost_headcount"], windows=[AT], by=[by])
    return {k for k, s in out.select(by, "suppressed").iter_rows() if s}, out


def test_the_table_by_team_hides_what_the_table_by_unit_hides():
    """On its own, the flat table of teams hid S3 with the smallest team anywhere (R1), and
    showed S2, which the table by unit hid as S3's complement in S: S less S1, S2 and S4, all
    shown in one table or the other, was S3's 3 people. Now the table by team is the table
    by unit's cells, so both hide the same."""
    ledger = _two_services()
    by_unit, _ = _hidden(ledger, "unit")
    by_team, _ = _hidden(ledger, "team")
    assert by_unit == {"S3", "S2"}
    assert by_team == by_unit  # the table by unit's own cells, hidden as they are there


def test_a_team_with_units_below_it_goes_with_its_residual_cell():
    """S1 has 5 people of its own and teams S1a (3) and S1b (9) below it. By unit, S1a is
    hidden with S1's residual cell (its own 5, the smallest sibling); by team, S1 is those 5
    people, so showing it told S1a's 3 as S1 (17) less S1b and S1's own."""
    units = [*TWO_SERVICES, {"code": "S1a", "name": "S1a", "kind": "team", "parent": "S1"},
             {"code": "S1b", "name": "S1b", "kind": "team", "parent": "S1"}]
    ledger = _staffed(units, {**SIZES, "S1": 5, "S1a": 3, "S1b": 9})
    by_unit, _ = _hidden(ledger, "unit")
    by_team, _ = _hidden(ledger, "team")
    assert "S1a" in by_unit and "S1" not in by_unit and "S1b" not in by_unit
    assert {"S1a", "S1"} <= by_team


def test_no_service_is_hidden_with_a_hidden_service_that_lies_in_none():
    """Services A (3 people) and B (6) and teams X and Y (5 each) in no service, all under
    the directorate. By unit A is hidden with X; on its own the table by service hid A with
    B and showed "no service", 10: less Y's 5 shown by unit, X's 5, and the directorate's
    19 less B, X and Y was A's 3."""
    units = [{"code": "DIR", "name": "Directorate", "kind": "directorate", "parent": None},
             *({"code": c, "name": c, "kind": "service", "parent": "DIR"} for c in "AB"),
             *({"code": c, "name": c, "kind": "team", "parent": "DIR"} for c in "XY")]
    ledger = _staffed(units, {"A": 3, "B": 6, "X": 5, "Y": 5})
    assert _hidden(ledger, "unit")[0] == {"A", "X"}
    assert _hidden(ledger, "service")[0] == {"A", "B", "(no service)"}


def test_the_table_by_team_has_the_figures_each_team_has_on_its_own():
    """Taken from the table by unit (a unit's row, or its residual cell when units lie below
    it), every team's figures are those of its own records, as a table by team made on its
    own gives them."""
    units = [*TWO_SERVICES, {"code": "S1a", "name": "S1a", "kind": "team", "parent": "S1"}]
    ledger = _staffed(units, {**SIZES, "S1": 6, "S1a": 7, "S": 2}, sw("nowhere", unit=None))
    for mid in ("inpost_headcount", "inpost_fte", "caseload_fte"):
        alone = get(mid).many(ledger, [AT], ["team"])
        shown = run(ledger, [mid], windows=[AT], by=["team"])
        assert sorted(shown["team"].to_list(), key=str) == sorted(alone["team"].to_list(),
                                                                   key=str)
        both = shown.join(alone, on="team", suffix="_alone", nulls_equal=True)
        for r in both.filter(~pl.col("suppressed")).iter_rows(named=True):
            assert (r["numerator"], r["denominator"]) == (r["numerator_alone"],
                                                          r["denominator_alone"]), (mid, r)


def test_hidden_cells_that_together_are_too_few_people_get_another_hidden():
    """S has 2 people of its own and a team T of 2 below it, beside a nested service N of 10.
    By unit, S's own 2 and T's 2 were hidden together, but their sum, S less N, is 4 people:
    the table by service's S (S's records not in N), hidden there, came back from it. Hidden
    cells about fewer than 5 people together now take another with them."""
    units = [{"code": "D", "name": "D", "kind": "directorate", "parent": None},
             {"code": "S", "name": "S", "kind": "service", "parent": "D"},
             {"code": "T", "name": "T", "kind": "team", "parent": "S"},
             {"code": "N", "name": "N", "kind": "service", "parent": "S"},
             {"code": "R", "name": "R", "kind": "service", "parent": "D"}]
    ledger = _staffed(units, {"S": 2, "T": 2, "N": 10, "R": 20})
    by_unit = _shown(ledger, by="unit")
    assert by_unit["T"] is None and by_unit["N"] is None  # N too: S less N is no longer told
    assert by_unit["S"] == 14 and by_unit["D"] == 34
    assert _shown(ledger, by="service")["S"] is None


def test_no_service_is_not_told_by_the_directorate_less_its_services():
    """The directorate's own 3 and a team X of 1 in no service: 4 people, the directorate
    less services A and B."""
    units = [{"code": "D", "name": "D", "kind": "directorate", "parent": None},
             {"code": "A", "name": "A", "kind": "service", "parent": "D"},
             {"code": "B", "name": "B", "kind": "service", "parent": "D"},
             {"code": "X", "name": "X", "kind": "team", "parent": "D"}]
    ledger = _staffed(units, {"D": 3, "X": 1, "A": 12, "B": 8})
    by_unit = _shown(ledger, by="unit")
    assert by_unit["X"] is None and by_unit["B"] is None  # B: D less A and B told 4
    assert _shown(ledger, by="service")["(no service)"] is None


def _empty_services_table(empty: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Services side by side at the top, A of 2 people, B of 1 and `empty` of no one (a
    count: no denominator), by unit, and their parents (none: siblings under the
    organisation)."""
    cells = {"A": 2, "B": 1, **{f"E{i:02d}": 0 for i in range(empty)}}
    units = pl.DataFrame({"code": list(cells), "parent": [None] * len(cells)},
                         schema={"code": pl.String, "parent": pl.String})
    table = pl.DataFrame({"start": [AT.start] * len(cells), "end": [AT.end] * len(cells),
                          "unit": list(cells), "numerator": [float(v) for v in cells.values()],
                          "denominator": [None] * len(cells), "value": [0.0] * len(cells),
                          "people": list(cells.values())})
    return table, parents_of(units)


def test_too_few_people_hidden_beside_empty_units_take_no_empty_unit():
    """A's 2 and B's 1 are hidden, 3 people together (the organisation's figure less the
    others tells their sum); every other unit is a 0, which would leave them 3 people: so no
    0 is taken (`complements.SOMEONE`). Each pass hid one more 0 until every unit was hidden,
    which protected nothing: the sum was the same 3 people's."""
    table, parents = _empty_services_table(empty=12)
    out = suppress(table, 5, ["unit"], parents)
    hidden = {u for u, h in zip(out["unit"], out["suppressed"], strict=True) if h}
    assert hidden == {"A", "B"}
    assert out.filter(~pl.col("suppressed"))["numerator"].to_list() == [0.0] * 12


def test_a_lone_hidden_unit_beside_empty_units_takes_one_of_them():
    """A lone hidden cell is told exactly by the total less the others, so it takes a 0 when
    nothing else is left (the first by its key); that 0 and it are about 1 person together,
    but another 0 would leave them so, so none is taken."""
    table, parents = _empty_services_table(empty=5)
    table = table.filter(pl.col("unit") != "B").with_columns(
        pl.when(pl.col("unit") == "A").then(1).otherwise(pl.col("people")).alias("people"),
        pl.when(pl.col("unit") == "A").then(1.0).otherwise(pl.col("numerator"))
        .alias("numerator"))
    out = suppress(table, 5, ["unit"], parents)
    hidden = {u for u, h in zip(out["unit"], out["suppressed"], strict=True) if h}
    assert hidden == {"A", "E00"}


def test_complements_are_those_the_rule_makes_pass_by_pass(monkeypatch):
    """`complements.hide` (on arrays, each group's tally kept up to date, each group's place
    in its cells moving on) hides exactly the cells that the rule written out plainly
    (`complements_reference`: every group tallied afresh every pass) hides, on random unit
    trees with two breakdowns, coarser tables (some cells pinned), zeros, empty cells (a
    count of no one; not a rate's 0 of 30), cells of equal size, units with no figure and
    people not known."""
    import random

    from tests.core import complements_reference
    from workforce.measures import complements

    for seed in range(300):
        rng = random.Random(seed)
        codes = [f"U{i}" for i in range(rng.randint(3, 14))]
        parent = {c: (rng.choice(codes[:i]) if i and rng.random() < 0.8 else "TOP")
                  for i, c in enumerate(codes)}
        parents = parents_of(pl.DataFrame({"code": codes, "parent": [
            None if p == "TOP" else p for p in parent.values()]}))
        cells = [*codes, *(residual(c) for c in sorted(set(parent.values())) if c != "TOP")]
        rows = [(u, g, rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 20, None]))
                for u in cells for g in ("a", "b") if rng.random() < 0.9]
        table = pl.DataFrame({
            "start": [AT.start] * len(rows), "end": [AT.end] * len(rows),
            "unit": [u for u, _, _ in rows], "g": [g for _, g, _ in rows],
            "numerator": [None if rng.random() < 0.05 else float(p) if p is not None
                          else float(rng.randint(0, 9)) for _, _, p in rows],
            "denominator": [rng.choice([30.0, 0.0, None]) for _ in rows],
            "value": [0.0] * len(rows),
            "people": pl.Series([p for _, _, p in rows], dtype=pl.Int64)})
        by_unit = table.select("start", "end", "unit").unique(maintain_order=True)
        by_unit = by_unit.with_columns(  # the same table on every run, for a seed
            pl.Series("suppressed", [rng.random() < 0.3 for _ in range(by_unit.height)]))
        by_g = pl.DataFrame({"start": [AT.start] * 2, "end": [AT.end] * 2, "g": ["a", "b"],
                             "suppressed": [rng.random() < 0.2, False]})
        got = []
        for hide in (complements.hide, complements_reference.hide):
            monkeypatch.setattr(complements, "hide", hide)
            out = suppress(table, 5, ["unit", "g"], parents, [by_g, by_unit])
            got.append(out.sort("unit", "g")["suppressed"].to_list())
        monkeypatch.undo()
        assert got[0] == got[1], seed
        assert any(got[0]), seed


def test_packed_keys_sort_as_their_columns_whatever_their_range():
    """`complements._packed` packs integer columns into one that sorts as they do in turn,
    numbering a column first when its values lie far apart (a reviewer's column spanning
    2**62 wrapped round, and one spanning the whole 64 bits raised OverflowError)."""
    import numpy as np

    from workforce.measures.complements import _packed

    first = np.array([3, 1, 3, 0, 1], dtype=np.int64)
    for wide in (np.array([2**62, 0, -5, 7, 2**62 - 1], dtype=np.int64),
                 np.array([np.iinfo(np.int64).max, np.iinfo(np.int64).min, 0, 1, -1])):
        key = _packed([first, wide], 5)
        assert list(np.argsort(key, kind="stable")) == list(np.lexsort((wide, first)))


def test_a_parent_unit_coded_as_empty_text_is_a_parent():
    """A unit whose parent is "" is under "" (as the old join had it), not at the top: A's
    complement is its sister B, not the top-level C, smaller though C is."""
    from tests.core import complements_reference
    from workforce.measures import complements

    parents = pl.DataFrame({"unit": ["A", "B", "", "C"], "parent": ["", "", None, None]})
    out = pl.DataFrame({"start": [AT.start] * 4, "end": [AT.end] * 4,
                        "unit": ["A", "B", "", "C"], "numerator": [2.0, 9.0, 11.0, 6.0],
                        "people": [2, 9, 11, 6], "suppressed": [True, False, False, False],
                        "_pinned": [False] * 4})
    got = complements.hide(out, ["unit"], parents, 5).to_list()
    assert got == complements_reference.hide(out, ["unit"], parents, 5).to_list()
    assert got == [True, True, False, False]
