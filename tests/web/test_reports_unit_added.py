"""A unit's board report lists only some of the plan's actions (those the unit or a unit below
it leads, and those with no lead unit: `goals.for_report`). When none of them had been added
to the plan by the quarter's end, it says so of the actions it lists: the organisation's plan
may well have had actions then, and the sentence the whole organisation's report uses ("No
action had been added to the action plan ...") would be untrue there."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date

from tests.core.test_strategy_workbook import PLAN
from workforce_web.reports.models import Report
from workforce_web.strategy.store import save_plan

LEFT_OUT = "1 action added to the plan after 30 September 2025 is not included."


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_a_units_report_whose_actions_were_all_added_later_says_so_of_its_own(as_user,
                                                                              personas):
    """Team B's report lists only A2 (led by team B), added in November 2025: that is not
    the organisation's plan having no action by the end of 2025-Q3 (A1 was in it)."""
    plan = replace(PLAN, reviews=(), actions=(
        PLAN.actions[0], replace(PLAN.actions[1], lead_unit="T1-B",
                                 added_on=date(2025, 11, 3))))
    save_plan(plan, None)
    lead = as_user("lead")
    unit = Report.objects.create(organisation="T1", period="2025-Q3", unit="T1-B")
    page = _text(lead.get(f"/reports/{unit.pk}/report.html"))
    assert ("None of the actions this report lists had been added to the action plan by "
            "the end of the quarter (30 September 2025): they were all added since.") in page
    assert "No action had been added" not in page
    whole = Report.objects.create(organisation="T1", period="2025-Q3")
    page = _text(lead.get(f"/reports/{whole.pk}/report.html"))
    assert LEFT_OUT in page and "None of the actions this report lists" not in page
