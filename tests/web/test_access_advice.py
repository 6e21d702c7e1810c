"""What the "no access" and "not found" pages tell each role: a refusal for the user's role
names who gives roles (an administrator), not a workforce lead, who may be the reader; a
person or unit that a user who sees the whole organisation cannot find is "not found", not
"not in your area"."""

from __future__ import annotations

import re
from html import unescape

import pytest


def text(response) -> str:
    body = re.search(r"<main[^>]*>(.*?)</main>", response.content.decode(), re.S).group(1)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def title(response) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", response.content.decode()).group(1))


@pytest.mark.parametrize(("who", "path", "role"), [
    ("lead", "/audit/", "workforce lead"),
    ("viewer", "/people/", "viewer (aggregates only)"),
    ("manager_a", "/imports/", "manager"),
])
def test_a_refusal_for_the_role_names_the_role_and_who_gives_roles(as_user, who, path, role):
    response = as_user(who).get(path)
    assert response.status_code == 403
    said = text(response)
    assert f"Your role, {role}, does not give access to this page." in said
    assert "ask an administrator of Workforce in your organisation" in said
    assert "workforce lead if" not in said


def test_an_administrator_is_not_told_to_ask_an_administrator(as_user, rf, personas):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/somewhere/")
    request.user = personas["admin"]
    response = permission_denied(request, PermissionDenied(
        "Your role does not give access to this page."))
    said = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Your role, administrator, does not give access" in said
    assert "ask an administrator" not in said and "workforce users" in said


def test_a_refusal_with_a_reason_of_its_own_says_that(as_user, rf, personas):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/strategy/reviews/1/")
    request.user = personas["lead"]
    response = permission_denied(request, PermissionDenied("An approved review is locked"))
    said = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "An approved review is locked." in said
    assert "does not give access" not in said and "administrator" not in said


@pytest.mark.parametrize("who", ["lead", "admin"])
def test_a_person_not_found_by_someone_who_sees_everyone_is_not_found(as_user, who):
    response = as_user(who).get("/people/NOPE/")
    assert response.status_code == 404
    assert title(response) == "Person not found – Workforce"
    said = text(response)
    assert "Person not found" in said and "staff number" in said
    assert "in your area" not in said and "units you manage" not in said
    assert 'href="/people/"' in response.content.decode()


@pytest.mark.parametrize("path", ["/people/?unit=NOPE", "/dashboards/?unit=NOPE"])
def test_a_unit_not_found_by_a_lead_is_not_found(as_user, path):
    response = as_user("lead").get(path)
    assert response.status_code == 404
    assert title(response) == "Unit not found – Workforce"
    assert "units you manage" not in text(response)


def test_a_manager_is_still_told_the_person_is_outside_their_area(as_user):
    response = as_user("manager_a").get("/people/T1p2/")
    assert response.status_code == 404
    assert title(response) == "Not in your area – Workforce"
    said = text(response)
    assert "the units you manage and the units below them" in said
    assert "ask an administrator of Workforce in your organisation" in said
