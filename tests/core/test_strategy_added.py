"""A quarter shows the plan as it stood then: an action added to the plan after the quarter's
end is not in its actions, its counts, its frozen review or its board report, which say how
many were left out so. When an action was added is the day the plan gives
(`Action.added_on`: the action form, the Actions sheet's "Added to the plan" column), never
the day its values were stored: a plan typed in or imported today was drawn up long before,
and an action without that day is in the plan throughout, as before."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import openpyxl
import pytest

from tests.core.test_strategy_workbook import KNOWN
from tests.core.test_strategy_workbook import PLAN as BOOK_PLAN
from workforce.reports.progress import actions_section
from workforce.strategy.plan import Action, Dated, Plan, Theme, Update, added_problem
from workforce.strategy.review import freeze_then
from workforce.strategy.status import actions_then, in_plan_on
from workforce.strategy.workbook_read import read_plan
from workforce.strategy.workbook_write import export, template

THEME = "Our workforce"
Q1_END = date(2026, 3, 31)       # 2026-Q1
PRODUCED = date(2026, 12, 5)     # produced long after
DRAWN_UP = date(2025, 4, 1)      # the plan's first actions
ADDED = date(2026, 8, 10)        # in 2026-Q3
STORED = date(2026, 10, 5)       # the day a council typed in (or imported) its plan


def _created(on: date, due: date, status: str = "not_started") -> tuple[Dated, ...]:
    """The values an action is stored with, each dated the day it is stored."""
    return (Dated("due", on, due.isoformat()), Dated("rag_override", on, ""),
            Dated("status", on, status))


# in the plan from the start (no day given), in progress, due in June 2026; stored in
# October 2026 with the rest of the plan
FIRST = Action("A1", THEME, "Agree a market supplement", start=DRAWN_UP,
               due=date(2026, 6, 30), status="in_progress",
               updates=(Update(date(2025, 5, 1), "Business case written"),),
               dated=_created(STORED, date(2026, 6, 30), "in_progress"))
# added in 2026-Q3, backdated: it "started" in January and was "due" in February, so read
# in 2026-Q1 it would be overdue
LATER = Action("A2", THEME, "Exit interviews for every leaver", start=date(2026, 1, 1),
               due=date(2026, 2, 28), status="in_progress",
               dated=_created(STORED, date(2026, 2, 28), "in_progress"), added_on=ADDED)
# added in 2026-Q3 as already complete, with no progress update to date it: read in 2026-Q1
# it would be counted among the closed actions with nothing to date them
LATER_DONE = Action("A3", THEME, "Publish the pay policy", due=date(2026, 3, 1),
                    status="complete", dated=_created(STORED, date(2026, 3, 1), "complete"),
                    added_on=ADDED)
# older data: nothing dated, no day added
OLD = Action("A4", THEME, "Review supervision", due=date(2026, 9, 30), status="in_progress")
PLAN = Plan("T1", "Strategy", themes=(Theme(THEME),),
            actions=(FIRST, LATER, LATER_DONE, OLD))


def _rows(section, key: str) -> list[list[str]]:
    table = next((t for t in section.tables if t.key == key), None)
    return [[c.text for c in r] for r in table.rows] if table else []


def test_an_action_is_in_the_plan_from_the_day_the_plan_gives_not_the_day_stored():
    # stored in October 2026, but given no day: in the plan from the start
    assert in_plan_on(FIRST, Q1_END) and in_plan_on(FIRST, date(2025, 4, 30))
    assert in_plan_on(OLD, Q1_END)
    assert in_plan_on(LATER, ADDED) and not in_plan_on(LATER, date(2026, 8, 9))
    # an action brought with a history earlier than its day added is still added that day
    moved_in = Action("A6", THEME, "Imported", added_on=ADDED, dated=(
        Dated("due", date(2025, 6, 1), "2026-01-31"),))
    assert not in_plan_on(moved_in, Q1_END)


def test_a_plan_stored_after_the_fact_without_days_added_is_in_every_quarter():
    """A council types in (or imports) its plan on 5 October: every value is dated then, yet
    the quarters before show its actions (32a6c9f showed none: it took the day they were
    stored as the day they were added)."""
    stored = tuple(Action(f"B{n}", THEME, f"Action {n}", due=date(2026, 6, 30),
                          status="in_progress", dated=_created(STORED, date(2026, 6, 30),
                                                               "in_progress"))
                   for n in (1, 2, 3))
    plan = Plan("T1", "Strategy", themes=(Theme(THEME),), actions=stored)
    then = actions_then(plan.actions, Q1_END, PRODUCED)
    assert [a.ref for a in then.actions] == ["B1", "B2", "B3"] and then.later == 0
    s = actions_section(plan, Q1_END, PRODUCED)
    assert s.points[0] == ("3 actions: 0 complete, 3 on track, 0 at risk, 0 overdue and 0 "
                           "cancelled.")


def test_a_quarter_before_an_action_was_added_does_not_have_it():
    then = actions_then(PLAN.actions, Q1_END, PRODUCED)
    assert [a.ref for a in then.actions] == ["A1", "A4"]
    assert set(then.rags) == {"A1", "A4"}
    assert then.undated == 0  # A3, closed with nothing to date it, was not in the plan yet
    assert then.later == 2
    # the quarter in which they were added has them
    later = actions_then(PLAN.actions, date(2026, 9, 30), PRODUCED)
    assert [a.ref for a in later.actions] == ["A1", "A2", "A3", "A4"] and later.later == 0


def test_an_action_added_on_the_quarters_last_day_is_in_it():
    on_the_day = Action("A7", THEME, "Added on the last day", added_on=Q1_END,
                        dated=_created(STORED, date(2026, 6, 30)))
    assert [a.ref for a in actions_then([on_the_day], Q1_END, PRODUCED).actions] == ["A7"]
    after = Action("A8", THEME, "Added the day after", added_on=date(2026, 4, 1),
                   dated=_created(STORED, date(2026, 6, 30)))
    assert actions_then([after], Q1_END, PRODUCED).actions == ()


def test_a_quarter_still_running_has_the_actions_added_so_far():
    today = date(2026, 8, 20)  # 2026-Q3 running
    running = actions_then(PLAN.actions, date(2026, 9, 30), today)
    assert {a.ref for a in running.actions} == {"A1", "A2", "A3", "A4"}
    early = actions_then(PLAN.actions, date(2026, 9, 30), date(2026, 8, 9))
    assert {a.ref for a in early.actions} == {"A1", "A4"}


def test_the_board_report_on_the_quarter_counts_only_the_plan_as_it_stood_and_says_so():
    s = actions_section(PLAN, Q1_END, PRODUCED)
    # actions, complete, on track, at risk, overdue, cancelled: A1 and A4 in progress and
    # due later; A2 (due in February) is not overdue, for it was not in the plan yet
    assert _rows(s, "themes")[-1][1:7] == ["2", "0", "2", "0", "0", "0"]
    assert _rows(s, "overdue") == []
    # the count says what was left out (on the cover too, which takes this point)
    assert s.points[0] == ("2 actions: 0 complete, 2 on track, 0 at risk, 0 overdue and 0 "
                           "cancelled. 2 actions added to the plan after 31 March 2026 are "
                           "not included.")
    assert not any("closed action" in n for n in s.notes)  # A3 is not counted as undated
    everything = " ".join(" ".join(r) for t in s.tables for r in _rows(s, t.key))
    assert "Exit interviews" not in everything and "pay policy" not in everything
    one = actions_section(Plan("T1", "Strategy", themes=(Theme(THEME),),
                               actions=(FIRST, LATER)), Q1_END, PRODUCED)
    assert one.points[0].endswith(" 1 action added to the plan after 31 March 2026 is not "
                                  "included.")
    # nothing left out: nothing said
    assert "not included" not in " ".join(actions_section(PLAN, date(2026, 9, 30),
                                                          PRODUCED).points)


def test_a_review_frozen_for_the_quarter_has_neither_the_actions_nor_their_counts():
    then = actions_then(PLAN.actions, Q1_END, PRODUCED)
    snap = freeze_then("2026-Q1", Q1_END, [], then, [THEME])
    assert [a["ref"] for a in snap["actions"]] == ["A1", "A4"]
    assert snap["themes"] == [{"title": THEME, "actions": {"green": 2}, "targets": {}}]
    assert snap["actions_later"] == 2


def test_a_units_report_with_none_of_its_actions_in_the_plan_then_says_so_of_its_own():
    """A unit's report lists only some of the plan's actions (`goals.for_report`): that none
    of them was in the plan by the quarter's end does not mean the plan had no action."""
    unit_plan = Plan("T1", "Strategy", themes=(Theme(THEME),), actions=(LATER, LATER_DONE))
    s = actions_section(unit_plan, Q1_END, PRODUCED, for_unit=True)
    assert s.points == ["None of the actions this report lists had been added to the action "
                        "plan by the end of the quarter (31 March 2026): they were all added "
                        "since."]
    assert s.tables == []
    # the whole organisation's report keeps its sentence
    whole = actions_section(unit_plan, Q1_END, PRODUCED)
    assert whole.points[0].startswith("No action had been added to the action plan by the "
                                      "end of the quarter (31 March 2026)")
    # a unit none of whose actions the plan has is not told there is no plan
    empty = actions_section(Plan("T1", "Strategy", themes=(Theme(THEME),)), Q1_END, PRODUCED,
                            for_unit=True)
    assert empty.points == ["The action plan has no action that this unit or a unit below it "
                            "leads, nor one without a lead unit."]


def _workbook_plan() -> Plan:
    """The workbook tests' plan, its A1 added to the plan when it was drawn up."""
    return replace(BOOK_PLAN, actions=(replace(BOOK_PLAN.actions[0], added_on=DRAWN_UP),
                                       BOOK_PLAN.actions[1]))


def _header(data: bytes, sheet: str) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [str(c.value).rstrip(" *") for c in book[sheet][1] if c.value]


def test_the_workbook_carries_the_day_added_and_reads_it_back():
    plan = _workbook_plan()
    data = export(plan)
    assert "Added to the plan" in _header(data, "Actions")
    assert "Added to the plan" in _header(template(), "Actions")
    back, problems = read_plan(data, "plan.xlsx", "T1", KNOWN)
    assert problems == [] and back == plan
    assert [a.added_on for a in back.actions] == [DRAWN_UP, None] and back.gives_added
    # the Read me sheet says what it means
    book = openpyxl.load_workbook(io.BytesIO(template()))
    notes = [str(r[2]) for r in book["Read me"].iter_rows(values_only=True) if r[1] and
             str(r[1]).startswith("Added to the plan")]
    assert notes and "list only the actions added by the quarter's end" in notes[0]


def test_a_workbook_without_the_column_gives_no_days_added():
    book = openpyxl.load_workbook(io.BytesIO(export(_workbook_plan())))
    sheet = book["Actions"]
    sheet.delete_cols(next(c.column for c in sheet[1] if c.value == "Added to the plan"))
    out = io.BytesIO()
    book.save(out)
    back, problems = read_plan(out.getvalue(), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and back is not None
    assert [a.added_on for a in back.actions] == [None, None] and not back.gives_added


@pytest.mark.parametrize(("cell", "message"), [
    ("31/02/2025", "This is not a date"),
    ("2125-01-01", "Enter a date from 1 January 2000 to 31 December 2099"),
    ("tomorrow", "The day added to the plan cannot be after today"),
])
def test_a_bad_day_added_is_named_by_file_sheet_row_and_column(cell, message):
    if cell == "tomorrow":  # as of the test's run, not of when the tests were collected
        cell = date.today() + timedelta(days=1)
    book = openpyxl.load_workbook(io.BytesIO(export(_workbook_plan())))
    sheet = book["Actions"]
    col = next(c.column for c in sheet[1] if c.value == "Added to the plan")
    sheet.cell(3, col).value = cell
    out = io.BytesIO()
    book.save(out)
    plan, problems = read_plan(out.getvalue(), "plan.xlsx", "T1", KNOWN)
    assert plan is None
    [p] = problems
    assert (p.file, p.sheet, p.row, p.column) == ("plan.xlsx", "Actions", 3,
                                                  "Added to the plan")
    assert p.message.startswith(message) and p.hint


def test_a_day_added_before_the_strategys_start_is_read_and_in_every_quarter():
    """The strategy's start may be moved later after days were given (or a plan drawn up
    before it starts): a day before it is no problem (it was refused, so an unchanged
    export was refused once the start moved), and the action is in every quarter."""
    early = date(2025, 3, 1)  # the workbook's strategy starts on 1 April 2025
    plan = replace(BOOK_PLAN, actions=(replace(BOOK_PLAN.actions[0], added_on=early),
                                       BOOK_PLAN.actions[1]))
    back, problems = read_plan(export(plan), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and back == plan
    assert in_plan_on(back.actions[0], date(2025, 6, 30))
    assert [a.ref for a in actions_then(back.actions, date(2025, 6, 30),
                                        PRODUCED).actions] == ["A1", "A2"]
    assert added_problem(early, date(2025, 4, 2)) is None
    assert added_problem(date(2025, 4, 3), date(2025, 4, 2)) is not None


def test_the_column_headed_as_the_form_names_it_is_read_too():
    """"Added to the plan on", as the action form and its history say, was an unknown header
    and silently ignored: the days were lost."""
    book = openpyxl.load_workbook(io.BytesIO(export(_workbook_plan())))
    sheet = book["Actions"]
    cell = next(c for c in sheet[1] if c.value == "Added to the plan")
    cell.value = "Added to the plan on"
    out = io.BytesIO()
    book.save(out)
    back, problems = read_plan(out.getvalue(), "plan.xlsx", "T1", KNOWN)
    assert problems == [] and back is not None and back.gives_added
    assert [a.added_on for a in back.actions] == [DRAWN_UP, None]
