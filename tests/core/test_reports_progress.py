"""The report's action plan section is about the report's quarter: an action is overdue when
it was due by the quarter end and not complete by then (as its progress updates show), never
judged by the day the report happens to be produced. A quarter by whose end no action had
been added to the plan says so in a sentence, not a table of zeros."""

from __future__ import annotations

from datetime import date

from workforce.reports.progress import actions_section
from workforce.strategy.plan import Action, Dated, Plan, Theme, Update
from workforce.strategy.status import action_as_at, judged_on

END = date(2025, 9, 30)          # 2025-Q3
PRODUCED = date(2026, 12, 5)     # produced long after
THEME = "Our workforce"


def _action(ref: str, due: date, status: str, *updates: date, start=date(2025, 4, 1)):
    return Action(ref, THEME, f"Action {ref}", owner_name="Head of service", start=start,
                  due=due, status=status,
                  updates=tuple(Update(on, f"Update of {on:%d %b %Y}") for on in updates))


PLAN = Plan("T1", "Strategy", themes=(Theme(THEME),), actions=(
    _action("A1", date(2026, 6, 30), "in_progress", date(2025, 6, 1)),     # due later
    _action("A2", date(2025, 8, 31), "complete", date(2025, 7, 1), date(2025, 10, 20)),
    _action("A3", date(2025, 8, 31), "complete", date(2025, 7, 1), date(2025, 9, 15)),
    _action("A4", date(2025, 9, 30), "in_progress"),                      # due on the last day
    _action("A5", date(2026, 11, 30), "not_started", start=date(2026, 1, 1)),
    _action("A6", date(2025, 7, 31), "complete"),                          # nothing to date it
))


def _rows(section, key: str) -> list[list[str]]:
    table = next((t for t in section.tables if t.key == key), None)
    return [[c.text for c in r] for r in table.rows] if table else []


def test_overdue_is_judged_at_the_quarter_end_not_on_the_day_produced():
    s = actions_section(PLAN, END, PRODUCED)
    late = {r[0]: r for r in _rows(s, "overdue")}
    assert set(late) == {"A2", "A4"}                 # A1 and A5 fell due after the quarter
    assert late["A2"][4] == "31" and late["A2"][5] == "In progress"  # completed in October
    assert late["A4"][4] == "1"
    assert late["A2"][6] == "1 Jul 2025: Update of 01 Jul 2025"  # nothing posted after 30 Sep
    assert "as at the end of the quarter (30 September 2025)" in s.lead
    assert "5 December 2026" not in s.lead
    assert s.notes[-1].endswith("A6 (complete) is counted as the plan stood when this report "
                                "was produced: no progress update says when it was closed.")
    assert "5 December 2026" not in s.notes[-1]  # after the quarter: not A6's closing


def test_the_counts_by_theme_are_as_at_the_quarter_end_too():
    s = actions_section(PLAN, END, PRODUCED)
    total = _rows(s, "themes")[-1]
    # actions, complete, on track, at risk, overdue, cancelled
    assert total[1:7] == ["6", "2", "2", "0", "2", "0"]
    assert s.points[0] == "6 actions: 2 complete, 2 on track, 0 at risk, 2 overdue and 0 " \
                          "cancelled."


def test_a_quarter_still_running_is_judged_on_the_day_produced():
    s = actions_section(PLAN, date(2026, 12, 31), PRODUCED)
    assert "as recorded on 5 December 2026, before the quarter has ended" in s.lead
    assert {r[0] for r in _rows(s, "overdue")} == {"A1", "A4", "A5"}
    assert judged_on(END, PRODUCED) == date(2025, 10, 1)
    assert judged_on(date(2026, 12, 31), PRODUCED) == PRODUCED


def test_an_action_as_it_stood_on_a_day():
    a2 = PLAN.actions[1]
    then, guessed = action_as_at(a2, END)
    assert (then.status, len(then.updates), guessed) == ("in_progress", 1, False)
    assert action_as_at(a2, date(2025, 10, 31))[0].status == "complete"
    assert action_as_at(a2, date(2025, 5, 1))[0].status == "not_started"  # no update yet
    assert action_as_at(PLAN.actions[4], END)[0].status == "not_started"  # starts in 2026
    assert action_as_at(PLAN.actions[5], END) == (PLAN.actions[5], True)


def _added(ref: str, on: date, due: date) -> Action:
    """An action added to the plan on `on`, its values stored then."""
    return Action(ref, THEME, f"Action {ref}", owner_name="Head of service", start=on,
                  due=due, status="in_progress",
                  dated=(Dated("due", on, due.isoformat()), Dated("rag_override", on, ""),
                         Dated("status", on, "in_progress")), added_on=on)


# a plan whose every action was added in 2026-Q1, after the quarter reported on (2025-Q3)
LATER = Plan("T1", "Strategy", themes=(Theme(THEME),), actions=(
    _added("B1", date(2026, 2, 1), date(2026, 6, 30)),
    _added("B2", date(2026, 3, 15), date(2025, 8, 31)),  # backdated: "due" in 2025-Q3
))


def test_a_quarter_with_no_action_in_the_plan_then_says_so_rather_than_count_zeros():
    s = actions_section(LATER, END, PRODUCED)
    assert s.points == ["No action had been added to the action plan by the end of the "
                        "quarter (30 September 2025): the actions in it now were all added "
                        "since."]
    assert s.tables == [] and s.charts == [] and s.notes == []
    assert "as at the end of the quarter (30 September 2025)" in s.lead
    # the quarter they were added in has them, with the table and its counts
    added = actions_section(LATER, date(2026, 3, 31), PRODUCED)
    assert added.points[0].startswith("2 actions:")
    assert _rows(added, "themes")[-1][1] == "2"


def test_a_quarter_still_running_with_no_action_in_the_plan_yet_names_the_day():
    s = actions_section(LATER, date(2026, 3, 31), date(2026, 1, 20))
    assert s.points == ["No action had been added to the action plan by 20 January 2026: "
                        "the actions in it now were all added since."]
    assert s.tables == []


def test_no_plan_at_all_still_says_none_has_been_recorded():
    for plan in (None, Plan("T1", "Strategy", themes=(Theme(THEME),))):
        s = actions_section(plan, END, PRODUCED)
        assert s.points == ["No strategy or action plan has been recorded."]
        assert s.tables == []
