"""`workforce census import` while another program writes to the SQLite database: it takes
the write lock at the start of its transaction (so it waits the busy timeout rather than
failing at its first delete) and, if the lock is held too long, says so in one line."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError
from typer.testing import CliRunner

from tests.census.helpers import worker, write
from tests.cli.test_cli_database import run
from tests.cli.test_cli_import_busy import _hold_write_lock
from workforce.cli import app
from workforce_web import bridge


def test_a_reimport_waits_for_another_writer_to_finish(tmp_path):
    db = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
          "WORKFORCE_HOME": str(tmp_path)}
    first = write(tmp_path / "a.xml", 2025, [worker(2025, "SW1"), worker(2025, "SW2")])
    corrected = write(tmp_path / "a2.xml", 2025, [worker(2025, "SW2")])
    done = run("census", "import", str(first), cwd=tmp_path, **db)
    assert done.returncode == 0, done.stderr
    locked = threading.Event()
    holder = threading.Thread(target=_hold_write_lock,
                              args=(tmp_path / "db.sqlite3", 3, locked))
    holder.start()
    locked.wait()
    done = run("census", "import", str(corrected), cwd=tmp_path, **db)
    holder.join()
    said = " ".join((done.stdout + done.stderr).split())
    assert "OperationalError" not in said and "Traceback" not in said, said
    assert done.returncode == 0, said
    assert "Removed" in said


@pytest.mark.django_db
def test_a_lock_held_past_the_timeout_is_one_plain_line_and_stores_nothing(
        tmp_path, monkeypatch):
    path = write(tmp_path / "a.xml", 2025, [worker(2025, "SW1")])

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(bridge, "_write", locked)
    result = CliRunner().invoke(app, ["census", "import", str(path)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, (said, result.exception)
    assert f"{path}: not imported — the database is busy" in said
    assert "nothing was stored" in said and "OperationalError" not in said
    assert bridge.load_ledger().person.is_empty()
