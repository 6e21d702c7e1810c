"""`workforce strategy` says what it did or what went wrong and nothing else: no Django system
check warnings first (staticfiles.W004 when the web's static folder is not built yet), no
"CommandError: " before a message, and `check` says that a workbook is sound on standard
output, as `import` does, keeping standard error for problems."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.core.test_strategy_workbook import PLAN
from workforce.cli import app
from workforce.strategy.workbook_write import export, template

runner = CliRunner()


def test_check_says_a_sound_workbook_is_sound_on_standard_output(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export(PLAN))
    result = runner.invoke(app, ["strategy", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "plan.xlsx: 2 themes, 2 actions, 3 targets; no problems.\n"
    assert result.stderr == ""


def test_check_says_problems_on_standard_error(tmp_path):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(template())
    result = runner.invoke(app, ["strategy", "check", str(path)])
    assert result.exit_code == 1
    assert "The sheet has 0 rows; it needs exactly one" in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_the_web_commands_say_only_what_happened(tmp_path):
    (tmp_path / "organisation.csv").write_text("code,name,old_la_code\nT1,Testshire,998\n")
    (tmp_path / "blank.xlsx").write_bytes(template())
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "WORKFORCE_HOME": str(tmp_path), "COLUMNS": "300"}
    workforce = str(Path(sys.executable).parent / "workforce")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([workforce, *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)

    assert run("import", "organisation.csv").returncode == 0
    nothing = run("strategy", "export", "plan.xlsx", "--org", "998")
    assert nothing.returncode == 1
    assert nothing.stderr.startswith("There is no strategy to export: the organisation T1 "
                                     "has no strategy yet."), nothing.stderr
    assert nothing.stderr.count("\n") == 1 and nothing.stdout == ""
    refused = run("strategy", "import", "blank.xlsx", "--org", "998")
    assert refused.returncode == 1
    last = refused.stderr.splitlines()[-1]
    assert last.startswith("blank.xlsx was not imported: nothing from it was stored"), last
    for done in (nothing, refused):
        assert "CommandError" not in done.stderr
        assert "System check" not in done.stderr and "W004" not in done.stderr
