"""A "you said, we did" entry's edit form, as the plan's other edit forms, is not saved over
a change made to the entry after the form was opened (by another person, or a workbook's
import): it carries the entry's latest change (`stale.Opened`) and a save that finds one
recorded since is refused, saying who changed what when, the values typed kept. The
actions an entry is linked to are in its history, in the same words whether a form or an
import changed them ("Actions: A1 → A1, A2"), so a change of them refuses it too. Before,
the feedback form had no such check, and neither the form nor an import recorded a change
of the linked actions.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.test import Client

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_edit_conflicts import _imported, _last, _opened, _refused
from tests.web.test_strategy_import_copies import edited
from tests.web.test_strategy_saves_wait_for_import import save_while_importing
from tests.web.threads import postgresql_only
from workforce_web.strategy import pages
from workforce_web.strategy.models import Action, Feedback
from workforce_web.strategy.store import save_plan

DAY = datetime.combine(PLAN.feedback[0].on, time())
"""The entry's Date cell on the Feedback sheet (its first column), as openpyxl reads it."""


@pytest.fixture
def entry(personas) -> Feedback:
    save_plan(PLAN, None)
    return Feedback.objects.get()


def _url(entry: Feedback) -> str:
    return f"/strategy/feedback/{entry.pk}/edit/"


def _form(entry: Feedback, **changed) -> dict:
    """The entry's edit form as the page fills it in, with `changed` values."""
    return {"on": entry.on.isoformat(), "source": entry.source, "you_said": entry.you_said,
            "we_did": entry.we_did, "actions": [a.pk for a in entry.actions.all()],
            **changed}


def _signed_in(personas, name: str) -> Client:
    client = Client()
    client.force_login(personas[name])
    return client


def _with_actions(refs: str):
    def edit(data: bytes) -> bytes:
        return edited(data, "Feedback", DAY, Actions=refs)
    return edit


def _actions(entry: Feedback) -> list[str]:
    return sorted(entry.actions.values_list("ref", flat=True))


def test_feedback_changed_by_someone_else_since_its_form_was_opened_is_not_saved_over(
        entry, personas):
    lead, admin = _signed_in(personas, "lead"), _signed_in(personas, "admin")
    seen = _opened(lead, _url(entry))
    assert admin.post(_url(entry), _form(entry, we_did="Agreed a supplement")
                      ).status_code == 302
    response = lead.post(_url(entry), {**_form(entry, source="Survey 2025"),
                                       "last_change": seen})
    _refused(response, "feedback", _last("feedback", entry))
    assert _last("feedback", entry).summary == (
        "We did: A market supplement → Agreed a supplement")
    assert 'value="Survey 2025"' in response.text  # what the lead typed, kept
    entry.refresh_from_db()
    assert (entry.we_did, entry.source) == ("Agreed a supplement", "Staff survey")
    # saved again, deliberately: the lead's values replace the change
    again = response.context["form"]["last_change"].value()
    assert lead.post(_url(entry), {**_form(entry, we_did="A market supplement",
                                           source="Survey 2025"), "last_change": again}
                     ).status_code == 302
    entry.refresh_from_db()
    assert (entry.we_did, entry.source) == ("A market supplement", "Survey 2025")


def test_feedback_linked_to_more_actions_by_an_import_since_is_not_saved_over(
        entry, personas):
    lead = _signed_in(personas, "lead")
    seen = _opened(lead, _url(entry))
    _imported(entry.strategy, personas["admin"], _with_actions("A1, A2"))
    assert _last("feedback", entry).summary == "Actions: A1 → A1, A2"
    response = lead.post(_url(entry), {**_form(entry, we_did="Changed on the web"),
                                       "last_change": seen})
    _refused(response, "feedback", _last("feedback", entry))
    entry.refresh_from_db()
    assert (entry.we_did, _actions(entry)) == ("A market supplement", ["A1", "A2"])


def test_the_actions_an_entry_is_linked_to_on_the_web_are_in_its_history(entry, personas):
    a2 = Action.objects.get(ref="A2")
    assert _signed_in(personas, "lead").post(_url(entry), _form(entry, actions=[a2.pk])
                                             ).status_code == 302
    assert _last("feedback", entry).summary == "Actions: A1 → A2"
    assert _actions(entry) == ["A2"]


def test_an_import_of_an_older_export_keeps_actions_linked_on_the_web_since(
        entry, personas):
    """The export was made before the lead linked A2: its Actions cell (A1, as exported)
    is left as the plan has it now."""
    data = pages.export(entry.strategy, date.today())
    a2 = Action.objects.get(ref="A2")
    _signed_in(personas, "lead").post(_url(entry), _form(entry, actions=[a2.pk]))
    _imported(entry.strategy, personas["admin"], lambda _: edited(
        data, "Feedback", DAY, We_did="Answered in the workbook"))
    entry.refresh_from_db()
    assert (entry.we_did, _actions(entry)) == ("Answered in the workbook", ["A2"])


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_feedback_change_an_import_stores_while_the_save_waits_refuses_the_save(
        entry, personas, monkeypatch):
    lead = _signed_in(personas, "lead")
    seen = _opened(lead, _url(entry))
    workbook = edited(pages.export(entry.strategy, date.today()), "Feedback",
                      DAY, We_did="Stored by the import")
    [response] = save_while_importing(
        monkeypatch, workbook, personas["admin"],
        lambda: lead.post(_url(entry), {**_form(entry, source="Survey 2025"),
                                        "last_change": seen}))
    _refused(response, "feedback", _last("feedback", entry))
    entry.refresh_from_db()
    assert (entry.we_did, entry.source) == ("Stored by the import", "Staff survey")
