"""The change history reads the same whichever way a change came: an import records fields
and choices in the words the web's forms use (a status as 'In progress', a unit by its name,
a target's benchmark as its goal), not the codes stored, in the forms' order."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_copies import edited
from tests.web.test_strategy_import_stale import _set_status
from workforce_web.strategy import pages, services
from workforce_web.strategy.models import Action, Change
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _latest(item: str) -> str:
    return Change.objects.filter(item=item).first().summary


def _import(data: bytes, user, **more) -> None:
    stored, problems = services.import_workbook("T1", data, "plan.xlsx", user, **more)
    assert problems == [] and stored is not None


def test_a_replace_import_records_a_status_in_the_words_of_the_web_form(strategy, personas):
    lead = personas["lead"]
    old = pages.export(strategy, date.today())  # A2 not started
    _set_status(strategy, lead, "A2", "in_progress")
    assert _latest("Action A2") == "Status: Not started → In progress"  # the web's words
    _import(old, lead, replace_newer=True)
    imported = _latest("Action A2")
    assert imported == "Status: In progress → Not started"
    _set_status(strategy, lead, "A2", "in_progress")
    _set_status(strategy, lead, "A2", "not_started")  # the same change on the web
    assert _latest("Action A2") == imported


def test_an_import_records_an_actions_changes_as_the_action_form_does(strategy, personas):
    """The same change as `test_strategy_history`'s edit of A2 on the web, in the same
    words; and A1's RAG override by its name."""
    data = pages.export(strategy, date.today())
    data = edited(data, "Actions", "A2", Owner_name="Head of HR", Lead_unit="T1-B",
                  Due=date(2026, 6, 30), Status="In progress")
    data = edited(data, "Actions", "A1", RAG_override="Red", Override_reason="Pay review lost")
    _import(data, personas["lead"])
    assert _latest("Action A2") == ("Owner name: (empty) → Head of HR; Lead unit: (empty) → "
                                    "Team B; Due: 31 Mar 2026 → 30 Jun 2026; "
                                    "Status: Not started → In progress")
    assert _latest("Action A1") == ("RAG override: Amber → Red; Override reason: Waiting for "
                                    "the pay review → Pay review lost")
    a1 = Action.objects.get(ref="A1")
    assert (a1.rag_override, a1.lead_unit) == ("red", "T1-A")


def test_an_import_records_a_targets_and_a_tracked_measures_changes_as_their_forms_do(
        strategy, personas):
    data = pages.export(strategy, date.today())
    # the same change as `test_strategy_history`'s edit of T01 on the web, in the same words
    data = edited(data, "Targets", "T01", Target_value=15, Trajectory="linear",
                  Milestones=None)
    data = edited(data, "Targets", "T02", Benchmark="regional", Scope_unit="T1-A")
    data = edited(data, "Targets", "T03", Direction="at_most", Period="year")
    data = edited(data, "Tracked measures", "REREF", Polarity="up", Frequency="monthly")
    _import(data, personas["lead"])
    assert _latest("Target T01") == ("Target value: 16.7 → 15; Trajectory: Stepped → "
                                     "Linear; Milestones: 2026-03-31=22 → (empty)")
    assert _latest("Target T02") == ("Scope unit: (empty) → Team A; Benchmark goal: England "
                                     "average → regional average")
    assert _latest("Target T03") == ("Direction: (empty) → At most the target (lower is "
                                     "better); Period: the 3 months to the date → the 12 "
                                     "months to the date")
    assert _latest("Tracked measure REREF") == ("Polarity: Lower is better → Higher is "
                                                "better; Frequency: Quarterly (2025-Q3) → "
                                                "Monthly (2025-09)")
