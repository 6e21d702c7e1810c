"""Manager work lists: who is on each list, on hand-built ledgers with exact answers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.ledger_b import a, build, p
from workforce_web.dashboards import worklists

AT = date(2025, 6, 30)


def names(ledger, key: str, units=None, threshold: float = 20.0) -> list[str]:
    out = worklists.people(ledger, worklists.BY_KEY[key], AT, units, threshold)
    return out["staff_id"].to_list()


def test_supervision_is_overdue_after_two_months_without_a_one_to_one():
    ledger = build(
        person=[p("A"), p("B"), p("C"), p("NEW")],
        assignment=[a("A", "2020-01-01"), a("B", "2020-01-01"), a("C", "2020-01-01"),
                    a("NEW", "2025-06-01")],
        supervision=[{"staff_id": "A", "date": "2025-06-10", "kind": "individual"},
                     {"staff_id": "B", "date": "2025-04-29", "kind": "individual"},
                     {"staff_id": "C", "date": "2025-06-10", "kind": "group"}])
    assert names(ledger, "supervision") == ["B", "C"]  # NEW has not been here two months


def test_long_term_absence_takes_someone_off_the_supervision_list():
    ledger = build(person=[p("A")], assignment=[a("A", "2020-01-01")],
                   absence=[{"staff_id": "A", "start_date": "2025-05-01", "end_date": None,
                             "reason": "SIC", "working_days_lost": 40.0}])
    assert names(ledger, "supervision") == []


def test_appraisal_is_overdue_without_a_completed_annual_appraisal_in_12_months():
    ledger = build(
        person=[p("A"), p("B"), p("NEW"), p("AG")],
        assignment=[a("A", "2020-01-01"), a("B", "2020-01-01"), a("NEW", "2025-03-01"),
                    a("AG", "2020-01-01", contract="agency")],
        appraisal=[{"staff_id": "A", "date": "2024-09-01", "kind": "annual",
                    "status": "completed"},
                   {"staff_id": "B", "date": "2025-05-01", "kind": "annual",
                    "status": "scheduled"}])
    assert names(ledger, "appraisal") == ["B"]


def test_training_lists_expired_never_completed_and_expiring_courses():
    ledger = build(
        person=[p("A")], assignment=[a("A", "2020-01-01")],
        course=[{"code": "SG", "title": "Safeguarding", "mandatory": True,
                 "validity_months": 12},
                {"code": "DP", "title": "Data protection", "mandatory": True},
                {"code": "FA", "title": "First aid", "mandatory": True,
                 "validity_months": 36},
                {"code": "OPT", "title": "Optional", "mandatory": False},
                {"code": "EH", "title": "Early help only", "mandatory": True,
                 "audience": "early_help"}],
        training=[{"staff_id": "A", "course": "SG", "completed_date": "2024-06-01"},
                  {"staff_id": "A", "course": "FA", "completed_date": "2022-08-01"}])
    out = worklists.people(ledger, worklists.BY_KEY["training"], AT, None)
    got = dict(zip(out["course_title"].to_list(), out["training_status"].to_list(),
                   strict=True))
    assert got == {"Safeguarding": "Expired", "Data protection": "Never completed",
                   "First aid": "Expiring soon"}


def test_induction_lists_recent_starters_missing_a_step():
    done = [{"staff_id": "B", "step": s, "completed_date": "2025-05-01",
             "outcome": "completed"} for s in ("corporate_day1", "corporate_day2", "local")]
    ledger = build(
        person=[p("A"), p("B"), p("OLD")],
        assignment=[a("A", "2025-04-01"), a("B", "2025-04-01"), a("OLD", "2020-01-01")],
        induction=[*done, {"staff_id": "A", "step": "corporate_day1",
                           "completed_date": "2025-04-10", "outcome": "completed"}])
    out = worklists.people(ledger, worklists.BY_KEY["induction"], AT, None)
    assert out["staff_id"].to_list() == ["A"]
    assert out["missing_steps"].to_list() == ["corporate_day2, local"]
    assert out["induction_due"].to_list() == [date(2025, 6, 30)]


def test_caseload_above_the_threshold_is_per_fte_on_the_latest_snapshot():
    ledger = build(
        person=[p("A"), p("B"), p("C")],
        assignment=[a("A", "2020-01-01"), a("B", "2020-01-01", fte=0.5),
                    a("C", "2020-01-01")],
        caseload=[{"staff_id": "A", "date": "2025-06-01", "cases": 25},
                  {"staff_id": "A", "date": "2025-06-28", "cases": 18},
                  {"staff_id": "B", "date": "2025-06-28", "cases": 12},
                  {"staff_id": "C", "date": "2025-01-01", "cases": 40}])
    assert names(ledger, "caseload") == ["B"]  # 24 per FTE; C's snapshot is too old
    assert names(ledger, "caseload", threshold=25) == []


@pytest.mark.parametrize("key", sorted(worklists.BY_KEY))
def test_lists_keep_only_the_units_asked_for(key):
    ledger = build(person=[p("A"), p("B")],
                   assignment=[a("A", "2020-01-01"), a("B", "2020-01-01", unit="T2")],
                   course=[{"code": "DP", "title": "Data protection", "mandatory": True}],
                   caseload=[{"staff_id": s, "date": "2025-06-28", "cases": 30}
                             for s in ("A", "B")])
    everyone = names(ledger, key)
    only_t2 = names(ledger, key, units={"T2"})
    assert set(only_t2) <= {"B"} and "A" not in only_t2
    assert set(only_t2) <= set(everyone)


def test_training_is_held_while_the_longest_lasting_completion_runs_as_in_m22():
    # a refresher with a shorter expiry does not cut short a completion that still runs
    ledger = build(
        person=[p("A")], assignment=[a("A", "2020-01-01")],
        course=[{"code": "SG", "title": "Safeguarding", "mandatory": True,
                 "validity_months": 12}],
        training=[{"staff_id": "A", "course": "SG", "completed_date": "2024-01-01",
                   "expiry_date": "2027-01-01"},
                  {"staff_id": "A", "course": "SG", "completed_date": "2024-06-01"}])
    assert names(ledger, "training") == []
    from workforce.measures import get
    from workforce.measures.windows import Window
    assert get("M22")(ledger, Window(AT, AT))["value"][0] == 100.0


def test_supervision_eligibility_and_gap_use_the_two_months_m20b_counts():
    # the two months to 30 June 2025 run from 1 May: someone in post from 1 May is eligible
    # (in post every day of them); a one-to-one on 30 April is outside them
    ledger = build(
        person=[p("MAY1"), p("APR30")],
        assignment=[a("MAY1", "2025-05-01"), a("APR30", "2020-01-01")],
        supervision=[{"staff_id": "APR30", "date": "2025-04-30", "kind": "individual"}])
    assert names(ledger, "supervision") == ["APR30", "MAY1"]
