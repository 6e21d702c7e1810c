"""A quarter shows the plan as it stood then: an action added to the plan after the quarter's
end is not in its actions, its counts, its frozen review or its board report. When an action
was added is the day of its first dated value (`status.added_on`: the forms, the import and
the demo date every value an action is created with); an action whose record does not say
(nothing dated, older data; or a value undated, from before its changes were recorded) is
taken as in the plan throughout, as before."""

from __future__ import annotations

from datetime import date

from workforce.reports.progress import actions_section
from workforce.strategy.plan import Action, Dated, Plan, Theme, Update
from workforce.strategy.review import freeze
from workforce.strategy.status import actions_then, added_on, in_plan_on

THEME = "Our workforce"
Q1_END = date(2026, 3, 31)       # 2026-Q1
PRODUCED = date(2026, 12, 5)     # produced long after
DRAWN_UP = date(2025, 4, 1)      # the plan's first actions
ADDED = date(2026, 8, 10)        # in 2026-Q3


def _created(on: date, due: date, status: str = "not_started") -> tuple[Dated, ...]:
    """The values an action is created with, each dated the day it is created."""
    return (Dated("due", on, due.isoformat()), Dated("rag_override", on, ""),
            Dated("status", on, status))


# in the plan from the start, in progress, due in June 2026
FIRST = Action("A1", THEME, "Agree a market supplement", start=DRAWN_UP,
               due=date(2026, 6, 30), status="in_progress",
               updates=(Update(date(2025, 5, 1), "Business case written"),),
               dated=_created(DRAWN_UP, date(2026, 6, 30), "in_progress"))
# added in 2026-Q3, backdated: it "started" in January and was "due" in February, so read
# in 2026-Q1 it would be overdue
LATER = Action("A2", THEME, "Exit interviews for every leaver", start=date(2026, 1, 1),
               due=date(2026, 2, 28), status="in_progress",
               dated=_created(ADDED, date(2026, 2, 28), "in_progress"))
# added in 2026-Q3 as already complete, with no progress update to date it: read in 2026-Q1
# it would be counted among the closed actions with nothing to date them
LATER_DONE = Action("A3", THEME, "Publish the pay policy", due=date(2026, 3, 1),
                    status="complete", dated=_created(ADDED, date(2026, 3, 1), "complete"))
# older data: nothing dated, so nothing says when it was added
OLD = Action("A4", THEME, "Review supervision", due=date(2026, 9, 30), status="in_progress")
PLAN = Plan("T1", "Strategy", themes=(Theme(THEME),),
            actions=(FIRST, LATER, LATER_DONE, OLD))


def _rows(section, key: str) -> list[list[str]]:
    table = next((t for t in section.tables if t.key == key), None)
    return [[c.text for c in r] for r in table.rows] if table else []


def test_an_action_is_added_on_the_day_of_its_first_dated_value():
    assert added_on(FIRST) == DRAWN_UP and added_on(LATER) == ADDED
    assert added_on(OLD) is None  # nothing dated: older data
    # older data edited later: the value it had before is undated, so it was there before
    edited = Action("A5", THEME, "Edited", dated=(Dated("due", None, "2026-01-31"),
                                                  Dated("due", ADDED, "2026-06-30")))
    assert added_on(edited) is None and in_plan_on(edited, Q1_END)
    # a workbook's Action dates sheet may give an imported action's own earlier history
    moved_in = Action("A6", THEME, "Imported", dated=(
        Dated("status", ADDED, "in_progress"), Dated("due", date(2025, 6, 1), "2026-01-31")))
    assert added_on(moved_in) == date(2025, 6, 1)
    assert in_plan_on(LATER, ADDED) and not in_plan_on(LATER, date(2026, 8, 9))


def test_a_quarter_before_an_action_was_added_does_not_have_it():
    then = actions_then(PLAN.actions, Q1_END, PRODUCED)
    assert [a.ref for a in then.actions] == ["A1", "A4"]
    assert set(then.rags) == {"A1", "A4"}
    assert then.undated == 0  # A3, closed with nothing to date it, was not in the plan yet
    # the quarter in which they were added has them
    later = actions_then(PLAN.actions, date(2026, 9, 30), PRODUCED)
    assert [a.ref for a in later.actions] == ["A1", "A2", "A3", "A4"]


def test_an_action_added_on_the_quarters_last_day_is_in_it():
    on_the_day = Action("A7", THEME, "Added on the last day",
                        dated=_created(Q1_END, date(2026, 6, 30)))
    assert [a.ref for a in actions_then([on_the_day], Q1_END, PRODUCED).actions] == ["A7"]
    after = Action("A8", THEME, "Added the day after",
                   dated=_created(date(2026, 4, 1), date(2026, 6, 30)))
    assert actions_then([after], Q1_END, PRODUCED).actions == ()


def test_a_quarter_still_running_has_the_actions_added_so_far():
    today = date(2026, 8, 20)  # 2026-Q3 running
    running = actions_then(PLAN.actions, date(2026, 9, 30), today)
    assert {a.ref for a in running.actions} == {"A1", "A2", "A3", "A4"}
    early = actions_then(PLAN.actions, date(2026, 9, 30), date(2026, 8, 9))
    assert {a.ref for a in early.actions} == {"A1", "A4"}


def test_the_board_report_on_the_quarter_counts_only_the_plan_as_it_stood():
    s = actions_section(PLAN, Q1_END, PRODUCED)
    # actions, complete, on track, at risk, overdue, cancelled: A1 and A4 in progress and
    # due later; A2 (due in February) is not overdue, for it was not in the plan yet
    assert _rows(s, "themes")[-1][1:7] == ["2", "0", "2", "0", "0", "0"]
    assert _rows(s, "overdue") == []
    assert s.points[0].startswith("2 actions: 0 complete, 2 on track")
    assert not any("closed action" in n for n in s.notes)  # A3 is not counted as undated
    everything = " ".join(" ".join(r) for t in s.tables for r in _rows(s, t.key))
    assert "Exit interviews" not in everything and "pay policy" not in everything


def test_a_review_frozen_for_the_quarter_has_neither_the_actions_nor_their_counts():
    then = actions_then(PLAN.actions, Q1_END, PRODUCED)
    snap = freeze("2026-Q1", Q1_END, [], [(a, then.rags[a.ref]) for a in then.actions],
                  [THEME], actions_on=then.last, undated=then.undated)
    assert [a["ref"] for a in snap["actions"]] == ["A1", "A4"]
    assert snap["themes"] == [{"title": THEME, "actions": {"green": 2}, "targets": {}}]
    assert snap["actions_undated"] == 0
