"""CLI commands against the database: a new database is set up by the first command, --org
takes any of an organisation's codes, addresses printed are the ones served, and `var/` is
found from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workforce.cli import app, context
from workforce.demo import generate
from workforce.imports import write_csv_folder

runner = CliRunner()
CHECKOUT = Path(__file__).resolve().parents[2]
WORKFORCE = Path(sys.executable).parent / "workforce"
TODAY = date(2025, 10, 15)


def small_demo():
    return generate(staff=40, years=1, seed=1, today=TODAY)


def run(*args: str, cwd: Path, **env: str | None) -> subprocess.CompletedProcess:
    """The installed `workforce` command (or python) in a child process with `env` changes
    (None removes a variable)."""
    full = dict(os.environ)
    for key, value in env.items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    cmd = [str(WORKFORCE), *args] if args[0] != "python" else [sys.executable, *args[1:]]
    return subprocess.run(cmd, cwd=cwd, env=full, capture_output=True, text=True, timeout=300)


def test_a_new_database_is_set_up_by_the_first_command_that_uses_it(tmp_path):
    files = tmp_path / "csv"
    write_csv_folder(small_demo(), files)
    db = {"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
          "WORKFORCE_HOME": str(tmp_path)}
    empty = run("measures", cwd=tmp_path, **db)
    assert empty.returncode == 2, empty.stderr
    said = " ".join(empty.stderr.split())
    assert "no organisation yet" in said and "workforce demo-data" in said
    assert "OperationalError" not in said and "Traceback" not in said
    loaded = run("import", str(files / "organisation.csv"), str(files / "unit.csv"),
                 cwd=tmp_path, **db)
    assert loaded.returncode == 0, loaded.stderr
    assert "Stored unit.csv: 20 added" in " ".join(loaded.stderr.split())
    found = run("measures", "--org", "999", "-m", "M01a", "--format", "json", cwd=tmp_path,
                **db)
    assert found.returncode == 0, found.stderr
    assert [r["organisation"] for r in json.loads(found.stdout)] == ["demo"]


def test_demo_data_into_a_new_database_prints_the_address_it_was_told(tmp_path):
    db = {"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
          "WORKFORCE_HOME": str(tmp_path)}
    done = run("demo-data", "--staff", "30", "--years", "1", "--port", "9123", cwd=tmp_path,
               **db)
    assert done.returncode == 0, done.stderr
    assert "sign in at http://127.0.0.1:9123/" in done.stdout
    assert ":8000" not in done.stdout
    assert "OperationalError" not in done.stderr


def test_serve_prints_the_host_and_port_it_serves(monkeypatch):
    served = []
    monkeypatch.setattr(context, "migrate", lambda: True)
    monkeypatch.setattr(context, "database_label", lambda: "test database")
    monkeypatch.setattr(context, "replace_organisation", lambda ledger, progress, users, day: (
        type("Report", (), {"added": {"person": 1}})(), [("lead", "pw", "Workforce lead")]))
    monkeypatch.setattr(context, "runserver", lambda host, port: served.append((host, port)))
    monkeypatch.setattr("workforce.demo.generate", lambda **kw: small_demo())
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert "sign in at http://0.0.0.0:9001/" in result.output
    assert "Serving on http://0.0.0.0:9001/" in result.output and ":8000" not in result.output
    assert served == [("0.0.0.0", 9001)]


def test_var_is_under_the_checkout_whatever_the_current_folder(tmp_path):
    show = ("import django; django.setup(); from django.conf import settings; "
            "from workforce.paths import home; "
            "print(settings.DATABASES['default']['NAME']); print(home())")
    found = run("python", "-c", show, cwd=tmp_path, WORKFORCE_HOME=None, DATABASE_URL=None,
                DJANGO_SETTINGS_MODULE="workforce_web.settings")
    assert found.returncode == 0, found.stderr
    database, home = found.stdout.split()
    assert Path(database) == CHECKOUT / "var" / "workforce.sqlite3"
    assert Path(home) == CHECKOUT
    assert not (tmp_path / "var").exists()
    elsewhere = run("python", "-c", show, cwd=tmp_path, WORKFORCE_HOME=str(tmp_path / "h"),
                    DATABASE_URL=None, DJANGO_SETTINGS_MODULE="workforce_web.settings")
    assert Path(elsewhere.stdout.split()[0]) == tmp_path / "h" / "var" / "workforce.sqlite3"


@pytest.fixture
def stored_demo(db):
    from workforce_web.bridge import store_tables

    store_tables(dict(small_demo().frames))


@pytest.mark.parametrize("org", ["demo", "999", "E06999999"])
def test_org_by_any_code_from_the_database(stored_demo, org, tmp_path):
    result = runner.invoke(app, ["measures", "--org", org, "-m", "inpost_headcount",
                                 "--as-at", "2025-09-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["organisation"] for r in json.loads(result.stdout)] == ["demo"]
    exported = runner.invoke(app, ["export", str(tmp_path / "out"), "--org", org])
    assert exported.exit_code == 0, exported.output
    assert "demo" in (tmp_path / "out" / "organisation.csv").read_text()


@pytest.mark.parametrize("org", ["demo", "999", "E06999999", "e06999999"])
def test_census_export_takes_any_code_of_the_organisation(stored_demo, tmp_path, org):
    out = tmp_path / "return.xml"
    result = runner.invoke(app, ["census", "export", "--org", org, "-o", str(out),
                                 "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "return for LA 999" in result.output and "<LEA>999</LEA>" in out.read_text()


@pytest.mark.parametrize("command", [["measures"], ["export", "out"],
                                     ["census", "export", "-o", "x.xml"]])
def test_an_unknown_org_is_an_error_listing_the_known_ones(stored_demo, command):
    result = runner.invoke(app, [*command, "--org", "888"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "No organisation '888'" in said and "demo (LA 999, E06999999)" in said
