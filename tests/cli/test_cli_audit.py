"""Commands that write person-level data from the database record it in the audit log, the
same `AuditEvent` table the web's views write to: who (the operating-system user, marked as
the command line), what, which organisation, how many people and where."""

from __future__ import annotations

import json
import os
import pwd
import re
from datetime import date

import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce.demo import generate
from workforce.imports import write_csv_folder
from workforce_web.accounts.models import AuditEvent
from workforce_web.bridge import store_tables

runner = CliRunner()
TODAY = date(2025, 10, 15)


REAL_ACCOUNT = pwd.getpwuid


def runs_as(monkeypatch, name: str) -> None:
    """The password database names the process's account `name`."""
    entry = pwd.struct_passwd((name, "x", os.geteuid(), os.getegid(), "", "/", ""))
    monkeypatch.setattr("pwd.getpwuid", lambda uid: entry)


@pytest.fixture(autouse=True)
def os_user(monkeypatch, tmp_path):  # tmp_path first: pytest names it by the real account
    """The process runs as "jo", and the environment names no one."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME", "SUDO_USER"):
        monkeypatch.delenv(name, raising=False)
    runs_as(monkeypatch, "jo")
    return "jo (command line)"


@pytest.fixture
def two_councils(db):
    store_tables(tiny_tables("T1"))
    store_tables(tiny_tables("T2"))


@pytest.fixture
def demo(db):
    ledger = generate(staff=40, years=1, seed=1, today=TODAY)
    store_tables(dict(ledger.frames))
    return ledger


def events() -> list[tuple]:
    return list(AuditEvent.objects.order_by("organisation", "action").values_list(
        "user", "username", "organisation", "action", "path", "detail"))


def test_export_records_each_organisation_it_wrote(two_councils, tmp_path, os_user):
    out = tmp_path / "out"
    assert AuditEvent.objects.count() == 0
    result = runner.invoke(app, ["export", str(out)])
    assert result.exit_code == 0, result.output
    assert "Bob Baker" in (out / "person.csv").read_text()
    # each person named, so that the audit log's Person filter finds them
    detail = f"person-level export: 3 people to {out.resolve()} people: "
    found = events()
    assert [e[:5] for e in found] == [(None, os_user, code, "cli_export", "workforce export")
                                      for code in ("T1", "T2")]
    for (*_, text), code in zip(found, ("T1", "T2"), strict=True):
        assert text.startswith(detail)
        assert sorted(text.removeprefix(detail).split(", ")) == [f"{code}p{i}" for i in (1, 2, 3)]
    from workforce_web.accounts.forms import AuditFilterForm

    form = AuditFilterForm({"person": "T2p2"})
    assert form.is_valid()
    assert [e.organisation for e in form.apply(AuditEvent.objects.all())] == ["T2"]


def test_export_of_one_organisation_to_a_workbook_records_only_that_one(two_councils, tmp_path,
                                                                        os_user):
    book = tmp_path / "t1.xlsx"
    result = runner.invoke(app, ["export", str(book), "--org", "T1"])
    assert result.exit_code == 0, result.output
    (event,) = events()
    assert event[:5] == (None, os_user, "T1", "cli_export", "workforce export")
    assert event[5].startswith(f"person-level export: 3 people to {book.resolve()} people: ")


def test_an_export_that_fails_records_nothing(two_councils, tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path / "out"), "--org", "888"])
    assert result.exit_code == 2
    assert AuditEvent.objects.count() == 0


def test_census_export_records_the_return_and_its_people(demo, tmp_path, os_user):
    out = tmp_path / "return.xml"
    result = runner.invoke(app, ["census", "export", "--year", "2025", "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_text()
    records = written.count("<CSWWWorker>")
    people = len(set(re.findall(r"<SWENo>(.*?)</SWENo>", written)))
    assert records > 0
    found = events()
    assert {e[:5] for e in found} == {(None, os_user, "demo", "cli_census_export",
                                       "workforce census export")}
    assert found[0][5].startswith(f"census return 2025 (SWE numbers): {people} people in "
                                  f"{records} worker records to {out.resolve()} people: ")
    # every person in the return is named, over as many events as it takes
    named = [s for e in found for s in e[5].split(": ")[-1].split(", ")]
    swe = dict(demo.person.select("staff_id", "swe_number").iter_rows())
    assert len(named) == len(set(named)) == people  # one SWE number each in the demo
    written_swe = {n.replace(" ", "").upper() for n in re.findall(r"<SWENo>(.*?)</SWENo>",
                                                                   written)}
    assert {swe[s].replace(" ", "").upper() for s in named} == written_swe


def test_census_export_from_a_folder_of_files_is_not_recorded(demo, tmp_path):
    # the files are already the user's own copy; the audit log is of what the database holds
    write_csv_folder(demo, tmp_path / "files")
    result = runner.invoke(app, ["census", "export", "--year", "2025", "--data",
                                 str(tmp_path / "files"), "-o", str(tmp_path / "r.xml")])
    assert result.exit_code == 0, result.output
    assert AuditEvent.objects.count() == 0


def test_measures_with_suppression_turned_off_are_recorded(demo, os_user):
    args = ["measures", "-m", "inpost_headcount", "--by", "unit", "--as-at", "2025-09-30",
            "--format", "json"]
    suppressed = runner.invoke(app, args)
    assert suppressed.exit_code == 0, suppressed.output
    assert AuditEvent.objects.count() == 0
    shown = runner.invoke(app, [*args, "--threshold", "0"])
    assert shown.exit_code == 0, shown.output
    # a headcount's numerator is its number of people
    small = sum(1 <= r["numerator"] <= 4 for r in json.loads(shown.stdout))
    assert small > 0
    assert events() == [(None, os_user, "demo", "cli_measures_unsuppressed",
                         "workforce measures", f"figures not suppressed (threshold 0): {small} "
                         "figures about 1 to 4 people to standard output")]


def test_without_a_password_database_entry_the_user_is_their_user_id(two_councils, tmp_path,
                                                                    monkeypatch):
    def nameless(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr("pwd.getpwuid", nameless)
    result = runner.invoke(app, ["export", str(tmp_path / "out"), "--org", "T2"])
    assert result.exit_code == 0, result.output
    assert AuditEvent.objects.get().username == f"uid {os.geteuid()} (command line)"


def export_recorded_as(tmp_path) -> str:
    result = runner.invoke(app, ["export", str(tmp_path / "out"), "--org", "T2"])
    assert result.exit_code == 0, result.output
    return AuditEvent.objects.get().username


def test_a_login_name_set_in_the_environment_does_not_replace_the_account(two_councils,
                                                                         tmp_path,
                                                                         monkeypatch):
    monkeypatch.setattr("pwd.getpwuid", REAL_ACCOUNT)  # the account this test really runs as
    real = REAL_ACCOUNT(os.geteuid()).pw_name
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "mallory")
    assert export_recorded_as(tmp_path) == f"{real} (environment names mallory) (command line)"


def test_under_sudo_the_account_is_recorded_with_who_ran_sudo(two_councils, tmp_path,
                                                              monkeypatch):
    runs_as(monkeypatch, "root")
    monkeypatch.setenv("SUDO_USER", "alice")
    monkeypatch.setenv("LOGNAME", "root")
    assert export_recorded_as(tmp_path) == "root via sudo by alice (command line)"


def test_a_name_in_the_environment_cannot_pass_for_more_of_the_entry(two_councils, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setenv("LOGNAME", "mallory) (command line)\nalice")
    assert export_recorded_as(tmp_path) == ("jo (environment names mallorycommandlinealice) "
                                            "(command line)")


def test_a_report_below_the_suppression_threshold_is_recorded(two_councils, tmp_path,
                                                             monkeypatch, os_user):
    args = ["report", "--period", "2024-Q3", "--org", "T1", "-o", str(tmp_path / "r.xlsx")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert AuditEvent.objects.count() == 0  # suppressed at 5 as usual: nothing to record
    monkeypatch.setenv("SUPPRESSION_THRESHOLD", "3")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    ((user, org, action, path, detail),) = AuditEvent.objects.values_list(
        "username", "organisation", "action", "path", "detail")
    assert (user, org, action, path) == (os_user, "T1", "cli_report_unsuppressed",
                                         "workforce report")
    assert "below 3 people" in detail and str((tmp_path / "r.xlsx").resolve()) in detail


def _audit_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the audit table is read-only")

    monkeypatch.setattr("workforce.cli.context.audit", broken)


def test_an_export_the_audit_log_cannot_record_is_not_kept(two_councils, tmp_path,
                                                           monkeypatch):
    _audit_fails(monkeypatch)
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(out)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "so what was written was removed. Nothing was exported." in said
    assert not out.exists()


def test_a_census_return_the_audit_log_cannot_record_is_removed(demo, tmp_path, monkeypatch):
    _audit_fails(monkeypatch)
    out = tmp_path / "r.xml"
    result = runner.invoke(app, ["census", "export", "--year", "2025", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "was removed" in " ".join(result.output.split())
    assert not out.exists()


def test_an_export_that_cannot_be_written_says_so_in_one_line(two_councils, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    result = runner.invoke(app, ["export", str(blocked / "out")])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "Not exported: cannot write" in said and "Traceback" not in said
