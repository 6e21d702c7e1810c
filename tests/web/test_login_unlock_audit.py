"""A pause on signing in lifted by an administrator, with django-axes' reset commands run
through the product's manage.py, is in the audit log: who ran which command, whose failed
sign-ins it forgot and whether signing in was paused; never the address nor a password.
Before, the commands left no entry, so the log showed a pause but not who lifted it.

`axes_reset_logs`, which removes records of signing in from axes's access log (kept by
older installations, before `AXES_DISABLE_ACCESS_LOG`), is recorded the same way: one entry
per user name whose records it removed, with how many and of which days. It was axes's own,
and left no entry. So is `axes_reset_failure_logs`, which removes records of failed sign-ins
from axes's access failure log (`AXES_ENABLE_ACCESS_FAILURE_LOG`)."""

from __future__ import annotations

import os
import pwd
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command, get_commands
from django.test import Client

from tests.web.conftest import PASSWORD
from workforce_web.accounts.models import AuditEvent

GUESS = "guess-guess-guess"
ADDRESS = "10.0.0.1"
WHO = "it-admin (command line)"


@pytest.fixture(autouse=True)
def os_user(monkeypatch):
    """The commands run as "it-admin" (the password database says); the environment names
    no one."""
    for name in ("LOGNAME", "USER", "SUDO_USER"):
        monkeypatch.delenv(name, raising=False)
    entry = pwd.struct_passwd(("it-admin", "x", os.geteuid(), os.getegid(), "", "/", ""))
    monkeypatch.setattr("pwd.getpwuid", lambda uid: entry)


def attempt(username: str, password: str, address: str = ADDRESS) -> int:
    return Client().post("/login/", {"username": username, "password": password},
                         REMOTE_ADDR=address).status_code


def pause(username: str, address: str = ADDRESS) -> None:
    for _ in range(5):
        attempt(username, GUESS, address)
    assert attempt(username, PASSWORD, address) == 429  # paused


def entries(action: str) -> list[tuple[str, str, str, str]]:
    """The audit log's entries of `action`: who, organisation, command, what, in order."""
    return [(e.username, e.organisation, e.path, e.detail) for e in
            AuditEvent.objects.filter(action=action).order_by("pk")]


def lifted() -> list[tuple[str, str, str, str]]:
    return entries("sign_in_pause_lifted")


def test_axes_reset_username_is_recorded_with_who_ran_it(personas):
    pause("lead")
    call_command("axes_reset_username", "lead")
    assert attempt("lead", PASSWORD) == 302  # signed in: the pause is lifted
    assert lifted() == [(WHO, "T1", "python -m workforce_web axes_reset_username",
                         "lead: pause on signing in lifted (6 failed sign-ins forgotten)")]


@pytest.mark.parametrize(("command", "args"), [
    ("axes_reset", []),
    ("axes_reset_username", ["manager_a"]),
    ("axes_reset_ip", [ADDRESS]),
    ("axes_reset_ip_username", [ADDRESS, "manager_a"]),
])
def test_every_reset_command_is_recorded_without_the_address(personas, command, args):
    assert get_commands()[command] == "workforce_web.accounts"  # not axes's own
    pause("manager_a")
    call_command(command, *args)
    assert lifted() == [(WHO, "T1", f"python -m workforce_web {command}",
                         "manager_a: pause on signing in lifted (6 failed sign-ins "
                         "forgotten)")]
    for e in AuditEvent.objects.all():
        assert ADDRESS not in f"{e.username} {e.path} {e.detail}"
        assert GUESS not in e.detail and PASSWORD not in e.detail


def test_wrong_passwords_short_of_a_pause_are_recorded_as_not_paused(personas):
    attempt("lead", GUESS)
    attempt("lead", GUESS, "10.0.0.2")
    pause("viewer")
    call_command("axes_reset")
    assert [d for *_, d in lifted()] == [
        "lead: 2 failed sign-ins forgotten (signing in was not paused)",
        "viewer: pause on signing in lifted (6 failed sign-ins forgotten)"]


def test_a_pause_already_over_is_recorded_as_not_paused(personas):
    pause("lead")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time
                                 - timedelta(minutes=16))
    call_command("axes_reset_username", "lead")
    assert [d for *_, d in lifted()] == [
        "lead: 6 failed sign-ins forgotten (signing in was not paused)"]


def test_a_name_no_one_has_is_recorded_without_its_text(personas, as_user):
    pause("Secret-Password-1")
    call_command("axes_reset")
    assert lifted() == [(WHO, "", "python -m workforce_web axes_reset",
                         "(a user name no one has): pause on signing in lifted (6 failed "
                         "sign-ins forgotten)")]
    assert not AuditEvent.objects.filter(detail__contains="Secret").exists()
    # shown to every administrator, as the failed sign-ins of such a name are
    page = as_user("admin").get("/audit/?action=sign_in_pause_lifted").text
    assert "Lifted a pause on signing in" in page and "(a user name no one has)" in page


def test_another_organisations_unlock_is_its_own_administrators_business(personas, as_user):
    pause("other")  # a user of T2
    call_command("axes_reset")
    assert [(org, d) for _, org, _, d in lifted()] == [
        ("T2", "other: pause on signing in lifted (6 failed sign-ins forgotten)")]
    assert "other: pause" not in as_user("admin").get("/audit/").text  # T1's administrator


def test_nothing_forgotten_is_not_recorded(personas):
    call_command("axes_reset")
    # a correct password forgets the wrong ones before it: not an unlock
    attempt("lead", GUESS)
    assert attempt("lead", PASSWORD) == 302
    assert not AccessAttempt.objects.exists()
    call_command("axes_reset_username", "lead")
    assert lifted() == []


def signed_in(username: str, at: datetime) -> None:
    """A record of signing in, as axes's access log kept them (`AXES_DISABLE_ACCESS_LOG`
    off): the time, the address and the browser."""
    log = AccessLog.objects.create(username=username, ip_address=ADDRESS, user_agent="Firefox",
                                   http_accept="text/html", path_info="/login/")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=at)  # (set on creation)


def removed() -> list[tuple[str, str, str, str]]:
    return entries("access_log_removed")


def test_axes_reset_logs_is_recorded_with_who_ran_it_and_what_it_removed(personas, as_user):
    assert get_commands()["axes_reset_logs"] == "workforce_web.accounts"  # not axes's own
    signed_in("lead", datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    signed_in("lead", datetime(2026, 4, 9, 23, 30, tzinfo=UTC))  # 10 April in UK time
    signed_in("other", datetime(2026, 4, 1, 9, 0, tzinfo=UTC))  # a user of T2
    signed_in("Secret-Password-1", datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    signed_in("lead", datetime.now(UTC) - timedelta(days=2))  # kept: within 30 days
    out = StringIO()
    call_command("axes_reset_logs", stdout=out)
    assert AccessLog.objects.count() == 1
    command = "python -m workforce_web axes_reset_logs"
    assert removed() == [
        (WHO, "", command, "(a user name no one has): 1 record of signing in removed from "
                           "the access log (sign-ins of 1 April 2026)"),
        (WHO, "T1", command, "lead: 2 records of signing in removed from the access log "
                             "(sign-ins of 2 April 2026 to 10 April 2026)"),
        (WHO, "T2", command, "other: 1 record of signing in removed from the access log "
                             "(sign-ins of 1 April 2026)")]
    assert "4 logs removed." in out.getvalue()
    assert "Recorded in the audit log: 3 user names." in out.getvalue()
    for e in AuditEvent.objects.all():
        assert ADDRESS not in f"{e.username} {e.path} {e.detail}"
        assert "Secret" not in e.detail
    page = as_user("admin").get("/audit/?action=access_log_removed").text  # T1's administrator
    assert "Removed records of signing in from the access log" in page
    assert "lead: 2 records" in page and "(a user name no one has): 1 record" in page
    assert "other: 1 record" not in page


def test_axes_reset_logs_removing_nothing_is_not_recorded(personas):
    signed_in("lead", datetime.now(UTC) - timedelta(days=2))
    call_command("axes_reset_logs", stdout=StringIO())
    assert AccessLog.objects.count() == 1 and removed() == []


def failed_sign_in(username: str, at: datetime) -> None:
    """A record of a failed sign-in, as axes's access failure log keeps them
    (`AXES_ENABLE_ACCESS_FAILURE_LOG` on): the time, the address and the browser."""
    log = AccessFailureLog.objects.create(username=username, ip_address=ADDRESS,
                                          user_agent="Firefox", http_accept="text/html",
                                          path_info="/login/", locked_out=False)
    AccessFailureLog.objects.filter(pk=log.pk).update(attempt_time=at)  # (set on creation)


def failures_removed() -> list[tuple[str, str, str, str]]:
    return entries("access_failure_log_removed")


def test_axes_reset_failure_logs_is_recorded_with_who_ran_it_and_what_it_removed(
        personas, as_user):
    assert get_commands()["axes_reset_failure_logs"] == "workforce_web.accounts"
    failed_sign_in("lead", datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    failed_sign_in("lead", datetime(2026, 4, 9, 23, 30, tzinfo=UTC))  # 10 April in UK time
    failed_sign_in("other", datetime(2026, 4, 1, 9, 0, tzinfo=UTC))  # a user of T2
    failed_sign_in("Secret-Password-1", datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    failed_sign_in("lead", datetime.now(UTC) - timedelta(days=2))  # kept: within 30 days
    signed_in("lead", datetime(2026, 4, 2, 9, 0, tzinfo=UTC))  # the access log: not its own
    out = StringIO()
    call_command("axes_reset_failure_logs", stdout=out)
    assert AccessFailureLog.objects.count() == 1 and AccessLog.objects.count() == 1
    command = "python -m workforce_web axes_reset_failure_logs"
    assert failures_removed() == [
        (WHO, "", command, "(a user name no one has): 1 record of failed sign-ins removed "
                           "from the access failure log (failed sign-ins of 1 April 2026)"),
        (WHO, "T1", command, "lead: 2 records of failed sign-ins removed from the access "
                             "failure log (failed sign-ins of 2 April 2026 to 10 April 2026)"),
        (WHO, "T2", command, "other: 1 record of failed sign-ins removed from the access "
                             "failure log (failed sign-ins of 1 April 2026)")]
    assert removed() == [] and lifted() == []
    assert "4 logs removed." in out.getvalue()
    assert "Recorded in the audit log: 3 user names." in out.getvalue()
    for e in AuditEvent.objects.all():
        assert ADDRESS not in f"{e.username} {e.path} {e.detail}"
        assert "Secret" not in e.detail
    page = as_user("admin").get("/audit/?action=access_failure_log_removed").text  # T1's
    assert "Removed records of failed sign-ins from the access failure log" in page
    assert "lead: 2 records" in page and "(a user name no one has): 1 record" in page
    assert "other: 1 record" not in page


def test_axes_reset_failure_logs_removing_nothing_is_not_recorded(personas):
    failed_sign_in("lead", datetime.now(UTC) - timedelta(days=2))
    out = StringIO()
    call_command("axes_reset_failure_logs", stdout=out)
    assert AccessFailureLog.objects.count() == 1 and failures_removed() == []
    assert "No logs found." in out.getvalue() and "Recorded" not in out.getvalue()
