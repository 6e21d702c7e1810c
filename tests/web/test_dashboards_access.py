"""Each role against each dashboard page, download and work list, including another unit's
figures and people by guessed URL."""

from __future__ import annotations

import pytest

from workforce_web.accounts.models import AuditEvent
from workforce_web.dashboards.pages import PAGES

ALL = dict(admin=200, lead=200, manager_a=200, manager_b=200, viewer=200, other_org=200)
TEAM_A = dict(admin=200, lead=200, manager_a=200, manager_b=404, viewer=200, other_org=404)
TEAM_B = dict(admin=200, lead=200, manager_a=404, manager_b=200, viewer=200, other_org=404)
SERVICE = dict(admin=200, lead=200, manager_a=404, manager_b=404, viewer=200, other_org=404)
PEOPLE = dict(admin=200, lead=200, manager_a=200, manager_b=200, viewer=403, other_org=200)
PEOPLE_A = dict(admin=200, lead=200, manager_a=200, manager_b=404, viewer=403, other_org=404)
EDIT = dict(admin=200, lead=200, manager_a=403, manager_b=403, viewer=403, other_org=200)

EXPECTED = {
    **{f"/dashboards/{p.slug}/": ALL for p in PAGES},
    **{f"/dashboards/{p.slug}/?unit=T1-A": TEAM_A for p in PAGES},
    "/dashboards/?unit=T1-B": TEAM_B,
    "/dashboards/stability/?unit=T1-S": SERVICE,
    "/dashboards/overview/headlines.csv": ALL,
    "/dashboards/overview/headlines.xlsx?unit=T1-A": TEAM_A,
    "/dashboards/stability/turnover-trend.csv?unit=T1-A": TEAM_A,
    "/dashboards/stability/turnover-benchmarks.xlsx?unit=T1-B": TEAM_B,
    "/dashboards/profile/level-bars.csv?unit=T1-A": TEAM_A,
    "/dashboards/support/others.csv?unit=T1-A": TEAM_A,
    "/dashboards/targets/": ALL,
    "/dashboards/targets/M20/": EDIT,
    "/dashboards/work-lists/": PEOPLE,
    "/dashboards/work-lists/?unit=T1-A": PEOPLE_A,
    "/dashboards/work-lists/supervision.csv?unit=T1-A": PEOPLE_A,
    "/dashboards/work-lists/training.xlsx?unit=T1-A": PEOPLE_A,
}
CASES = [(path, who, status) for path, row in EXPECTED.items() for who, status in row.items()]


@pytest.mark.parametrize(("path", "who", "status"), CASES)
def test_each_role_gets_the_expected_answer(as_user, path, who, status):
    assert as_user(who).get(path).status_code == status


@pytest.mark.parametrize("path", ["/dashboards/", "/dashboards/work-lists/",
                                  "/dashboards/stability/turnover-trend.csv"])
def test_anonymous_visitors_are_sent_to_sign_in(client, orgs, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_unknown_pages_and_tables_are_not_found(as_user):
    lead = as_user("lead")
    assert lead.get("/dashboards/nothing/").status_code == 404
    assert lead.get("/dashboards/stability/nothing.csv").status_code == 404
    assert lead.get("/dashboards/stability/turnover-trend.pdf").status_code == 404
    assert lead.get("/dashboards/work-lists/nothing.csv").status_code == 404
    assert lead.get("/dashboards/targets/NOPE/").status_code == 404


def test_a_manager_cannot_choose_the_whole_organisation(as_user):
    body = as_user("manager_a").get("/dashboards/?unit=").content.decode()
    assert "Whole organisation" not in body
    assert '<option value="T1-A" selected>' in body
    assert "T1-B" not in body


def test_other_organisations_units_are_not_offered(as_user):
    body = as_user("other_org").get("/dashboards/stability/").content.decode()
    assert "T1-A" not in body and "Test council T1" not in body


def test_dashboards_show_no_one_by_name(as_user):
    for p in PAGES:
        body = as_user("viewer").get(f"/dashboards/{p.slug}/").content.decode()
        assert "Alice Able" not in body and "T1p1" not in body


def test_dashboard_aggregates_are_suppressed_for_small_groups(as_user):
    csv = as_user("viewer").get("/dashboards/stability/turnover-trend.csv?unit=T1-A")
    rows = csv.content.decode().splitlines()
    assert all(",c," in r or r.endswith(",c") or ",–" in r for r in rows[1:13]), rows[:3]


def test_work_lists_show_a_manager_only_their_own_people(as_user):
    body = as_user("manager_a").get("/dashboards/work-lists/").content.decode()
    assert "Alice Able" in body and "Cara Cole" in body
    assert "Bob Baker" not in body


def test_work_list_views_and_downloads_are_audited(as_user):
    client = as_user("manager_b")
    client.get("/dashboards/work-lists/")
    client.get("/dashboards/work-lists/supervision.csv")
    actions = list(AuditEvent.objects.filter(username="manager_b").values_list("action",
                                                                               flat=True))
    assert actions.count("view_worklist") == 1 and actions.count("export_worklist") == 1


def test_dashboard_downloads_are_audited(as_user):
    as_user("viewer").get("/dashboards/stability/turnover-trend.csv")
    event = AuditEvent.objects.get(username="viewer", action="export_dashboard")
    assert event.detail == "stability/turnover-trend.csv"


def test_a_work_list_download_holds_only_the_managers_people(as_user):
    body = as_user("manager_b").get("/dashboards/work-lists/supervision.csv").content.decode()
    assert "Bob Baker" in body and "Alice Able" not in body


def test_a_dashboard_download_is_named_for_its_unit_and_date(as_user):
    response = as_user("lead").get(
        "/dashboards/stability/turnover-trend.csv?unit=T1-A&as_at=2025-09-30")
    assert response["Content-Disposition"] == (
        'attachment; filename="stability-turnover-trend-T1-A-2025-09-30.csv"')
    whole = as_user("viewer").get("/dashboards/overview/headlines.xlsx?as_at=2025-09-30")
    assert 'filename="overview-headlines-2025-09-30.xlsx"' in whole["Content-Disposition"]


@pytest.mark.parametrize("path", ["/dashboards/?unit=T1-B", "/dashboards/work-lists/?unit=T1-B",
                                  "/people/?unit=T1-B"])
def test_a_unit_outside_a_managers_area_says_so_and_what_they_can_see(as_user, path):
    """A link a colleague shares for another team: not a bare "page not found"."""
    response = as_user("manager_a").get(path)
    body = response.content.decode()
    assert response.status_code == 404
    assert "Not in your area" in body and "No such unit in your area." in body
    assert "the units you manage and the units below them" in body
    assert 'href="/dashboards/"' in body
    plain = as_user("lead").get("/dashboards/nothing/").content.decode()
    assert "Page not found" in plain and "Not in your area" not in plain
