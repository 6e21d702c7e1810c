"""`workforce users unlock USERNAME`: an administrator lifts a pause on signing in sooner
than its 15 minutes, from every address, and the audit log says who did, for whom and
whether signing in was paused; never the address. Before, the product had no unlock of its
own: only django-axes' commands, which left no entry."""

from __future__ import annotations

import os
import pwd

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce_web.accounts.models import AuditEvent, Membership, Role
from workforce_web.bridge import store_tables

runner = CliRunner()
SECRET = "correct horse battery staple"


@pytest.fixture(autouse=True)
def os_user(monkeypatch):
    for name in ("LOGNAME", "USER", "SUDO_USER"):
        monkeypatch.delenv(name, raising=False)
    entry = pwd.struct_passwd(("it-admin", "x", os.geteuid(), os.getegid(), "", "/", ""))
    monkeypatch.setattr("pwd.getpwuid", lambda uid: entry)


@pytest.fixture
def councils(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    store_tables(tiny_tables("T1"))
    store_tables(tiny_tables("T2"))
    for username, org in (("jo", "T1"), ("sam", "T2")):
        user = get_user_model().objects.create_user(username, password=SECRET)
        Membership.objects.create(user=user, organisation=org, role=Role.WORKFORCE_LEAD)


def signs_in(username: str, password: str, address: str) -> int:
    return Client().post("/login/", {"username": username, "password": password},
                         REMOTE_ADDR=address).status_code


def pause(username: str, address: str) -> None:
    for _ in range(5):
        signs_in(username, "a-wrong-guess-at-it", address)
    assert signs_in(username, SECRET, address) == 429


def unlock(*args: str):
    result = runner.invoke(app, ["users", "unlock", *args])
    return result, " ".join(result.output.split())


def lifted() -> list[tuple[str, str, str, str]]:
    return [(e.username, e.organisation, e.path, e.detail) for e in
            AuditEvent.objects.filter(action="sign_in_pause_lifted").order_by("pk")]


def test_unlock_lifts_the_pause_from_every_address_and_is_recorded(councils):
    pause("jo", "10.0.0.1")
    pause("jo", "10.0.0.2")
    result, said = unlock("jo", "--org", "T1")
    assert result.exit_code == 0, said
    assert said == "jo: pause on signing in lifted (12 failed sign-ins forgotten)."
    assert signs_in("jo", SECRET, "10.0.0.1") == 302
    assert signs_in("jo", SECRET, "10.0.0.2") == 302
    assert lifted() == [("it-admin (command line)", "T1", "workforce users unlock",
                         "jo: pause on signing in lifted (12 failed sign-ins forgotten)")]
    assert not AuditEvent.objects.filter(detail__contains="10.0.0").exists()


def test_unlock_leaves_other_users_paused(councils):
    pause("jo", "10.0.0.1")
    pause("sam", "10.0.0.1")
    assert unlock("jo", "--org", "T1")[0].exit_code == 0
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["sam"]


def test_another_organisations_user_is_not_unlocked(councils):
    pause("sam", "10.0.0.1")  # a user of T2
    result, said = unlock("sam", "--org", "T1")
    assert result.exit_code == 2
    assert "sam was not unlocked: 'sam' is a user of organisation T2, not T1." in said
    assert AccessAttempt.objects.filter(username="sam").exists()  # still paused
    assert lifted() == []


def test_a_name_no_one_has_is_refused(councils):
    result, said = unlock("nobody", "--org", "T1")
    assert result.exit_code == 2 and "There is no user 'nobody'" in said


def test_nothing_to_lift_says_so_and_records_nothing(councils):
    result, said = unlock("jo", "--org", "T1")
    assert result.exit_code == 0
    assert said == "jo: no failed sign-ins counted, so nothing to lift."
    assert lifted() == []
