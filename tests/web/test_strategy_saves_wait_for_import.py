"""A save on the strategy pages and a plan-workbook import of the same strategy are stored
one after the other, never across each other: every web save of the plan (a theme, an
action, its status or progress, a target, a tracked measure's value, feedback, the strategy
itself) takes the lock the import takes (`models.plan.lock_themes`) as its transaction
begins. Before, on PostgreSQL, a status changed on the web while an import was storing its
plan was put back by the import, which had compared the workbook with the plan before the
change, and the web's save put back what the import changed in fields its form does not
have.

The tests of waiting are PostgreSQL's only: SQLite lets one transaction write at a time, and
each takes that lock as it begins (`settings.SQLITE_OPTIONS`), so there saves and imports
already wait for each other.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date

import pytest
from django.db import transaction
from django.test import Client

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_copies import edited
from tests.web.threads import in_thread, postgresql_only
from workforce_web.strategy import pages, services
from workforce_web.strategy.forms import ActionStatusForm
from workforce_web.strategy.models import Action, Strategy, Target, Theme, TrackedMeasure
from workforce_web.strategy.models.plan import lock_themes
from workforce_web.strategy.store import save_plan

HELD = 1.0
"""How long the import's lock is held (seconds): a save not waiting for it ends well before."""


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy




def _target_form(target: Target) -> dict:
    """The target's edit form as the page fills it in, its note changed."""
    return {"ref": target.ref, "title": target.title, "theme": target.theme_id or "",
            "measure_id": target.measure_id or "", "tracked": target.tracked_id or "",
            "scope_unit": target.scope_unit, "scope_filter": target.scope_filter,
            "baseline_value": target.baseline_value or "",
            "baseline_date": target.baseline_date or "",
            "target_value": target.target_value or "", "target_date": target.target_date or "",
            "direction": target.direction, "band": target.band or "",
            "trajectory": target.trajectory, "tolerance": target.tolerance,
            "benchmark": target.benchmark, "period": target.period, "note": "Saved on the web",
            "milestones_text": "; ".join(f"{d}={v:g}" for d, v in target.milestones or [])}


def _posts(strategy: Strategy) -> dict[str, tuple[str, dict]]:
    """Each saving page of the plan: where it posts and what."""
    a1, a2 = (Action.objects.get(strategy=strategy, ref=r) for r in ("A1", "A2"))
    theme = Theme.objects.get(strategy=strategy, title="Wellbeing")
    t01 = Target.objects.get(strategy=strategy, ref="T01")
    reref = TrackedMeasure.objects.get(organisation="T1", code="REREF")
    today = date.today().isoformat()
    other = Strategy.objects.create(organisation="T1", title="Another plan")
    return {
        "action status": (f"/strategy/actions/{a2.pk}/status/", {"status": "blocked"}),
        "action": (f"/strategy/actions/{a1.pk}/edit/", {
            "theme": a1.theme_id, "objective": a1.objective_id or "", "ref": "A1",
            "title": "Saved on the web", "description": a1.description, "owner": "",
            "owner_name": a1.owner_name, "lead_unit": a1.lead_unit, "start": a1.start,
            "due": a1.due, "status": a1.status, "rag_override": a1.rag_override,
            "override_reason": a1.override_reason, "added_on": ""}),
        "new action": (f"/strategy/{strategy.pk}/actions/new/", {
            "theme": theme.pk, "ref": "A3", "title": "New on the web",
            "status": "not_started"}),
        "progress update": (f"/strategy/actions/{a2.pk}/updates/", {
            "on": today, "text": "Saved on the web"}),
        "theme": (f"/strategy/themes/{theme.pk}/edit/", {
            "title": "Wellbeing at work", "description": "", "position": theme.position,
            "objectives": ""}),
        "new theme": (f"/strategy/{strategy.pk}/themes/new/", {
            "title": "Leadership", "description": "", "position": 9, "objectives": ""}),
        "target": (f"/strategy/targets/{t01.pk}/edit/", _target_form(t01)),
        "tracked value": (f"/strategy/tracked/{reref.pk}/?strategy={strategy.pk}", {
            "period": "2025-Q4", "value": "20"}),
        # tracked measures are the organisation's: any of its strategies' imports stores them
        "tracked value on another plan's page": (
            f"/strategy/tracked/{reref.pk}/?strategy={other.pk}", {
                "period": "2025-Q4", "value": "20"}),
        "new tracked measure": (f"/strategy/{other.pk}/tracked/new/", {
            "code": "AUDIT", "title": "Audits graded good", "definition": "",
            "unit": "percent", "polarity": "up", "frequency": "quarterly"}),
        "feedback": (f"/strategy/{strategy.pk}/feedback/", {
            "on": today, "you_said": "Saved on the web", "source": "", "we_did": ""}),
        "strategy": (f"/strategy/{strategy.pk}/edit/", {
            "title": strategy.title, "summary": "Saved on the web",
            "start": strategy.start, "end": strategy.end}),
    }


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", [
    "action status", "action", "new action", "progress update", "theme", "new theme",
    "target", "tracked value", "tracked value on another plan's page", "new tracked measure",
    "feedback", "strategy"])
def test_a_save_on_the_web_waits_for_an_import_of_the_strategy(strategy, personas, page):
    url, data = _posts(strategy)[page]
    client = Client()
    client.force_login(personas["lead"])
    held, times, errors, responses = threading.Event(), {}, [], []

    def importing() -> None:  # as `services.import_workbook` holds the strategy
        with transaction.atomic():
            lock_themes(strategy.pk)
            held.set()
            time.sleep(HELD)
            times["released"] = time.monotonic()

    def saving() -> None:
        held.wait(10)
        responses.append(client.post(url, data))
        times["saved"] = time.monotonic()

    threads = [in_thread(importing, errors), in_thread(saving, errors)]
    for t in threads:
        t.join(30)
    assert errors == []
    [response] = responses
    assert response.status_code == 302, response.content.decode()[:2000]
    assert times["saved"] > times["released"]  # it waited for the import's transaction


def save_while_importing(monkeypatch, workbook: bytes, user, save: Callable[[], object]
                         ) -> list:
    """Import `workbook` as `user`, held for `HELD` seconds once it has compared the
    workbook and holds the plan's lock (just before it stores), and meanwhile call `save`
    (a web request); once both have ended without an error, what `save` returned."""
    storing, errors, responses = threading.Event(), [], []
    real = services.save_plan

    def slow_save_plan(*args, **kwargs):
        storing.set()  # compared and locked: the plan is stored next
        time.sleep(HELD)
        return real(*args, **kwargs)

    def importing() -> None:
        stored, problems = services.import_workbook("T1", workbook, "plan.xlsx", user)
        assert problems == [] and stored is not None

    def saving() -> None:
        storing.wait(10)
        responses.append(save())

    monkeypatch.setattr(services, "save_plan", slow_save_plan)
    threads = [in_thread(importing, errors), in_thread(saving, errors)]
    for t in threads:
        t.join(30)
    assert errors == []
    return responses


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_status_changed_on_the_web_while_a_workbook_is_imported_is_kept(
        strategy, personas, monkeypatch):
    """The import has compared its workbook with the plan and is about to store it when an
    action's owner saves a new status: the save waits, then stores the status over what the
    import stored, keeping the import's new title of the action (which the status form does
    not have)."""
    workbook = edited(pages.export(strategy, date.today()), "Actions", "A2",
                      Action="Train first aiders")
    action = Action.objects.get(strategy=strategy, ref="A2")
    client = Client()
    client.force_login(personas["lead"])
    responses = save_while_importing(monkeypatch, workbook, personas["lead"], lambda: client.post(
        f"/strategy/actions/{action.pk}/status/", {"status": "blocked"}))
    assert [r.status_code for r in responses] == [302]
    a2 = Action.objects.get(pk=action.pk)
    assert (a2.title, a2.status) == ("Train first aiders", "blocked")
    assert list(a2.strategy.changes.filter(object_id=a2.pk, kind="action")
                .order_by("id").values_list("username", "summary"))[-2:] == [
        ("lead", "Title: Train mental health first aiders → Train first aiders"),
        ("lead", "Status: Not started → Blocked")]


def test_a_save_keeps_what_was_stored_since_its_form_was_read_in_the_fields_it_lacks(
        strategy, personas):
    """The status form read before an import stored a new title: the status is saved, the
    import's title kept (before, the whole row as read was saved, title and all)."""
    action = Action.objects.get(strategy=strategy, ref="A2")
    form = ActionStatusForm({"status": "blocked"}, instance=action)
    assert form.is_valid(), form.errors
    Action.objects.filter(pk=action.pk).update(title="Train first aiders", owner_name="HR")
    services.save_form(form, personas["lead"], strategy, "action")
    a2 = Action.objects.get(pk=action.pk)
    assert (a2.title, a2.owner_name, a2.status) == ("Train first aiders", "HR", "blocked")
    assert strategy.changes.filter(object_id=a2.pk).first().summary == (
        "Status: Not started → Blocked")
