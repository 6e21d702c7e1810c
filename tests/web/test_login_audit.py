"""Failed sign-ins and sign-in pauses are in the audit log, for the organisation of the user
whose name was tried: the name, never the password nor the address. Before, neither a wrong
password nor a pause left any entry, so an administrator could not see someone guessing at
a colleague's password."""

from __future__ import annotations

from django.test import Client

from tests.web.conftest import PASSWORD
from workforce_web.accounts.models import AuditEvent

GUESS = "guess-guess-guess"


def attempt(username: str, password: str, address: str = "10.0.0.1", client=None):
    return (client or Client()).post("/login/", {"username": username, "password": password},
                                     REMOTE_ADDR=address)


def entries(**filters) -> list[tuple[str, str, str]]:
    return [(e.action, e.username, e.organisation) for e in
            AuditEvent.objects.filter(action__startswith="sign_in", **filters).order_by("pk")]


def test_a_wrong_password_is_recorded_with_the_name_tried_not_the_password(personas):
    attempt("lead", GUESS)
    assert entries() == [("sign_in_failed", "lead", "T1")]
    event = AuditEvent.objects.get(action="sign_in_failed")
    assert event.user is None and event.path == "/login/"
    for field in (event.detail, event.path, event.username):
        assert GUESS not in field and "10.0.0.1" not in field
    attempt("lead", PASSWORD)
    assert len(entries()) == 1  # a sign-in that works is not a failure


def test_the_pause_and_attempts_while_paused_are_recorded(personas):
    for _ in range(5):
        attempt("lead", GUESS)
    locked = attempt("lead", PASSWORD)
    assert locked.status_code == 429
    assert entries() == [("sign_in_failed", "lead", "T1")] * 5 + [
        ("sign_in_paused", "lead", "T1"), ("sign_in_refused_paused", "lead", "T1")]
    paused = AuditEvent.objects.get(action="sign_in_paused")
    assert paused.detail == ("Paused for 15 minutes after 5 wrong passwords in a row from "
                             "one address")
    assert not AuditEvent.objects.filter(detail__contains=PASSWORD).exists()


def test_the_lockout_page_says_what_to_do(personas):
    for _ in range(5):
        page = attempt("lead", GUESS)
    text = page.content.decode()
    assert "The password was wrong 5 times in a row" in text
    assert "Wait 15 minutes before you try again. Trying sooner starts the wait again, even " \
        "with the right password." in text
    assert "ask your administrator. They can set a new password and lift the pause." in text


def test_the_lockout_page_gives_the_limit_and_the_pause_as_set(personas, settings):
    settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME = 3, 0.5  # hours
    for _ in range(3):
        page = attempt("lead", GUESS)
    text = page.content.decode()
    assert "wrong 3 times in a row" in text and "Wait 30 minutes" in text


def test_a_name_no_one_has_is_recorded_without_its_text(personas):
    """A password typed into the user name box must not end up in the log."""
    attempt("Secret-Password-1", "anything-at-all")
    assert entries() == [("sign_in_failed", "(a user name no one has)", "")]
    assert not AuditEvent.objects.filter(username__contains="Secret").exists()
    assert not AuditEvent.objects.filter(detail__contains="Secret").exists()


def test_administrators_read_them_in_the_audit_log(personas, as_user):
    attempt("lead", GUESS)
    attempt("other", GUESS)  # another organisation's user (T2)
    attempt("nobody-here", GUESS)
    page = as_user("admin").get("/audit/?action=sign_in_failed").content.decode()
    assert "Failed to sign in (wrong password)" in page
    assert ">lead<" in page and "(a user name no one has)" in page
    assert ">other<" not in page  # T2's user is T2's administrators' business
    response = as_user("admin").get("/audit/?format=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "sign_in_failed" in body and GUESS not in body
