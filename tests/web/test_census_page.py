"""The census page builds and checks the return; only admins and workforce leads, audited."""

from __future__ import annotations

import html

import pytest
from lxml import etree

from workforce_web.accounts.models import AuditEvent

ROLES = dict(admin=200, lead=200, manager_a=403, manager_b=403, viewer=403, other_org=200)


@pytest.mark.parametrize(("who", "status"), ROLES.items())
@pytest.mark.parametrize("path", ["/census/", "/census/2025.xml", "/census/2025-findings.csv"])
def test_each_role_gets_the_expected_answer_from_the_census_pages(as_user, who, status, path):
    assert as_user(who).get(path).status_code == status


def test_a_lead_builds_the_return_and_sees_the_check(as_user):
    body = as_user("lead").get("/census/?year=2024").content.decode()
    assert "2024 return: 2 worker records" in body or "2024 return: 3 worker records" in body
    assert "Download the return (XML)" in body


def test_the_downloaded_return_is_the_organisations_xml_and_is_audited(as_user):
    response = as_user("lead").get("/census/2025.xml")
    root = etree.fromstring(response.content)
    assert etree.QName(root).localname == "Message"
    assert "<LEA>333</LEA>" in response.content.decode()
    [event] = AuditEvent.objects.filter(action="census_download")
    assert event.detail.startswith("2025 people: ")  # whom: tests/web/test_census_audit.py


def test_a_year_without_a_layout_is_not_found(as_user):
    assert as_user("lead").get("/census/1999.xml").status_code == 404


@pytest.mark.parametrize(("year", "message"), [
    ("abc", "Select a collection year from 2022 to 2025"),
    ("-1", "Select a collection year from 2022 to 2025"),
    ("20250", "Select a collection year from 2022 to 2025"),
    ("1999", "There is no layout for the 1999 return: select a collection year from 2022 to "
             "2025"),
    ("2099", "There is no layout for the 2099 return: select a collection year from 2022 to "
             "2025"),
])
def test_a_year_on_the_page_that_is_not_a_layout_is_the_forms_error(as_user, year, message):
    """Not a "page not found": the census page, its year field in error, nothing built."""
    response = as_user("lead").get(f"/census/?year={year}")
    assert response.status_code == 200
    page = response.text
    assert f'<li><a href="#year">{message}</a></li>' in page
    assert f'<p class="govuk-error-message" id="year-error"><span class="govuk-visually-hidden">' \
           f"Error:</span> {message}</p>" in page
    assert 'class="govuk-select govuk-select--error" id="year"' in page
    assert "<title>Error: DfE workforce census" in page
    assert "Download the return (XML)" not in page
    assert not AuditEvent.objects.filter(action="census_check").exists()


def test_the_findings_name_the_return_not_a_temporary_folder(as_user):
    body = as_user("lead").get("/census/2025-findings.csv").content.decode("utf-8-sig")
    assert "/tmp" not in body and "csww_2025.xml" in body


def test_an_unexpected_fault_shows_the_services_own_page(client, settings):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in page and "css/app.css" in page


def test_the_return_due_now_is_explained_when_this_version_has_no_layout_for_it(as_user):
    from datetime import date

    from workforce.census.layouts import LATEST, YEARS
    from workforce_web.census.views import due_year

    assert due_year(date(2026, 9, 29)) == 2025 and due_year(date(2026, 9, 30)) == 2026
    due = due_year(date.today())
    lead = as_user("lead")
    page = lead.get("/census/").text
    if due in YEARS:  # (a later version, with the layout of the year due)
        assert "cannot be built yet" not in page
        return
    assert f"The {due} return (1 October {due - 1} to 30 September {due}) cannot be built " \
           "yet: this version does not have its layout." in " ".join(page.split())
    why = lead.get(f"/census/?year={due}")
    assert why.status_code == 200
    text = " ".join(why.text.split())
    assert f"The {LATEST} return and earlier ones can be built on this page." in text
    assert f'<option value="{LATEST}" selected>' in why.text
    after = lead.get(f"/census/?year={due + 1}")
    assert after.status_code == 200 and "There is no layout for the" in after.text


@pytest.fixture
def lead_without_la_number(db, django_user_model, client):
    """A workforce lead of an organisation with no 3-digit DfE LA number, whose return the
    census writer refuses to build (a ValueError naming what is missing)."""
    import polars as pl

    from tests.web.conftest import tiny_tables
    from workforce_web.accounts.models import Membership, Role
    from workforce_web.bridge import store_tables

    tables = tiny_tables("T3")
    tables["organisation"] = pl.DataFrame({"code": ["T3"], "name": ["Test council T3"],
                                           "old_la_code": [None]}, schema_overrides={
                                               "old_la_code": pl.String})
    store_tables(tables)
    user = django_user_model.objects.create_user("lead3", password="x")
    Membership.objects.create(user=user, organisation="T3", role=Role.WORKFORCE_LEAD)
    client.force_login(user)
    return client


NO_LA = "Organisation T3 has no 3-digit DfE LA number (old_la_code), which the return's " \
        "LEA item needs"


@pytest.mark.parametrize("path", ["/census/2025.xml", "/census/2025-findings.csv"])
def test_a_download_that_cannot_be_built_goes_to_the_census_page_saying_why(
        lead_without_la_number, path):
    """Not a server error: the census page for that year, with the writer's message in its
    "cannot be built" summary, as the page's own check shows it; nothing is audited, since
    nothing was downloaded (nor refused)."""
    client = lead_without_la_number
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == "/census/?year=2025"
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = html.unescape(" ".join(page.text.split()))
    assert "The return cannot be built" in text and NO_LA in text
    assert '<option value="2025" selected>' in page.text
    assert "Download the return (XML)" not in page.text
    assert not AuditEvent.objects.exists()


def test_the_census_page_says_why_a_return_cannot_be_built(lead_without_la_number):
    text = html.unescape(" ".join(lead_without_la_number.get("/census/?year=2024").text.split()))
    assert "The return cannot be built" in text and NO_LA in text
    assert not AuditEvent.objects.exists()
