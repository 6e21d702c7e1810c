"""A new theme's ref (`Theme.ref`, TH1, TH2...) is the next of its strategy's even when
another theme is given that ref at the same moment (two people adding a theme, a workbook
imported while a theme is added): the second theme gets the ref after it, instead of the
save failing on the strategy's unique refs (a server error)."""

from __future__ import annotations

import io
import threading
import time
from datetime import date

import openpyxl
import pytest
from django.db import IntegrityError, connection, transaction

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy import pages, services, store
from workforce_web.strategy.models import Change, Strategy, Theme
from workforce_web.strategy.models import plan as plan_models
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _race(monkeypatch, strategy: Strategy) -> list[Theme]:
    """Once, just after a new theme's ref is worked out and before that theme is saved,
    another theme of `strategy` is saved with that ref, as one added at the same moment
    would be. Returns the theme(s) so added."""
    real, raced = plan_models.next_theme_ref, []

    def next_ref(taken):
        ref = real(taken)
        if not raced:
            raced.append(Theme.objects.create(strategy=strategy, title="Added meanwhile",
                                              ref=ref, position=9))
        return ref

    monkeypatch.setattr(plan_models, "next_theme_ref", next_ref)
    monkeypatch.setattr(store, "next_theme_ref", next_ref, raising=False)  # wherever it is
    return raced


def _refs(strategy: Strategy) -> dict[str, str]:
    return dict(strategy.themes.values_list("title", "ref"))


def test_a_theme_added_on_the_form_as_another_takes_its_ref_gets_the_next(
        as_user, strategy, monkeypatch):
    raced = _race(monkeypatch, strategy)
    response = as_user("lead").post(f"/strategy/{strategy.pk}/themes/new/", {
        "title": "Leadership", "description": "", "position": "2", "objectives": "Coaching"})
    added = Theme.objects.get(strategy=strategy, title="Leadership")
    assert response.status_code == 302 and response.url == f"/strategy/themes/{added.pk}/"
    assert [t.ref for t in raced] == ["TH3"]
    assert _refs(strategy) == {"Our workforce": "TH1", "Wellbeing": "TH2",
                               "Added meanwhile": "TH3", "Leadership": "TH4"}
    assert [o.title for o in added.objectives.all()] == ["Coaching"]


def test_a_theme_imported_as_another_takes_its_ref_gets_the_next(
        strategy, personas, monkeypatch):
    book = openpyxl.load_workbook(io.BytesIO(pages.export(strategy, date.today())))
    sheet = book["Themes"]
    title = next(c.column for c in sheet[1] if str(c.value).rstrip(" *") == "Theme")
    sheet.cell(4, title).value = "Leadership"  # a new theme, without a ref
    out = io.BytesIO()
    book.save(out)
    since = Change.objects.order_by("-id").first().pk
    raced = _race(monkeypatch, strategy)
    stored, problems = services.import_workbook("T1", out.getvalue(), "plan.xlsx",
                                                personas["lead"])
    assert problems == [] and stored.created["theme"] == 1
    assert [t.ref for t in raced] == ["TH3"]
    assert _refs(strategy) == {"Our workforce": "TH1", "Wellbeing": "TH2",
                               "Added meanwhile": "TH3", "Leadership": "TH4"}
    assert list(Change.objects.filter(pk__gt=since, kind="theme")
                .values_list("item", "summary")) == [("Theme Leadership", "Created")]


def test_a_title_the_strategy_has_is_refused_as_before_without_trying_other_refs(strategy):
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(strategy=strategy, title="Wellbeing")
    assert _refs(strategy) == {"Our workforce": "TH1", "Wellbeing": "TH2"}


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row locks: PostgreSQL (SQLite lets one transaction write at once)")
@pytest.mark.django_db(transaction=True)
def test_two_themes_added_at_once_on_postgresql_wait_for_each_other(monkeypatch):
    """Two transactions add a theme to one strategy: the second, started while the first
    has worked out its ref but not yet saved it, waits for the first (`lock_themes`), so
    each works out its ref once."""
    strategy = Strategy.objects.create(organisation="T1", title="People plan")
    real, worked_out, calls = plan_models.next_theme_ref, threading.Event(), []

    def slow(taken):
        calls.append(threading.current_thread().name)
        ref = real(taken)
        if threading.current_thread().name == "first":
            worked_out.set()
            time.sleep(0.5)  # the second would save its theme now, were it not waiting
        return ref

    monkeypatch.setattr(plan_models, "next_theme_ref", slow)
    refs, errors = {}, []

    def add(title: str) -> None:
        try:
            if title == "second":
                worked_out.wait(5)
            with transaction.atomic():
                refs[title] = Theme.objects.create(strategy_id=strategy.pk, title=title).ref
        except Exception as e:  # told by the assertion below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,), name=n) for n in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert refs == {"first": "TH1", "second": "TH2"}
    assert calls == ["first", "second"]  # no ref worked out twice: the second waited
