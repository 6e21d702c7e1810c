"""`workforce strategy template` and `check` work without a database; `export` says plainly
when there is nothing to export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.core.test_strategy_workbook import PLAN
from workforce.cli.strategy_cmd import app
from workforce.strategy.workbook_write import export

runner = CliRunner()


def test_the_template_is_written_and_checking_it_reports_the_missing_strategy_row(tmp_path):
    path = tmp_path / "blank.xlsx"
    assert runner.invoke(app, ["template", str(path)]).exit_code == 0
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "The sheet has 0 rows; it needs exactly one" in result.output


def test_a_sound_workbook_checks_clean(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export(PLAN))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert "2 themes, 2 actions, 3 targets; no problems." in result.output


def test_a_missing_file_is_said_plainly(tmp_path):
    result = runner.invoke(app, ["import", str(tmp_path / "nothere.xlsx")])
    assert result.exit_code == 2 and "No such file" in result.output


def test_exporting_when_the_organisation_has_no_strategy_says_so(tmp_path):
    (tmp_path / "organisation.csv").write_text("code,name,old_la_code\nT1,Testshire,998\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "WORKFORCE_HOME": str(tmp_path)}
    workforce = str(Path(sys.executable).parent / "workforce")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([workforce, *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)

    loaded = run("import", "organisation.csv")
    assert loaded.returncode == 0, loaded.stderr
    done = run("strategy", "export", "plan.xlsx", "--org", "998")
    said = " ".join(done.stderr.split())
    assert done.returncode != 0
    assert "There is no strategy to export: the organisation T1 has no strategy yet." in said
    assert "workforce strategy import FILE" in said and "Choose one strategy" not in said
    assert not (tmp_path / "plan.xlsx").exists()


def test_import_passes_replace_newer_on_to_the_web_command(tmp_path, monkeypatch):
    from workforce.cli import strategy_cmd

    path = tmp_path / "plan.xlsx"
    path.write_bytes(export(PLAN))
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(strategy_cmd, "_org", lambda org: [])
    monkeypatch.setattr(strategy_cmd, "_web", lambda *args: calls.append(args))
    assert runner.invoke(app, ["import", str(path), "--replace-newer"]).exit_code == 0
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    assert calls == [("import", str(path), "--replace-newer"), ("import", str(path))]
    assert "--replace-newer" in runner.invoke(app, ["import", "--help"]).output
