"""`workforce strategy check` prints the workbook's warnings, such as a target's milestone
outside the range from its baseline to its goal, as `workforce strategy import` does: one line
each, "Warning: " and the cell it names (file, sheet, row, column), what it says and what to
do, which for a check that stores nothing is that it would be stored as given (not the
import's "Imported as given ... import the workbook again"). A workbook with only warnings
still checks clean (exit 0); one with problems fails as before, with its problems and no
warnings. It said nothing of them."""

from __future__ import annotations

import io

import openpyxl
from typer.testing import CliRunner

from tests.core.test_strategy_workbook import PLAN
from workforce.cli import app
from workforce.strategy.workbook_write import export

runner = CliRunner()

HINT = ("Would be stored as given: if this is not what the plan means, correct the "
        "Milestones cell before importing the workbook.")
# the line the import command prints (tests/web/test_strategy_milestone_range.py), but for
# the hint: the check has imported nothing
WHERE = "plan.xlsx, sheet Targets, row 2, column Milestones: "
BEHIND = (f"Warning: {WHERE}the milestone of 31 March 2026 (30) is outside the range from "
          f"the baseline (25.5) to the target (16.7), behind the baseline. {HINT}")
BEYOND = (f"Warning: {WHERE}the milestone of 31 March 2027 (12) is outside the range from "
          f"the baseline (25.5) to the target (16.7), beyond the target. {HINT}")


def _workbook(tmp_path, milestones: str, no_ref: bool = False):
    """The plan's workbook with the first target's Milestones cell set to `milestones` (and
    the first action's ref emptied when `no_ref`, a problem)."""
    book = openpyxl.load_workbook(io.BytesIO(export(PLAN)))
    sheet = book["Targets"]
    col = next(c.column for c in sheet[1] if str(c.value).rstrip(" *") == "Milestones")
    sheet.cell(2, col).value = milestones
    if no_ref:
        book["Actions"].cell(2, 1).value = None
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return path


def _check(path):
    return runner.invoke(app, ["strategy", "check", str(path)])


def test_check_prints_each_warning_as_the_import_does_and_still_passes(tmp_path):
    result = _check(_workbook(tmp_path, "2026-03-31=30; 2027-03-31=12"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "plan.xlsx: 2 themes, 2 actions, 3 targets; no problems." in lines
    # whole lines, in the Milestones cell's order, not wrapped to the terminal's width
    assert [line for line in lines if line.startswith("Warning:")] == [BEHIND, BEYOND]


def test_check_warns_of_the_other_milestone_inconsistencies_too(tmp_path):
    result = _check(_workbook(tmp_path, "2026-03-31=22; 2028-03-31=18"))
    assert result.exit_code == 0, result.output
    assert (f"Warning: {WHERE}the last milestone (18) differs from the target (16.7); the "
            f"target applies from the target date. {HINT}") in result.output.splitlines()


def test_a_sound_workbook_has_no_warnings(tmp_path):
    result = _check(_workbook(tmp_path, "2026-03-31=22; 2027-03-31=18"))
    assert result.exit_code == 0, result.output
    assert "no problems." in result.output and "Warning" not in result.output


def test_a_workbook_with_problems_still_fails_with_them_and_no_warnings(tmp_path):
    result = _check(_workbook(tmp_path, "2026-03-31=30; 2027-03-31=12", no_ref=True))
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "plan.xlsx, sheet Actions, row 2" in said
    assert "Warning" not in said and "no problems" not in said


def test_check_does_not_say_the_workbook_was_imported(tmp_path):
    result = _check(_workbook(tmp_path, "2026-03-31=30"))
    assert result.exit_code == 0, result.output
    assert "Imported as given" not in result.output
    assert "import the workbook again" not in result.output
    assert f"behind the baseline. {HINT}" in result.output
