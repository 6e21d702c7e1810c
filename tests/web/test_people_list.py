"""The people list (`/people/`): its unit filter names and orders units as the dashboards do,
refuses units outside the user's area as the dashboards do, and shows names and labels rather
than codes."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import polars as pl
import pytest

from workforce_web.bridge import store_tables
from workforce_web.dashboards.filters import unit_names, unit_options
from workforce_web.measures_cache import org_ledger


@pytest.fixture
def units(personas):
    """Around the tiny ledger's teams A and B (service T1-S): two more services, four teams
    called MASH (one under each new service, two beside teams A and B), teams numbered 1 and
    10 in one service and 2 and 11 in the other (as the demo numbers teams across services),
    and an empty team below team A (in team A's manager's area)."""
    rows = [("T1-FD", "Front Door", "service", "T1-D"),
            ("T1-CC", "Children in Care", "service", "T1-D"),
            ("T1-M1", "MASH", "team", "T1-FD"), ("T1-M2", "MASH", "team", "T1-CC"),
            ("T1-M3", "MASH", "team", "T1-S"), ("T1-M4", "MASH", "team", "T1-S"),
            ("T1-T1", "Team 1", "team", "T1-FD"), ("T1-T10", "Team 10", "team", "T1-FD"),
            ("T1-T2", "Team 2", "team", "T1-CC"), ("T1-T11", "Team 11", "team", "T1-CC"),
            ("T1-A1", "Duty desk", "team", "T1-A")]
    store_tables({"unit": pl.DataFrame({
        "organisation": ["T1"] * len(rows), "code": [r[0] for r in rows],
        "name": [r[1] for r in rows], "kind": [r[2] for r in rows],
        "parent": [r[3] for r in rows]})})
    # Dan works in the first MASH on a fixed-term contract.
    store_tables({
        "person": pl.DataFrame({"organisation": ["T1"], "staff_id": ["T1p9"],
                                "name": ["Dan Dale"], "sex": ["M"], "ethnicity": ["WBRI"],
                                "disability": ["N"], "birth_date": [date(1980, 1, 1)]}),
        "assignment": pl.DataFrame({
            "organisation": ["T1"], "assignment_id": ["a9"], "staff_id": ["T1p9"],
            "unit": ["T1-M1"], "contract": ["fixed_term"], "staff_group": ["social_worker"],
            "org_role": ["5"], "job_title": ["Social worker"], "fte": [1.0],
            "start_date": [date(2020, 1, 1)], "end_date": pl.Series([None], dtype=pl.Date)})})


def _options(body: str) -> list[tuple[str, str]]:
    select = re.search(r'<select[^>]*id="unit".*?</select>', body, re.S).group(0)
    return [(code, unescape(label)) for code, label in
            re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)]


def _cells(body: str, column: int) -> list[str]:
    rows = re.findall(r"<tr class=\"govuk-table__row\">\s*(<td.*?)</tr>", body, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)[column]))
            for r in rows]


def test_the_unit_filter_names_and_orders_units_as_the_dashboards_do(as_user, units):
    options = _options(as_user("lead").get("/people/").content.decode())
    expected = [(o["code"], o["label"]) for o in unit_options(org_ledger("T1").unit, None)]
    assert options[1:] == expected
    labels = dict(options)
    assert [labels[c].strip("\u2003") for c in ("T1-M1", "T1-M2", "T1-M3", "T1-M4")] == [
        "MASH (Front Door)", "MASH (Children in Care)", "MASH (Service, T1-M3)",
        "MASH (Service, T1-M4)"]
    # Hierarchy order: each unit under its parent (indented), not every name in text order;
    # numbers in names as numbers (Team 2 before Team 11)
    assert [code for code, _ in options] == [
        "", "T1-D", "T1-CC", "T1-M2", "T1-T2", "T1-T11", "T1-FD", "T1-M1", "T1-T1", "T1-T10",
        "T1-S", "T1-M3", "T1-M4", "T1-A", "T1-A1", "T1-B"]
    assert labels["T1-A1"] == "\u2003" * 3 + "Duty desk"


def test_a_manager_chooses_only_among_their_units_in_hierarchy_order(as_user, units):
    options = _options(as_user("manager_a").get("/people/").content.decode())
    assert [code for code, _ in options] == ["", "T1-A", "T1-A1"]


def test_the_list_shows_unit_names_and_contract_labels_not_codes(as_user, units):
    body = as_user("lead").get("/people/").content.decode()
    shown_units, contracts = _cells(body, 3), _cells(body, 4)
    names = unit_names(org_ledger("T1").unit)
    assert "MASH (Front Door)" in shown_units and names["T1-M1"] == "MASH (Front Door)"
    assert set(shown_units) == {"MASH (Front Door)", "Team A", "Team B"}
    assert set(contracts) == {"Fixed-term employee", "Permanent employee",
                              "Agency worker (not paid directly by the council)"}
    assert "fixed_term" not in body


@pytest.mark.parametrize("unit", ["T1-B", "T1-S", "T1-M1", "NOPE"])
def test_a_unit_outside_the_managers_area_is_not_found(as_user, units, unit):
    response = as_user("manager_a").get(f"/people/?unit={unit}")
    assert response.status_code == 404
    assert "Nobody in post" not in response.content.decode()


def test_an_unknown_unit_is_not_found_for_a_lead_either(as_user, units):
    assert as_user("lead").get("/people/?unit=NOPE").status_code == 404


def test_a_unit_in_the_managers_area_with_nobody_in_post_says_so(as_user, units):
    response = as_user("manager_a").get("/people/?unit=T1-A1")
    assert response.status_code == 200
    assert "Nobody in post in this unit." in response.content.decode()


def test_choosing_a_unit_lists_the_people_in_the_units_below_it_too(as_user, units):
    """As on the dashboards, whose figures for a service include its teams."""
    body = as_user("lead").get("/people/?unit=T1-S").content.decode()
    assert {"Alice Able", "Bob Baker", "Cara Cole"} <= set(_cells(body, 0))
    assert "Dan Dale" not in body
    body = as_user("lead").get("/people/?unit=T1-D").content.decode()
    assert {"Alice Able", "Bob Baker", "Cara Cole", "Dan Dale"} <= set(_cells(body, 0))
