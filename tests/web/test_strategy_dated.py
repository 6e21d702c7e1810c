"""A due date moved or a RAG set by hand after a quarter does not change that quarter's review
or board report: the web forms and the workbook import record each value with the day it was
set (`DatedValue`), and the quarter is read with the values in effect then."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce.reports.progress import actions_section
from workforce_web.strategy.models import Action, Review
from workforce_web.strategy.records import plan_of
from workforce_web.strategy.store import save_plan

END = date(2025, 9, 30)
# A1 in progress, due on 30 September 2025, no override; A2 not started, due 31 March 2026
ACTIONS = (replace(PLAN.actions[0], rag_override="", override_reason=""), PLAN.actions[1])


@pytest.fixture
def strategy(personas):
    # stored today: the values it is created with are the earliest known, so stand before
    return save_plan(replace(PLAN, actions=ACTIONS), None).strategy


def _edit(client, action: Action, **changes) -> None:
    form = {"theme": action.theme_id, "objective": action.objective_id or "",
            "ref": action.ref, "title": action.title, "description": action.description,
            "owner": action.owner_id or "", "owner_name": action.owner_name,
            "lead_unit": action.lead_unit, "start": action.start or "", "due": action.due or "",
            "status": action.status, "rag_override": action.rag_override,
            "override_reason": action.override_reason, **changes}
    response = client.post(f"/strategy/actions/{action.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]


def _review(client, strategy) -> dict[str, dict]:
    response = client.post(f"/strategy/{strategy.pk}/reviews/",
                           {"period": "2025-Q3", "forum": "Workforce strategy board"})
    assert response.status_code == 302, response.content.decode()[:2000]
    snap = Review.objects.get(strategy=strategy, period="2025-Q3").snapshot
    return {a["ref"]: a for a in snap["actions"]}


def _values(action: Action, field: str) -> list[tuple]:
    from workforce_web.strategy.models import DatedValue
    return [(d.on, d.value, d.reason) for d in
            DatedValue.objects.filter(action=action, field=field).order_by("id")]


def test_a_due_date_moved_and_an_override_set_after_the_quarter_leave_it_as_it_was(
        as_user, strategy):
    client = as_user("lead")
    a1, a2 = Action.objects.get(ref="A1"), Action.objects.get(ref="A2")
    _edit(client, a1, due="2027-06-30")  # moved today, long after 2025-Q3
    client.post(f"/strategy/actions/{a2.pk}/status/",
                {"status": "not_started", "rag_override": "red",
                 "override_reason": "No trainer found"})
    assert Action.objects.get(ref="A2").rag_override == "red"
    frozen = _review(client, strategy)
    # on 1 October 2025 A1 was due the day before and in progress: overdue; A2 was not
    # started, due in March: on track (its red was set later)
    assert frozen["A1"]["due"] == "2025-09-30" and frozen["A1"]["rag"] == "red"
    assert frozen["A2"]["rag"] == "green"
    report = actions_section(plan_of(strategy), END, date.today())
    late = {r[0].text: [c.text for c in r] for r in report.tables[1].rows}
    assert set(late) == {"A1"} and late["A1"][3] == "30 Sep 2025" and late["A1"][4] == "1"
    # today the moved date and the override stand
    now = actions_section(plan_of(strategy), date.today(), date.today())
    assert now.tables[0].rows[-1][5].text == "1"  # A2 overdue by its red; A1 due later


def test_the_web_forms_record_each_change_with_its_day(as_user, strategy):
    a1, a2 = Action.objects.get(ref="A1"), Action.objects.get(ref="A2")
    created = date.today()
    assert _values(a1, "due") == [(created, "2025-09-30", "")]
    assert _values(a1, "rag_override") == [(created, "", "")]
    client = as_user("lead")
    _edit(client, a1, due="2026-06-30", rag_override="amber", override_reason="Pay review")
    _edit(client, Action.objects.get(ref="A1"), title="Renamed")  # nothing dated changed
    client.post(f"/strategy/actions/{a2.pk}/status/",
                {"status": "blocked", "rag_override": "red", "override_reason": "No trainer"})
    today = date.today()
    assert _values(a1, "due") == [(created, "2025-09-30", ""), (today, "2026-06-30", "")]
    assert _values(a1, "rag_override") == [(created, "", ""), (today, "amber", "Pay review")]
    assert _values(a2, "rag_override")[-1] == (today, "red", "No trainer")
    assert _values(a2, "due") == [(created, "2026-03-31", "")]
    response = client.post(f"/strategy/{strategy.pk}/actions/new/", {
        "theme": a1.theme_id, "ref": "A9", "title": "New", "status": "not_started",
        "due": "2026-01-31", "rag_override": "", "override_reason": ""})
    assert response.status_code == 302
    assert _values(Action.objects.get(ref="A9"), "due") == [(today, "2026-01-31", "")]


def test_an_action_with_nothing_dated_keeps_todays_values_until_it_is_edited(as_user,
                                                                            strategy):
    from workforce_web.strategy.models import DatedValue
    DatedValue.objects.all().delete()  # as stored before dated values were kept
    a1 = Action.objects.get(ref="A1")
    Action.objects.filter(pk=a1.pk).update(due=date(2026, 6, 30))  # moved, undated
    frozen = _review(as_user("lead"), strategy)
    assert frozen["A1"]["due"] == "2026-06-30" and frozen["A1"]["rag"] == "green"  # as before
    Review.objects.all().delete()
    _edit(as_user("lead"), Action.objects.get(ref="A1"), due="2026-09-30")
    # the value it had before is kept, undated, so the days before the edit keep it
    assert _values(a1, "due") == [(None, "2026-06-30", ""), (date.today(), "2026-09-30", "")]
    assert _values(a1, "rag_override") == []
    assert _review(as_user("lead"), strategy)["A1"]["due"] == "2026-06-30"


def test_the_workbook_import_records_the_changes_it_makes(strategy):
    from workforce.strategy.workbook_write import export
    from workforce_web.strategy.services import import_workbook
    moved = replace(ACTIONS[0], due=date(2026, 6, 30), rag_override="amber",
                    override_reason="Pay review")
    plan = replace(PLAN, actions=(moved, ACTIONS[1]), reviews=())
    stored, problems = import_workbook("T1", export(plan), "plan.xlsx", None)
    assert problems == [] and stored is not None
    a1, a2 = Action.objects.get(ref="A1"), Action.objects.get(ref="A2")
    created = today = date.today()
    assert _values(a1, "due") == [(created, "2025-09-30", ""), (today, "2026-06-30", "")]
    assert _values(a1, "rag_override") == [(created, "", ""), (today, "amber", "Pay review")]
    assert _values(a2, "due") == [(created, "2026-03-31", "")]  # unchanged: nothing new
    import_workbook("T1", export(plan), "plan.xlsx", None)  # the same again: nothing new
    assert len(_values(a1, "due")) == 2
    review = actions_section(plan_of(strategy), END, today)
    assert [r[0].text for r in review.tables[1].rows] == ["A1"]  # overdue as it stood


def test_the_workbook_carries_the_dated_values_so_a_plan_moved_elsewhere_keeps_them(personas):
    """Exported and imported into a database that does not hold the plan (another
    installation, or after the plan was removed), the actions' due dates and overrides keep
    the days they were set, so a past quarter reads as it did."""
    from workforce.strategy.plan import Dated
    from workforce.strategy.workbook_write import export
    from workforce_web.strategy.models import DatedValue, Strategy
    from workforce_web.strategy.services import import_workbook
    history = (Dated("due", None, "2025-06-30"), Dated("due", date(2025, 7, 15), "2025-09-30"),
               Dated("due", date(2025, 11, 3), "2026-06-30"),
               Dated("rag_override", date(2025, 4, 1), ""),
               Dated("rag_override", date(2025, 10, 20), "amber", "Pay review"))
    a1 = replace(ACTIONS[0], due=date(2026, 6, 30), rag_override="amber",
                 override_reason="Pay review", dated=history)
    save_plan(replace(PLAN, actions=(a1, ACTIONS[1])), None)
    strategy = Strategy.objects.get(title=PLAN.title)
    before = {f: _values(Action.objects.get(ref="A1"), f) for f in ("due", "rag_override")}
    quarter = actions_section(plan_of(strategy), END, date.today())
    data = export(plan_of(strategy))
    strategy.delete()
    assert not DatedValue.objects.exists()
    stored, problems = import_workbook("T1", data, "plan.xlsx", None)
    assert problems == [] and stored is not None
    after = {f: _values(Action.objects.get(ref="A1"), f) for f in ("due", "rag_override")}
    assert after == before
    again = actions_section(plan_of(stored.strategy), END, date.today())
    assert [[c.text for c in r] for r in again.tables[1].rows] == \
        [[c.text for c in r] for r in quarter.tables[1].rows]
    import_workbook("T1", data, "plan.xlsx", None)  # the same again: nothing new
    assert {f: _values(Action.objects.get(ref="A1"), f) for f in ("due", "rag_override")} \
        == before


def test_a_bad_dated_value_in_the_workbook_is_named_and_nothing_is_stored(personas):
    import openpyxl

    from workforce.strategy.workbook_write import export
    from workforce_web.strategy.models import Strategy
    from workforce_web.strategy.services import import_workbook
    book = openpyxl.load_workbook(__import__("io").BytesIO(export(PLAN)))
    ws = book["Action dates"]
    ws.append(["A1", "RAG override", "purple", "", "2025-10-01"])
    ws.append(["A9", "Due date", "2025-10-01", "", "2025-10-01"])
    ws.append(["A1", "Status", "Complete", "", "2099-01-01"])
    out = __import__("io").BytesIO()
    book.save(out)
    stored, problems = import_workbook("T1", out.getvalue(), "plan.xlsx", None)
    assert stored is None and not Strategy.objects.filter(title=PLAN.title).exists()
    found = {(p.sheet, p.column, str(p.value)) for p in problems}
    assert ("Action dates", "Value", "purple") in found
    assert ("Action dates", "Action", "A9") in found
    assert ("Action dates", "Set on", "2099-01-01") in found


def test_a_status_changed_after_the_quarter_leaves_its_review_as_it_stood(as_user, personas):
    """An action not started at the quarter's end and set in progress, then complete, since:
    the quarter's review read today's "In progress" (or, complete with no update to date it,
    as recorded now). Each status is now recorded with its day, as due dates are."""
    save_plan(replace(PLAN, actions=ACTIONS), None, today=date(2025, 8, 1))
    from workforce_web.strategy.models import Strategy
    strategy = Strategy.objects.get(title=PLAN.title)
    lead = as_user("lead")
    a2 = Action.objects.get(ref="A2")
    assert a2.status == "not_started"
    _edit(lead, a2, status="in_progress")
    _edit(lead, Action.objects.get(ref="A2"), status="complete")
    assert [v for _, v, _ in _values(a2, "status")] == ["not_started", "in_progress",
                                                        "complete"]
    frozen = _review(lead, strategy)
    assert frozen["A2"]["status"] == "not_started"
    section = actions_section(plan_of(strategy), END, date.today())
    assert section.points[0].startswith("2 actions: 0 complete")
