"""A status (or due date, or RAG override) changed and changed back on one day: the import of
the plan's export no longer fails (on the page: a server error) on the two identical dated
rows this used to store, each dated row is stored once, and every day reads as before."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_stale import _set_status
from workforce.strategy.plan import Dated
from workforce.strategy.status import dated_on
from workforce.strategy.workbook_write import export
from workforce_web.strategy import pages, services
from workforce_web.strategy.models import Action, DatedValue
from workforce_web.strategy.records import action_record
from workforce_web.strategy.store import save_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DAY = date(2025, 10, 1)


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _rows(ref: str, field: str = "status") -> list[tuple]:
    return [(d.on, d.value, d.reason) for d in
            DatedValue.objects.filter(action__ref=ref, field=field).order_by("id")]


def _no_two_the_same() -> None:
    rows = [(d.action_id, d.field, d.on, d.value, d.reason) for d in DatedValue.objects.all()]
    assert len(rows) == len(set(rows))


def _sheet_rows(data: bytes) -> list[tuple]:
    ws = openpyxl.load_workbook(io.BytesIO(data))["Action dates"]
    return [tuple(r) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]


def test_a_status_changed_and_changed_back_on_one_day_is_recorded_once_and_imports_again(
        strategy, personas):
    lead = personas["lead"]
    today = date.today()
    old = pages.export(strategy, today)  # A2 not started
    _set_status(strategy, lead, "A2", "in_progress")
    stored, problems = services.import_workbook("T1", old, "plan.xlsx", lead,
                                                replace_newer=True)  # back the same day
    assert problems == [] and stored is not None
    assert Action.objects.get(ref="A2").status == "not_started"

    fresh = pages.export(strategy, today)
    stored, problems = services.import_workbook("T1", fresh, "plan.xlsx", lead)  # no error
    assert problems == [] and stored is not None
    assert _rows("A2") == [(today, "not_started", "")]  # in progress only for a moment
    _no_two_the_same()
    assert len(_sheet_rows(fresh)) == len(set(_sheet_rows(fresh)))
    stored, problems = services.import_workbook("T1", old, "plan.xlsx", lead,
                                                replace_newer=True)
    assert problems == [] and stored is not None  # the same plan: nothing changes
    assert _rows("A2") == [(today, "not_started", "")]


def test_changes_undone_the_same_day_on_the_web_leave_the_days_value_once(strategy, personas):
    lead = personas["lead"]
    today = date.today()
    for status in ("in_progress", "blocked", "not_started"):
        _set_status(strategy, lead, "A2", status)
    assert _rows("A2") == [(today, "not_started", "")]
    for status in ("in_progress", "blocked", "in_progress", "complete"):
        _set_status(strategy, lead, "A2", status)
    assert _rows("A2") == [(today, "not_started", ""), (today, "in_progress", ""),
                           (today, "complete", "")]  # the value kept is the day's last
    assert dated_on(action_record(Action.objects.get(ref="A2"), True), "status",
                    today).value == "complete"


def _stored_twice(action: Action) -> None:
    """The rows an older version stored for a status changed and changed back today."""
    DatedValue.objects.create(action=action, field="status", on=date.today(),
                              value="in_progress")
    DatedValue.objects.create(action=action, field="status", on=date.today(),
                              value="not_started")


def test_identical_rows_stored_before_do_not_stop_an_import(strategy, personas):
    a2 = Action.objects.get(ref="A2")
    _stored_twice(a2)
    before = _rows("A2")
    data = pages.export(strategy, date.today())
    stored, problems = services.import_workbook("T1", data, "plan.xlsx", personas["lead"])
    assert problems == [] and stored is not None
    assert _rows("A2") == before  # nothing added, nothing lost
    status_rows = [r for r in _sheet_rows(data) if r[0] == "A2" and r[1] == "Status"]
    assert [r[:3] for r in status_rows] == [("A2", "Status", "Not started")]  # written once
    assert dated_on(action_record(a2, True), "status", date.today()).value == "not_started"


def test_the_import_page_takes_an_export_of_identical_rows_stored_before(as_user, strategy):
    client = as_user("lead")
    _stored_twice(Action.objects.get(ref="A2"))
    data = client.get(f"/strategy/{strategy.pk}/export.xlsx").content
    response = client.post("/strategy/import/",
                           {"file": SimpleUploadedFile("plan.xlsx", data, XLSX)})
    assert response.status_code == 302 and response.url == f"/strategy/{strategy.pk}/"
    page = client.get(response.url).content.decode()
    assert "nothing had changed since the last import" in page


def test_a_sheet_repeating_a_dated_row_stores_it_once_and_reads_the_days_last(personas):
    """A sheet (or a plan) whose value changed and changed back on a day: stored once, so
    the day ends with the value it went back to, as the sheet reads."""
    a2 = replace(PLAN.actions[1], dated=(Dated("status", DAY, "not_started"),
                                         Dated("due", DAY, "2026-03-31")))
    book = openpyxl.load_workbook(io.BytesIO(export(replace(PLAN, actions=(PLAN.actions[0],
                                                                            a2)))))
    for value in ("In progress", "In progress", "Not started"):
        book["Action dates"].append(["A2", "Status", value, None, DAY])
    out = io.BytesIO()
    book.save(out)
    stored, problems = services.import_workbook("T1", out.getvalue(), "plan.xlsx", None)
    assert problems == [] and stored is not None
    assert _rows("A2") == [(DAY, "not_started", "")]
    assert dated_on(action_record(Action.objects.get(ref="A2"), True), "status",
                    DAY).value == "not_started"
    _no_two_the_same()
