"""Guessing passwords: after 5 wrong ones for a user name from one address, that pair is
refused for a while with a plain page; other users and other addresses sign in as usual, and
a correct password before the limit clears the count."""

from __future__ import annotations

from django.test import Client

from tests.web.conftest import PASSWORD


def attempt(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_five_wrong_passwords_pause_that_user_from_that_address(personas):
    client = Client()
    for _ in range(4):
        assert attempt(client, "lead", "guess-guess-guess").status_code == 200
    assert attempt(client, "lead", "guess-guess-guess").status_code == 429  # the fifth
    locked = attempt(client, "lead", PASSWORD)  # even the right one, for now
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # a colleague at the same address, and the same user elsewhere, are not locked out
    assert attempt(Client(), "viewer", PASSWORD).status_code == 302
    assert attempt(Client(), "lead", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_correct_password_before_the_limit_clears_the_count(personas):
    client = Client()
    for _ in range(4):
        attempt(client, "lead", "guess-guess-guess")
    assert attempt(client, "lead", PASSWORD).status_code == 302
    fresh = Client()
    for _ in range(4):
        attempt(fresh, "lead", "guess-guess-guess")
    assert attempt(fresh, "lead", PASSWORD).status_code == 302  # the count started again


def test_behind_the_trusted_proxy_the_address_is_the_one_it_forwarded(settings):
    from django.test import RequestFactory

    from workforce_web.accounts.middleware import client_address

    request = RequestFactory().post("/login/", REMOTE_ADDR="10.9.9.9",
                                    HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_address(request) == "10.9.9.9"  # no trusted proxy: the connection's
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_address(request) == "203.0.113.7"  # the proxy's entry, not the client's


def test_users_behind_one_proxy_are_told_apart(personas, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "lead", "password": "guess-guess-guess"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    elsewhere = Client().post("/login/", {"username": "lead", "password": PASSWORD},
                              REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert elsewhere.status_code == 302  # the guesser is locked out, not the lead
