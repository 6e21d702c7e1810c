"""A tracked measure's value is refused, as the plan's other edit forms are, when the value
of the period entered was changed after the page was opened: it overwrote what someone else
had entered since. Its error says who changed it when; saving again replaces it. A value
entered since for another period does not refuse it."""

from __future__ import annotations

import html
import re

import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy.models import TrackedMeasure
from workforce_web.strategy.store import save_plan


@pytest.fixture
def measure(personas):
    strategy = save_plan(PLAN, None).strategy
    return strategy, TrackedMeasure.objects.get(code="REREF")


def _opened(client, url: str) -> tuple[str, str]:
    page = html.unescape(client.get(url).content.decode())
    found = re.search(r'name="last_change" value="(\d+)"', page)
    assert found, "the value form carries no last change"
    return found.group(1), page


def _value(measure, period: str) -> float:
    return measure.values.get(period=period).value


def test_a_value_changed_since_the_page_was_opened_is_not_overwritten(as_user, measure):
    strategy, found = measure
    url = f"/strategy/tracked/{found.pk}/?strategy={strategy.pk}"
    opened, _ = _opened(as_user("lead"), url)
    as_user("admin").post(url, {"period": "2025-Q3", "value": "30"})
    assert _value(found, "2025-Q3") == 30.0
    response = as_user("lead").post(url, {"period": "2025-Q3", "value": "25",
                                          "last_change": opened})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and _value(found, "2025-Q3") == 30.0
    assert "This value was changed after you opened this page" in page
    assert "Tracked measure REREF, 2025-Q3 was changed by admin on" in page
    assert ": Value: 21 → 30" in page
    assert 'value="25"' in page  # the typed value kept
    again = re.search(r'name="last_change" value="(\d+)"', page).group(1)
    assert int(again) > int(opened)
    response = as_user("lead").post(url, {"period": "2025-Q3", "value": "25",
                                          "last_change": again})
    assert response.status_code == 302 and _value(found, "2025-Q3") == 25.0


def test_a_value_entered_since_for_another_period_does_not_refuse_it(as_user, measure):
    strategy, found = measure
    url = f"/strategy/tracked/{found.pk}/?strategy={strategy.pk}"
    opened, _ = _opened(as_user("lead"), url)
    as_user("admin").post(url, {"period": "2025-Q4", "value": "19"})
    response = as_user("lead").post(url, {"period": "2025-Q3", "value": "25",
                                          "last_change": opened})
    assert response.status_code == 302
    assert (_value(found, "2025-Q3"), _value(found, "2025-Q4")) == (25.0, 19.0)


def test_a_value_an_import_stored_since_is_not_overwritten(as_user, measure):
    from dataclasses import replace

    strategy, found = measure
    url = f"/strategy/tracked/{found.pk}/?strategy={strategy.pk}"
    opened, _ = _opened(as_user("lead"), url)
    [tracked] = [m for m in PLAN.tracked if m.code == "REREF"]
    values = tuple((p, 33.0 if p == "2025-Q3" else v) for p, v in tracked.values)
    save_plan(replace(PLAN, tracked=(replace(tracked, values=values),)), None)
    assert _value(found, "2025-Q3") == 33.0
    response = as_user("lead").post(url, {"period": "2025-Q3", "value": "25",
                                          "last_change": opened})
    assert response.status_code == 200 and _value(found, "2025-Q3") == 33.0
    assert "Tracked measure REREF, 2025-Q3 was changed by" in html.unescape(
        response.content.decode())
