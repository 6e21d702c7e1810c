"""A value that must be unique (an action's or a target's ref, a theme's title, a tracked
measure's code, a strategy's title, a review's quarter and forum) is checked by the form
before the save takes the plan's lock (`services.lock_plan`): a workbook import, or another
person's save, can store the same value between the check and the save. The save checks
again once it holds the lock, and the database's refusal of anything that still gets by is
turned into the same form error: the page says why, never a server error (500), and nothing
is saved.

The tests store the clashing row after the form's checks, as the save begins; the PostgreSQL
test has an import hold the lock in another connection and store it as the save waits.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import transaction
from django.test import Client

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_saves_wait_for_import import (
    HELD,
    _posts,
    _target_form,
)
from tests.web.threads import in_thread, postgresql_only
from workforce_web.strategy import pages, services
from workforce_web.strategy.forms import StrategyForm
from workforce_web.strategy.models import (
    Action,
    Review,
    Strategy,
    Target,
    Theme,
    TrackedMeasure,
)
from workforce_web.strategy.models.plan import lock_themes
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def stored_before_the_save(monkeypatch, store, call: str = "save_form") -> None:
    """Have `store()` run after the form's checks, as the save (`services.<call>`) begins,
    outside its transaction, as an import's is."""
    real = getattr(services, call)

    def save(*args, **kwargs):
        store()
        return real(*args, **kwargs)

    monkeypatch.setattr(services, call, save)


def _refused(response, field: str, message: str) -> None:
    assert response.status_code == 200, response.status_code
    assert response.context["form"].errors == {field: [message]}
    assert f'<a href="#id_{field}">{message}</a>' in response.text


def test_a_new_action_whose_ref_was_stored_since_its_check_is_a_form_error(
        as_user, strategy, monkeypatch):
    url, data = _posts(strategy)["new action"]
    theme = Theme.objects.get(pk=data["theme"])
    stored_before_the_save(monkeypatch, lambda: Action.objects.create(
        strategy=strategy, theme=theme, ref="A3", title="Imported"))
    _refused(as_user("lead").post(url, data), "ref",
             "Another action already has this reference")
    assert list(strategy.actions.filter(ref="A3").values_list("title", flat=True)) == [
        "Imported"]


def test_an_action_given_a_ref_stored_since_its_check_is_a_form_error(
        as_user, strategy, monkeypatch):
    url, data = _posts(strategy)["action"]
    a2 = Action.objects.get(strategy=strategy, ref="A2")
    stored_before_the_save(monkeypatch, lambda: Action.objects.filter(pk=a2.pk).update(
        ref="A9"))
    _refused(as_user("lead").post(url, {**data, "ref": "A9"}), "ref",
             "Another action already has this reference")
    assert Action.objects.get(strategy=strategy, title__startswith="Agree").ref == "A1"


def test_a_new_target_whose_ref_was_stored_since_its_check_is_a_form_error(
        as_user, strategy, monkeypatch):
    t01 = Target.objects.get(strategy=strategy, ref="T01")
    data = {**_target_form(t01), "ref": "T09"}
    stored_before_the_save(monkeypatch, lambda: Target.objects.filter(
        strategy=strategy, ref="T02").update(ref="T09"))
    _refused(as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", data), "ref",
             "Another target already has this reference")
    assert strategy.targets.count() == 3


def test_a_new_tracked_measure_whose_code_was_stored_since_its_check_is_a_form_error(
        as_user, strategy, monkeypatch):
    url, data = _posts(strategy)["new tracked measure"]
    stored_before_the_save(monkeypatch, lambda: TrackedMeasure.objects.create(
        organisation="T1", code="AUDIT", title="Imported"))
    _refused(as_user("lead").post(url, data), "code",
             "Your organisation already has a tracked measure with the code ‘AUDIT’")
    assert TrackedMeasure.objects.get(code="AUDIT").title == "Imported"


def test_a_new_theme_whose_title_was_stored_since_its_check_is_a_form_error(
        as_user, strategy, monkeypatch):
    url, data = _posts(strategy)["new theme"]
    stored_before_the_save(monkeypatch, lambda: Theme.objects.create(
        strategy=strategy, title="Leadership"), "save_theme")
    _refused(as_user("lead").post(url, data), "title",
             "The strategy already has a theme called ‘Leadership’")
    assert strategy.themes.filter(title="Leadership").count() == 1


def test_a_strategy_given_a_title_stored_since_its_check_is_a_form_error(
        as_user, strategy, monkeypatch):
    url, data = _posts(strategy)["strategy"]
    other = Strategy.objects.get(title="Another plan")
    stored_before_the_save(monkeypatch, lambda: Strategy.objects.filter(pk=other.pk).update(
        title="Renamed plan"))
    _refused(as_user("lead").post(url, {**data, "title": "Renamed plan"}), "title",
             "Your organisation already has a strategy with this title")
    strategy.refresh_from_db()
    assert strategy.title == PLAN.title


def test_a_new_strategy_whose_title_was_stored_since_its_check_is_a_form_error(
        as_user, strategy, monkeypatch):
    """A new strategy takes no lock (there is no row to hold): the database refuses it."""
    monkeypatch.setattr(StrategyForm, "clean", lambda form: form.cleaned_data)
    response = as_user("lead").post("/strategy/new/", {"title": strategy.title})
    _refused(response, "title", "Your organisation already has a strategy with this title")
    assert Strategy.objects.filter(title=strategy.title).count() == 1


def test_a_review_whose_quarter_and_forum_were_stored_since_its_check_is_a_form_error(
        as_user, strategy, monkeypatch):
    """The page's check (`pages.review_exists`) missed the review an import stored since."""
    forum = "Workforce strategy board"
    Review.objects.create(strategy=strategy, period="2025-Q3", forum=forum,
                          as_at="2025-09-30")
    monkeypatch.setattr(pages, "review_exists", lambda *args, **kwargs: False)
    response = as_user("lead").post(f"/strategy/{strategy.pk}/reviews/",
                                    {"period": "2025-Q3", "forum": forum})
    _refused(response, "period", "This period already has a review for this forum")
    assert strategy.reviews.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_action_ref_an_import_stores_while_the_save_waits_is_a_form_error(
        strategy, personas):
    """The import holds the strategy and stores A3 as a lead saves a new action A3: the save
    waits for the import, then finds the ref taken."""
    url, data = _posts(strategy)["new action"]
    theme = Theme.objects.get(pk=data["theme"])
    client = Client()
    client.force_login(personas["lead"])
    held, errors, responses = threading.Event(), [], []

    def importing() -> None:
        with transaction.atomic():
            lock_themes(strategy.pk)
            held.set()
            time.sleep(HELD)
            Action.objects.create(strategy=strategy, theme=theme, ref="A3", title="Imported")

    def saving() -> None:
        held.wait(10)
        responses.append(client.post(url, data))

    threads = [in_thread(importing, errors), in_thread(saving, errors)]
    for t in threads:
        t.join(30)
    assert errors == []
    [response] = responses
    _refused(response, "ref", "Another action already has this reference")
    assert list(strategy.actions.filter(ref="A3").values_list("title", flat=True)) == [
        "Imported"]
