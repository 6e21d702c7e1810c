"""The change history comes 50 changes a page, with GOV.UK pagination, and can hide the rows the
system wrote when the plan was loaded or show one person's changes."""

from __future__ import annotations

import re

import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy.history import record
from workforce_web.strategy.models import Change
from workforce_web.strategy.store import save_plan

ROWS = re.compile(r"<tbody class=\"govuk-table__body\">(.*?)</tbody>", re.S)


@pytest.fixture
def strategy(personas):
    strategy = save_plan(PLAN, None).strategy
    for i in range(120 - Change.objects.filter(strategy=strategy).count()):
        record(strategy, None, f"Action X{i}", "Created", "action")
    for i in range(3):
        record(strategy, personas["lead"], f"Action A{i}", "Status: Not started → In progress",
               "action")
    return strategy


def rows(body: str) -> list[str]:
    return re.findall(r"<tr class=\"govuk-table__row\">", ROWS.search(body).group(1))


def test_the_history_comes_fifty_changes_a_page_with_govuk_pagination(as_user, strategy):
    client = as_user("viewer")
    url = f"/strategy/{strategy.pk}/history/"
    first = client.get(url).content.decode()
    assert len(rows(first)) == 50
    assert "123 changes, showing 1 to 50." in first
    assert '<nav class="govuk-pagination" aria-label="Pages of the change history">' in first
    assert 'aria-label="Page 1" aria-current="page"' in first
    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    last = client.get(f"{url}?page=3").content.decode()
    assert len(rows(last)) == 23 and "showing 101 to 123." in last
    assert 'href="?page=2" rel="prev"' in last and 'rel="next"' not in last
    # the newest change is first, the oldest last
    assert first.index("Action A2") < first.index("Action A1")
    assert client.get(f"{url}?page=99").content.decode().count("showing 101 to 123") == 1


def test_the_systems_rows_can_be_hidden_and_one_persons_changes_shown(as_user, strategy):
    client = as_user("lead")
    url = f"/strategy/{strategy.pk}/history/"
    people = client.get(f"{url}?who=people").content.decode()
    assert len(rows(people)) == 3 and "3 changes." in people
    assert "govuk-pagination" not in people
    assert '<option value="people" selected>' in people
    assert re.search(r"<td class=\"govuk-table__cell\">system</td>", people) is None
    lead = client.get(f"{url}?who=lead").content.decode()
    assert len(rows(lead)) == 3 and '<option value="lead" selected>' in lead
    system = client.get(f"{url}?who=system").content.decode()
    assert "120 changes, showing 1 to 50." in system
    assert 'href="?who=system&amp;page=2" rel="next"' in system


def test_a_who_that_is_not_offered_is_reported_and_everyone_is_shown(as_user, strategy):
    body = as_user("lead").get(f"/strategy/{strategy.pk}/history/?who=nobody").content.decode()
    assert "govuk-error-summary" in body and 'href="#history-who"' in body
    assert "Choose who made the changes from the list" in body
    assert "123 changes, showing 1 to 50." in body
