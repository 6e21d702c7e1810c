"""Strategy targets scoped to a unit outside the strategy pages: a board report for a unit
lists the whole organisation's targets and those for the unit and the units below it, never
another unit's (so a manager, who reports only on their own units, never reads a target
`strategy.access.sees_target` hides from them); the whole organisation's report lists every
target. A dashboard's "the strategy's target T07 is for unit X" names only a target the
reader may read, and a page kept for one reader is never shown to another who reads other
targets."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from tests.core.test_strategy_workbook import PLAN
from workforce.strategy.plan import Target
from workforce_web.accounts.models import Membership, Role
from workforce_web.dashboards.filters import Filters
from workforce_web.reports.models import Report
from workforce_web.strategy.store import save_plan

# Off their trajectory (re-referrals entered as 22.5 and 21.0, the goal 10 from 20), so each
# is a row of the report's exceptions table with its ref, title, figure, goal and status.
RED = dict(tracked="REREF", baseline_value=20.0, baseline_date=date(2025, 3, 31),
           target_value=10.0, target_date=date(2028, 3, 31), period="quarter")
REPORTED = (
    Target("T11", "Whole re-referral goal", **RED),
    Target("T12", "Alpha re-referral goal", scope_unit="T1-A", **RED),
    Target("T13", "Bravo re-referral goal", scope_unit="T1-B", **RED),
    Target("T14", "Service re-referral goal", scope_unit="T1-S", **RED),
)
# No target for team A on these measures: the dashboards name the strategy's target elsewhere.
# T15 is team B's only; for caseloads team B's T16 comes before the whole organisation's T17.
ELSEWHERE = (
    Target("T15", "Bravo vacancy goal", "vacancy_rate_fte", scope_unit="T1-B",
           baseline_value=10.0, baseline_date=date(2025, 3, 31), target_value=5.0,
           target_date=date(2028, 3, 31)),
    Target("T16", "Bravo caseload goal", "caseload_fte", scope_unit="T1-B",
           baseline_value=20.0, baseline_date=date(2025, 3, 31), target_value=15.0,
           target_date=date(2028, 3, 31)),
    Target("T17", "Whole caseload goal", "caseload_fte",
           baseline_value=20.0, baseline_date=date(2025, 3, 31), target_value=16.0,
           target_date=date(2028, 3, 31)),
)
TITLES = {t.ref: t.title for t in REPORTED}
# per report: the targets of REPORTED it lists (T01 to T03 of PLAN are the organisation's)
LISTED = {"": {"T11", "T12", "T13", "T14"}, "T1-A": {"T11", "T12"}, "T1-B": {"T11", "T13"},
          "T1-S": {"T11", "T12", "T13", "T14"}}
# and how many targets it counts: T01 to T03 and those of ELSEWHERE it lists besides
COUNTED = {"": 3 + 4 + 3, "T1-A": 3 + 2 + 1, "T1-B": 3 + 2 + 3, "T1-S": 3 + 4 + 3}
READERS = {"": ["lead", "viewer", "admin"], "T1-A": ["lead", "manager_a", "manager_s"],
           "T1-B": ["lead", "manager_b", "manager_s"], "T1-S": ["lead", "manager_s"]}


@pytest.fixture
def strategy(personas):
    user = get_user_model().objects.create_user("manager_s", password="x")
    Membership.objects.create(user=user, organisation="T1", role=Role.MANAGER, units=["T1-S"])
    personas["manager_s"] = user
    return save_plan(replace(PLAN, targets=(*PLAN.targets, *REPORTED, *ELSEWHERE)),
                     None).strategy


def _report(client, unit: str) -> str:
    report = Report.objects.get_or_create(organisation="T1", period="2025-Q3", unit=unit)[0]
    response = client.get(f"/reports/{report.pk}/report.html")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _listed(body: str) -> set[str]:
    return {ref for ref, title in TITLES.items() if title in body or f">{ref}<" in body}


@pytest.mark.parametrize("unit", list(LISTED))
def test_a_report_lists_the_organisations_targets_and_its_units_subtrees(as_user, strategy,
                                                                         unit):
    for reader in READERS[unit]:
        body = _report(as_user(reader), unit)
        assert _listed(body) == LISTED[unit], (unit, reader)
        assert f"{COUNTED[unit]} targets: " in body, (unit, reader)
        assert f"{len(LISTED[unit])} red" in body, (unit, reader)


def test_a_managers_report_names_no_other_units_target(as_user, strategy):
    body = _report(as_user("manager_a"), "T1-A")
    for ref in ("T13", "T14"):
        assert TITLES[ref] not in body and ref not in body
    assert "T1-B" not in body and "T1-S" not in body
    assert "those for this unit and the units below it" in body


def test_a_report_built_in_the_core_keeps_the_same_targets(strategy):
    from workforce.reports import build
    from workforce_web.measures_cache import org_ledger
    from workforce_web.reports.inputs import request_for

    for unit, refs in LISTED.items():
        report = Report(organisation="T1", period="2025-Q3", unit=unit)
        built = build(org_ledger("T1"), request_for(report, date(2025, 11, 15)))
        rows = built.section("exceptions").tables[0].rows
        assert {r[0].text for r in rows} == refs, unit


def _overview(client, unit: str) -> str:
    query = Filters(unit=unit, at=date.today()).query()
    response = client.get(f"/dashboards/?{query}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_managers_dashboard_names_no_other_units_target(as_user, strategy):
    body = _overview(as_user("manager_a"), "T1-A")
    assert "T15" not in body and "T16" not in body and "unit T1-B" not in body
    assert "The strategy's target T17 is for the whole organisation" in body


def test_a_leads_dashboard_names_every_units_target(as_user, strategy):
    body = _overview(as_user("lead"), "T1-A")
    assert "The strategy's target T15 is for unit T1-B" in body
    assert "The strategy's target T16 is for unit T1-B" in body


def test_a_service_managers_dashboard_names_their_teams_targets(as_user, strategy):
    body = _overview(as_user("manager_s"), "T1-A")
    assert "The strategy's target T15 is for unit T1-B" in body


@pytest.mark.parametrize("first", ["lead", "manager_a"])
def test_a_kept_page_is_never_shown_to_a_reader_of_other_targets(as_user, strategy, first):
    """The dashboards keep a page per organisation and filters: a lead's page, naming team
    B's target, is not shown to team A's manager, nor the manager's to the lead."""
    order = [first, *({"lead", "manager_a"} - {first}), first]
    for reader in order:
        body = _overview(as_user(reader), "T1-A")
        assert ("T15" in body) is (reader == "lead"), (order, reader)
