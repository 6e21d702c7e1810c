"""The work lists say what their rows are: the training list's rows are courses; on the
others a person in two units is listed in each, and the page says so rather than calling the
rows courses. Their downloads are named, as the dashboards' are, with the unit and date."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from django.contrib.auth import get_user_model

from tests.web.conftest import tiny_tables
from workforce_web.accounts.models import Membership, Role
from workforce_web.bridge import store_tables
from workforce_web.dashboards import worklists


@pytest.fixture
def lead(db, client):
    """T1's tiny organisation with Alice (T1p1) in team A and in team B too."""
    tables = tiny_tables("T1")
    second = tables["assignment"].head(1).with_columns(
        assignment_id=pl.lit("a4"), unit=pl.lit("T1-B"), fte=pl.lit(0.2))
    tables["assignment"] = pl.concat([tables["assignment"], second])
    store_tables(tables)
    user = get_user_model().objects.create_user("wl-lead", password="x")
    Membership.objects.create(user=user, organisation="T1", role=Role.WORKFORCE_LEAD)
    client.force_login(user)
    return client


def test_the_appraisal_list_counts_people_and_rows_not_courses(lead):
    body = lead.get("/dashboards/work-lists/").content.decode()
    # Alice and Bob have no appraisal; Alice is in two teams, so listed twice
    assert "2 people, 3 rows (a person in more than one unit is listed in each)" in body
    assert "courses" not in body


def test_what_a_row_is_in_each_lists_words():
    training, appraisal = worklists.BY_KEY["training"], worklists.BY_KEY["appraisal"]
    assert training.counted(402, 708) == "402 people, 708 courses"
    assert training.counted(1, 1) == "1 person"
    assert appraisal.counted(84, 84) == "84 people"
    assert appraisal.counted(84, 85) == ("84 people, 85 rows (a person in more than one unit "
                                         "is listed in each)")


def test_a_work_list_download_is_named_with_its_unit_and_date(lead):
    today = date.today().isoformat()
    response = lead.get("/dashboards/work-lists/appraisal.csv?unit=T1-A")
    assert response["Content-Disposition"] == \
        f'attachment; filename="worklist-appraisal-T1-A-{today}.csv"'
    response = lead.get("/dashboards/work-lists/supervision.xlsx")
    assert response["Content-Disposition"] == \
        f'attachment; filename="worklist-supervision-{today}.xlsx"'
    response = lead.get("/dashboards/work-lists/caseload.csv?unit=T1-S&threshold=22.5"
                        "&as_at=2025-06-30")
    assert response["Content-Disposition"] == \
        'attachment; filename="worklist-caseload-T1-S-above-22.5-2025-06-30.csv"'
