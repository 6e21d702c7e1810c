"""An action's status (what its owner records: not started, in progress, blocked...) and its
delivery RAG (worked out from the status and the dates, which the board report counts as on
track, at risk and overdue) are different things, and the strategy pages label them so: the
overview's counts by theme are headed as the owners' status and say how the board report
counts the same actions; each table of actions has a Status and a Delivery (RAG) column.
Before, both were shown with nothing to tell a reader why the report's words differed."""

from __future__ import annotations

import re

import pytest

from tests.web.test_strategy_pages import strategy  # noqa: F401 (a fixture)
from workforce.reports.progress import RAG_COLUMNS
from workforce_web.strategy.models import Action, Theme

HEADERS = re.compile(r"<th [^>]*>(.*?)</th>", re.S)


def _headers(page: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", h).split()) for h in HEADERS.findall(page)]


@pytest.fixture
def client(as_user):
    return as_user("viewer")


def test_the_overview_heads_its_counts_as_the_owners_status(client, strategy):  # noqa: F811
    page = client.get(f"/strategy/{strategy.pk}/").content.decode()
    headers = _headers(page)
    assert "Status, as the owners record it" in headers
    assert "Delivery (RAG)" in headers  # the overdue actions
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    # the board report's words for the same actions, named as its delivery columns
    words = [w.lower() for r, w in RAG_COLUMNS if r in ("green", "amber", "red")]
    assert ("The board report counts the same actions by delivery: "
            f"{words[0]} (green), {words[1]} (amber) and {words[2]} (red)") in text


def test_a_table_of_actions_has_a_status_and_a_delivery_column(client, strategy):  # noqa: F811
    theme = Theme.objects.get(strategy=strategy, title="Our workforce")
    page = client.get(f"/strategy/themes/{theme.pk}/").content.decode()
    actions = page[page.index("wfs-col-ref"):]  # the theme's actions, before its targets
    headers = _headers(actions[:actions.index("</thead>")])
    assert headers[-2:] == ["Status", "Delivery (RAG)"]


def test_an_actions_page_names_its_status_and_its_delivery(client, strategy):  # noqa: F811
    action = Action.objects.get(strategy=strategy, ref="A1")
    page = client.get(f"/strategy/actions/{action.pk}/").content.decode()
    keys = re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt>', page)
    assert "Delivery (RAG)" in keys and "Status" in keys and "RAG" not in keys
