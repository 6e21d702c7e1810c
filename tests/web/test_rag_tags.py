"""A RAG status is the same GOV.UK tag colour on the dashboards as on the strategy pages:
amber is GOV.UK's orange tag on both (it was yellow on the dashboards)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.web.conftest import stored_demo_lead
from workforce_web.strategy.demo import store_demo_strategy
from workforce_web.strategy.templatetags.strategy_tags import TAG_CLASSES

TODAY = date.today()
SCSS = Path(__file__).resolve().parents[2] / "assets" / "scss" / "app.scss"
DASHBOARD_TAG = re.compile(r'<strong class="govuk-tag ([^"]*)wf-rag wf-rag--(\w+)">')
STRATEGY_TAG = re.compile(r'<strong class="govuk-tag ([^"]*) wfs-rag" data-rag="(\w+)"')


@pytest.fixture
def demo(db, django_user_model):
    ledger, org, user, _ = stored_demo_lead(django_user_model, TODAY)
    strategy = store_demo_strategy(org, ledger, TODAY).strategy
    return user, strategy


def test_amber_is_the_govuk_orange_tag_on_the_dashboards_and_the_strategy(client, demo):
    user, strategy = demo
    client.force_login(user)
    seen: dict[str, set[str]] = {}
    for url in ("/dashboards/", "/dashboards/stability/", "/dashboards/caseloads/",
                "/dashboards/support/", "/dashboards/wellbeing/"):
        for classes, rag in DASHBOARD_TAG.findall(client.get(url).content.decode()):
            seen.setdefault(rag, set()).add(classes.strip())
    for rag, classes in seen.items():
        assert classes == {TAG_CLASSES[rag]}, (rag, classes)
    assert {"amber", "green"} <= set(seen), seen
    page = client.get(f"/strategy/{strategy.pk}/").content.decode()
    strategy_tags = {rag: classes for classes, rag in STRATEGY_TAG.findall(page)}
    assert strategy_tags["amber"] == TAG_CLASSES["amber"] == "govuk-tag--orange"
    assert seen["amber"] == {strategy_tags["amber"]}


def test_the_dashboards_stylesheet_no_longer_paints_its_own_status_colours():
    rules = re.findall(r"\.wf-rag--\w+\s*\{[^}]*\}", SCSS.read_text())
    assert not [r for r in rules if "colour" in r or "background" in r], rules
