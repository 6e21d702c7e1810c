"""A milestone outside the range from a target's baseline to its goal is stored as given (a
plan may mean it: steps that overshoot the stated aim, a figure expected to get worse before
it improves) but is told of, as the other milestone inconsistencies are: by the target form
(`trajectory.milestone_warnings`) and by the workbook import, which names the file, sheet,
row and column and still imports the plan. It was accepted without a word."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl

from tests.core.test_strategy_workbook import KNOWN, PLAN
from workforce.strategy.plan import Milestone, Target
from workforce.strategy.trajectory import expected, milestone_warnings
from workforce.strategy.workbook_read import read_plan, read_workbook
from workforce.strategy.workbook_write import export

# agency rate from 25.5% (March 2025) down to 16.7% (March 2028)
AGENCY = PLAN.targets[0]
BEYOND = "is outside the range from the baseline (25.5) to the target (16.7), beyond the target"
BEHIND = "is outside the range from the baseline (25.5) to the target (16.7), behind the baseline"


def _with(*milestones: tuple[date, float], target: Target = AGENCY) -> Target:
    return replace(target, milestones=tuple(Milestone(d, v) for d, v in milestones))


def test_a_milestone_beyond_the_target_or_behind_the_baseline_is_told_of():
    t = _with((date(2026, 3, 31), 30.0), (date(2027, 3, 31), 12.0))
    assert milestone_warnings(t, t.target_value) == [
        f"the milestone of 31 March 2026 (30) {BEHIND}",
        f"the milestone of 31 March 2027 (12) {BEYOND}"]
    # the trajectory passes through them as given
    assert expected(t, date(2026, 3, 31), t.target_value) == 30.0


def test_a_rising_target_names_the_sides_the_other_way():
    up = Target("T9", "Supervision", "M20", baseline_value=60.0,
                baseline_date=date(2025, 3, 31), target_value=90.0,
                target_date=date(2027, 3, 31),
                milestones=(Milestone(date(2025, 9, 30), 55.0),
                            Milestone(date(2026, 3, 31), 95.0)))
    assert milestone_warnings(up, 90.0) == [
        "the milestone of 30 September 2025 (55) is outside the range from the baseline (60) "
        "to the target (90), behind the baseline",
        "the milestone of 31 March 2026 (95) is outside the range from the baseline (60) to "
        "the target (90), beyond the target"]


def test_milestones_within_the_range_or_on_its_ends_are_not():
    t = _with((date(2026, 3, 31), 25.5), (date(2027, 3, 31), 20.0), (date(2027, 9, 30), 16.7))
    assert milestone_warnings(t, t.target_value) == []


def test_with_no_baseline_value_or_no_goal_there_is_no_range():
    t = _with((date(2026, 3, 31), 99.0))
    assert milestone_warnings(replace(t, baseline_value=None), t.target_value) == []
    assert milestone_warnings(t, None) == []  # a benchmark's goal, or "better than baseline"


def test_a_flat_target_says_so_without_a_side():
    flat = replace(_with((date(2026, 3, 31), 20.0)), target_value=25.5)
    assert milestone_warnings(flat, 25.5) == [
        "the milestone of 31 March 2026 (20) is outside the range from the baseline (25.5) "
        "to the target (25.5)"]


def test_a_milestone_outside_the_dates_is_told_of_once():
    """Before the baseline, after or on the target date: the warnings about dates (or the
    goal applying from its date) say it; its value is not told of again."""
    t = _with((date(2025, 1, 31), 40.0), (date(2028, 9, 30), 5.0))
    assert milestone_warnings(t, t.target_value) == [
        "a milestone falls after the target date",
        "a milestone falls before the baseline date"]
    on_the_date = _with((date(2027, 3, 31), 20.0), (date(2028, 3, 31), 10.0))
    assert milestone_warnings(on_the_date, on_the_date.target_value) == [
        "the last milestone (10) differs from the target (16.7); the target applies from the "
        "target date"]


def _sheet_with(milestones: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(export(PLAN)))
    sheet = book["Targets"]
    col = next(c.column for c in sheet[1] if str(c.value).rstrip(" *") == "Milestones")
    sheet.cell(2, col).value = milestones
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_workbook_import_stores_it_and_names_the_cell():
    data = _sheet_with("2026-03-31=30; 2027-03-31=18")
    found = read_workbook(data, "plan.xlsx", "T1", KNOWN)
    assert found.problems == [] and found.plan is not None
    assert found.plan.targets[0].milestones == (Milestone(date(2026, 3, 31), 30.0),
                                                Milestone(date(2027, 3, 31), 18.0))
    [w] = found.warnings
    assert (w.file, w.sheet, w.row, w.column, w.value) == (
        "plan.xlsx", "Targets", 2, "Milestones", "2026-03-31=30; 2027-03-31=18")
    assert w.message == f"the milestone of 31 March 2026 (30) {BEHIND}"
    assert str(w).startswith("plan.xlsx, sheet Targets, row 2, column Milestones: the "
                             "milestone of 31 March 2026 (30) is outside the range")
    assert "Imported as given" in w.hint
    # read_plan reads the same plan, as before
    assert read_plan(data, "plan.xlsx", "T1", KNOWN) == (found.plan, [])


def test_the_workbook_import_warns_of_the_other_milestone_inconsistencies_too():
    found = read_workbook(_sheet_with("2026-03-31=22; 2028-03-31=18"), "plan.xlsx", "T1",
                          KNOWN)
    assert [w.message for w in found.warnings] == [
        "the last milestone (18) differs from the target (16.7); the target applies from the "
        "target date"]
    assert read_workbook(export(PLAN), "plan.xlsx", "T1", KNOWN).warnings == []


def test_a_baseline_measured_from_the_data_is_checked_when_the_reader_can_measure_it():
    measured = replace(AGENCY, baseline_value=None)
    plan = replace(PLAN, targets=(replace(measured, milestones=(
        Milestone(date(2026, 3, 31), 30.0),)), *PLAN.targets[1:]))
    data = export(plan)
    assert read_workbook(data, "plan.xlsx", "T1", KNOWN).warnings == []  # not known here
    known = replace(KNOWN, measured=lambda t: replace(t, baseline_value=25.5))
    [w] = read_workbook(data, "plan.xlsx", "T1", known).warnings
    assert w.message == f"the milestone of 31 March 2026 (30) {BEHIND}"


def test_a_workbook_with_problems_gives_no_warnings():
    book = openpyxl.load_workbook(io.BytesIO(_sheet_with("2026-03-31=30")))
    book["Actions"].cell(2, 1).value = None  # no ref
    out = io.BytesIO()
    book.save(out)
    found = read_workbook(out.getvalue(), "plan.xlsx", "T1", KNOWN)
    assert found.plan is None and found.problems and found.warnings == []


def test_the_baseline_is_compared_and_named_as_the_pages_show_it():
    """A baseline measured from the data as 26.5957... is shown as 26.6 (agency rate, a
    percentage: one decimal place): a milestone of 26.6 is not behind it, and one of 27 is
    said to be behind the baseline (26.6), not (26.5957)."""
    measured = replace(AGENCY, baseline_value=100 * 5 / 18.8)  # 26.5957...
    at_it = _with((date(2026, 3, 31), 26.6), target=measured)
    assert milestone_warnings(at_it, at_it.target_value) == []
    behind = _with((date(2026, 3, 31), 27.0), target=measured)
    assert milestone_warnings(behind, behind.target_value) == [
        "the milestone of 31 March 2026 (27) is outside the range from the baseline (26.6) "
        "to the target (16.7), behind the baseline"]
    # a count shows no decimals: its unit when the registry does not give it (a tracked
    # measure's), else the registry measure's
    tracked = Target("T9", "Apprentices", tracked="APPR", baseline_value=12.4,
                     baseline_date=date(2025, 3, 31), target_value=20.0,
                     target_date=date(2028, 3, 31),
                     milestones=(Milestone(date(2026, 3, 31), 12.0),))
    assert milestone_warnings(tracked, 20.0, "count") == []
    assert milestone_warnings(replace(tracked, milestones=(Milestone(date(2026, 3, 31),
                                                                     11.0),)),
                              20.0, "count") == [
        "the milestone of 31 March 2026 (11) is outside the range from the baseline (12) "
        "to the target (20), behind the baseline"]


def test_the_import_compares_a_measured_baseline_as_shown():
    plan = replace(PLAN, targets=(replace(AGENCY, baseline_value=None, milestones=(
        Milestone(date(2026, 3, 31), 26.6), Milestone(date(2027, 3, 31), 27.0))),
        *PLAN.targets[1:]))
    known = replace(KNOWN, measured=lambda t: replace(t, baseline_value=100 * 5 / 18.8))
    [w] = read_workbook(export(plan), "plan.xlsx", "T1", known).warnings
    assert w.message == ("the milestone of 31 March 2027 (27) is outside the range from the "
                         "baseline (26.6) to the target (16.7), behind the baseline")


def test_the_milestone_is_compared_rounded_as_the_baseline_is():
    """A baseline of 25.56 is shown (and compared) as 25.6; a milestone of 25.58, also shown
    as 25.6, was still said to be behind it, compared unrounded."""
    up = Target("T9", "Supervision", "agency_rate_fte", baseline_value=25.56,
                baseline_date=date(2025, 3, 31), target_value=30.0,
                target_date=date(2027, 3, 31),
                milestones=(Milestone(date(2026, 3, 31), 25.58),))
    assert milestone_warnings(up, 30.0) == []
    # one shown below the baseline still is
    below = replace(up, milestones=(Milestone(date(2026, 3, 31), 25.54),))
    assert milestone_warnings(below, 30.0) == [
        "the milestone of 31 March 2026 (25.54) is outside the range from the baseline "
        "(25.6) to the target (30), behind the baseline"]
