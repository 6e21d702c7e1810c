"""`workforce users`: an administrator adds users, sets their role and a manager's units,
removes and restores access and hands out new passwords; each change is in the audit log, and
what is set is what the web app lets the user do."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce_web.accounts.models import AuditEvent, Membership, Role
from workforce_web.bridge import store_tables

runner = CliRunner()


@pytest.fixture(autouse=True)
def os_user(monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "it-admin")


@pytest.fixture
def councils(db):
    store_tables(tiny_tables("T1"))
    store_tables(tiny_tables("T2"))


def users(*args: str):
    return runner.invoke(app, ["users", *args])


def said(result) -> str:
    return " ".join(result.output.split())


def signs_in(client, username: str, secret: str) -> bool:
    """Through the sign-in page, as a person does (its checks need the request)."""
    client.logout()
    response = client.post("/login/", {"username": username, "password": secret})
    return response.status_code == 302


def password(result) -> str:
    return re.search(r"Password: (\S+)", result.output).group(1)  # type: ignore[union-attr]


def test_a_manager_added_signs_in_and_sees_their_units_only(councils, client):
    added = users("add", "jo", "--role", "manager", "--unit", "T1-A", "--org", "T1",
                  "--name", "Jo Bloggs")
    assert added.exit_code == 0, said(added)
    assert "Added jo to T1: added; role Manager; units T1-A; name 'Jo Bloggs'" in said(added)
    m = Membership.objects.get(user__username="jo")
    assert (m.organisation, m.role, m.units) == ("T1", Role.MANAGER, ["T1-A"])
    assert signs_in(client, "jo", password(added))
    assert client.get("/people/?unit=T1-A").status_code == 200
    assert client.get("/people/?unit=T1-B").status_code == 404
    listed = said(users("list", "--org", "T1"))
    assert "│ jo │ Jo Bloggs │ Manager │ T1-A │ yes │" in listed
    events = AuditEvent.objects.filter(action="user_changed", organisation="T1")
    assert {e.detail for e in events} == {"jo: added", "jo: role Manager", "jo: units T1-A",
                                          "jo: name 'Jo Bloggs'", "jo: new password"}
    assert {e.username for e in events} == {"it-admin (command line)"}


def test_role_units_access_and_password_change_as_set(councils, client):
    first = password(users("add", "sam", "--role", "viewer", "--org", "T1"))
    changed = users("set", "sam", "--role", "manager", "--unit", "T1-B", "--org", "T1")
    assert "sam: role Viewer (aggregates only) → Manager; units T1-B." in said(changed)
    back = users("set", "sam", "--role", "lead", "--org", "T1")
    assert "sam: role Manager → Workforce lead; units removed." in said(back)
    assert Membership.objects.get(user__username="sam").units == []
    assert said(users("set", "sam", "--no-access", "--org", "T1")) == "sam: access removed."
    assert not signs_in(client, "sam", first)
    again = users("set", "sam", "--access", "--new-password", "--org", "T1")
    assert "access restored; new password" in said(again)
    assert not signs_in(client, "sam", first)
    assert signs_in(client, "sam", password(again))


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
