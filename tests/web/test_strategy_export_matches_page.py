"""The action-plan workbook downloaded from a strategy's page gives every target's figure, the
date it is for, the expected value and the RAG exactly as the page shows them to the same
reader on the same day: rounded as shown (numbers still, not text), 'c' where hidden, the RAG
by the page's label. Exploratory testing found 81.59999999999998 in the workbook beside 81.6%
on the page."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from tests.web.conftest import stored_demo_lead
from workforce.charts.style import DECIMALS
from workforce.measures.formulas import round_half_away
from workforce.measures.suppression import MARKER
from workforce.strategy.plan import RAGS
from workforce_web.accounts.models import Membership, Role
from workforce_web.strategy.demo import store_demo_strategy
from workforce_web.strategy.templatetags.strategy_tags import figure, shown

TODAY = date.today()


@pytest.fixture
def demo(db, django_user_model):
    ledger, org, lead, _ = stored_demo_lead(django_user_model, TODAY)
    strategy = store_demo_strategy(org, ledger, TODAY).strategy
    viewer = django_user_model.objects.create_user("demo-viewer", password="x")
    Membership.objects.create(user=viewer, organisation=org, role=Role.VIEWER)
    return strategy, {"lead": lead, "viewer": viewer}


def workbook_targets(client, strategy) -> dict[str, dict]:
    response = client.get(f"/strategy/{strategy.pk}/export.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["Targets"].iter_rows(values_only=True))
    head = [str(h).rstrip(" *") for h in rows[0]]
    return {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:] if r[0]}


def day_of(cell) -> date | None:
    return cell.date() if isinstance(cell, datetime) else cell


@pytest.mark.parametrize("reader", ["lead", "viewer"])
def test_the_workbook_gives_every_target_as_the_overview_shows_it(client, demo, reader):
    strategy, users = demo
    client.force_login(users[reader])
    page = client.get(f"/strategy/{strategy.pk}/")
    figures = page.context["figures"]
    html = page.content.decode()
    book = workbook_targets(client, strategy)
    assert figures and set(book) == {f.target.ref for f in figures}
    for f in figures:
        a, row, dp = f.assessment, book[f.target.ref], DECIMALS.get(f.unit, 1)
        where = f"{reader}, {f.target.ref}: {row}"
        value, expected = row["Latest figure"], row["Expected"]
        if a.suppressed:
            assert value == MARKER, where
        elif a.value is None:
            assert value is None, where
        else:
            # a number, exactly the page's rounded figure, which the page shows
            assert isinstance(value, int | float), where
            assert value == round_half_away(a.value, dp), where
            assert figure(value, f.unit) == shown(a, f.unit), where
        if a.expected is None:
            assert expected is None, where
        else:
            assert isinstance(expected, int | float), where
            assert expected == round_half_away(a.expected, dp), where
        assert figure(expected, f.unit) == figure(a.expected, f.unit), where
        assert day_of(row["As at"]) == a.on, where
        assert row["RAG"] == RAGS[a.rag], where
    # the page itself shows these figures (the context is what it rendered)
    for f in figures:
        assert shown(f.assessment, f.unit) in html


def test_the_workbook_has_no_unrounded_figure(client, demo):
    strategy, users = demo
    client.force_login(users["lead"])
    book = workbook_targets(client, strategy)
    units = {f.target.ref: f.unit
             for f in client.get(f"/strategy/{strategy.pk}/").context["figures"]}
    for ref, row in book.items():
        dp = DECIMALS.get(units[ref], 1)
        for cell in (row["Latest figure"], row["Expected"]):
            if isinstance(cell, float):
                assert cell == round_half_away(cell, dp), (ref, row)
