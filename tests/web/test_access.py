"""Each role against each view: allowed, forbidden (403) or not found in scope (404)."""

from __future__ import annotations

import pytest

from workforce_web.accounts.models import AuditEvent

EXPECTED = {
    # view path: {persona: status}
    "/": dict(admin=200, lead=200, manager_a=200, manager_b=200, viewer=200, other_org=200),
    "/people/": dict(admin=200, lead=200, manager_a=200, manager_b=200, viewer=403,
                     other_org=200),
    "/people/T1p1/": dict(admin=200, lead=200, manager_a=200, manager_b=404, viewer=403,
                          other_org=404),
    "/people/T1p2/": dict(admin=200, lead=200, manager_a=404, manager_b=200, viewer=403,
                          other_org=404),
    "/imports/": dict(admin=200, lead=200, manager_a=403, manager_b=403, viewer=403,
                      other_org=200),
}
CASES = [(path, who, status) for path, row in EXPECTED.items() for who, status in row.items()]


@pytest.mark.parametrize(("path", "who", "status"), CASES)
def test_each_role_gets_the_expected_answer_from_each_view(as_user, path, who, status):
    assert as_user(who).get(path).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, orgs):
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_manager_sees_only_people_in_their_units(as_user):
    body = as_user("manager_a").get("/people/").content.decode()
    assert "Alice Able" in body and "Cara Cole" in body
    assert "Bob Baker" not in body


def test_viewing_people_is_audited(as_user):
    as_user("lead").get("/people/T1p1/")
    event = AuditEvent.objects.get(action="view_person")
    assert (event.username, event.organisation, event.detail) == ("lead", "T1", "T1p1")


def test_another_organisations_people_are_not_listed(as_user):
    body = as_user("other_org").get("/people/").content.decode()
    assert "T1p1" not in body and "T2p1" in body


def test_sign_in_page_renders_and_accepts_a_user(client, personas):
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "lead", "password": "test-password-123"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
