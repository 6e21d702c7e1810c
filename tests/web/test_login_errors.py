"""The sign-in page's errors follow the GOV.UK pattern of the app's other forms: "Error: " in
the title, an error summary linking to each field in error, the same message at the field;
a wrong username or password is one message that does not say which of the two was wrong."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from tests.web.conftest import PASSWORD


def sign_in(username: str, password: str) -> str:
    response = Client().post("/login/", {"username": username, "password": password})
    assert response.status_code == 200
    return response.content.decode()


def summary(page: str) -> list[tuple[str, str]]:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "no error summary"
    return [(href, unescape(text)) for href, text in
            re.findall(r'<a href="([^"]*)">([^<]*)</a>', found.group(1))]


def inline(page: str) -> dict[str, str]:
    """The inline error messages by the id of their field."""
    return {field: unescape(text.strip()) for field, text in re.findall(
        r'<p class="govuk-error-message" id="([^"]+)-error">'
        r'<span class="govuk-visually-hidden">Error:</span>([^<]*)</p>', page)}


@pytest.mark.parametrize("who", ["lead", "nobody"])
def test_a_wrong_password_or_username_is_one_message_not_saying_which(personas, who):
    page = sign_in(who, "guess-guess-guess")
    assert "<title>Error: Sign in – Workforce</title>" in page
    assert summary(page) == [("#id_username", "Enter a correct username and password")]
    assert inline(page) == {"id_username": "Enter a correct username and password"}
    assert page.count("govuk-input--error") == 2  # either may be the wrong one
    assert 'aria-describedby="id_username-error"' in page
    assert f'value="{who}"' in page and "guess-guess-guess" not in page


def test_both_left_empty_link_to_both_fields(personas):
    page = sign_in("", "")
    assert "<title>Error: Sign in – Workforce</title>" in page
    assert summary(page) == [("#id_username", "Enter your username"),
                             ("#id_password", "Enter your password")]
    assert inline(page) == {"id_username": "Enter your username",
                            "id_password": "Enter your password"}
    assert "Enter a correct username and password" not in page


def test_an_empty_password_is_the_password_fields_error_alone(personas):
    page = sign_in("lead", "")
    assert summary(page) == [("#id_password", "Enter your password")]
    assert inline(page) == {"id_password": "Enter your password"}
    assert 'class="govuk-input govuk-!-width-one-half" id="id_username"' in page


def test_the_page_before_any_attempt_has_no_errors(db):
    page = Client().get("/login/").content.decode()
    assert "<title>Sign in – Workforce</title>" in page
    assert "govuk-error" not in page


def test_the_right_password_still_signs_in(personas):
    assert Client().post("/login/", {"username": "lead", "password": PASSWORD}
                         ).status_code == 302
