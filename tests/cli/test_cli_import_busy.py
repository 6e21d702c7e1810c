"""`workforce import` while another program writes to the SQLite database: it waits for
the write lock (the busy timeout) and, if the lock is held too long, says so in one line."""

from __future__ import annotations

import sqlite3
import threading
import time

import polars as pl
import pytest
from django.db import OperationalError
from typer.testing import CliRunner

from tests.cli.test_cli_database import run, small_demo
from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce.imports import write_csv_folder
from workforce_web import bridge

PERSON = ("organisation,staff_id,name,sex,ethnicity,disability\n"
          "demo,Z900,Zara Zed,F,WBRI,N\n")


def _hold_write_lock(path, seconds: float, locked: threading.Event) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    locked.set()
    time.sleep(seconds)
    con.execute("COMMIT")
    con.close()


def test_import_waits_for_another_writer_to_finish(tmp_path):
    files = tmp_path / "csv"
    write_csv_folder(small_demo(), files)
    db = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
          "WORKFORCE_HOME": str(tmp_path)}
    first = run("import", str(files / "organisation.csv"), str(files / "unit.csv"),
                cwd=tmp_path, **db)
    assert first.returncode == 0, first.stderr
    (tmp_path / "person.csv").write_text(PERSON)
    locked = threading.Event()
    holder = threading.Thread(target=_hold_write_lock,
                              args=(tmp_path / "db.sqlite3", 3, locked))
    holder.start()
    locked.wait()
    done = run("import", str(tmp_path / "person.csv"), cwd=tmp_path, **db)
    holder.join()
    said = " ".join(done.stderr.split())
    assert "OperationalError" not in said and "Traceback" not in said
    assert done.returncode == 0, said
    assert "Stored person.csv: 1 added" in said


@pytest.mark.django_db
def test_a_lock_held_past_the_timeout_is_one_plain_line_and_stores_nothing(
        tmp_path, monkeypatch):
    bridge.store_tables(tiny_tables("T1"))

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(bridge, "_write", locked)
    person = tmp_path / "person.csv"
    person.write_text(PERSON.replace("demo,", "T1,"))
    result = CliRunner().invoke(app, ["import", str(person)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "person.csv: not imported — the database is busy" in said
    assert "nothing was stored" in said and "OperationalError" not in said
    people = bridge.load_ledger("T1").person
    assert people.filter(pl.col("staff_id") == "Z900").is_empty()


@pytest.mark.django_db
def test_files_with_problems_are_reported_while_the_database_is_busy(tmp_path, monkeypatch):
    """The lock is needed to store, not to say what is wrong with the files: their problems
    (file, row, column) are printed and the command exits 1, not "the database is busy"
    (exit 2, as it was while it waited for the lock to check them again)."""
    bridge.store_tables(tiny_tables("T1"))

    def locked(organisations):
        raise OperationalError("database is locked")

    monkeypatch.setattr(bridge, "lock_ledgers", locked)
    person = tmp_path / "person.csv"
    person.write_text(PERSON.replace("demo,", "T1,").replace(",F,", ",Q,"))
    result = CliRunner().invoke(app, ["import", str(person)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "busy" not in said
    assert "person.csv: not imported — 1 problem(s):" in said
    assert 'person.csv row 2, column sex: "Q" is not one of the sex codes' in said
    assert "Nothing was imported: person.csv has problems" in said
    people = bridge.load_ledger("T1").person
    assert people.filter(pl.col("staff_id") == "Z900").is_empty()
