"""Exit and stay interview measures (M32) on tiny hand-built ledgers with exact answers."""

from datetime import date

import polars as pl

from tests.core.ledger_b import a, build, p
from tests.core.series import assert_series_is_each_window
from workforce.measures import get
from workforce.measures.windows import Window, quarter

Q1 = quarter(2024, 1)


def interview(staff, on, kind="exit", r1=None, r2=None, r3=None):
    return {"staff_id": staff, "kind": kind, "date": on, "reason_1": r1, "reason_2": r2,
            "reason_3": r3}


def exits_ledger():
    return build(
        person=[p(x) for x in "ABCDFGH"],
        assignment=[a("A", "2020-01-01", "2024-01-31"), a("B", "2020-01-01", "2024-03-31"),
                    a("C", "2020-01-01", "2024-02-15"), a("D", "2020-01-01", "2024-02-29"),
                    a("F", "2020-01-01", "2024-02-01", contract="agency"),
                    a("G", "2020-01-01", "2024-02-10", unit="T2"),
                    a("H", "2020-01-01", "2024-03-01", unit="T2")],
        interview=[interview("A", "2024-01-20", r1="workload", r2="pay"),
                   interview("B", "2024-06-29", r1="career"),   # 90 days after leaving
                   interview("C", "2023-10-01", r1="pay"),      # too long before
                   interview("G", "2024-02-10"),                # no coded reason
                   interview("H", "2024-03-01", r1="workload", r2="management"),
                   interview("G", "2024-01-05", kind="stay"),
                   interview("H", "2024-01-06", kind="stay")])


def test_exit_interview_coverage_counts_leavers_interviewed_within_90_days():
    r = get("M32")(exits_ledger(), Q1).row(0, named=True)
    # leavers A, B, C, D, G, H (F is agency); covered A, B, G, H
    assert (r["numerator"], r["denominator"]) == (4, 6)


def test_main_reasons_sum_to_100_with_not_known_shown():
    r = get("M32a")(exits_ledger(), Q1, ["reason"])
    got = {x["reason"]: x["numerator"] for x in r.to_dicts() if x["numerator"]}
    assert got == {"workload": 2, "Not known": 1}
    assert set(r["denominator"]) == {3}
    assert r.height == 14  # 13 coded reasons and Not known
    assert round(sum(r["value"]), 9) == 100


def test_without_the_reason_breakdown_main_reasons_give_the_share_coded():
    r = get("M32a")(exits_ledger(), Q1).row(0, named=True)
    assert (r["numerator"], r["denominator"]) == (2, 3)


def test_reasons_mentioned_count_every_coded_reason():
    r = get("M32b")(exits_ledger(), Q1, ["reason"])
    got = {x["reason"]: x["numerator"] for x in r.to_dicts() if x["numerator"]}
    assert got == {"workload": 2, "pay": 1, "management": 1, "Not known": 1}


def test_reasons_break_down_by_the_team_at_the_interview():
    r = get("M32a")(exits_ledger(), Q1, ["team", "reason"])
    got = {(x["team"], x["reason"]): (x["numerator"], x["denominator"]) for x in r.to_dicts()
           if x["numerator"]}
    assert got == {("T1", "workload"): (1, 1), ("T2", "workload"): (1, 2),
                   ("T2", "Not known"): (1, 2)}


def test_stay_interviews_are_counted():
    r = get("M32c")(exits_ledger(), Q1, ["unit"])
    # T1 held none: 0, not no figure (a count)
    assert {x["unit"]: x["value"] for x in r.to_dicts()} == {"T2": 2, "S1": 2, "DIR": 2, "T1": 0}


def test_the_series_equals_the_window_by_window_answer_for_any_windows():
    # overlapping windows, a one-day window and an empty one
    windows = [Q1, quarter(2024, 2), Window(date(2024, 2, 1), date(2024, 6, 30)),
               Window(date(2024, 3, 1), date(2024, 3, 1)), Window(date(2010, 1, 1),
                                                                  date(2010, 1, 31))]
    for mid in ("M32", "M32a", "M32b", "M32c"):
        for by in ([], ["team"], ["reason"] if mid in ("M32a", "M32b") else ["unit"]):
            assert_series_is_each_window(exits_ledger(), mid, windows, by)


def test_a_count_is_0_in_a_team_with_nothing_to_count_in_every_window_and_by_team():
    """A total (a count or a sum with nothing to divide by) is 0 where a unit or team had
    nothing to count, in every window asked for, in one window or many: a team with no
    leavers in a month showed 'cannot be computed' beside the turnover's 0 leavers."""
    from workforce.ledger import Ledger
    from workforce.measures.windows import series

    ledger = exits_ledger()
    idle = ledger.unit.head(1).with_columns(pl.lit("S2").alias("code"),
                                           pl.lit("service").alias("kind"))  # no one in it
    ledger = Ledger({**{n: ledger[n] for n in ledger}, "unit": pl.concat([ledger.unit, idle])})
    months = series("monthly", date(2024, 1, 1), date(2024, 3, 31))
    for by, nothing in (("unit", "T1"), ("team", "T1"), ("service", "S2")):
        many = get("M32c").many(ledger, months, [by])
        assert set(many.filter(pl.col(by) == nothing)["value"].to_list()) == {0.0}, by
        assert many.filter(pl.col(by) == nothing).height == len(months)
    by_service = get("M32c").many(ledger, months, ["service"])  # DIR lies in no service
    assert by_service.filter(pl.col("service") == "(no service)")["value"].to_list() == [0] * 3
    one = get("M32c")(ledger, months[0], ["unit"])  # one window, as the series gives it
    assert dict(zip(one["unit"], one["value"], strict=True))["T1"] == 0
