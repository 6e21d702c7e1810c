"""A review's steps (submit, return, approve), freezing its figures again and saving its
commentary each take the plan's lock (`services.lock_plan`, as every save of the plan does
and an import does), read the review again under it, and write only the fields they change.
Before, none took the lock and a step saved the whole row as it was read, so an import that
changed a draft review meanwhile (its commentary, its figures) was put back, and a step or
commentary was judged on a status the review no longer had."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, transaction

from tests.web.test_strategy_reviews import strategy  # noqa: F401 (a fixture)
from tests.web.test_strategy_saves_wait_for_import import HELD
from tests.web.threads import in_thread, postgresql_only
from workforce_web.strategy import reviewing
from workforce_web.strategy.models import Review
from workforce_web.strategy.models.plan import lock_themes

TODAY = date(2026, 1, 15)  # after 2025-Q3 has ended: every step can be taken


@pytest.fixture
def draft(strategy, personas):  # noqa: F811 (the fixture above)
    return reviewing.prepare_review(strategy, "2025-Q3", "Workforce strategy board",
                                    personas["lead"], TODAY)


def _import_changes(review: Review, **fields) -> None:
    """What an import of the plan stores into the review meanwhile (`store._reviews`)."""
    Review.objects.filter(pk=review.pk).update(**fields)


def test_a_step_keeps_the_commentary_an_import_stored_since_the_review_was_read(
        draft, personas):
    read = Review.objects.get(pk=draft.pk)
    _import_changes(draft, commentary={"Our workforce": "From the workbook"})
    reviewing.step_review(read, "submit", personas["lead"], TODAY)
    stored = Review.objects.get(pk=draft.pk)
    assert stored.status == "submitted" and stored.submitted_by == personas["lead"]
    assert stored.commentary == {"Our workforce": "From the workbook"}


def test_a_step_is_judged_on_the_status_the_review_has_now(draft, personas):
    read = Review.objects.get(pk=draft.pk)
    _import_changes(draft, status="submitted")
    with pytest.raises(ValueError, match="A submitted review cannot be submitted"):
        reviewing.step_review(read, "submit", personas["lead"], TODAY)


def test_figures_are_not_frozen_again_once_the_review_has_been_submitted(draft, personas):
    read = Review.objects.get(pk=draft.pk)
    _import_changes(draft, status="submitted", snapshot={"themes": [], "targets": []})
    with pytest.raises(ValueError, match="Only a draft review"):
        reviewing.refresh_review(read, personas["lead"], TODAY)
    assert Review.objects.get(pk=draft.pk).snapshot == {"themes": [], "targets": []}


def test_commentary_is_refused_once_the_review_has_been_approved(draft, personas):
    read = Review.objects.get(pk=draft.pk)
    _import_changes(draft, status="approved", commentary={"Our workforce": "Approved"})
    with pytest.raises(ValueError, match="locked"):
        reviewing.save_commentary(read, {"Our workforce": "Rewritten"}, personas["lead"])
    assert Review.objects.get(pk=draft.pk).commentary == {"Our workforce": "Approved"}


def test_commentary_keeps_the_status_an_import_stored_since(draft, personas):
    read = Review.objects.get(pk=draft.pk)
    _import_changes(draft, status="submitted")
    reviewing.save_commentary(read, {"Our workforce": "Agency use is falling."},
                              personas["lead"])
    stored = Review.objects.get(pk=draft.pk)
    assert (stored.status, stored.commentary) == (
        "submitted", {"Our workforce": "Agency use is falling."})


@pytest.mark.parametrize("change", ["step", "refresh", "commentary"])
def test_each_change_takes_the_plans_lock(draft, personas, monkeypatch, change):
    taken = []
    monkeypatch.setattr(reviewing, "lock_plan", lambda s, kind="": taken.append(s.pk))
    read = Review.objects.get(pk=draft.pk)
    {"step": lambda: reviewing.step_review(read, "submit", personas["lead"], TODAY),
     "refresh": lambda: reviewing.refresh_review(read, personas["lead"], TODAY),
     "commentary": lambda: reviewing.save_commentary(read, {"Our workforce": "x"},
                                                     personas["lead"])}[change]()
    assert taken == [draft.strategy_id]


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["step", "refresh", "commentary"])
def test_each_change_waits_for_an_import_of_the_strategy(strategy, personas,  # noqa: F811
                                                         change):
    draft = reviewing.prepare_review(strategy, "2025-Q3", "Workforce strategy board",
                                     personas["lead"], TODAY)
    held, times, errors = threading.Event(), {}, []

    def importing() -> None:
        with transaction.atomic():
            lock_themes(strategy.pk)
            held.set()
            time.sleep(HELD)
            times["released"] = time.monotonic()

    def changing() -> None:
        held.wait(10)
        read = Review.objects.get(pk=draft.pk)
        if change == "step":
            reviewing.step_review(read, "submit", personas["lead"], TODAY)
        elif change == "refresh":
            reviewing.refresh_review(read, personas["lead"], TODAY)
        else:
            reviewing.save_commentary(read, {"Our workforce": "x"}, personas["lead"])
        times["saved"] = time.monotonic()

    threads = [in_thread(importing, errors), in_thread(changing, errors)]
    for t in threads:
        t.join(30)
    assert errors == []
    assert times["saved"] > times["released"]
    assert connection.vendor == "postgresql"
