"""Every change to the plan is recorded with who made it and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy.models import Action, Change, Target
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _latest(item: str) -> Change:
    return Change.objects.filter(item=item).first()


def test_storing_a_plan_records_each_row_created(strategy):
    assert _latest("Action A1").summary == "Created"
    assert _latest("Target T01").username == "system"
    assert Change.objects.filter(kind="value").count() == 2  # two tracked values


def test_editing_an_action_records_what_changed_who_and_when(as_user, strategy):
    action = Action.objects.get(ref="A2")
    form = {"theme": action.theme_id, "objective": "", "ref": "A2", "title": action.title,
            "description": "", "owner": "", "owner_name": "Head of HR", "lead_unit": "T1-B",
            "start": "", "due": "2026-06-30", "status": "in_progress", "rag_override": "",
            "override_reason": ""}
    response = as_user("lead").post(f"/strategy/actions/{action.pk}/edit/", form)
    assert response.status_code == 302
    change = _latest("Action A2")
    assert change.username == "lead" and change.user.username == "lead"
    assert timezone.now() - change.at < timedelta(minutes=1)
    assert change.summary == ("Owner name: (empty) → Head of HR; Lead unit: (empty) → Team B; "
                              "Due: 31 Mar 2026 → 30 Jun 2026; "
                              "Status: Not started → In progress")


def test_an_owners_status_change_and_progress_update_are_recorded(as_user, strategy):
    action = Action.objects.get(ref="A1")
    client = as_user("lead")
    client.post(f"/strategy/actions/{action.pk}/status/", {"status": "complete"})
    client.post(f"/strategy/actions/{action.pk}/updates/",
                {"on": "2025-07-01", "text": "Supplement agreed by the panel"})
    summaries = list(Change.objects.filter(item="Action A1").values_list("summary", flat=True))
    assert summaries[:2] == ["Progress update (01 Jul 2025): Supplement agreed by the panel",
                             "Status: In progress → Complete; RAG override: Amber → (empty); "
                             "Override reason: Waiting for the pay review → (empty)"]
    page = client.get(f"/strategy/actions/{action.pk}/").content.decode()
    assert "Supplement agreed by the panel" in page and "Status: In progress → Complete" in page


def test_editing_a_target_is_recorded(as_user, strategy):
    target = Target.objects.get(ref="T01")
    form = {"ref": "T01", "title": target.title, "theme": target.theme_id,
            "measure_id": "agency_rate_fte", "tracked": "", "scope_unit": "",
            "scope_filter": "", "baseline_value": "25.5", "baseline_date": "2025-03-31",
            "target_value": "15", "target_date": "2028-03-31", "direction": "", "band": "",
            "trajectory": "linear", "milestones_text": "", "tolerance": "2",
            "benchmark": "", "period": "year", "note": ""}
    response = as_user("lead").post(f"/strategy/targets/{target.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _latest("Target T01").summary == ("Target value: 16.7 → 15; Trajectory: Stepped → "
                                             "Linear; Milestones: 2026-03-31=22 → (empty)")


def test_entering_a_tracked_value_records_the_old_and_new_value(as_user, strategy):
    tracked = Target.objects.get(ref="T03").tracked
    as_user("lead").post(f"/strategy/tracked/{tracked.pk}/?strategy={strategy.pk}",
                         {"period": "2025-Q3", "value": "20.5"})
    assert _latest("Tracked measure REREF, 2025-Q3").summary == "Value: 21 → 20.5"


def test_storing_the_same_plan_again_records_nothing(strategy):
    before = Change.objects.count()
    stored = save_plan(PLAN, None)
    assert Change.objects.count() == before
    assert not stored.created and not stored.changed


def test_each_review_and_action_shows_its_own_history_whatever_its_label(as_user, strategy):
    """Two reviews of one quarter share the label "Review 2025-Q3", and an action whose ref
    changed kept its old label on its earlier changes: the history follows the object."""
    from datetime import date

    from workforce_web.strategy.models import Review
    from workforce_web.strategy.reviewing import prepare_review, step_review

    lead = as_user("lead")
    today = date(2025, 11, 15)
    board = prepare_review(strategy, "2025-Q3", "Workforce board", None, today)
    panel = prepare_review(strategy, "2025-Q3", "Corporate parenting panel", None, today)
    step_review(panel, "submit", None, today)
    board_page = lead.get(f"/strategy/reviews/{board.pk}/").content.decode()
    panel_page = lead.get(f"/strategy/reviews/{panel.pk}/").content.decode()
    assert "Prepared for Workforce board" in board_page
    assert "Corporate parenting panel: figures frozen" not in board_page
    assert "Status: Draft → Submitted" not in board_page
    assert "Status: Draft → Submitted" in panel_page
    assert Review.objects.count() == 2

    action = Action.objects.get(ref="A2")
    lead.post(f"/strategy/actions/{action.pk}/updates/", {"on": "2025-10-01",
                                                           "text": "Kick-off held"})
    form = {"theme": action.theme_id, "objective": "", "ref": "A2x", "title": action.title,
            "description": "", "owner": "", "owner_name": "", "lead_unit": "", "start": "",
            "due": "2026-03-31", "status": action.status, "rag_override": "",
            "override_reason": ""}
    assert lead.post(f"/strategy/actions/{action.pk}/edit/", form).status_code == 302
    page = lead.get(f"/strategy/actions/{action.pk}/").content.decode()
    assert "Ref: A2 → A2x" in page and "Created" in page and "Kick-off held" in page


def test_an_actions_history_says_which_entries_are_its_progress_updates(as_user, personas):
    """Stored with the plan (the workbook, the demo), an update's entry said only
    "Created", beside the action's own "Created"."""
    from dataclasses import replace
    from datetime import date

    from workforce.strategy.plan import Update
    a1 = replace(PLAN.actions[0], updates=(Update(date(2025, 7, 1), "Begun"),))
    save_plan(replace(PLAN, actions=(a1, *PLAN.actions[1:])), None)
    action = Action.objects.get(ref=a1.ref)
    page = " ".join(as_user("lead").get(f"/strategy/actions/{action.pk}/").content
                    .decode().split())
    assert "Progress update: Created" in page
    assert page.count(">Created<") == 1  # the action's own


def test_a_progress_update_cannot_be_dated_after_today(as_user, strategy):
    """A future update stood as the action's latest news, and as a completed action's
    closing day, so a quarter's review read it as open."""
    from datetime import date

    from workforce_web.strategy.models import ProgressUpdate
    action = Action.objects.get(ref="A2")
    later = date.today() + timedelta(days=1)
    page = as_user("lead").post(f"/strategy/actions/{action.pk}/updates/",
                                {"on": later.isoformat(), "text": "Done soon"})
    assert "cannot be after today" in page.content.decode()
    assert not ProgressUpdate.objects.filter(action=action, text="Done soon").exists()
    as_user("lead").post(f"/strategy/actions/{action.pk}/updates/",
                         {"on": date.today().isoformat(), "text": "Done today"})
    assert ProgressUpdate.objects.filter(action=action, text="Done today").exists()


def test_a_feedback_entry_is_named_one_way_whether_an_import_or_the_form_changed_it(
        as_user, strategy):
    """The form wrote "Feedback Too many agency staff" and an import "Feedback of 01 May
    2025" (a zero-padded day, unlike "1 May 2025" everywhere else)."""
    name = "Feedback of 1 May 2025: Too many agency staff"
    assert _latest(name).summary == "Created"  # stored by the plan's import
    entry = strategy.feedback.get(you_said="Too many agency staff")
    response = as_user("lead").post(f"/strategy/feedback/{entry.pk}/edit/", {
        "on": "2025-05-01", "source": entry.source, "you_said": entry.you_said,
        "we_did": "A market supplement for experienced social workers", "actions": []})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _latest(name).username == "lead"
    assert not Change.objects.filter(kind="feedback").exclude(item=name).exists()
    long = "x" * 70
    from datetime import date

    from workforce_web.strategy.history import feedback_item
    assert feedback_item(date(2025, 5, 1), long) == f"Feedback of 1 May 2025: {'x' * 60}…"
