"""The overview (`/`): a manager's headline figures are for their own unit, the one the
dashboards open on for them, and the page says which; everyone else's are for the whole
organisation."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest
from django.contrib.auth import get_user_model

from tests.web.conftest import stored_demo_lead
from workforce.measures import get
from workforce.measures.windows import as_at
from workforce_web import measures_cache
from workforce_web.accounts.models import Membership, Role
from workforce_web.dashboards.filters import month_end, unit_names
from workforce_web.formatting import display_value
from workforce_web.home.views import HEADLINES

TODAY = date.today()


@pytest.fixture
def demo(db, django_user_model, client):
    """The demo organisation, its workforce lead and viewer, and a manager of its first service
    (chosen because a service holds enough people for its figures not to be suppressed)."""
    ledger, org, lead, service = stored_demo_lead(django_user_model, TODAY)
    users = {"lead": lead}
    for name, role, units in [("boss", Role.MANAGER, [service]), ("board", Role.VIEWER, []),
                              ("nounit", Role.MANAGER, []),
                              ("pair", Role.MANAGER, _services(ledger)[1:3])]:
        users[name] = get_user_model().objects.create_user(name, password="x")
        Membership.objects.create(user=users[name], organisation=org, role=role, units=units)

    def page(who: str) -> str:
        client.force_login(users[who])
        response = client.get("/")
        assert response.status_code == 200
        return response.content.decode()
    return org, service, page


def _services(ledger) -> list[str]:  # noqa: ANN001 - a Ledger
    return ledger.unit.filter(pl.col("kind") == "service")["code"].to_list()


def _cards(body: str) -> dict[str, str]:
    return dict(re.findall(r'data-measure="([^"]+)">([^<]*)<', body))


def _expected(org: str, unit: str, at: date = TODAY) -> dict[str, str]:
    if unit:
        rows = measures_cache.results(org, HEADLINES, [as_at(at)], ("unit",))
        rows = rows.filter(pl.col("unit") == unit)
    else:
        rows = measures_cache.results(org, HEADLINES, [as_at(at)])
    by_id = {r["id"]: r for r in rows.iter_rows(named=True)}
    return {mid: display_value(get(mid), by_id.get(mid)) for mid in HEADLINES}


def test_a_managers_figures_are_their_units_and_the_page_names_it(demo):
    org, service, page = demo
    body = page("boss")
    name = unit_names(measures_cache.org_ledger(org).unit)[service]
    assert _cards(body) == _expected(org, service)
    assert _cards(body) != _expected(org, "")
    assert f"Headline figures for <strong>{name}</strong>, including the units below it" in body
    assert "whole organisation" not in body


def test_a_managers_figures_agree_with_the_dashboards_they_are_sent_to(demo, client):
    org, service, page = demo
    home = _cards(page("boss"))
    dashboards = _cards(client.get("/dashboards/").content.decode())
    shared = set(home) & set(dashboards)
    assert shared
    assert {k: home[k] for k in shared} == {k: dashboards[k] for k in shared}


@pytest.mark.parametrize("who", ["lead", "board"])
def test_leads_and_viewers_see_the_whole_organisation(demo, who):
    org, _, page = demo
    body = page(who)
    # a viewer's figures are at the last month end, as on the dashboards
    assert _cards(body) == _expected(org, "", month_end(TODAY) if who == "board" else TODAY)
    assert "Headline figures for the whole organisation" in body


def test_a_manager_without_a_unit_sees_no_figures_rather_than_the_organisations(demo):
    body = demo[2]("nounit")
    assert _cards(body) == {}
    assert "not linked to a unit" in body


def _sections(body: str) -> dict[str, str]:
    """Each unit's section of the page, by unit code."""
    return dict(re.findall(r'<section [^>]*data-unit="([^"]+)"[^>]*>(.*?)</section>', body,
                           re.DOTALL))


def test_a_manager_of_two_units_sees_figures_and_links_for_both_and_no_other(demo, client):
    """Not just the first unit of their membership: each unit they manage has its own figures,
    named, with a link to the dashboards for it; a service outside their area is not named."""
    org, first_service, page = demo
    ledger = measures_cache.org_ledger(org)
    names = unit_names(ledger.unit)
    mine = Membership.objects.get(user__username="pair").units
    outside = [u for u in _services(ledger) if u not in mine]
    assert len(mine) == 2 and first_service in outside
    body = page("pair")
    sections = _sections(body)
    assert list(sections) == mine  # in the membership's order, the dashboards' default first
    for unit in mine:
        assert f">{names[unit]}</h2>" in sections[unit]
        assert _cards(sections[unit]) == _expected(org, unit)
        assert f'href="/dashboards/?unit={unit}"' in sections[unit]
    assert _cards(sections[mine[0]]) != _cards(sections[mine[1]])
    assert "Headline figures for each of your 2 units" in body
    assert "whole organisation" not in body
    for unit in outside:
        assert names[unit] not in body
        assert f"unit={unit}" not in body
    # the links open the dashboards on that unit; a unit outside their area is refused there
    assert client.get(f"/dashboards/?unit={mine[1]}").status_code == 200
    assert client.get(f"/dashboards/?unit={outside[0]}").status_code == 404


def test_the_headcount_says_whom_it_counts_beside_the_people_pages_assignments(demo):
    """A manager's home page said headcount 76 while their People page said "89 assignments
    in post" (agency workers included): the card and the page say what each counts."""
    _, service, page = demo
    body = page("boss")
    card = re.search(r'data-measure="M45a">[^<]*</span>(.*?)</details>', body, re.DOTALL)
    assert card and "Directly employed people, each counted once; agency workers not " \
        "included" in card.group(1)
    assert "lists every assignment in post, agency workers' included" in body
    assert f'href="/people/?unit={service}"' in body
    assert "lists every assignment" not in page("board")  # a viewer has no People page
