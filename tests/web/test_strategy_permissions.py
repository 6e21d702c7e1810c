"""Permissions per role: workforce leads (and administrators) edit everything; an action's
owner updates their own action; managers and viewers read; another organisation sees
nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy.models import Action, Review, Target, Theme
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    owned = replace(PLAN.actions[1], owner="manager_a")  # A2 belongs to manager A
    return save_plan(replace(PLAN, actions=(PLAN.actions[0], owned)), None).strategy


def _edit_pages(s) -> list[str]:
    a, t = Action.objects.get(ref="A1"), Target.objects.get(ref="T01")
    theme = Theme.objects.get(title="Wellbeing")
    return [f"/strategy/{s.pk}/edit/", f"/strategy/{s.pk}/themes/new/",
            f"/strategy/themes/{theme.pk}/edit/", f"/strategy/{s.pk}/actions/new/",
            f"/strategy/actions/{a.pk}/edit/", f"/strategy/{s.pk}/targets/new/",
            f"/strategy/targets/{t.pk}/edit/", f"/strategy/{s.pk}/tracked/new/",
            "/strategy/new/", "/strategy/import/"]


@pytest.mark.parametrize(("persona", "status"), [
    ("lead", 200), ("admin", 200), ("manager_a", 403), ("manager_b", 403), ("viewer", 403)])
def test_only_leads_and_administrators_open_the_edit_pages(as_user, strategy, persona, status):
    client = as_user(persona)
    for url in _edit_pages(strategy):
        assert client.get(url).status_code == status, url


def _post_status(client, action: Action, status: str = "in_progress"):
    return client.post(f"/strategy/actions/{action.pk}/status/",
                       {"status": status, "rag_override": "", "override_reason": ""})


@pytest.mark.parametrize(("persona", "allowed"), [
    ("manager_a", True), ("lead", True), ("admin", True), ("manager_b", False),
    ("viewer", False)])
def test_an_actions_owner_and_the_leads_update_it_and_nobody_else(as_user, strategy, persona,
                                                                   allowed):
    action = Action.objects.get(ref="A2")
    client = as_user(persona)
    status = _post_status(client, action).status_code
    update = client.post(f"/strategy/actions/{action.pk}/updates/",
                         {"on": "2025-06-01", "text": "Trainers booked", "evidence": ""})
    assert (status, update.status_code) == ((302, 302) if allowed else (403, 403))
    action.refresh_from_db()
    assert (action.status == "in_progress") is allowed
    assert action.updates.filter(text="Trainers booked").exists() is allowed


def test_an_owner_sees_the_update_forms_only_on_their_own_action(as_user, strategy):
    client = as_user("manager_a")
    own = client.get(f"/strategy/actions/{Action.objects.get(ref='A2').pk}/").content
    other = client.get(f"/strategy/actions/{Action.objects.get(ref='A1').pk}/").content
    assert b"Post a progress update" in own and b"Post a progress update" not in other
    assert b"Edit the action" not in own  # the full edit stays with the leads


def test_an_owner_cannot_change_anything_but_status_override_and_updates(as_user, strategy):
    action = Action.objects.get(ref="A2")
    as_user("manager_a").post(f"/strategy/actions/{action.pk}/status/", {
        "status": "complete", "title": "Renamed", "due": "2030-01-01"})
    action.refresh_from_db()
    assert (action.status, action.title) == ("complete", "Train mental health first aiders")


@pytest.mark.parametrize("persona", ["manager_a", "viewer"])
def test_readers_cannot_prepare_approve_log_feedback_or_enter_values(as_user, strategy,
                                                                     persona):
    client = as_user(persona)
    review = Review.objects.create(strategy=strategy, period="2025-Q2",
                                   as_at="2025-06-30", status="submitted")
    tracked = strategy.targets.get(ref="T03").tracked
    assert client.post(f"/strategy/{strategy.pk}/reviews/", {
        "period": "2025-Q3", "forum": "Board"}).status_code == 403
    assert client.post(f"/strategy/reviews/{review.pk}/step/",
                       {"step": "approve"}).status_code == 403
    assert client.post(f"/strategy/{strategy.pk}/feedback/", {
        "on": "2025-06-01", "you_said": "x"}).status_code == 403
    assert client.post(f"/strategy/tracked/{tracked.pk}/", {
        "period": "2025-Q4", "value": "20"}).status_code == 403
    review.refresh_from_db()
    assert review.status == "submitted"


def test_another_organisations_lead_cannot_change_this_plan(as_user, strategy):
    client = as_user("other_org")
    action = Action.objects.get(ref="A1")
    assert _post_status(client, action).status_code == 404
    assert client.get(f"/strategy/actions/{action.pk}/edit/").status_code == 404
