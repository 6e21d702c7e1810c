"""The engine runs measures for organisations and windows in the one stable shape."""

from __future__ import annotations

import itertools
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.core.ledger_builder import agency, build, sw
from workforce.ledger import Ledger
from workforce.measures import get
from workforce.measures.engine import run
from workforce.measures.windows import Window, census_year, month


def _two_councils() -> Ledger:
    one = build(assignments=[sw(f"a{i}") for i in range(5)])
    frames = {}
    for name in one:
        other = one[name].with_columns(
            pl.lit("T2").alias("code" if name == "organisation" else "organisation"))
        frames[name] = pl.concat([one[name], other])
    return Ledger(frames)


def test_each_organisation_is_computed_separately():
    out = run(_two_councils(), ["inpost_headcount"], [census_year(2024)], threshold=None)
    assert out.select("organisation", "value").rows() == [("T1", 5.0), ("T2", 5.0)]


def test_a_series_gives_one_row_per_window_in_order():
    windows = [month(2024, m) for m in (1, 2, 3)]
    out = run(build(assignments=[sw("a", start="2024-02-10")]), ["inpost_headcount"], windows,
              threshold=None)
    assert out["end"].to_list() == [w.end for w in windows]
    assert out["value"].to_list() == [0.0, 1.0, 1.0]


def test_measures_that_cannot_break_down_are_skipped_when_running_many():
    out = run(build(assignments=[sw("a")]), ["inpost_fte", "M16a"], [census_year(2024)],
              by=["sex"], threshold=None)
    assert set(out["id"]) == {"inpost_fte"}


def test_asking_one_measure_for_a_breakdown_it_lacks_says_which_are_allowed():
    with pytest.raises(ValueError, match="cannot be broken down by sex"):
        run(build(assignments=[sw("a")]), ["M16a"], [census_year(2024)], by=["sex"])


def test_the_single_window_function_is_derived_from_the_series_one():
    m = get("turnover_rate_fte")
    assert m.series is not None and m.compute.__doc__ == m.series.__doc__


def _one_leaver_of_seven() -> Ledger:
    staying = [sw(f"s{i}", start="2020-01-01") for i in range(6)]
    leaving = sw("gone", start="2020-01-01", end="2024-03-31")
    return build(assignments=[*staying, leaving])


@pytest.mark.parametrize("rate", ["turnover_rate_headcount", "turnover_rate_fte"])
def test_a_rate_is_suppressed_with_the_small_count_it_is_built_on(rate):
    ledger = _one_leaver_of_seven()
    count = run(ledger, ["leavers_headcount"], [census_year(2024)])
    shown = run(ledger, [rate], [census_year(2024)])
    assert count["suppressed"].to_list() == [True]
    # 1 leaver of 7 in post: the rate would give the count away, so it hides with it
    assert shown.select("numerator", "denominator", "value", "suppressed").rows() == [
        (None, None, None, True)]
    unsuppressed = run(ledger, [rate], [census_year(2024)], threshold=None)
    assert unsuppressed["numerator"].to_list() == [1.0]


def test_a_rate_with_no_one_in_its_numerator_is_shown_as_zero():
    ledger = build(assignments=[sw(f"s{i}", start="2020-01-01") for i in range(6)])
    shown = run(ledger, ["turnover_rate_headcount"], [census_year(2024)])
    assert shown.select("numerator", "value", "suppressed").rows() == [(0.0, 0.0, False)]


def test_secondary_suppression_leaves_a_breakdown_with_no_lone_hidden_cell():
    from workforce.measures.suppression import suppress

    rows = pl.DataFrame({
        "id": ["m"] * 6, "organisation": ["T1"] * 6, "start": [1] * 6, "end": [1] * 6,
        "sex": ["F", "M", "U", "F", "M", "U"], "team": ["A", "A", "A", "B", "B", "B"],
        "numerator": [50.0, 9.0, 2.0, 30.0, 20.0, 12.0], "denominator": [None] * 6,
        "value": [50.0, 9.0, 2.0, 30.0, 20.0, 12.0], "people": [50, 9, 2, 30, 20, 12]})
    out = suppress(rows, 5, by=["team", "sex"])
    hidden = set(zip(out.filter(pl.col("suppressed"))["team"],
                     out.filter(pl.col("suppressed"))["sex"], strict=True))
    # A/U is small; A/M hides with it (within team A); then sex U and M each have one hidden
    # cell across the teams, so B/U and B/M hide as well
    assert hidden == {("A", "U"), ("A", "M"), ("B", "U"), ("B", "M")}
    assert out.filter(pl.col("suppressed"))["value"].null_count() == 4
    for dim, other in (("team", "sex"), ("sex", "team")):
        lone = out.group_by(other).agg(pl.col("suppressed").sum().alias("n"))
        assert 1 not in lone["n"].to_list(), dim


def test_a_frugal_run_gives_the_same_rows_in_the_order_asked():
    from workforce.demo import generate

    ledger = generate(staff=60, years=2, seed=3, today=date(2025, 3, 31))
    ids = ["M20", "turnover_rate_fte", "M22", "M14", "inpost_fte", "M41"]
    wins = [month(2025, m) for m in (1, 2, 3)]
    keep = run(ledger, ids, wins, by=["team"])
    frugal = run(ledger, ids, wins, by=["team"], frugal=True)  # two families at once
    assert frugal.equals(keep)
    assert list(dict.fromkeys(frugal["id"].to_list())) == ids
    assert run(ledger, ids, wins, by=["team"], frugal=True, workers=1).equals(keep)


def test_an_assignment_with_no_start_date_is_in_no_window_whatever_the_other_windows():
    # the binary search would put a missing start before every date
    from tests.core.ledger_builder import agency
    from workforce.measures.windows import Window

    ledger = build(assignments=[sw("a"), sw("b", start=None),
                                agency("c", start=None, end="2024-06-30", hourly_charge=50.0),
                                agency("d", start="2024-01-01", hourly_charge=50.0)])
    year = Window(date(2024, 1, 1), date(2024, 12, 31))
    assert get("M45a")(ledger, month(2024, 3))["value"][0] == 1
    alone = get("M33")(ledger, month(2024, 3))["value"][0]
    in_series = get("M33").many(ledger, [year, month(2024, 3)])["value"][1]
    assert alone == in_series == 7770.0  # d only: 21 weekdays × 7.4 hours × £50


def test_a_cell_sum_counts_its_people_whatever_was_asked_of_the_frame_before():
    from workforce.measures.cells import sum_of
    from workforce.measures.staffing import stock
    from workforce.measures.windows import frame

    ledger = build(assignments=[sw("a"), sw("b"), sw("c")])
    wins = frame([month(2024, 3)])
    s = stock(ledger, wins, "social_worker")
    assert sum_of(s, ledger, wins, [], "fte", people=None)["people"][0] is None
    assert sum_of(s, ledger, wins, [], "fte", people="staff_id")["people"][0] == 3


def test_forgetting_with_keep_keeps_the_shared_frames_but_not_what_was_derived_from_them():
    from workforce.measures import cache

    class Owner:  # a ledger stand-in: anything that can be weakly referenced
        pass

    owner = Owner()
    stock = pl.DataFrame({"x": [1, 2]})
    cache.memo(owner, ("stock", 1), lambda: stock)
    cache.memo(owner, ("cell_sums", 1), lambda: pl.DataFrame({"y": [3]}))
    cache.memo(stock, ("attached",), lambda: pl.DataFrame({"z": [4]}))
    cache.one_per_person(stock)
    cache.memo(stock, ("stock", "on the stock"), lambda: stock)  # a cycle: no endless loop
    cache.forget(owner, keep=lambda key: key[0] == "stock" or key == cache.ONE_PER_PERSON)
    assert cache.has(owner, ("stock", 1))
    assert cache.memo(owner, ("stock", 1), lambda: pl.DataFrame()) is stock
    assert not cache.has(owner, ("cell_sums", 1))
    assert not cache.has(stock, ("attached",))
    assert cache.has(stock, cache.ONE_PER_PERSON)  # a fact about a kept frame stays
    cache.forget(owner)
    assert not cache.has(owner, ("stock", 1))


@pytest.mark.parametrize("by", [["team"], ["team", "sex"], ["sex", "team"]])
def test_results_are_ordered_by_window_then_breakdowns_as_a_sort_would(by):
    import random

    from workforce.measures.registry import ordered

    rng = random.Random(7)
    frame = pl.DataFrame({
        "_w": [rng.choice([0, 1, 2, 10]) for _ in range(200)],
        "team": [rng.choice(["b", "a", "Z", "é", None]) for _ in range(200)],
        "sex": [rng.choice(["F", "M", None]) for _ in range(200)],
    }, schema={"_w": pl.Int32, "team": pl.String, "sex": pl.String})
    frame = frame.unique(["_w", *by]).select("_w", *by)  # one row per cell, as results are
    assert ordered(frame, by).equals(frame.sort(["_w", *by]))
    no_team = frame.with_columns(pl.lit(None, pl.String).alias("team")).unique(["_w", *by])
    assert ordered(no_team, by).equals(no_team.sort(["_w", *by]))


def test_results_with_a_repeated_cell_are_still_ordered():
    from workforce.measures.registry import ordered

    frame = pl.DataFrame({"_w": [2, 0, 2, 1, 0], "team": ["b", "a", "b", None, "c"],
                          "value": [1.0, 2.0, 3.0, 4.0, 5.0]},
                         schema={"_w": pl.Int32, "team": pl.String, "value": pl.Float64})
    got = ordered(frame, ["team"])
    assert got.select("_w", "team").equals(frame.sort(["_w", "team"]).select("_w", "team"))
    assert sorted(got["value"].to_list()) == [1.0, 2.0, 3.0, 4.0, 5.0]


@pytest.mark.parametrize("by", [[], ["level"], ["sex"], ["team"]])
def test_profile_shares_are_the_same_alone_as_after_the_other_headlines(by):
    # the headlines are counted in one pass memoised on the staff series: a measure asked
    # alone (cold) must give what it gives after the others, and in two lanes
    from workforce.demo import generate
    from workforce.measures import cache

    ledger = generate(staff=80, years=2, seed=5, today=date(2025, 3, 31))
    ids = ["M37", "M38", "M38a", "M39", "M41"]
    wins = [month(2025, m) for m in (1, 2, 3)]
    alone = {}
    for mid in ids:
        cache.clear()
        alone[mid] = get(mid).many(ledger, wins, by)
    cache.clear()
    together = {mid: get(mid).many(ledger, wins, by) for mid in ids}
    for mid in ids:
        assert together[mid].equals(alone[mid]), mid
    lanes = run(ledger, ids, wins, by=by, threshold=None, frugal=True, workers=2)
    for mid in ids:
        got = lanes.filter(pl.col("id") == mid).select(alone[mid].columns)
        assert got.equals(alone[mid].with_columns(pl.col("people").cast(pl.Int64))), mid


def test_cell_sums_in_one_pass_match_a_group_by_and_survive_a_forget():
    from workforce.measures import cache
    from workforce.measures.cells import cell_sums, expect

    frame = pl.DataFrame({"_w": [0, 0, 1, 1, 1, 2], "staff_id": ["p", "q", "p", "r", "r", None],
                          "fte": [1.0, 0.5, 0.8, None, 1.0, 0.7]},
                         schema={"_w": pl.Int32, "staff_id": pl.String, "fte": pl.Float64})
    ledger = build(assignments=[sw("a")])
    band = (pl.col("fte") > 0.6).cast(pl.Float64)
    expect(frame, band)
    expect(frame, 2.0)  # declarations add up
    fte, one, again = cell_sums(frame, ledger, [], "w_end",
                                [pl.col("fte"), pl.lit(1.0), pl.col("fte")], "staff_id")
    want = frame.group_by("_w").agg(
        pl.col("fte").sum().alias("fte"), pl.len().cast(pl.Float64).alias("one"),
        pl.col("staff_id").drop_nulls().n_unique().alias("people")).sort("_w")

    def check(got, col):
        got = got.sort("_w")
        assert got["_s"].to_list() == want[col].to_list()
        assert got["_in"].cast(pl.Int64).to_list() == want["people"].to_list() == [2, 2, 0]

    check(fte, "fte")
    check(one, "one")
    assert again.equals(fte)
    # the people behind a sum are those on rows where it is not 0: fte > 0.6 is p alone in
    # window 0, p and r in window 1
    (banded,) = cell_sums(frame, ledger, [], "w_end", [band], "staff_id")
    assert banded.sort("_w")["_in"].cast(pl.Int64).to_list() == [1, 2, 0]
    assert cache.has(frame, ("cell_sums", (), "w_end", str(band), "staff_id"))
    assert cache.has(frame, ("cell_sums", (), "w_end", str(pl.lit(2.0)), "staff_id"))
    cache.forget(frame, keep=lambda key: False)  # another lane forgot it all
    (after,) = cell_sums(frame, ledger, [], "w_end", [pl.lit(1.0)], "staff_id")
    check(after, "one")


@pytest.mark.parametrize("w", [[0, 5000, 2], [None, 1, 0], [-1, 2, 0]])
def test_results_are_ordered_when_keys_are_many_or_windows_odd(w):
    from workforce.measures.registry import ordered

    frame = pl.DataFrame({"_w": w, "team": ["b", "a", None]},
                         schema={"_w": pl.Int32, "team": pl.String})
    assert ordered(frame, ["team"]).equals(frame.sort(["_w", "team"]))


def test_separate_lists_records_without_an_assignment_with_the_listed():
    """A record with no assignment id may repeat its person: it is de-duplicated."""
    from workforce.measures.population import separate

    recs = pl.DataFrame({"assignment_id": ["a", "b", None, "c"], "n": [1, 2, 3, 4]})
    others, listed = separate(recs, pl.Series(["b", "x"]))
    assert others["n"].to_list() == [1, 4] and listed["n"].to_list() == [2, 3]
    none, listed = separate(recs, pl.Series([], dtype=pl.String))
    assert none["n"].to_list() == [1, 2, 4] and listed["n"].to_list() == [3]


@pytest.mark.parametrize("one_each", [True, False])
def test_counting_among_flagged_rows_matches_filtering(one_each):
    from workforce.measures.aggregate import distinct

    frame = pl.DataFrame({"g": [1, 1, 1, 2, 2, 3], "p": ["x", "y", None, "x", "z", None],
                          "f": [True, None, True, False, True, True]})
    col, flag = pl.col("p"), pl.col("f")
    got = frame.group_by("g").agg(distinct(col, one_each, flag).alias("n")).sort("g")
    old = col.filter(flag)
    want = frame.group_by("g").agg(
        (old.count() if one_each else old.drop_nulls().n_unique()).alias("n")).sort("g")
    assert got["n"].to_list() == want["n"].to_list() == [1, 1, 0]
    assert frame.head(0).select(distinct(col, one_each, flag))[0, 0] == 0


def test_shares_de_duplicate_repeats_only_when_counting_the_people_they_are_about():
    from workforce.measures.records import shares

    ledger = build(assignments=[sw("a")])
    recs = pl.DataFrame({"staff_id": ["p", "p", "q", "r"], "assignment_id": ["a1", "a2", "b", "c"],
                         "cat": ["F", "F", "F", "M"], "hit": [True, True, True, False]})
    cats = {"cat": ["F", "M"]}
    twice = pl.Series(["a1", "a2"])
    for by in (["cat"], []):  # (fresh frames: results are memoised on the records)
        with_repeats = shares(recs.clone(), ledger, by, date(2025, 1, 1), cats,
                              people="assignment_id", repeats=twice)
        plain = shares(recs.clone(), ledger, by, date(2025, 1, 1), cats, people="assignment_id")
        assert with_repeats.equals(plain), by
        both = recs.clone()  # and the one frame asked both ways gives each its answer
        shares(both, ledger, by, date(2025, 1, 1), cats, people="assignment_id", repeats=twice)
        assert shares(both, ledger, by, date(2025, 1, 1), cats, people="assignment_id",
                      key="assignment_id").equals(shares(
                          recs.clone(), ledger, by, date(2025, 1, 1), cats,
                          people="assignment_id", key="assignment_id")), by
    by_cat = shares(recs, ledger, ["cat"], date(2025, 1, 1), cats, people="assignment_id")
    # F: three assignments (two people), but the one outside it counts too (3 of 4 F tells
    # which is the M); M: one
    assert by_cat.sort("cat")["people"].to_list() == [1, 1]
    assert by_cat.sort("cat")["numerator"].to_list() == [2.0, 1.0]


def test_engine_rows_are_each_measure_s_series_suppressed_as_one_table():
    # the engine suppresses a result before it adds the measure and organisation columns:
    # the same as suppressing the whole table with them (they are the same on every row)
    # (along `unit`, with the units' residual cells, which are then dropped, and knowing the
    # tables by unit alone and by sex alone)
    from workforce.demo import generate
    from workforce.measures.dimensions import parents_of
    from workforce.measures.registry import shown_units
    from workforce.measures.suppression import suppress
    from workforce.measures.windows import Window

    ledger = generate(staff=60, years=2, seed=3, today=date(2025, 3, 31))
    wins = [month(2025, 1), Window(date(2024, 6, 3), date(2024, 11, 17)), month(2024, 2)]
    by, org = ["unit", "sex"], ledger.organisations[0]
    org_ledger = ledger.for_organisation(org)
    # plain measures (a measure hidden with others, `measures.shared`, hides more)
    for mid in ("leavers_headcount", "leavers_fte", "M22"):
        rows = get(mid).many(org_ledger, wins, by, residuals=True)
        assert rows.select("start", "end").unique(maintain_order=True).rows() == [
            (w.start, w.end) for w in wins if rows.filter(pl.col("end") == w.end).height]
        parents = parents_of(org_ledger.unit)
        coarser = [suppress(get(mid).many(org_ledger, wins, ["unit"], residuals=True), 5,
                            ["unit"], parents), suppress(get(mid).many(org_ledger, wins,
                                                                       ["sex"]), 5, ["sex"])]
        whole = shown_units(suppress(rows.with_columns(
            pl.lit(mid).alias("id"), pl.lit(org).alias("organisation")), 5, by, parents,
            [c.select("start", "end", b, "suppressed")
             for c, b in zip(coarser, by, strict=True)]), by)
        out = run(ledger, [mid], wins, by=by)
        assert out.select(whole.columns).equals(whole), mid
        assert out["suppressed"].any(), mid  # small cells: the rule was exercised


def test_a_frugal_run_keeps_the_stocks_at_window_ends_only():
    # stocks at the windows' starts or a year before serve one family: a frugal run does
    # not hold them from one family to the next
    from workforce.measures.engine import _shared

    wins = ((date(2025, 1, 1),), (date(2025, 1, 31),))
    assert _shared(("stock", None, True, "w_end", wins))
    assert _shared(("heads", "social_worker", True, "w_end", wins))
    assert not _shared(("stock", None, True, "w_start", wins))
    assert not _shared(("heads", None, True, "w_prev", wins))
    assert _shared(("population", None, True)) and _shared(("spells",))
    assert not _shared(("cell_sums", ("team",), "w_end", "1", "staff_id"))


def test_a_lane_does_not_forget_what_the_lane_beside_it_is_using():
    from workforce.measures import cache

    owner, a, b = pl.DataFrame({"x": [1]}), object(), object()
    with cache.lane(a):
        cache.memo(owner, ("both",), lambda: 1)
        cache.memo(owner, ("a only",), lambda: 2)
    with cache.lane(b):
        cache.memo(owner, ("both",), lambda: -1)  # found, not built
        cache.memo(owner, ("b only",), lambda: 3)
    cache.forget(owner, keep=lambda key: False, lane=a)  # a's family is done
    assert not cache.has(owner, ("a only",))
    assert cache.memo(owner, ("both",), lambda: -1) == 1 and cache.has(owner, ("b only",))
    cache.forget(owner, keep=lambda key: False, lane=a)  # b has not used them since
    assert not cache.has(owner, ("both",)) and not cache.has(owner, ("b only",))


def test_two_lanes_asking_at_once_build_once_and_a_build_may_ask_for_its_own_key():
    import threading

    from workforce.measures import cache

    owner, built = pl.DataFrame({"x": [1]}), []
    asked = threading.Event()  # set once the second lane is waiting on the first's build

    def build():
        built.append(1)
        asked.wait(5)  # the other lane asks meanwhile
        return len(built)

    got = []

    def first():
        got.append(cache.memo(owner, ("k",), build))

    def second():
        while not built:  # the first lane is building
            threading.Event().wait(0.001)
        asked.set()
        got.append(cache.memo(owner, ("k",), build))

    lanes = [threading.Thread(target=f, daemon=True) for f in (first, second)]
    for t in lanes:
        t.start()
    for t in lanes:
        t.join(10)
    assert not any(t.is_alive() for t in lanes)
    assert got == [1, 1] and built == [1]
    # as cells.cell_sums does when another lane forgot a sum: no waiting on itself
    nested = threading.Thread(target=lambda: got.append(cache.memo(
        owner, ("n",), lambda: cache.memo(owner, ("n",), lambda: 2) + 1)), daemon=True)
    nested.start()
    nested.join(5)
    assert not nested.is_alive() and got[-1] == 3


def test_a_lane_inside_a_lane_gives_the_outer_one_back():
    from workforce.measures import cache

    owner, outer, inner = pl.DataFrame({"x": [1]}), object(), object()
    with cache.lane(outer):
        with cache.lane(inner):
            cache.memo(owner, ("inner",), lambda: 1)
        cache.memo(owner, ("outer",), lambda: 2)  # used by `outer`, not by no lane
    cache.forget(owner, keep=lambda key: False, lane=inner)
    assert cache.has(owner, ("outer",)) and not cache.has(owner, ("inner",))


@pytest.mark.parametrize("by", [["team"], ["unit"], []])
def test_a_stock_counts_the_people_a_distinct_count_would(by):
    # only the people of assignments flagged as overlapping another are de-duplicated: the
    # others are their person's one row in their window
    from workforce.measures import cache
    from workforce.measures.cells import cell_sums
    from workforce.measures.dimensions import attach
    from workforce.measures.staffing import stock
    from workforce.measures.windows import frame

    ledger = build(assignments=[
        sw("alone"), sw("moved", end="2024-02-10"), sw("moved", unit="B", start="2024-02-11"),
        sw("two", fte=0.5), sw("two", unit="B", fte=0.5, start="2024-02-01"),
        sw("twice", fte=0.5, end="2024-03-31"), sw("twice", fte=0.5, start="2024-03-01"),
        sw("later", start="2024-03-01"),
        sw("agency", contract="agency", start="2024-01-15", end="2024-03-05"),
        # directly employed and agency at once, and a manager besides the social workers
        sw("both", end="2024-02-20"), agency("both", unit="B", start="2024-02-01"),
        sw("boss", staff_group="manager", org_role="3")])
    wins = frame([month(2024, m) for m in (1, 2, 3, 4)])
    for group, direct, at in itertools.product((None, "social_worker"), (True, None),
                                               ("w_end", "w_start")):
        s = stock(ledger, wins, group, direct, at)
        assert cache.has(s, cache.ALONE_UNLESS_OVERLAP) and s["_overlap"].any()
        (got,) = cell_sums(s, ledger, by, at, [pl.lit(1.0)], "staff_id")
        want = attach(s, ledger, by, at).group_by(["_w", *by]).agg(
            pl.col("staff_id").n_unique().cast(pl.Int64).alias("people"))
        keys = ["_w", *by]
        assert got.sort(keys)["_in"].cast(pl.Int64).to_list() == want.sort(keys)[
            "people"].to_list(), (group, direct, at)


@pytest.mark.parametrize("kind", ["any rows", "one per person"])
@pytest.mark.parametrize("by", [["unit"], ["unit", "contract"]])
def test_sums_by_unit_rolled_up_from_own_units_are_the_records_repeated_per_unit(kind, by):
    # a table by unit is worked out from each record's own unit's sums, rolled up; it must
    # be what the records repeated in every unit above them (and their unit's residual
    # cell) give: people in two teams of one service at once, in a team and in the service
    # itself, several rows in one team, no unit, a unit not in the unit table, no person
    from workforce.measures import cache
    from workforce.measures.cells import cell_sums
    from workforce.measures.dimensions import attach

    ledger = build(
        assignments=[sw("a"), sw("b", unit="B")],
        units=[{"code": "SVC2", "name": "Other", "kind": "service", "parent": "DIR"},
               {"code": "C", "name": "Team C", "kind": "team", "parent": "SVC2"}])
    rows = [  # (_w, staff_id, unit, contract, fte)
        (0, "p", "A", "permanent", 1.0), (0, "q", "A", "permanent", 0.5),
        (0, "q", "B", "agency", 0.5), (0, "r", "SVC", "permanent", 1.0),
        (0, "s", "C", "permanent", 0.0), (0, "t", None, "permanent", 1.0),
        (1, "p", "A", "permanent", 0.6), (1, "p", "A", "permanent", 0.4),
        (1, "q", "B", "permanent", 1.0), (1, "q", "SVC", "permanent", 1.0),
        (1, "u", "ZZ", "agency", 1.0), (1, None, "C", "permanent", 1.0),
        (2, "v", "C", "permanent", 0.5), (2, "v", "A", "permanent", 0.5),
    ]
    if kind == "one per person":  # each person once a window
        seen: set = set()
        rows = [r for r in rows if not ((r[0], r[1]) in seen or seen.add((r[0], r[1])))]
    frame = pl.DataFrame(rows, schema={"_w": pl.Int32, "staff_id": pl.String,
                                       "unit": pl.String, "contract": pl.String,
                                       "fte": pl.Float64}, orient="row")
    if kind == "one per person":
        cache.one_per_person(frame)
    exprs = [pl.col("fte"), pl.lit(1.0), (pl.col("fte") >= 1).cast(pl.Float64)]
    got = cell_sums(frame, ledger, by, "w_end", exprs, "staff_id")
    recs = attach(frame, ledger, by, "w_end")
    keys = ["_w", *by]
    for e, table in zip(exprs, got, strict=True):
        x = recs.with_columns(e.cast(pl.Float64).alias("_x"))  # row by row (a constant too)
        among = (pl.col("staff_id") if e.meta.is_literal()
                 else pl.col("staff_id").filter(pl.col("_x") != 0))
        want = x.group_by(keys).agg(pl.col("_x").sum().alias("_s"),
                                    among.drop_nulls().n_unique().alias("_in"))
        have = table.sort(keys, nulls_last=True)
        want = want.sort(keys, nulls_last=True)
        assert have.select(keys).rows() == want.select(keys).rows(), str(e)
        assert have["_s"].to_list() == pytest.approx(want["_s"].to_list()), str(e)
        assert have["_in"].cast(pl.Int64).to_list() == want["_in"].cast(pl.Int64).to_list(), \
            str(e)
    # SVC's residual cell is r (and q in window 1): the service's own records
    res = got[1].filter(pl.col("unit") == "SVC\x1f(direct)").sort("_w")
    assert res["_s"].to_list() == ([1.0, 1.0] if kind == "any rows" else [1.0])


def _units_ledger() -> Ledger:
    return build(
        assignments=[sw("a"), sw("b", unit="B")],
        units=[{"code": "SVC2", "name": "Other", "kind": "service", "parent": "DIR"},
               {"code": "C", "name": "Team C", "kind": "team", "parent": "SVC2"}])


@pytest.mark.parametrize("keys", [("staff_id",), ("staff_id", "course")])
@pytest.mark.parametrize("by", [["unit"], ["unit", "contract"]])
def test_rates_by_unit_rolled_up_from_own_units_are_the_records_repeated_per_unit(keys, by):
    # summarise / summed / maximum keep their records per own unit and roll the sums up;
    # they must give what the records repeated in every unit above them give: a person in
    # two teams at once with different figures in each (the service takes the larger), in
    # a team and the service itself, a key in two units, no unit, an unknown unit
    from workforce.measures.aggregate import maximum, ratio, total
    from workforce.measures.dimensions import attach
    from workforce.measures.records import _per_window, one_each, per_key, summarise, summed
    from workforce.measures.windows import frame

    ledger = _units_ledger()
    wins = frame([month(2024, m) for m in (1, 2, 3)])
    rows = [  # (_w, staff_id, unit, contract, course, num, den)
        (0, "p", "A", "permanent", "x", 1.0, 1.0), (0, "q", "A", "permanent", "x", 0.0, 1.0),
        (0, "q", "B", "agency", "y", 1.0, 1.0), (0, "r", "SVC", "permanent", "x", 1.0, 1.0),
        (0, "s", "C", "permanent", "y", 0.0, 1.0), (0, "t", None, "permanent", "x", 1.0, 1.0),
        (1, "p", "A", "permanent", "x", 1.0, 1.0), (1, "p", "A", "permanent", "y", 0.0, 1.0),
        (1, "q", "B", "permanent", "x", 0.0, 1.0), (1, "q", "SVC", "permanent", "y", 1.0, 1.0),
        (1, "u", "ZZ", "agency", "x", 1.0, 1.0), (2, "v", "C", "permanent", "x", 0.0, 1.0),
        (2, "v", "A", "permanent", "x", 1.0, 1.0), (2, "w", "B", "permanent", "y", 1.0, 0.0),
        (2, "v", "A", "permanent", "y", 1.0, 1.0),  # one key of v's in two units, one not
    ]
    records = pl.DataFrame(rows, schema={
        "_w": pl.Int32, "staff_id": pl.String, "unit": pl.String, "contract": pl.String,
        "course": pl.String, "num": pl.Float64, "den": pl.Float64}, orient="row").join(
        wins.select("_w", "w_end"), on="_w")
    k = _per_window(keys)
    plain = per_key(records, ledger, by, "w_end", k)  # the records repeated per unit
    assert "unit" in plain.columns
    each = one_each(keys, "staff_id")
    order = ["_w", *by]

    def same(got, want):
        got, want = got.sort(order, nulls_last=True), want.sort(order, nulls_last=True)
        assert got.select(order).rows() == want.select(order).rows()
        for c in ("numerator", "denominator", "value", "people"):
            assert got[c].to_list() == pytest.approx(want[c].to_list(), nan_ok=True), c

    same(summarise(records, ledger, by, wins, keys),
         ratio(plain, by, windows=wins, one_each=each))
    same(summed(records, ledger, by, wins, keys), total(plain, by, windows=wins, one_each=each))
    same(summed(records, ledger, by, wins, keys, people=None),
         total(plain, by, windows=wins, people=None))
    late = attach(records, ledger, by, "w_end", defer=True)
    assert "unit" not in late.columns  # a group-by on unit fails rather than miscounting
    same(maximum(late, by, "num", windows=wins, ledger=ledger),
         maximum(attach(records, ledger, by, "w_end"), by, "num", windows=wins))
    with pytest.raises(ValueError, match="need the ledger"):
        ratio(late, by)


@pytest.mark.parametrize("repeats", [True, False])
@pytest.mark.parametrize("by", [["unit"], ["unit", "cat"]])
def test_shares_by_unit_rolled_up_are_the_people_of_each_unit_and_those_below(repeats, by):
    # a person with two assignments at once in two teams of one service, or in a team and
    # the service itself, is one person in the service and in the directorate
    from workforce.measures.dimensions import attach
    from workforce.measures.records import shares
    from workforce.measures.windows import frame

    ledger = _units_ledger()
    wins = frame([month(2024, m) for m in (1, 2)])
    rows = [  # (_w, staff_id, assignment_id, unit, cat, hit)
        (0, "p", "p1", "A", "F", True), (0, "p", "p2", "B", "F", True),
        (0, "q", "q1", "A", "M", False), (0, "r", "r1", "SVC", "F", True),
        (0, "r", "r2", "A", "F", True), (0, "s", "s1", "C", "M", True),
        (1, "p", "p1", "A", "F", True), (1, "t", "t1", None, "F", False),
        (1, "u", "u1", "ZZ", "M", True), (1, "q", "q1", "B", "M", False),
    ]
    recs = pl.DataFrame(rows, schema={
        "_w": pl.Int32, "staff_id": pl.String, "assignment_id": pl.String,
        "unit": pl.String, "cat": pl.String, "hit": pl.Boolean}, orient="row").join(
        wins.select("_w", "w_end"), on="_w")
    twice = pl.Series(["p1", "p2", "r1", "r2"]) if repeats else None
    got = shares(recs, ledger, by, "w_end", {"cat": ["F", "M"]}, windows=wins,
                 repeats=twice).sort("_w", *by, nulls_last=True)
    every = attach(recs, ledger, [b for b in by if b != "cat"], "w_end")
    group = ["_w", *(b for b in by if b != "cat")]
    whole = every.group_by(group).agg(pl.col("staff_id").n_unique().alias("den"))
    if "cat" in by:
        part = every.group_by([*group, "cat"]).agg(pl.col("staff_id").n_unique().alias("num"))
        want = whole.join(pl.DataFrame({"cat": ["F", "M"]}), how="cross").join(
            part, on=[*group, "cat"], how="left", nulls_equal=True)
    else:
        want = whole.join(every.filter("hit").group_by(group).agg(
            pl.col("staff_id").n_unique().alias("num")), on=group, how="left", nulls_equal=True)
    want = want.with_columns(pl.col("num").fill_null(0)).sort("_w", *by, nulls_last=True)
    assert got.select("_w", *by).rows() == want.select("_w", *by).rows()
    assert got["numerator"].to_list() == want["num"].cast(pl.Float64).to_list()
    assert got["denominator"].to_list() == want["den"].cast(pl.Float64).to_list()
    svc = got.filter((pl.col("unit") == "SVC") & (pl.col("_w") == 0))
    assert svc["denominator"].to_list()[0] == 3  # p and r once each, and q (s is in SVC2)


@pytest.mark.parametrize("noise", [(0.0, 3e-15), (3e-15, 0.0)])
def test_a_complement_between_equal_figures_is_chosen_by_key_whatever_their_last_digits(noise):
    # two sums of one figure, added in different orders, differ in their last digits: the
    # complement hidden with a small cell must not depend on which came out smaller
    from workforce.measures.suppression import suppress

    a, b = (1.6377281553398042 + n for n in noise)
    rows = pl.DataFrame({
        "id": ["m"] * 3, "organisation": ["T1"] * 3, "start": [1] * 3, "end": [1] * 3,
        "team": ["A", "B", "C"], "numerator": [a, b, 2.0], "denominator": [None] * 3,
        "value": [a, b, 2.0], "people": [8, 8, 2]})
    out = suppress(rows, 5, by=["team"])
    assert out.filter(pl.col("suppressed"))["team"].sort().to_list() == ["A", "C"]


def test_a_window_asked_for_twice_is_one_window_suppressed_once():
    """As two, each copy of a cell was suppressed on its own: a small figure hidden in one
    copy was shown in the other (a dashboard comparing quarters with a year earlier asked
    for some quarters twice and showed whichever copy came last)."""
    from workforce.demo import generate
    from workforce.measures.windows import quarter

    ledger = generate(staff=150, years=3, seed=3, today=date(2026, 3, 31))
    q2 = quarter(2025, 2)
    wins = [q2, quarter(2025, 3), Window(q2.start, q2.end, "another label"), quarter(2025, 4)]
    twice = run(ledger, ["M45a", "M17"], windows=wins, by=["unit"])
    once = run(ledger, ["M45a", "M17"], windows=[w for w in wins if w.label != "another label"],
               by=["unit"])
    keys = ["id", "start", "end", "unit"]
    # the same cells, hidden alike; figures equal but for the order floats are added in,
    # which polars may change with the rows it is given (polars 2.2 does, here)
    assert_frame_equal(twice.sort(keys, nulls_last=True), once.sort(keys, nulls_last=True),
                       check_exact=False, rel_tol=1e-12, abs_tol=1e-9)
    assert twice.select(keys).is_duplicated().sum() == 0
