"""The person record (`/people/<staff number>/`): a manager opens it only for someone in post
today in their units, the same people the people list shows them; leads see everyone. It names
units, contracts and roles rather than showing their codes, and of the person's earlier
assignments outside a manager's area shows only the unit, job title, role and dates."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import polars as pl
import pytest

from workforce_web.accounts.models import AuditEvent
from workforce_web.bridge import store_tables

PAST = date(2019, 3, 22)


def _history(staff_id: str, name: str, spells: list[tuple[str, date, date | None]]):
    people = pl.DataFrame({"organisation": ["T1"], "staff_id": [staff_id], "name": [name],
                           "sex": ["F"], "ethnicity": ["WBRI"], "disability": ["N"],
                           "birth_date": [date(1980, 1, 1)]})
    assignments = pl.DataFrame({
        "organisation": ["T1"] * len(spells),
        "assignment_id": [f"{staff_id}-{i}" for i in range(len(spells))],
        "staff_id": [staff_id] * len(spells), "unit": [u for u, _, _ in spells],
        "contract": ["permanent"] * len(spells), "staff_group": ["social_worker"] * len(spells),
        "org_role": ["5"] * len(spells), "job_title": ["Social worker"] * len(spells),
        "fte": [1.0] * len(spells), "start_date": [s for _, s, _ in spells],
        "end_date": pl.Series([e for _, _, e in spells], dtype=pl.Date)})
    store_tables({"person": people, "assignment": assignments})


@pytest.fixture
def histories(personas):
    """Team A's manager is `manager_a`. Dan moved from team A to team B; Erin left the
    council from team A; Fay's last day in team A is today; Gus joins team A tomorrow."""
    _history("T1p4", "Dan Dale", [("T1-A", date(2015, 1, 1), PAST),
                                  ("T1-B", PAST + timedelta(days=1), None)])
    _history("T1p5", "Erin East", [("T1-A", date(2015, 1, 1), PAST)])
    # the view reads the real today, so these dates are relative to it (as of the test's run,
    # not of when the tests were collected: a run going past midnight failed)
    today = date.today()
    _history("T1p6", "Fay Ford", [("T1-A", date(2015, 1, 1), today)])
    _history("T1p7", "Gus Gale", [("T1-A", today + timedelta(days=1), None)])


def test_a_manager_cannot_open_the_record_of_someone_who_moved_out_of_their_units(
        as_user, histories):
    response = as_user("manager_a").get("/people/T1p4/")
    assert response.status_code == 404
    assert "Dan Dale" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="view_person").exists()


def test_the_manager_of_the_unit_they_moved_to_opens_their_whole_record(as_user, histories):
    response = as_user("manager_b").get("/people/T1p4/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dan Dale" in body and "Team A" in body and "Team B" in body
    event = AuditEvent.objects.get(action="view_person")
    assert (event.username, event.detail) == ("manager_b", "T1p4")


def test_a_manager_still_opens_the_record_of_someone_in_post_in_their_unit(as_user, histories):
    response = as_user("manager_a").get("/people/T1p1/")
    assert response.status_code == 200
    assert "Alice Able" in response.content.decode()


def test_a_manager_cannot_open_the_record_of_someone_who_left_from_their_unit(
        as_user, histories):
    assert as_user("manager_a").get("/people/T1p5/").status_code == 404


@pytest.mark.parametrize("who", ["lead", "admin"])
def test_leads_and_admins_open_the_records_of_movers_and_leavers(as_user, histories, who):
    client = as_user(who)
    assert [client.get(f"/people/{p}/").status_code for p in ("T1p4", "T1p5")] == [200, 200]


def test_someone_is_in_post_on_their_last_day_and_not_before_their_first(as_user, histories):
    client = as_user("manager_a")
    assert client.get("/people/T1p6/").status_code == 200
    assert client.get("/people/T1p7/").status_code == 404


def test_a_manager_opens_exactly_the_records_the_people_list_shows_them(as_user, histories):
    client = as_user("manager_a")
    listed = client.get("/people/").content.decode()
    for staff_id, name in [("T1p1", "Alice Able"), ("T1p2", "Bob Baker"), ("T1p3", "Cara Cole"),
                           ("T1p4", "Dan Dale"), ("T1p5", "Erin East"), ("T1p6", "Fay Ford"),
                           ("T1p7", "Gus Gale")]:
        opened = client.get(f"/people/{staff_id}/").status_code == 200
        assert opened == (name in listed), staff_id


@pytest.fixture
def mover(personas):
    """Hal was a senior practitioner on a fixed-term contract (grade G9, 0.6 FTE) in the first
    of two teams called MASH, then moved to team B as a permanent case holder (grade G7)."""
    store_tables({"unit": pl.DataFrame({
        "organisation": ["T1"] * 3, "code": ["T1-F", "T1-M1", "T1-M2"],
        "name": ["Front Door", "MASH", "MASH"], "kind": ["service", "team", "team"],
        "parent": ["T1-D", "T1-F", "T1-S"]})})
    store_tables({
        "person": pl.DataFrame({"organisation": ["T1"], "staff_id": ["T1p8"],
                                "name": ["Hal Hume"], "sex": ["M"], "ethnicity": ["WBRI"],
                                "disability": ["N"], "birth_date": [date(1980, 1, 1)]}),
        "assignment": pl.DataFrame({
            "organisation": ["T1"] * 2, "assignment_id": ["h1", "h2"],
            "staff_id": ["T1p8"] * 2, "unit": ["T1-M1", "T1-B"],
            "contract": ["fixed_term", "permanent"], "staff_group": ["social_worker"] * 2,
            "org_role": ["4", "5"], "job_title": ["Duty social worker", "Social worker"],
            "grade": ["G9", "G7"], "fte": [0.6, 1.0],
            "start_date": [date(2015, 1, 1), PAST + timedelta(days=1)],
            "end_date": pl.Series([PAST, None], dtype=pl.Date)})})


def _rows(body: str) -> list[list[str]]:
    table = body[body.index("<h2 class=\"govuk-heading-m\">Assignments</h2>"):]
    rows = re.findall(r"<tr class=\"govuk-table__row\">\s*(<td.*?)</tr>", table, re.S)
    return [[" ".join(unescape(re.sub(r"<[^>]+>", "", c)).split())
             for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def test_assignments_show_unit_names_and_the_labels_of_contracts_and_roles(as_user, mover):
    body = as_user("lead").get("/people/T1p8/").content.decode()
    assert _rows(body) == [
        ["Duty social worker (G9)", "Senior practitioner", "MASH (Front Door)",
         "Fixed-term employee", "0.60", "1 Jan 2015", PAST.strftime("%-d %b %Y")],
        ["Social worker (G7)", "Case holder", "Team B", "Permanent employee", "1.00",
         (PAST + timedelta(days=1)).strftime("%-d %b %Y"), "Ongoing"]]
    assert "T1-M1" not in body and "fixed_term" not in body
    assert "outside your area" not in body


def test_a_role_without_a_csww_code_shows_the_staff_group(as_user, personas):
    store_tables({"assignment": pl.DataFrame({
        "organisation": ["T1"], "assignment_id": ["a1"], "staff_id": ["T1p1"],
        "unit": ["T1-A"], "contract": ["permanent"], "staff_group": ["business_support"],
        "org_role": pl.Series([None], dtype=pl.String), "job_title": ["Team administrator"],
        "fte": [1.0], "start_date": [date(2020, 1, 1)],
        "end_date": pl.Series([None], dtype=pl.Date)})})
    body = as_user("lead").get("/people/T1p1/").content.decode()
    assert _rows(body)[0][:3] == ["Team administrator", "Business support", "Team A"]


def test_a_manager_sees_earlier_assignments_outside_their_area_as_unit_role_and_dates_only(
        as_user, mover):
    """HR history is the line manager's to see, but of a unit outside their area only its
    name, the job title and role, and the dates: not the contract, FTE or grade."""
    body = as_user("manager_b").get("/people/T1p8/").content.decode()
    earlier, current = _rows(body)
    assert earlier == ["Duty social worker", "Senior practitioner", "MASH (Front Door)",
                       "Not shown: outside your area", "Not shown: outside your area",
                       "1 Jan 2015", PAST.strftime("%-d %b %Y")]
    assert current == ["Social worker (G7)", "Case holder", "Team B", "Permanent employee",
                       "1.00", (PAST + timedelta(days=1)).strftime("%-d %b %Y"), "Ongoing"]
    # the page less its random tokens (a CSRF token held "G9" about once in sixty runs)
    shown = re.sub(r'value="[A-Za-z0-9]{32,}"', "", body)
    for hidden in ("G9", "Fixed-term", "fixed_term", "0.60", "0.6", "T1-M1"):
        assert hidden not in shown, hidden
    assert "only the unit, job title, role and dates are shown" in body
