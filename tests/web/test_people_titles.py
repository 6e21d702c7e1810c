"""Each page of the people list has its own title: the unit chosen and, when the list runs to
more than one page, which page of how many; a person's record names them and their staff
number (two people may share a name)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import polars as pl
import pytest

from workforce_web.bridge import store_tables


def title(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return unescape(re.search(r"<title>(.*?)</title>", response.content.decode()).group(1))


@pytest.fixture
def many(personas):
    """60 more people in team A: 63 in post in the organisation, 62 in team A."""
    n = 60
    ids = [f"T1m{i:02d}" for i in range(n)]
    store_tables({"person": pl.DataFrame({
        "organisation": ["T1"] * n, "staff_id": ids, "name": [f"Person {i:02d}" for i in
                                                               range(n)],
        "sex": ["F"] * n, "ethnicity": ["WBRI"] * n, "disability": ["N"] * n,
        "birth_date": [date(1980, 1, 1)] * n})})
    store_tables({"assignment": pl.DataFrame({
        "organisation": ["T1"] * n, "assignment_id": [f"m{i}" for i in range(n)],
        "staff_id": ids, "unit": ["T1-A"] * n, "contract": ["permanent"] * n,
        "staff_group": ["social_worker"] * n, "org_role": ["5"] * n,
        "job_title": ["Social worker"] * n, "fte": [1.0] * n,
        "start_date": [date(2020, 1, 1)] * n, "end_date": [None] * n},
        schema_overrides={"end_date": pl.Date})})


def test_each_page_of_a_long_list_says_which_it_is(as_user, many):
    client = as_user("lead")
    assert title(client, "/people/") == "People (page 1 of 2) – Workforce"
    assert title(client, "/people/?page=2") == "People (page 2 of 2) – Workforce"
    assert title(client, "/people/?unit=T1-A&page=2") == (
        "People in Team A (page 2 of 2) – Workforce")


def test_a_list_of_one_page_names_the_unit_chosen(as_user):
    client = as_user("lead")
    assert title(client, "/people/") == "People – Workforce"
    assert title(client, "/people/?unit=T1-B") == "People in Team B – Workforce"


def test_a_persons_record_names_their_staff_number(as_user):
    assert title(as_user("lead"), "/people/T1p1/") == "Alice Able (T1p1) – Workforce"
