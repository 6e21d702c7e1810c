"""Imports of an organisation's strategies are stored one after the other, and after (or
before) a save of a tracked measure on the web: every import stores the organisation's
tracked measures and their values, which all its strategies share, so it takes every
strategy's lock (`models.plan.lock_strategies`, by id, as a tracked measure's save takes
them) before it looks for its strategy and compares its workbook with the plan. Before, an
import took its own strategy's lock only (none for a new strategy): on PostgreSQL, two
imports of two strategies each compared the tracked measures as they were before the other
stored, and the second stored put back the first's changes, both reporting success.

The tests of waiting are PostgreSQL's only: SQLite lets one transaction write at a time, and
each takes that lock as it begins, so there imports already wait for each other (the test of
two imports one after the other shows what waiting gives).
"""

from __future__ import annotations

import io
import threading
import time
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from django.db import transaction

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_copies import edited, without_exported_values
from tests.web.threads import holding, in_thread, postgresql_only
from workforce.strategy.plan import Target as CoreTarget
from workforce.strategy.plan import TrackedMeasure as CoreTracked
from workforce.strategy.workbook_write import export
from workforce_web.strategy import pages, services
from workforce_web.strategy.models import Action, Change, Strategy, TrackedMeasure
from workforce_web.strategy.store import save_plan

HELD = 1.0
"""How long the first import or save holds its locks (seconds)."""


def _importing(book: bytes, results: list):
    def go():
        results.append(services.import_workbook("T1", book, "plan.xlsx", None))
    return go


def _first_import_held(monkeypatch) -> threading.Event:
    """Make the first import to store its plan hold its locks `HELD` seconds first, once it
    has compared its workbook; the event is set as it starts holding them."""
    real, storing = services.save_plan, threading.Event()

    def slow_save_plan(*args, **kwargs):
        if not storing.is_set():
            storing.set()
            time.sleep(HELD)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "save_plan", slow_save_plan)
    return storing


def _one_then_the_other(monkeypatch, first: bytes, second: bytes) -> list:
    """Import `first`, and `second` while the first holds its locks: both's results."""
    storing = _first_import_held(monkeypatch)
    errors, results = [], []
    threads = [in_thread(_importing(first, results), errors)]
    assert storing.wait(10)
    threads.append(in_thread(_importing(second, results), errors))
    for t in threads:
        t.join(30)
    assert errors == [], [repr(e)[:300] for e in errors]
    assert [problems for _, problems in results] == [[], []]
    return results


def _two_strategies(plan=PLAN) -> tuple[Strategy, Strategy]:
    return (save_plan(plan, None).strategy,
            save_plan(replace(plan, title="Plan B"), None).strategy)


def _a_and_b_books(a: Strategy, b: Strategy) -> tuple[bytes, bytes]:
    """A's export retitles the tracked measure REREF, B's rewords its definition."""
    return (edited(pages.export(a, date.today()), "Tracked measures", "REREF",
                   Title="Re-referrals (changed by A's import)"),
            edited(pages.export(b, date.today()), "Tracked measures", "REREF",
                   Definition="Changed by B's import"))


BOTH = ("Re-referrals (changed by A's import)", "Changed by B's import")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_two_strategies_keep_both_tracked_measure_changes(
        personas, monkeypatch):
    """Before, B's import compared the tracked measure while A's held only A's lock, then
    stored it as it was before A's change: A's new title was lost."""
    a, b = _two_strategies()
    _one_then_the_other(monkeypatch, *_a_and_b_books(a, b))
    m = TrackedMeasure.objects.get(organisation="T1", code="REREF")
    assert (m.title, m.definition) == BOTH


@pytest.mark.django_db(transaction=True)
def test_the_same_two_imports_one_after_the_other_keep_both(personas):
    a, b = _two_strategies()
    for book in _a_and_b_books(a, b):
        stored, problems = services.import_workbook("T1", book, "plan.xlsx", personas["lead"])
        assert problems == [], problems
    m = TrackedMeasure.objects.get(organisation="T1", code="REREF")
    assert (m.title, m.definition) == BOTH


def _tracked_rows(data: bytes, rows: list[tuple[str, str, str]]) -> bytes:
    """The workbook with its Tracked measures sheet's rows in the order given, each
    (code, title, definition)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["Tracked measures"]
    cols = {str(c.value).rstrip(" *"): c.column for c in ws[1]}
    stored = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=2) if r[0].value}
    for i, (code, title, definition) in enumerate(rows, start=2):
        for j, v in enumerate(stored[code], start=1):
            ws.cell(i, j).value = v
        ws.cell(i, cols["Title"]).value = title
        ws.cell(i, cols["Definition"]).value = definition
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_imports_changing_two_tracked_measures_in_opposite_orders_keep_both(
        personas, monkeypatch):
    two = replace(PLAN, tracked=(*PLAN.tracked, CoreTracked(
        "AUDIT", "Audits graded good", "", "percent", "up", "quarterly", ())),
        targets=(*PLAN.targets, CoreTarget(
            "T04", "Audits up", tracked="AUDIT", baseline_value=50.0,
            baseline_date=date(2025, 3, 31), target_value=70.0,
            target_date=date(2028, 3, 31), period="quarter")))
    a, b = _two_strategies(two)
    definition = TrackedMeasure.objects.get(organisation="T1", code="REREF").definition
    book_a = _tracked_rows(pages.export(a, date.today()), [
        ("AUDIT", "Audits (A)", ""), ("REREF", "Re-referrals (A)", definition)])
    book_b = _tracked_rows(pages.export(b, date.today()), [
        ("REREF", "Re-referrals within 12 months", "B's definition"),
        ("AUDIT", "Audits graded good", "B's definition")])
    _one_then_the_other(monkeypatch, book_a, book_b)
    assert sorted(TrackedMeasure.objects.values_list("code", "title", "definition")) == [
        ("AUDIT", "Audits (A)", "B's definition"),
        ("REREF", "Re-referrals (A)", "B's definition")]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_import_making_a_new_strategy_waits_for_a_tracked_measures_save(
        personas, monkeypatch):
    """A new strategy has no row to lock: before, its import compared and stored the
    tracked measures across a save of one on the web, putting back the save's definition
    without a word in the history. Now it waits for the save (which holds every strategy's
    lock), and the history says what it changed."""
    a = save_plan(PLAN, None).strategy
    book = edited(without_exported_values(pages.export(a, date.today())), "Strategy",
                  PLAN.title, Title="Another plan")
    book = edited(book, "Tracked measures", "REREF", Title="Re-referrals (new plan)")

    def web_save():  # as `services.enter_value` and a tracked measure's form save
        services.lock_plan(a, "tracked")
        m = TrackedMeasure.objects.get(organisation="T1", code="REREF")
        m.definition = "Changed on the web"
        m.save()

    real, looked = services.stored_strategy, []

    def stored_strategy(*args):
        looked.append(time.monotonic())
        return real(*args)

    monkeypatch.setattr(services, "stored_strategy", stored_strategy)
    errors: list = []
    t, ending = holding(web_save, errors, HELD)  # the save's last moment before it commits
    stored, problems = services.import_workbook("T1", book, "plan.xlsx", personas["lead"])
    t.join(30)
    assert errors == [] and problems == [] and stored.strategy.title == "Another plan"
    assert looked[0] >= ending[0], "the import looked for its strategy during the save"
    m = TrackedMeasure.objects.get(organisation="T1", code="REREF")
    assert m.title == "Re-referrals (new plan)"
    said = Change.objects.filter(strategy=stored.strategy, item="Tracked measure REREF")
    assert any("Definition: Changed on the web →" in c.summary for c in said), [
        c.summary for c in said]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_import_a_web_save_and_a_tracked_measures_save_do_not_deadlock(
        personas, monkeypatch):
    """A save of strategy A's action holds A's lock; B's import then waits for it (it takes
    every strategy's lock, by id) and a tracked measure's save, taking them by id too,
    waits in turn: all three are stored, none refused by PostgreSQL as a deadlock."""
    a, b = _two_strategies()
    book_b = edited(pages.export(b, date.today()), "Tracked measures", "REREF",
                    Definition="Changed by B's import")
    errors, results = [], []

    def action_save():
        services.lock_plan(a)
        Action.objects.filter(strategy=a, ref="A1").update(title="Saved on the web")

    def tracked_save():
        with transaction.atomic():
            services.lock_plan(b, "tracked")
            TrackedMeasure.objects.filter(organisation="T1", code="REREF").update(
                title="Retitled on the web")

    threads = [holding(action_save, errors, HELD)[0]]
    threads.append(in_thread(_importing(book_b, results), errors))
    time.sleep(0.2)
    threads.append(in_thread(tracked_save, errors))
    for t in threads:
        t.join(30)
    assert errors == [], [repr(e)[:300] for e in errors]
    assert [problems for _, problems in results] == [[]]
    assert Action.objects.get(strategy=a, ref="A1").title == "Saved on the web"
    m = TrackedMeasure.objects.get(organisation="T1", code="REREF")
    assert m.definition == "Changed by B's import"


def _values_only(plan, code: str) -> bytes:
    """A new plan's workbook (no last change) giving tracked values of the stored measure
    `code` without its row on the Tracked measures sheet."""
    book = openpyxl.load_workbook(io.BytesIO(export(plan)))
    ws = book["Tracked measures"]
    ws.delete_rows(next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == code))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_import_giving_only_a_tracked_measures_values_keeps_its_title_changed_meanwhile(
        personas, monkeypatch):
    """B's workbook gives REREF's values only: its title and definition were the stored
    ones as read before B's import waited for A's, which retitled it. Before, B stored them
    as read, putting back the old title without a word."""
    a = save_plan(PLAN, None).strategy
    book_a = edited(pages.export(a, date.today()), "Tracked measures", "REREF",
                    Title="Re-referrals (changed by A's import)")
    [reref] = PLAN.tracked
    book_b = _values_only(replace(PLAN, title="Plan B", tracked=(
        replace(reref, values=(("2025-Q4", 20.0),)),)), "REREF")
    _one_then_the_other(monkeypatch, book_a, book_b)
    m = TrackedMeasure.objects.get(organisation="T1", code="REREF")
    assert m.title == "Re-referrals (changed by A's import)"
    assert dict(m.values.values_list("period", "value")) == {
        "2025-Q2": 22.5, "2025-Q3": 21.0, "2025-Q4": 20.0}
