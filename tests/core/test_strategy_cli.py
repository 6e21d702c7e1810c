"""`workforce strategy template` and `check` work without a database."""

from __future__ import annotations

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
