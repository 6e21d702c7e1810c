"""`workforce users`: an administrator adds users, sets their role and a manager's units,
removes and restores access and hands out new passwords; each change is in the audit log, and
what is set is what the web app lets the user do. A password is never printed: it is typed at
a prompt, read from standard input or written to a file only its maker can read."""

from __future__ import annotations

import os
import pwd
import stat

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce_web.accounts.models import AuditEvent, Membership, Role
from workforce_web.accounts.signins import SIGN_IN_ACTIONS
from workforce_web.bridge import store_tables

runner = CliRunner()


REAL_ACCOUNT = pwd.getpwuid
LOGIN_NAMES = ("LOGNAME", "USER", "LNAME", "USERNAME", "SUDO_USER")
SECRET = "correct horse battery staple"


@pytest.fixture(autouse=True)
def os_user(monkeypatch, tmp_path):  # tmp_path first: pytest names it by the real account
    """The process runs as "it-admin" (the password database says), and the environment
    names no one."""
    for name in LOGIN_NAMES:
        monkeypatch.delenv(name, raising=False)
    entry = pwd.struct_passwd(("it-admin", "x", os.geteuid(), os.getegid(), "", "/", ""))
    monkeypatch.setattr("pwd.getpwuid", lambda uid: entry)


@pytest.fixture
def councils(db):
    store_tables(tiny_tables("T1"))
    store_tables(tiny_tables("T2"))


def users(*args: str, password: str | None = SECRET):
    """`workforce users ARGS`; an `add` gets `password` on standard input."""
    if args[0] == "add" and password is not None:
        return runner.invoke(app, ["users", *args, "--password-stdin"], input=password + "\n")
    return runner.invoke(app, ["users", *args])


def said(result) -> str:
    return " ".join(result.output.split())


def signs_in(client, username: str, secret: str) -> bool:
    """Through the sign-in page, as a person does (its checks need the request)."""
    client.logout()
    response = client.post("/login/", {"username": username, "password": secret})
    return response.status_code == 302


def test_a_manager_added_signs_in_and_sees_their_units_only(councils, client):
    added = users("add", "jo", "--role", "manager", "--unit", "T1-A", "--org", "T1",
                  "--name", "Jo Bloggs")
    assert added.exit_code == 0, said(added)
    assert "Added jo to T1: added; role Manager; units T1-A; name 'Jo Bloggs'" in said(added)
    m = Membership.objects.get(user__username="jo")
    assert (m.organisation, m.role, m.units) == ("T1", Role.MANAGER, ["T1-A"])
    assert signs_in(client, "jo", SECRET)
    assert client.get("/people/?unit=T1-A").status_code == 200
    assert client.get("/people/?unit=T1-B").status_code == 404
    listed = said(users("list", "--org", "T1"))
    assert "│ jo │ Jo Bloggs │ Manager │ T1-A │ yes │" in listed
    events = AuditEvent.objects.filter(action="user_changed", organisation="T1")
    assert {e.detail for e in events} == {"jo: added", "jo: role Manager", "jo: units T1-A",
                                          "jo: name 'Jo Bloggs'", "jo: new password"}
    assert {e.username for e in events} == {"it-admin (command line)"}


def test_role_units_access_and_password_change_as_set(councils, client):
    first = "first password of sam"
    users("add", "sam", "--role", "viewer", "--org", "T1", password=first)
    changed = users("set", "sam", "--role", "manager", "--unit", "T1-B", "--org", "T1")
    assert "sam: role Viewer (aggregates only) → Manager; units T1-B." in said(changed)
    back = users("set", "sam", "--role", "lead", "--org", "T1")
    assert "sam: role Manager → Workforce lead; units removed." in said(back)
    assert Membership.objects.get(user__username="sam").units == []
    assert said(users("set", "sam", "--no-access", "--org", "T1")) == "sam: access removed."
    assert not signs_in(client, "sam", first)
    again = runner.invoke(app, ["users", "set", "sam", "--access", "--password-stdin", "--org",
                                "T1"], input="second password of sam\n")
    assert "access restored; new password" in said(again)
    assert not signs_in(client, "sam", first)
    assert signs_in(client, "sam", "second password of sam")


@pytest.mark.parametrize(("args", "message"), [
    (["add", "x", "--role", "boss"], "There is no role 'boss': use admin, lead, manager or "
                                     "viewer."),
    (["add", "x", "--role", "manager"], "A manager needs at least one unit (--unit CODE)"),
    (["add", "x", "--role", "manager", "--unit", "T2-A"], "Organisation T1 has no unit T2-A"),
    (["add", "x", "--role", "lead", "--unit", "T1-A"], "Only managers have units"),
    (["set", "nobody", "--role", "lead"], "There is no user 'nobody'"),
])
def test_a_change_that_cannot_be_made_says_why_and_changes_nothing(councils, args, message):
    result = users(*args, "--org", "T1")
    assert result.exit_code == 2 and message in said(result), said(result)
    assert not Membership.objects.filter(user__username="x").exists()
    assert not AuditEvent.objects.filter(action="user_changed").exists()


def test_a_user_is_never_moved_to_another_organisation(councils):
    users("add", "kim", "--role", "lead", "--org", "T1")
    moved = users("set", "kim", "--role", "viewer", "--org", "T2")
    assert moved.exit_code == 2
    assert "'kim' is a user of organisation T1, not T2" in said(moved)
    assert Membership.objects.get(user__username="kim").organisation == "T1"
    again = users("add", "kim", "--role", "viewer", "--org", "T2")
    assert again.exit_code == 2 and "There is already a user 'kim'" in said(again)


def test_with_several_organisations_the_command_asks_which(councils):
    result = users("list")
    assert result.exit_code == 2 and "choose one with --org" in said(result)


def test_a_name_differing_only_in_case_is_the_same_user(councils):
    users("add", "alice", "--role", "viewer", "--org", "T1")
    again = users("add", "Alice", "--role", "lead", "--org", "T1")
    assert again.exit_code == 2 and "There is already a user 'alice'" in said(again)


def test_the_only_administrator_keeps_their_role_and_access(councils):
    users("add", "root", "--role", "admin", "--org", "T1")
    for args in (["--role", "lead"], ["--no-access"]):
        result = users("set", "root", *args, "--org", "T1")
        assert result.exit_code == 2 and "only administrator" in said(result)
    users("add", "second", "--role", "admin", "--org", "T1")
    assert users("set", "root", "--role", "lead", "--org", "T1").exit_code == 0
    assert Membership.objects.get(user__username="root").role == Role.WORKFORCE_LEAD


def printed(result) -> str:
    """Everything the command wrote, to standard output and to standard error."""
    return result.stdout + result.stderr


def no_change_recorded() -> bool:
    return not AuditEvent.objects.filter(action="user_changed").exists()


@pytest.fixture
def terminal(monkeypatch):
    """Standard input is a terminal, where the administrator types `answers` in turn; the
    prompts they were shown are collected."""
    typed: dict[str, list[str]] = {"answers": [], "prompts": []}

    def getpass(prompt: str = "Password: ", stream=None) -> str:
        typed["prompts"].append(prompt)
        return typed["answers"].pop(0)

    monkeypatch.setattr("workforce.cli.users_cmd._at_terminal", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", getpass)
    return typed


def test_a_password_typed_at_the_prompt_is_asked_twice_and_never_printed(councils, client,
                                                                        terminal):
    terminal["answers"] = [SECRET, SECRET]
    added = runner.invoke(app, ["users", "add", "jo", "--role", "viewer", "--org", "T1"])
    assert added.exit_code == 0, said(added)
    assert "Added jo to T1: added; role Viewer (aggregates only); new password." in said(added)
    assert SECRET not in printed(added) and "Password:" not in printed(added)
    assert len(terminal["prompts"]) == 2
    assert signs_in(client, "jo", SECRET)
    terminal["answers"] = ["another long password", "another long password"]
    changed = runner.invoke(app, ["users", "set", "jo", "--new-password", "--org", "T1"])
    assert changed.exit_code == 0, said(changed)
    assert said(changed) == "jo: new password."
    assert "another long password" not in printed(changed)
    assert signs_in(client, "jo", "another long password")


def test_two_different_passwords_at_the_prompt_change_nothing(councils, terminal):
    terminal["answers"] = [SECRET, SECRET + "!"]
    result = runner.invoke(app, ["users", "add", "jo", "--role", "viewer", "--org", "T1"])
    assert result.exit_code == 2 and "The two passwords differ" in said(result)
    assert SECRET not in printed(result)
    assert not Membership.objects.filter(user__username="jo").exists()
    assert no_change_recorded()


def test_without_a_terminal_a_password_must_come_from_standard_input_or_a_file(councils):
    result = users("add", "jo", "--role", "viewer", "--org", "T1", password=None)
    assert result.exit_code == 2
    assert "No password: standard input is not a terminal" in said(result)
    assert "--password-stdin" in said(result) and "--generate-password FILE" in said(result)
    assert not Membership.objects.filter(user__username="jo").exists()
    assert no_change_recorded()


def test_a_password_from_standard_input_is_its_first_line_and_never_printed(councils,
                                                                           client):
    added = runner.invoke(app, ["users", "add", "jo", "--role", "viewer", "--org", "T1",
                                "--password-stdin"], input=f"{SECRET}\r\nsecond line\n")
    assert added.exit_code == 0, said(added)
    assert SECRET not in printed(added)
    assert signs_in(client, "jo", SECRET)
    changed = runner.invoke(app, ["users", "set", "jo", "--password-stdin", "--org", "T1"],
                            input="a new long password")  # no newline at the end: as typed
    assert changed.exit_code == 0 and said(changed) == "jo: new password.", said(changed)
    assert "a new long password" not in printed(changed)
    assert not signs_in(client, "jo", SECRET)
    assert signs_in(client, "jo", "a new long password")
    told = AuditEvent.objects.filter(detail__contains="password").exclude(
        action__in=SIGN_IN_ACTIONS)  # the old password tried above is a failed sign-in
    assert [e.detail for e in told] == ["jo: new password", "jo: new password"]
    assert not AuditEvent.objects.filter(detail__contains="long password").exists()
    assert not AuditEvent.objects.filter(detail__contains=SECRET).exists()


@pytest.mark.parametrize(("secret", "message"), [
    ("", "The password is empty"),
    ("short-one", "This password is too short. It must contain at least 12 characters."),
    ("password1234", "This password is too common."),
    ("482917364502", "This password is entirely numeric."),
    ("jonathan.bloggs", "The password is too similar to the username."),
])
def test_a_weak_password_is_refused_with_the_reason_and_nothing_stored(councils, client,
                                                                      secret, message):
    added = runner.invoke(app, ["users", "add", "jonathan.bloggs", "--role", "viewer",
                                "--org", "T1", "--password-stdin"], input=secret + "\n")
    assert added.exit_code == 2, said(added)
    assert "jonathan.bloggs was not added" in said(added) and message in said(added)
    assert not get_user_model().objects.filter(username="jonathan.bloggs").exists()
    assert not Membership.objects.exists()
    assert no_change_recorded()


def test_a_weak_new_password_leaves_the_old_one_and_the_rest_unchanged(councils, client):
    users("add", "sam", "--role", "viewer", "--org", "T1")
    recorded = AuditEvent.objects.count()
    result = runner.invoke(app, ["users", "set", "sam", "--role", "lead", "--password-stdin",
                                 "--org", "T1"], input="sam\n")
    assert result.exit_code == 2 and "This password is too short" in said(result)
    assert Membership.objects.get(user__username="sam").role == Role.VIEWER
    assert signs_in(client, "sam", SECRET)
    assert AuditEvent.objects.count() == recorded


def test_a_generated_password_goes_only_to_a_new_file_only_its_maker_can_read(councils, client,
                                                                            tmp_path):
    handover = tmp_path / "jo.txt"
    added = users("add", "jo", "--role", "viewer", "--org", "T1", "--generate-password",
                  str(handover), password=None)
    assert added.exit_code == 0, said(added)
    assert stat.S_IMODE(handover.stat().st_mode) == 0o600
    secret = handover.read_text().strip()
    assert len(secret) == 16 and secret not in printed(added)
    assert f"jo's password is in {handover}, which only you can read" in said(added)
    assert signs_in(client, "jo", secret)
    again = users("set", "jo", "--generate-password", str(handover))  # exists: not overwritten
    assert again.exit_code == 2 and "exists already" in said(again)
    assert handover.read_text().strip() == secret and signs_in(client, "jo", secret)


def test_a_generated_password_for_a_change_refused_leaves_no_file(councils, tmp_path):
    handover = tmp_path / "x.txt"
    result = users("add", "x", "--role", "boss", "--org", "T1", "--generate-password",
                   str(handover), password=None)
    assert result.exit_code == 2 and "There is no role 'boss'" in said(result)
    assert not handover.exists()
    assert no_change_recorded()


def test_the_audit_log_names_the_account_not_the_login_name_the_environment_gives(
        councils, monkeypatch, terminal):
    monkeypatch.setattr("pwd.getpwuid", REAL_ACCOUNT)
    real = REAL_ACCOUNT(os.geteuid()).pw_name
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "mallory")
    terminal["answers"] = [SECRET, SECRET]
    added = runner.invoke(app, ["users", "add", "kim", "--role", "lead", "--org", "T1"])
    assert added.exit_code == 0, said(added)
    names = set(AuditEvent.objects.values_list("username", flat=True))
    assert names == {f"{real} (environment names mallory) (command line)"} != {
        "mallory (command line)"}
