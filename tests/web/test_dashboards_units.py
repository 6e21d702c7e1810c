"""A heading says its unit once: 'Turnover rate (%)', but 'Starters (FTE)', not
'Starters (FTE) (FTE)', and 'Time to hire: to offer (median days)', not '... (days)'."""

from __future__ import annotations

import re
from datetime import date

import pytest

from workforce.demo import generate
from workforce_web.accounts.models import Membership, Role
from workforce_web.bridge import store_tables
from workforce_web.dashboards.tables import heading, says_unit

REPEATED = re.compile(r"\((?:[^()]*\s)?(FTE|days|%|cases per FTE|cases)\) \(\1\)")


@pytest.mark.parametrize(("title", "unit", "shown"), [
    ("Turnover rate (FTE)", "percent", "Turnover rate (FTE) (%)"),
    ("Average caseload", "cases_per_fte", "Average caseload (cases per FTE)"),
    ("Highest caseload", "cases", "Highest caseload (cases)"),
    ("Starters (FTE)", "fte", "Starters (FTE)"),
    ("Time to hire: to offer (median days)", "days", "Time to hire: to offer (median days)"),
    ("Sickness days", "days", "Sickness days"),
    ("Holidays", "days", "Holidays (days)"),  # a word that ends with the unit is not the unit
    ("Pay gap (%)", "percent", "Pay gap (%)"),
    ("Headcount", "count", "Headcount"),
])
def test_a_heading_adds_the_unit_only_when_the_title_does_not_end_with_it(title, unit, shown):
    assert heading(title, unit) == shown
    assert says_unit(shown, unit) or unit == "count"


@pytest.fixture
def lead(db, django_user_model):
    ledger = generate(staff=120, years=3, seed=5, today=date.today())
    store_tables(dict(ledger.frames))
    user = django_user_model.objects.create_user("units-lead", password="x")
    Membership.objects.create(user=user, organisation=ledger.organisations[0],
                              role=Role.WORKFORCE_LEAD)
    return user


def test_no_page_or_download_repeats_a_unit(client, lead):
    client.force_login(lead)
    for slug in ("overview", "stability", "wellbeing"):
        body = client.get(f"/dashboards/{slug}/").content.decode()
        assert REPEATED.search(body) is None, (slug, REPEATED.search(body).group(0))
        others = client.get(f"/dashboards/{slug}/"
                            f"{'headlines' if slug == 'overview' else 'others'}.csv")
        text = others.content.decode("utf-8-sig")
        assert REPEATED.search(text) is None, (slug, REPEATED.search(text).group(0))
    stability = client.get("/dashboards/stability/").content.decode()
    assert "Starters (FTE)" in stability
    assert "Time to hire: to offer (median days)" in stability
