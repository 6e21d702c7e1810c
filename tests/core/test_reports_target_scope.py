"""Which of the strategy's targets a report assesses and lists: the whole organisation's
report every target; a unit's report the whole organisation's and those for the unit and the
units below it (`goals.for_report`), never a unit beside or above it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.core.ledger_builder import build as tiny_ledger
from tests.core.ledger_builder import sw
from workforce.reports import Request, build
from workforce.strategy.plan import Action, Plan, Target, TrackedMeasure

TODAY = date(2025, 11, 15)
# every target off its trajectory (entered 21.0 against a goal of 10 from 20), so each is a
# row of the exceptions table
RED = dict(tracked="REREF", baseline_value=20.0, baseline_date=date(2025, 3, 31),
           target_value=10.0, target_date=date(2028, 3, 31), period="quarter")
PLAN = Plan("T1", "Strategy", date(2025, 4, 1), date(2028, 3, 31), targets=(
    Target("T1", "Whole goal", **RED),
    Target("T2", "Team A goal", scope_unit="A", **RED),
    Target("T3", "Team B goal", scope_unit="B", **RED),
    Target("T4", "Service goal", scope_unit="SVC", **RED),
    Target("T5", "Team A, social workers only", scope_unit="A",
           scope_filter="staff_group=social_worker", **RED),
), tracked=(TrackedMeasure("REREF", "Re-referrals", "Of referrals", "percent", "down",
                           "quarterly", (("2025-Q2", 22.5), ("2025-Q3", 21.0))),))
LISTED = {"": {"T1", "T2", "T3", "T4", "T5"}, "DIR": {"T1", "T2", "T3", "T4", "T5"},
          "SVC": {"T1", "T2", "T3", "T4", "T5"}, "A": {"T1", "T2", "T5"}, "B": {"T1", "T3"}}


@pytest.fixture(scope="module")
def ledger():
    return tiny_ledger(assignments=[sw("p1"), sw("p2", unit="B")])


@pytest.mark.parametrize("unit", list(LISTED))
def test_a_report_lists_the_targets_of_its_unit_and_below_and_the_organisations(ledger,
                                                                                unit):
    report = build(ledger, Request("2025-Q3", unit=unit, plan=PLAN, produced=TODAY))
    exceptions = report.section("exceptions")
    assert {r[0].text for r in exceptions.tables[0].rows} == LISTED[unit]
    assert exceptions.points[0].startswith(f"{len(LISTED[unit])} targets: ")


def test_the_targets_kept_for_a_unit(ledger):
    from workforce.reports.goals import for_report  # new with the rule

    assert for_report(PLAN, ledger.unit, "") is PLAN
    assert for_report(None, ledger.unit, "A") is None
    assert [t.ref for t in for_report(PLAN, ledger.unit, "A").targets] == ["T1", "T2", "T5"]
    assert [t.ref for t in for_report(PLAN, ledger.unit, "SVC").targets] == [
        "T1", "T2", "T3", "T4", "T5"]


def test_a_units_report_says_which_targets_it_lists(ledger):
    report = build(ledger, Request("2025-Q3", unit="A", plan=PLAN, produced=TODAY))
    notes = " ".join(report.section("exceptions").notes)
    assert "the whole organisation's targets and those for this unit and the units below " \
           "it" in notes
    whole = build(ledger, Request("2025-Q3", plan=PLAN, produced=TODAY))
    assert "units below it" not in " ".join(whole.section("exceptions").notes)


ACTIONS = (Action("A1", "Recruit", "Whole-organisation action", due=date(2025, 6, 30)),
           Action("A2", "Recruit", "Team A's action", lead_unit="A", due=date(2025, 6, 30)),
           Action("A3", "Recruit", "Team B's action", lead_unit="B", due=date(2025, 6, 30)),
           Action("A4", "Recruit", "The service's action", lead_unit="SVC",
                  due=date(2025, 6, 30)),
           Action("A5", "Recruit", "A unit no longer in the structure", lead_unit="GONE",
                  due=date(2025, 6, 30)))
ACTIONS_LISTED = {"": {"A1", "A2", "A3", "A4", "A5"}, "SVC": {"A1", "A2", "A3", "A4"},
                  "A": {"A1", "A2"}, "B": {"A1", "A3"}}


@pytest.mark.parametrize("unit", list(ACTIONS_LISTED))
def test_a_units_report_lists_the_actions_it_or_a_unit_below_leads_and_the_organisations(
        ledger, unit):
    plan = replace(PLAN, actions=ACTIONS)
    report = build(ledger, Request("2025-Q3", unit=unit, plan=plan, produced=TODAY))
    section = report.section("actions")
    overdue = {r[0].text for r in section.tables[1].rows}  # every action is overdue
    assert overdue == ACTIONS_LISTED[unit]
    assert section.points[0].startswith(f"{len(ACTIONS_LISTED[unit])} actions: ")
    notes = " ".join(section.notes)
    assert ("the actions this unit or a unit below it leads" in notes) == bool(unit)


def test_days_overdue_agree_with_the_note_beside_them(ledger):
    """A3.5, due 1 June, was listed as 122 days overdue beside a note that they are counted to
    the quarter's end (121): the note says where they are counted to."""
    plan = replace(PLAN, actions=(Action("A1", "Recruit", "Due 1 June", due=date(2025, 6, 1)),
                                  Action("A2", "Recruit", "Due on the last day",
                                         due=date(2025, 9, 30))))
    section = build(ledger, Request("2025-Q3", plan=plan, produced=TODAY)).section("actions")
    overdue = section.tables[1]
    days = {r[0].text: r[4].text for r in overdue.rows}
    assert days == {"A1": str((date(2025, 10, 1) - date(2025, 6, 1)).days), "A2": "1"}
    assert "Days overdue are counted to 1 October 2025, the first day after the quarter's " \
           "end" in overdue.notes[0]
