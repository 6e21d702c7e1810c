"""An action's due date and RAG override are read as they stood at a quarter's end, from
their dated values; an action with none recorded (older data) keeps today's."""

from __future__ import annotations

from datetime import date

from workforce.reports.progress import actions_section
from workforce.strategy.plan import Action, Dated, Plan, Theme
from workforce.strategy.status import action_as_at, actions_then, dated_on

END = date(2025, 9, 30)          # 2025-Q3, judged on 1 October
PRODUCED = date(2026, 12, 5)     # produced long after
THEME = "Our workforce"
MADE = date(2025, 4, 1)          # the day the actions were created


def _action(ref: str, due: date, rag: str = "", reason: str = "", *dated: Dated) -> Action:
    return Action(ref, THEME, f"Action {ref}", start=MADE, due=due, status="in_progress",
                  rag_override=rag, override_reason=reason, dated=dated)


# due 31 Aug 2025, moved on 10 Nov 2025 (after the quarter) to 31 Mar 2026
MOVED = _action("A1", date(2026, 3, 31), "", "",
                Dated("due", MADE, "2025-08-31"), Dated("rag_override", MADE, ""),
                Dated("due", date(2025, 11, 10), "2026-03-31"))
# due 31 Aug 2025 throughout; green set by hand on 20 Nov 2025 (after the quarter)
GREENED = _action("A2", date(2025, 8, 31), "green", "Recovery plan agreed",
                  Dated("due", MADE, "2025-08-31"), Dated("rag_override", MADE, ""),
                  Dated("rag_override", date(2025, 11, 20), "green", "Recovery plan agreed"))
# older data: nothing dated, so today's due date and override stand
OLD = _action("A3", date(2025, 8, 31), "amber", "Waiting for funding")
PLAN = Plan("T1", "Strategy", themes=(Theme(THEME),), actions=(MOVED, GREENED, OLD))


def _rows(section, key: str) -> list[list[str]]:
    table = next((t for t in section.tables if t.key == key), None)
    return [[c.text for c in r] for r in table.rows] if table else []


def test_a_due_date_moved_after_the_quarter_is_read_as_it_stood_then():
    then, _ = action_as_at(MOVED, END)
    assert then.due == date(2025, 8, 31)
    assert action_as_at(MOVED, date(2025, 11, 9))[0].due == date(2025, 8, 31)
    assert action_as_at(MOVED, date(2025, 11, 10))[0].due == date(2026, 3, 31)  # from the day


def test_the_board_report_counts_the_moved_action_overdue_as_it_was_then():
    s = actions_section(PLAN, END, PRODUCED)
    late = {r[0]: r for r in _rows(s, "overdue")}
    # A1 and A2 were due 31 Aug and in progress on 1 October: 31 days overdue (1 Sep..1 Oct)
    assert set(late) == {"A1", "A2", "A3"}
    assert late["A1"][3] == "31 Aug 2025" and late["A1"][4] == "31"
    total = _rows(s, "themes")[-1]
    # actions, complete, on track, at risk, overdue, cancelled: A2's green is later, so
    # red; A3 (nothing dated) keeps today's amber
    assert total[1:7] == ["3", "0", "0", "1", "2", "0"]


def test_an_override_set_after_the_quarter_does_not_colour_it():
    then = actions_then(PLAN.actions, END, PRODUCED)
    assert then.rags["A2"].rag == "red" and not then.rags["A2"].overridden
    a2 = next(a for a in then.actions if a.ref == "A2")
    assert (a2.rag_override, a2.override_reason) == ("", "")
    # the quarter after, it was set: green, with its reason
    later = actions_then(PLAN.actions, date(2025, 12, 31), PRODUCED)
    assert later.rags["A2"].rag == "green" and later.rags["A2"].overridden
    assert later.rags["A1"].rag == "green"  # due 31 Mar 2026 by then


def test_an_action_with_nothing_dated_is_as_it_stands_today():
    then, _ = action_as_at(OLD, END)
    assert then == OLD
    assert actions_then([OLD], END, PRODUCED).rags["A3"].rag == "amber"


def test_before_the_first_value_the_earliest_known_stands():
    created_late = _action("A4", date(2025, 9, 15), "", "",
                           Dated("due", date(2025, 10, 20), "2025-09-15"))
    assert action_as_at(created_late, END)[0].due == date(2025, 9, 15)
    # older data edited later: its value before, undated, then the new one
    edited = _action("A5", date(2026, 6, 30), "", "", Dated("due", None, "2025-07-31"),
                     Dated("due", date(2025, 12, 1), "2026-06-30"),
                     Dated("due", date(2025, 12, 1), ""))  # cleared the same day: the last
    assert dated_on(edited, "due", END).value == "2025-07-31"
    assert action_as_at(edited, date(2025, 12, 1))[0].due is None
    assert dated_on(edited, "rag_override", END) is None


def test_an_older_closed_action_reopened_keeps_its_past_quarters():
    """Complete before its changes were recorded (undated), with updates in March and
    September 2025, then reopened in December 2026: the quarters before read as its updates
    date them, not as complete throughout."""
    from workforce.strategy.plan import Update

    reopened = Action("A4", THEME, "Reopened", status="in_progress",
                      updates=(Update(date(2025, 3, 1), "Begun"),
                               Update(date(2025, 9, 1), "Done")),
                      dated=(Dated("status", None, "complete"),
                             Dated("status", date(2026, 12, 1), "in_progress")))
    assert action_as_at(reopened, date(2025, 2, 28))[0].status == "not_started"
    assert action_as_at(reopened, date(2025, 6, 30))[0].status == "in_progress"
    assert action_as_at(reopened, date(2025, 9, 30))[0].status == "complete"
    assert action_as_at(reopened, date(2026, 12, 2))[0].status == "in_progress"


def test_values_undone_the_day_they_were_set_are_left_out_and_every_day_reads_the_same():
    """`settled`: no two values the same, and each day (before the first, and the end of
    every day) reads as it did, over random histories of changes and changes back."""
    import random

    from workforce.strategy.plan import settled

    days = [None, date(2025, 4, 1), date(2025, 4, 2), date(2025, 6, 30)]
    gen = random.Random(7)
    for _ in range(500):
        dated = tuple(Dated(gen.choice(("status", "due")), gen.choice(days),
                            gen.choice(("a", "b", "c")), gen.choice(("", "", "why")))
                      for _ in range(gen.randint(0, 9)))
        kept = settled(dated)
        assert len(set(kept)) == len(kept) and set(kept) <= set(dated)
        was, now = _action("A6", MADE, "", "", *dated), _action("A6", MADE, "", "", *kept)
        for field in ("status", "due"):
            for day in (date(2025, 3, 1), *days[1:], date(2025, 7, 1)):
                assert dated_on(was, field, day) == dated_on(now, field, day), (dated, kept)
    same_day = (Dated("status", MADE, "not_started"), Dated("status", MADE, "in_progress"),
                Dated("due", MADE, "2025-09-30"), Dated("status", MADE, "not_started"))
    assert settled(same_day) == (same_day[0], same_day[2])


def test_the_export_writes_each_dated_value_once():
    import io

    import openpyxl

    from workforce.strategy.workbook_write import export
    twice = _action("A1", date(2025, 8, 31), "", "", Dated("due", MADE, "2025-08-31"),
                    Dated("due", MADE, "2025-09-30"), Dated("due", MADE, "2025-08-31"),
                    Dated("due", date(2025, 11, 10), "2026-03-31"))
    sheet = openpyxl.load_workbook(io.BytesIO(export(
        Plan("T1", "Strategy", themes=(Theme(THEME),), actions=(twice,)))))["Action dates"]
    rows = [r[2] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]
    assert [str(v)[:10] for v in rows] == ["2025-08-31", "2026-03-31"]
