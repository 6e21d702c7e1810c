"""A caseload heading says cases per FTE only for a caseload divided by FTE (the average): the
highest caseload is the most cases one worker holds, and its chart's axis says cases."""

from __future__ import annotations

import csv
import html
import io
from datetime import date

import pytest

from tests.web.conftest import stored_demo_lead
from workforce.measures import all_measures
from workforce_web.dashboards.filters import unit_names
from workforce_web.dashboards.tables import PER_FTE, heading_unit
from workforce_web.measures_cache import org_ledger


@pytest.mark.parametrize(("measure", "said"), [("M14", PER_FTE), ("caseload_fte", PER_FTE),
                                               ("M15a", "cases"), ("cases", "cases")])
def test_only_a_caseload_divided_by_fte_is_headed_per_fte(measure, said):
    assert heading_unit(all_measures()[measure]) == said


def test_a_measure_in_another_unit_keeps_it():
    assert heading_unit(all_measures()["M15b"]) == "percent"


@pytest.fixture
def lead(db, django_user_model):
    ledger, _, user, service = stored_demo_lead(django_user_model, date(2026, 11, 30))
    return user, ledger.unit.filter(ledger.unit["parent"] == service)["code"][0]


def test_the_highest_caseloads_download_and_summary_say_cases(client, lead):
    user, team = lead
    client.force_login(user)
    query = f"?unit={team}&as_at=2026-11-30"
    body = client.get(f"/dashboards/caseloads/highest-trend.csv{query}").content
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[1].endswith("(cases)") and "per FTE" not in header[1]
    average = client.get(f"/dashboards/caseloads/average-trend.csv{query}").content
    assert next(csv.reader(io.StringIO(average.decode("utf-8-sig"))))[1].endswith(
        "(cases per FTE)")
    page = client.get(f"/dashboards/caseloads/{query}").content.decode()
    name = html.escape(unit_names(org_ledger(user.membership.organisation).unit)[team])
    assert f"{name} (cases)</th>" in page  # the highest caseload's table on the page
    assert f"{name} (cases per FTE)</th>" in page  # the average's
