"""A new target covers its measure's own period unless told otherwise: supervision within the
month (M20, M20a: `Measure.period` "month") the month to each date, other measures the 12
months. The form offered "the 12 months" for every measure, so a target on M20 was measured
over a year unless its maker knew to change it."""

from __future__ import annotations

import html
import re

import pytest

from tests.web.test_strategy_forms import TARGET
from tests.web.test_strategy_forms import strategy as strategy  # noqa: F401 (fixture)
from workforce.strategy.targets import default_period
from workforce_web.strategy.models import Target


def _selected_period(page: str) -> str:
    select = re.search(r'<select name="period".*?</select>', page, re.S)
    assert select, "no period field"
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(0))
    return found.group(1) if found else "(none)"


def test_the_registry_says_which_measures_have_a_period_of_their_own():
    assert (default_period("M20"), default_period("M20a")) == ("month", "month")
    assert (default_period("caseload_fte"), default_period(None)) == ("year", "year")


@pytest.mark.parametrize(("measure", "period"), [("M20", "month"), ("M20a", "month"),
                                                 ("leavers_headcount", "year")])
def test_a_target_left_at_the_measures_own_period_gets_it(as_user, strategy, measure,  # noqa: F811
                                                          period):
    client = as_user("lead")
    page = html.unescape(client.get(f"/strategy/{strategy.pk}/targets/new/").content.decode())
    assert _selected_period(page) == ""  # "The measure's own period"
    assert "The measure's own period" in page
    response = client.post(f"/strategy/{strategy.pk}/targets/new/",
                           {**TARGET, "measure_id": measure, "period": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Target.objects.get(ref="T09").period == period


def test_a_period_chosen_is_kept_and_a_link_naming_the_measure_selects_its_own(
        as_user, strategy):  # noqa: F811
    client = as_user("lead")
    page = client.get(f"/strategy/{strategy.pk}/targets/new/?measure=M20").content.decode()
    assert _selected_period(page) == "month"
    client.post(f"/strategy/{strategy.pk}/targets/new/", {**TARGET, "period": "quarter"})
    assert Target.objects.get(ref="T09").period == "quarter"
    edit = client.get(f"/strategy/targets/{Target.objects.get(ref='T09').pk}/edit/")
    assert _selected_period(edit.content.decode()) == "quarter"
