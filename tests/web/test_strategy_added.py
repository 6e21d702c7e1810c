"""An action added to the plan after a quarter is not in that quarter: not in its review (its
frozen actions and counts, and the page), nor in the board report on it (its workbook, and its
web page, the one the PDF is printed from), which say how many were left out so. When it was
added is the day the plan gives (the action form's "Added to the plan on", blank by default
until the strategy has a quarterly review and today after; the Actions sheet's "Added to the
plan", or "Added to the plan on"), never the day it was stored: a plan typed in or imported
today, with no such days, is in every quarter, as before 32a6c9f. Today's views show every
action."""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace
from datetime import date, timedelta

import openpyxl
import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce.reports import build
from workforce.reports.progress import actions_section
from workforce.strategy.plan import Action
from workforce.strategy.workbook_read import read_plan
from workforce.strategy.workbook_write import export
from workforce_web import measures_cache
from workforce_web.reports.inputs import request_for
from workforce_web.reports.models import Report
from workforce_web.strategy.history import latest_change
from workforce_web.strategy.models import Action as ActionRow
from workforce_web.strategy.models import Change, Review, Strategy
from workforce_web.strategy.records import plan_of
from workforce_web.strategy.services import import_workbook
from workforce_web.strategy.store import save_plan

END = date(2025, 9, 30)  # 2025-Q3
LATE_TITLE = "Exit interviews for every leaver"
LEFT_OUT = "1 action added to the plan after 30 September 2025 is not included."


@pytest.fixture
def strategy(personas):
    # typed in today, A1 and A2 with no day added to the plan: in the plan from the start,
    # so in 2025-Q3 though every value they have is dated today
    return save_plan(replace(PLAN, reviews=()), None).strategy


def _add_later(client, strategy: Strategy, **more) -> ActionRow:
    """A3 added today by the action form (its "Added to the plan on" given as today),
    backdated: started in June 2025 and due in August, so read in 2025-Q3 it would be
    overdue."""
    theme = strategy.themes.get(title="Our workforce")
    response = client.post(f"/strategy/{strategy.pk}/actions/new/", {
        "theme": theme.pk, "ref": "A3", "title": LATE_TITLE, "status": "in_progress",
        "start": "2025-06-01", "due": "2025-08-31", "rag_override": "",
        "override_reason": "", "added_on": date.today().isoformat(), **more})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ActionRow.objects.get(strategy=strategy, ref="A3")


def _review(client, strategy: Strategy) -> Review:
    response = client.post(f"/strategy/{strategy.pk}/reviews/",
                           {"period": "2025-Q3", "forum": "Workforce strategy board"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Review.objects.get(strategy=strategy, period="2025-Q3")


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def _cells(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
            for v in row if v is not None]


def _default_added(page: str) -> str:
    """The value the action form fills "Added to the plan on" with ("" for none)."""
    tag = re.search(r'<input[^>]*name="added_on"[^>]*>', page)
    assert tag, "no Added to the plan on field"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def _type_in(client, strategy: Strategy, ref: str, title: str) -> ActionRow:
    """An action typed in on the new-action form, its "Added to the plan on" left as the
    form fills it in: in progress since April 2025, due in March 2026."""
    url = f"/strategy/{strategy.pk}/actions/new/"
    default = _default_added(client.get(url).content.decode())
    response = client.post(url, {
        "theme": strategy.themes.get(title="Wellbeing").pk, "ref": ref, "title": title,
        "status": "in_progress", "start": "2025-04-01", "due": "2026-03-31",
        "rag_override": "", "override_reason": "", "added_on": default})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ActionRow.objects.get(strategy=strategy, ref=ref)


@pytest.fixture
def empty(personas):
    """A strategy with its themes but no action yet, and no review."""
    return save_plan(replace(PLAN, actions=(), reviews=(), feedback=()), None).strategy


def test_a_plan_typed_in_on_the_form_before_any_review_is_in_the_earlier_quarters(
        as_user, empty):
    """The form filled in today for every new action: a lead typing in a plan drawn up
    long before found each left out of the quarters before, unless they cleared the day
    each time. Before the strategy has a review, it leaves the day blank."""
    lead = as_user("lead")
    form = _text(lead.get(f"/strategy/{empty.pk}/actions/new/"))
    assert "as it is until the strategy has a quarterly review" in form
    typed = [_type_in(lead, empty, "A1", "Train first aiders"),
             _type_in(lead, empty, "A2", "Run a wellbeing week")]
    assert [a.added_on for a in typed] == [None, None]
    review = _review(lead, empty)
    assert [a["ref"] for a in review.snapshot["actions"]] == ["A1", "A2"]
    assert review.snapshot["actions_later"] == 0
    section = actions_section(plan_of(empty), END, date.today())
    assert section.points[0].startswith("2 actions:")
    assert "not included" not in section.points[0]


def test_once_the_strategy_has_a_review_a_new_action_on_the_form_is_added_today(as_user,
                                                                                 empty):
    """The plan is being governed: a new action is new, and left out of the quarters
    before."""
    lead = as_user("lead")
    _type_in(lead, empty, "A1", "Train first aiders")
    response = lead.post(f"/strategy/{empty.pk}/reviews/",
                         {"period": "2025-Q2", "forum": "Workforce strategy board"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _default_added(lead.get(f"/strategy/{empty.pk}/actions/new/").content.decode()) \
        == date.today().isoformat()
    added = _type_in(lead, empty, "A2", "Run a wellbeing week")
    assert added.added_on == date.today()
    review = _review(lead, empty)
    assert [a["ref"] for a in review.snapshot["actions"]] == ["A1"]
    assert review.snapshot["actions_later"] == 1
    assert LEFT_OUT in _text(lead.get(f"/strategy/reviews/{review.pk}/"))
    # an old action's edit form leaves its blank day blank, review or not
    a1 = ActionRow.objects.get(strategy=empty, ref="A1")
    assert a1.added_on is None
    assert _default_added(lead.get(f"/strategy/actions/{a1.pk}/edit/").content.decode()) == ""


def test_an_imported_plan_without_days_added_is_in_the_earlier_quarters(as_user, personas):
    stored, problems = import_workbook("T1", export(PLAN), "plan.xlsx", None)
    assert problems == [] and stored is not None
    review = _review(as_user("lead"), stored.strategy)
    assert [a["ref"] for a in review.snapshot["actions"]] == ["A1", "A2"]
    report = Report.objects.create(organisation="T1", period="2025-Q3")
    built = build(measures_cache.org_ledger("T1"), request_for(report, date.today()))
    section = next(s for s in built.sections if s.key == "actions")
    assert section.points[0].startswith("2 actions:")
    assert list(ActionRow.objects.values_list("added_on", flat=True)) == [None, None]


def test_an_action_added_today_on_the_form_is_not_in_its_review_which_says_so(as_user,
                                                                              strategy):
    lead = as_user("lead")
    added = _add_later(lead, strategy)
    assert added.added_on == date.today()
    review = _review(lead, strategy)
    assert [a["ref"] for a in review.snapshot["actions"]] == ["A1", "A2"]
    assert review.snapshot["actions_later"] == 1
    counts = {t["title"]: t["actions"] for t in review.snapshot["themes"]}
    assert sum(counts["Our workforce"].values()) == 1  # A1 only, not A3
    page = _text(lead.get(f"/strategy/reviews/{review.pk}/"))
    assert LATE_TITLE not in page and "Agree a market supplement" in page
    assert LEFT_OUT in page
    # today the plan has it, and it is overdue
    now = actions_section(plan_of(strategy), date.today(), date.today())
    assert now.points[0].startswith("3 actions")
    assert "A3" in [r[0].text for r in now.tables[1].rows]
    # its page says when it was added
    action_page = _text(lead.get(f"/strategy/actions/{added.pk}/"))
    assert (f'Added to the plan</dt><dd class="govuk-summary-list__value wfs-added">'
            f"{date.today().day} {date.today():%B %Y}") in action_page


def test_a_review_frozen_before_the_count_was_kept_reads_as_before(as_user, strategy):
    lead = as_user("lead")
    _add_later(lead, strategy)
    review = _review(lead, strategy)
    snap = {k: v for k, v in review.snapshot.items() if k != "actions_later"}
    Review.objects.filter(pk=review.pk).update(snapshot=snap)
    page = _text(lead.get(f"/strategy/reviews/{review.pk}/"))
    assert "not included" not in page and "Agree a market supplement" in page


def test_the_board_report_on_the_quarter_leaves_it_out_and_says_so_in_every_format(
        as_user, strategy):
    lead = as_user("lead")
    _add_later(lead, strategy)
    report = Report.objects.create(organisation="T1", period="2025-Q3")
    built = build(measures_cache.org_ledger("T1"), request_for(report, date.today()))
    section = next(s for s in built.sections if s.key == "actions")
    # A1 at risk (set amber by hand) and overdue; A2 on track; A3 left out
    assert section.points[0] == ("2 actions: 0 complete, 1 on track, 1 at risk, 0 overdue "
                                 f"and 0 cancelled. {LEFT_OUT}")
    assert [t.key for t in section.tables] == ["themes", "overdue"]
    assert [r[0].text for r in section.tables[1].rows] == ["A1"]  # A1 was due 30 Sep
    cells = _cells(lead.get(f"/reports/{report.pk}/report.xlsx").content)
    assert LATE_TITLE not in cells and "Agree a market supplement" in cells
    assert any(LEFT_OUT in c for c in cells)
    page = _text(lead.get(f"/reports/{report.pk}/report.html"))
    assert LATE_TITLE not in page and "Agree a market supplement" in page
    assert LEFT_OUT in page


def test_the_form_checks_the_day_added_and_the_history_records_it(as_user, strategy):
    lead = as_user("lead")
    tomorrow = date.today() + timedelta(days=1)
    page = _text(lead.post(f"/strategy/{strategy.pk}/actions/new/", {
        "theme": strategy.themes.get(title="Wellbeing").pk, "ref": "A9", "title": "Week",
        "status": "not_started", "added_on": tomorrow.isoformat()}))
    assert (f"The day added to the plan cannot be after today ({date.today().day} "
            f"{date.today():%B %Y}): give the day the action was added to the plan, or "
            "leave it empty if it has been in the plan from the start.") in page
    assert not ActionRow.objects.filter(ref="A9").exists()
    form = _text(lead.get(f"/strategy/{strategy.pk}/actions/new/"))
    assert "Leave it blank for an action in the plan from the start" in form
    assert "before the strategy" not in form
    # an action already in the plan: given the day it was added, and then from the start
    a1 = ActionRow.objects.get(ref="A1")
    edit = {"theme": a1.theme_id, "objective": a1.objective_id, "ref": "A1",
            "title": a1.title, "description": a1.description, "owner": a1.owner_id,
            "owner_name": a1.owner_name, "lead_unit": a1.lead_unit, "start": a1.start,
            "due": a1.due,
            "status": a1.status, "rag_override": a1.rag_override,
            "override_reason": a1.override_reason, "added_on": "2025-05-01"}
    assert lead.post(f"/strategy/actions/{a1.pk}/edit/", edit).status_code == 302
    assert lead.post(f"/strategy/actions/{a1.pk}/edit/",
                     {**edit, "added_on": ""}).status_code == 302
    said = list(Change.objects.filter(item="Action A1").order_by("id")
                .values_list("summary", flat=True))[-2:]
    assert said == ["Added to the plan on: (empty) → 1 May 2025",
                    "Added to the plan on: 1 May 2025 → (empty)"]
    assert ActionRow.objects.get(ref="A1").added_on is None


def _without_column(data: bytes) -> bytes:
    """The workbook as an export from before the Actions sheet had "Added to the plan"."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Actions"]
    col = next(c.column for c in sheet[1] if str(c.value).rstrip(" *") == "Added to the plan")
    sheet.delete_cols(col)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_workbook_carries_the_day_added_and_an_older_one_leaves_it(personas):
    plan = replace(PLAN, reviews=(), actions=(
        replace(PLAN.actions[0], added_on=date(2025, 5, 1)), PLAN.actions[1]))
    stored, problems = import_workbook("T1", export(plan), "plan.xlsx", None)
    assert problems == [] and stored is not None
    assert ActionRow.objects.get(ref="A1").added_on == date(2025, 5, 1)
    assert ActionRow.objects.get(ref="A2").added_on is None
    assert [a.added_on for a in plan_of(stored.strategy).actions] == [date(2025, 5, 1), None]
    # an older export, without the column, with a new action: A1 keeps its day, A4 has none
    new = Action("A4", "Wellbeing", "Added by an older workbook", added_on=date(2025, 6, 1))
    older = _without_column(export(replace(plan, actions=(*plan.actions, new))))
    stored, problems = import_workbook("T1", older, "plan.xlsx", None)
    assert problems == [] and stored is not None
    assert {a.ref: a.added_on for a in ActionRow.objects.all()} == {
        "A1": date(2025, 5, 1), "A2": None, "A4": None}
    assert not Change.objects.filter(summary__contains="Added to the plan").exists()
    # a blank cell in a workbook with the column: in the plan from the start
    blank = replace(plan, actions=(replace(plan.actions[0], added_on=None),
                                   *plan.actions[1:]))
    stored, problems = import_workbook("T1", export(blank), "plan.xlsx", None)
    assert problems == [] and ActionRow.objects.get(ref="A1").added_on is None
    assert Change.objects.filter(item="Action A1",
                                 summary="Added to the plan on: 1 May 2025 → (empty)").exists()


def test_a_bad_day_added_in_the_workbook_is_named_and_nothing_is_stored(personas):
    plan = replace(PLAN, reviews=(), actions=(
        replace(PLAN.actions[0], added_on=date(2025, 5, 1)), PLAN.actions[1]))
    book = openpyxl.load_workbook(io.BytesIO(export(plan)))
    sheet = book["Actions"]
    col = next(c.column for c in sheet[1] if str(c.value).rstrip(" *") == "Added to the plan")
    sheet.cell(2, col).value = "next Tuesday"
    sheet.cell(3, col).value = date.today() + timedelta(days=1)
    out = io.BytesIO()
    book.save(out)
    stored, problems = import_workbook("T1", out.getvalue(), "plan.xlsx", None)
    assert stored is None and not Strategy.objects.exists()
    assert [(p.file, p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("plan.xlsx", "Actions", 2, "Added to the plan", "next Tuesday"),
        ("plan.xlsx", "Actions", 3, "Added to the plan",
         (date.today() + timedelta(days=1)).isoformat())]
    assert problems[0].message == "This is not a date"
    assert str(problems[1]).startswith(
        "plan.xlsx, sheet Actions, row 3, column Added to the plan: The day added to the "
        "plan cannot be after today")


def _edit(a: ActionRow, **more) -> dict:
    """The action's edit form as it stands, with `more` changed."""
    return {"theme": a.theme_id, "objective": a.objective_id or "", "ref": a.ref,
            "title": a.title, "description": a.description, "owner": a.owner_id or "",
            "owner_name": a.owner_name, "lead_unit": a.lead_unit, "start": a.start or "",
            "due": a.due or "", "status": a.status, "rag_override": a.rag_override,
            "override_reason": a.override_reason,
            "added_on": a.added_on.isoformat() if a.added_on else "", **more}


def test_a_day_before_the_strategys_start_is_no_problem(as_user, strategy):
    """A strategy starting in the future refused a new action added today (the form's own
    default once it has a review), and moving the start later made the days already given
    wrong: the action's form failed on a field not touched. A day before the start is in
    every quarter of the strategy."""
    lead = as_user("lead")
    later = date.today() + timedelta(days=10)
    Strategy.objects.filter(pk=strategy.pk).update(
        start=later, end=max(strategy.end, later + timedelta(days=3 * 365)))
    strategy.refresh_from_db()
    _add_later(lead, strategy)  # today, before the start: stored
    assert ActionRow.objects.get(strategy=strategy, ref="A3").added_on == date.today()
    # A1 was given a day before the start moved later: its form saves unchanged
    ActionRow.objects.filter(ref="A1").update(added_on=date(2025, 5, 1))
    a1 = ActionRow.objects.get(ref="A1")
    response = lead.post(f"/strategy/actions/{a1.pk}/edit/", _edit(a1, title="Renamed"))
    assert response.status_code == 302, _text(response)[:2000]
    assert ActionRow.objects.get(pk=a1.pk).added_on == date(2025, 5, 1)


def test_an_export_with_days_added_imports_again_unchanged(as_user, strategy):
    """The plan exported by the export page, with a day added stored, and imported again
    untouched: no problem, nothing recorded, and the stale-export guard lets it in, even
    once the strategy's start has moved after the day given."""
    lead = as_user("lead")
    a1 = ActionRow.objects.get(strategy=strategy, ref="A1")
    assert lead.post(f"/strategy/actions/{a1.pk}/edit/",
                     _edit(a1, added_on="2025-05-01")).status_code == 302
    for start in (None, date(2025, 7, 1)):  # as stored; then the start moved later
        if start:
            Strategy.objects.filter(pk=strategy.pk).update(start=start)
        response = lead.get(f"/strategy/{strategy.pk}/export.xlsx")
        assert response.status_code == 200
        data = response.content
        plan, problems = read_plan(data, "plan.xlsx", "T1")
        assert problems == [] and plan is not None
        assert [a.added_on for a in plan.actions] == [date(2025, 5, 1), None]
        assert plan.last_change == latest_change(strategy)
        changes = Change.objects.count()
        stored, problems = import_workbook("T1", data, "plan.xlsx", None)
        assert problems == [] and stored is not None, problems
        assert Change.objects.count() == changes
        assert not any(stored.changed.values()) and not any(stored.created.values())
        assert {a.ref: a.added_on for a in ActionRow.objects.filter(strategy=strategy)} == {
            "A1": date(2025, 5, 1), "A2": None}
