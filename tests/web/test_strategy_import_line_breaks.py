"""Words typed on the web with line breaks (a browser sends each as CR LF) come back from
the plan's own export as typed. Excel files store a carriage return as `_x000D_`, which
the import read as it was: importing an unchanged export changed an action's description
to hold `_x000D_` before each new line, and added a second "you said, we did" entry (an
entry is known by its words)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy import pages, services
from workforce_web.strategy.models import Action, Change, Feedback
from workforce_web.strategy.store import save_plan

TYPED = "Too many agency staff\r\nin the assessment teams"


@pytest.fixture
def strategy(personas):
    return save_plan(replace(PLAN, feedback=()), None).strategy


def test_an_unchanged_export_with_line_breaks_typed_on_the_web_changes_nothing(
        strategy, personas):
    Feedback.objects.create(strategy=strategy, on=date(2025, 5, 1), you_said=TYPED)
    Action.objects.filter(strategy=strategy, ref="A2").update(description=TYPED)
    before = Change.objects.count()
    data = pages.export(strategy, date.today())
    stored, problems = services.import_workbook("T1", data, "plan.xlsx", personas["lead"])
    assert problems == [] and stored is not None
    assert list(Feedback.objects.values_list("you_said", flat=True)) == [TYPED]
    assert Action.objects.get(strategy=strategy, ref="A2").description == TYPED
    assert Change.objects.count() == before
