"""A "you said, we did" entry is known by its date and its words: the plan's workbook, its
import, its history and its edit page all name it so. Two entries alike in both cannot be
told apart, so they are refused wherever they would be made, naming the cell: two rows of
a workbook, a workbook row that two stored entries are (made on the web before its form
refused them), and a second entry on the web. Before, an import matched every such row to
the first stored entry: the second row's words overwrote the first's, and the second
entry was never changed (or, new, never made).
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce.strategy.plan import Feedback as CoreFeedback
from workforce.strategy.workbook_write import export
from workforce_web.strategy import services
from workforce_web.strategy.models import Change, Feedback
from workforce_web.strategy.store import save_plan

[SAID] = PLAN.feedback  # 1 May 2025: "Too many agency staff"
TWICE = replace(PLAN, feedback=(SAID, replace(SAID, we_did="Agency cap agreed",
                                              source="Practice week", actions=())))


def _import(data: bytes, user=None):
    return services.import_workbook("T1", data, "plan.xlsx", user)


def _entries() -> list[tuple]:
    return sorted(Feedback.objects.values_list("on", "you_said", "we_did", "source"))


def test_two_rows_of_a_workbook_alike_in_date_and_words_are_refused(personas):
    stored, problems = _import(export(TWICE))
    assert stored is None
    [p] = problems
    assert (p.sheet, p.row, p.column, p.value) == ("Feedback", 3, "You said",
                                                   "Too many agency staff")
    assert p.message == ("Row 2 has the same date and words: an entry is known by them, so "
                         "which entry each row is cannot be told")
    assert _entries() == []


def test_a_row_two_stored_entries_are_is_refused_and_nothing_is_stored(personas):
    strategy = save_plan(PLAN, None).strategy
    first = Feedback.objects.get()
    second = Feedback.objects.create(strategy=strategy, on=SAID.on, you_said=SAID.you_said,
                                     we_did="Agency cap agreed", source="Practice week")
    before = (_entries(), Change.objects.count())
    changed = replace(PLAN, feedback=(replace(SAID, we_did="Changed in the workbook"),),
                      actions=(replace(PLAN.actions[1], title="Retitled in the workbook"),
                               PLAN.actions[0]))
    stored, problems = _import(export(changed), personas["lead"])
    assert stored is None
    [p] = problems
    assert (p.sheet, p.row, p.column, p.value) == ("Feedback", 2, "You said",
                                                   "Too many agency staff")
    assert p.message == ("The plan has 2 feedback entries of 1 May 2025 with these words, "
                         "and which of them this row is cannot be told")
    assert "“You said, we did” page" in p.hint
    assert (_entries(), Change.objects.count()) == before  # nothing stored, the action too
    assert {first.pk, second.pk} == set(Feedback.objects.values_list("pk", flat=True))


@pytest.fixture
def feedback_page(as_user, personas):
    strategy = save_plan(PLAN, None).strategy
    return as_user("lead"), f"/strategy/{strategy.pk}/feedback/"


def test_the_web_refuses_a_second_entry_alike_in_date_and_words(feedback_page):
    client, url = feedback_page
    response = client.post(url, {"on": "2025-05-01", "you_said": "  Too many agency staff ",
                                 "we_did": "", "source": "Practice week"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Another entry of 1 May 2025 already has these words" in page
    assert Feedback.objects.count() == 1
    response = client.post(url, {"on": "2025-05-02", "you_said": "Too many agency staff",
                                 "we_did": "", "source": ""})
    assert response.status_code == 302 and Feedback.objects.count() == 2


def test_an_entry_edited_into_anothers_date_and_words_is_refused(feedback_page):
    client, url = feedback_page
    client.post(url, {"on": "2025-05-02", "you_said": "Too many agency staff", "we_did": "",
                      "source": ""})
    other = Feedback.objects.get(on=date(2025, 5, 2))
    response = client.post(f"/strategy/feedback/{other.pk}/edit/", {
        "on": "2025-05-01", "you_said": "Too many agency staff", "we_did": "", "source": ""})
    assert response.status_code == 200
    assert "Another entry of 1 May 2025 already has these words" in response.content.decode()
    other.refresh_from_db()
    assert other.on == date(2025, 5, 2)


def test_the_workbook_names_an_entrys_row_by_the_export(personas):
    """(The refusal's row is the workbook's: the export writes the entries by date.)"""
    extra = CoreFeedback(date(2025, 4, 1), "Earlier words")
    data = export(replace(TWICE, feedback=(extra, *TWICE.feedback)))
    rows = [r[1] for r in openpyxl.load_workbook(io.BytesIO(data))["Feedback"].iter_rows(
        min_row=2, values_only=True)]
    assert rows == ["Earlier words", "Too many agency staff", "Too many agency staff"]
    _, problems = _import(data)
    assert [(p.row, p.message[:6]) for p in problems] == [(4, "Row 3 ")]
