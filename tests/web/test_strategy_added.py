"""An action added to the plan after a quarter is not in that quarter: not in its review (its
frozen actions and counts, and the page), nor in the board report on it (its workbook, and its
web page, the one the PDF is printed from), whether it was added by the action form or by a
workbook import; an imported action whose Action dates sheet dates it earlier
is in the quarters from then on. Today's views show it as before."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce.reports import build
from workforce.reports.progress import actions_section
from workforce.strategy.plan import Action, Dated
from workforce_web import measures_cache
from workforce_web.reports.inputs import request_for
from workforce_web.reports.models import Report
from workforce_web.strategy.models import Action as ActionRow
from workforce_web.strategy.models import Review, Strategy
from workforce_web.strategy.records import plan_of
from workforce_web.strategy.store import save_plan

END = date(2025, 9, 30)  # 2025-Q3
LATE_TITLE = "Exit interviews for every leaver"


@pytest.fixture
def strategy(personas):
    # drawn up on 1 April 2025 with A1 and A2, both in 2025-Q3
    return save_plan(replace(PLAN, reviews=()), None, today=date(2025, 4, 1)).strategy


def _add_later(client, strategy: Strategy) -> ActionRow:
    """A3 added today by the action form, backdated: started in June 2025 and due in August,
    so read in 2025-Q3 it would be overdue."""
    theme = strategy.themes.get(title="Our workforce")
    response = client.post(f"/strategy/{strategy.pk}/actions/new/", {
        "theme": theme.pk, "ref": "A3", "title": LATE_TITLE, "status": "in_progress",
        "start": "2025-06-01", "due": "2025-08-31", "rag_override": "",
        "override_reason": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ActionRow.objects.get(strategy=strategy, ref="A3")


def _review(client, strategy: Strategy) -> Review:
    response = client.post(f"/strategy/{strategy.pk}/reviews/",
                           {"period": "2025-Q3", "forum": "Workforce strategy board"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Review.objects.get(strategy=strategy, period="2025-Q3")


def _cells(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
            for v in row if v is not None]


def test_an_action_added_after_the_quarter_is_not_in_its_review(as_user, strategy):
    lead = as_user("lead")
    _add_later(lead, strategy)
    review = _review(lead, strategy)
    assert [a["ref"] for a in review.snapshot["actions"]] == ["A1", "A2"]
    counts = {t["title"]: t["actions"] for t in review.snapshot["themes"]}
    assert sum(counts["Our workforce"].values()) == 1  # A1 only, not A3
    page = lead.get(f"/strategy/reviews/{review.pk}/").content.decode()
    assert LATE_TITLE not in page and "Agree a market supplement" in page
    # today the plan has it, and it is overdue
    now = actions_section(plan_of(strategy), date.today(), date.today())
    assert now.points[0].startswith("3 actions")
    assert "A3" in [r[0].text for r in now.tables[1].rows]


def test_the_board_report_on_the_quarter_leaves_it_out_in_every_format(as_user, strategy):
    lead = as_user("lead")
    _add_later(lead, strategy)
    report = Report.objects.create(organisation="T1", period="2025-Q3")
    built = build(measures_cache.org_ledger("T1"), request_for(report, date.today()))
    section = next(s for s in built.sections if s.key == "actions")
    assert section.points[0].startswith("2 actions:")
    assert [t.key for t in section.tables] == ["themes", "overdue"]
    assert [r[0].text for r in section.tables[1].rows] == ["A1"]  # A1 was due 30 Sep
    body = lead.get(f"/reports/{report.pk}/report.xlsx").content
    cells = _cells(body)
    assert LATE_TITLE not in cells and "Agree a market supplement" in cells
    assert any(c.startswith("2 actions:") for c in cells)
    page = lead.get(f"/reports/{report.pk}/report.html").content.decode()
    assert LATE_TITLE not in page and "Agree a market supplement" in page


def test_an_imported_action_is_in_the_quarters_from_the_day_its_sheet_dates_it(strategy):
    """Imported today: A4 with nothing on the Action dates sheet is dated today, so is not in
    2025-Q3; A5, whose sheet gives its values from May 2025 (a plan moved in with its
    history), is."""
    from workforce.strategy.workbook_write import export
    from workforce_web.strategy.services import import_workbook

    new = Action("A4", "Wellbeing", "Added by the workbook", due=date(2025, 8, 31),
                 status="in_progress")
    moved_in = Action("A5", "Wellbeing", "Brought with its history", due=date(2025, 8, 31),
                      status="in_progress",
                      dated=(Dated("due", date(2025, 5, 1), "2025-08-31"),
                             Dated("rag_override", date(2025, 5, 1), ""),
                             Dated("status", date(2025, 5, 1), "in_progress")))
    plan = replace(plan_of(strategy), actions=(*plan_of(strategy).actions, new, moved_in),
                   last_change=None)
    stored, problems = import_workbook("T1", export(plan), "plan.xlsx", None)
    assert problems == [] and stored is not None
    quarter = actions_section(plan_of(strategy), END, date.today())
    assert quarter.points[0].startswith("3 actions:")  # A1, A2 and A5
    assert sorted(r[0].text for r in quarter.tables[1].rows) == ["A1", "A5"]
