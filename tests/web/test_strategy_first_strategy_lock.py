"""An organisation's first strategy: there is no strategy row to lock yet, so what makes a
strategy (an import of a plan workbook, the New strategy page) first takes the
organisation's own lock (`models.plan.lock_organisation`, a PostgreSQL advisory lock keyed
by the organisation), which every import and every save of what the organisation's
strategies share takes before their strategies' row locks. Before, two imports each making
the organisation's first strategy, with one title, both found no strategy: the second's
insert waited for the first's, then the database refused it (an IntegrityError, a server
error on the page), and so did an import making the strategy a lead was creating on the
web at that moment.

The tests of waiting are PostgreSQL's only: SQLite lets one transaction write at a time, and
each takes that lock as it begins, so there they already wait for each other.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from django.test import Client

from tests.core.test_strategy_workbook import PLAN
from tests.web.threads import in_thread, postgresql_only
from workforce.strategy.workbook_write import export
from workforce_web.strategy import services
from workforce_web.strategy.models import Action, Change, Strategy

HELD = 1.0
"""How long the first writer holds its transaction open once it has stored (seconds)."""




def _held_after(monkeypatch, owner, name: str) -> threading.Event:
    """Make the first call of `owner.name` (made in a transaction) keep that transaction
    open `HELD` seconds once it has returned, its rows stored but not committed; the event
    is set as it starts holding."""
    real, stored = getattr(owner, name), threading.Event()

    def slow(*args, **kwargs):
        out = real(*args, **kwargs)
        if not stored.is_set():
            stored.set()
            time.sleep(HELD)
        return out

    monkeypatch.setattr(owner, name, slow)
    return stored


def _second_plan() -> bytes:
    """The same plan (a new organisation's workbook: no last change), A1 retitled."""
    actions = tuple(replace(a, title="Agree a market supplement by June")
                    if a.ref == "A1" else a for a in PLAN.actions)
    return export(replace(PLAN, actions=actions))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_imports_making_the_first_strategy_are_stored_one_after_the_other(
        personas, monkeypatch):
    """The second import waits for the first, then finds the strategy it stored (the
    workbook's title) and stores its own change into it, as it would one after the other."""
    stored = _held_after(monkeypatch, services, "save_plan")
    errors, results = [], []

    def importing(book: bytes):
        def go():
            results.append(services.import_workbook("T1", book, "plan.xlsx",
                                                    personas["lead"]))
        return go

    threads = [in_thread(importing(export(PLAN)), errors)]
    assert stored.wait(10)
    threads.append(in_thread(importing(_second_plan()), errors))
    for t in threads:
        t.join(30)
    assert errors == [], [repr(e)[:300] for e in errors]
    assert [problems for _, problems in results] == [[], []]
    [strategy] = Strategy.objects.filter(organisation="T1")
    assert {s.strategy.pk for s, _ in results} == {strategy.pk}
    assert Action.objects.get(strategy=strategy, ref="A1").title == (
        "Agree a market supplement by June")
    assert Change.objects.filter(strategy=strategy, item="Action A1").order_by(
        "id").last().summary == ("Title: Agree a market supplement → Agree a market "
                                 "supplement by June")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_import_waits_for_a_strategy_of_its_title_being_created_on_the_web(
        personas, monkeypatch):
    """A lead creates a strategy on the New strategy page while a workbook with its title
    is imported: the import waits for the page's save, then stores its plan into that
    strategy (before, the database refused the import's strategy: a server error)."""
    created = _held_after(monkeypatch, services, "record_created")
    client = Client()
    client.force_login(personas["lead"])
    errors, responses = [], []
    page = in_thread(lambda: responses.append(client.post("/strategy/new/", {
        "title": PLAN.title, "summary": "Typed on the web", "start": "", "end": ""})),
        errors)
    assert created.wait(10)
    stored, problems = services.import_workbook("T1", export(PLAN), "plan.xlsx",
                                                personas["lead"])
    page.join(30)
    assert errors == [] and problems == []
    assert [r.status_code for r in responses] == [302]
    [strategy] = Strategy.objects.filter(organisation="T1")
    assert stored.strategy.pk == strategy.pk
    assert strategy.actions.count() == len(PLAN.actions)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_new_strategy_page_waits_for_an_import_and_names_the_title_taken(
        personas, monkeypatch):
    stored = _held_after(monkeypatch, services, "save_plan")
    errors = []
    importing = in_thread(lambda: services.import_workbook(
        "T1", export(PLAN), "plan.xlsx", personas["lead"]), errors)
    assert stored.wait(10)
    client = Client()
    client.force_login(personas["lead"])
    response = client.post("/strategy/new/", {"title": PLAN.title, "summary": "",
                                              "start": "", "end": ""})
    importing.join(30)
    assert errors == []
    assert response.status_code == 200
    assert "Your organisation already has a strategy with this title" in (
        response.content.decode())
    assert Strategy.objects.filter(organisation="T1").count() == 1
