"""A tracked measure's value is named and worded one way in the history, whether entered on
the web or stored by an import: "Tracked measure REREF, 2025-Q3", "Value: 21 → 20.5",
recorded under the value. The web named the measure ("Tracked measure REREF", "2025-Q3:
21 → 20.5", under the measure) and an import the value ("REREF 2025-Q3"). Changes recorded
the old ways still refuse a stale value form and a stale import."""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy import pages, services
from workforce_web.strategy.history import record
from workforce_web.strategy.models import Change, TrackedMeasure, TrackedValue
from workforce_web.strategy.store import save_plan

[REREF] = PLAN.tracked


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _entries(period: str) -> list[tuple[str, str, str, int | None]]:
    value = TrackedValue.objects.get(measure__code="REREF", period=period)
    return [(c.item, c.summary, c.kind, c.object_id) for c in
            Change.objects.filter(kind="value", object_id=value.pk).order_by("id")]


def _enter(client, strategy, period: str, value: str, **more):
    measure = TrackedMeasure.objects.get(code="REREF")
    return client.post(f"/strategy/tracked/{measure.pk}/?strategy={strategy.pk}",
                       {"period": period, "value": value, **more})


def _imported(strategy, values: dict[str, float], user) -> None:
    data = pages.export(strategy, date.today())
    stored, problems = services.import_workbook(
        "T1", _with_values(data, values), "plan.xlsx", user)
    assert problems == [] and stored is not None


def _with_values(data: bytes, values: dict[str, float]) -> bytes:
    """The workbook with REREF's values of the periods given changed."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for row in book["Tracked values"].iter_rows(min_row=2):
        if row[0].value == "REREF" and row[1].value in values:
            row[2].value = values[row[1].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_value_entered_on_the_web_and_one_imported_are_recorded_alike(
        as_user, strategy, personas):
    pk = TrackedValue.objects.get(measure__code="REREF", period="2025-Q3").pk
    _enter(as_user("lead"), strategy, "2025-Q3", "20.5")
    _imported(strategy, {"2025-Q3": 19.0}, personas["lead"])
    assert _entries("2025-Q3") == [  # stored with the plan, entered, imported
        ("Tracked measure REREF, 2025-Q3", "Value: (empty) → 21", "value", pk),
        ("Tracked measure REREF, 2025-Q3", "Value: 21 → 20.5", "value", pk),
        ("Tracked measure REREF, 2025-Q3", "Value: 20.5 → 19", "value", pk)]


def test_a_new_value_is_recorded_alike_whichever_way_it_came(as_user, strategy):
    _enter(as_user("lead"), strategy, "2025-Q4", "20")
    save_plan(replace(PLAN, tracked=(replace(REREF, values=(
        *REREF.values, ("2026-Q1", 18.0))),)), None)
    assert [e[:2] for e in _entries("2025-Q4")] == [
        ("Tracked measure REREF, 2025-Q4", "Value: (empty) → 20")]
    assert [e[:2] for e in _entries("2026-Q1")] == [
        ("Tracked measure REREF, 2026-Q1", "Value: (empty) → 18")]


def test_entering_the_same_value_again_records_nothing(as_user, strategy):
    before = Change.objects.count()
    response = _enter(as_user("lead"), strategy, "2025-Q3", "21")
    assert response.status_code == 302 and Change.objects.count() == before


def _last_change(page: str) -> str:
    return re.search(r'name="last_change" value="(\d+)"', page).group(1)


@pytest.mark.parametrize("old", ["web", "import"])
def test_a_change_recorded_the_old_way_still_refuses_a_stale_value_form(
        as_user, strategy, personas, old):
    measure = TrackedMeasure.objects.get(code="REREF")
    url = f"/strategy/tracked/{measure.pk}/?strategy={strategy.pk}"
    opened = _last_change(html.unescape(as_user("lead").get(url).content.decode()))
    value = measure.values.get(period="2025-Q3")
    value.value = 30.0
    value.save()
    if old == "web":
        record(strategy, personas["admin"], "Tracked measure REREF", "2025-Q3: 21 → 30",
               "value", measure.pk)
    else:
        record(strategy, personas["admin"], "REREF 2025-Q3", "Value: 21 → 30", "value",
               value.pk)
    response = _enter(as_user("lead"), strategy, "2025-Q3", "25", last_change=opened)
    assert response.status_code == 200
    assert "This value was changed after you opened this page" in html.unescape(
        response.content.decode())
    assert measure.values.get(period="2025-Q3").value == 30.0
