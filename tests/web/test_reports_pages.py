"""Board reports: each role against the list, a report's page and its downloads (viewers
read and download reports but do not produce them; managers only for their own units;
another organisation's are not found), commentary saved with the report (written by all but
viewers), every download audited and suppressed."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from workforce_web.accounts.models import AuditEvent
from workforce_web.reports.forms import recent_quarters
from workforce_web.reports.models import Report

ALL = dict(admin=200, lead=200, manager_a=200, manager_b=200, viewer=200, other_org=200)
WHOLE = dict(admin=200, lead=200, manager_a=404, manager_b=404, viewer=200, other_org=404)
TEAM_A = dict(admin=200, lead=200, manager_a=200, manager_b=404, viewer=200, other_org=404)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def reports(personas):
    return {"whole": Report.objects.create(organisation="T1", period="2025-Q3"),
            "team_a": Report.objects.create(organisation="T1", period="2025-Q3", unit="T1-A"),
            "other": Report.objects.create(organisation="T2", period="2025-Q3")}


CASES = [(path, who, status) for path, row in {
    "/reports/": ALL,
    "/reports/{whole}/": WHOLE,
    "/reports/{team_a}/": TEAM_A,
    "/reports/{whole}/report.xlsx": WHOLE,
    "/reports/{team_a}/report.xlsx": TEAM_A,
}.items() for who, status in row.items()]


@pytest.mark.parametrize(("path", "who", "status"), CASES)
def test_each_role_gets_the_expected_answer(as_user, reports, path, who, status):
    url = path.format(**{k: r.pk for k, r in reports.items()})
    response = as_user(who).get(url)
    assert response.status_code == status
    if status == 200 and url.endswith(".xlsx"):
        assert response["Content-Type"] == XLSX


def test_another_organisations_report_is_not_found_even_for_its_url(as_user, reports):
    pk = reports["other"].pk
    for who in ("admin", "lead", "viewer"):
        assert as_user(who).get(f"/reports/{pk}/").status_code == 404
        assert as_user(who).get(f"/reports/{pk}/report.pdf").status_code == 404
    assert as_user("other_org").get(f"/reports/{pk}/").status_code == 200


def test_a_viewer_downloads_a_report_audited(as_user, personas):
    quarter = recent_quarters(date.today())[0]
    as_user("lead").post("/reports/", {"period": quarter, "unit": ""})
    report = Report.objects.get(organisation="T1", period=quarter, unit="")
    assert report.created_by == personas["lead"]
    download = as_user("viewer").get(f"/reports/{report.pk}/report.xlsx")
    assert download.status_code == 200
    assert f'filename="workforce-report-{quarter}-T1.xlsx"' in download["Content-Disposition"]
    event = AuditEvent.objects.get(action="export_report")
    assert event.username == "viewer" and event.detail == f"{quarter} organisation.xlsx"


def test_a_viewer_may_not_produce_a_report_and_the_refusal_is_recorded(as_user, personas):
    """A board member is read-only: a report they opened would join everyone's list."""
    viewer = as_user("viewer")
    quarter = recent_quarters(date.today())[0]
    response = viewer.post("/reports/", {"period": quarter, "unit": "T1-A"})
    assert response.status_code == 403
    assert "can read and download board reports but not produce them" in response.text
    assert not Report.objects.exists()
    [event] = AuditEvent.objects.filter(action="create_report_refused")
    assert (event.username, event.organisation, event.path) == ("viewer", "T1", "/reports/")
    assert event.detail == (f"{quarter} T1-A (refused: Your role can read and download board "
                            "reports but not produce them: a workforce lead, an administrator "
                            "or a manager produces them)")
    page = viewer.get("/reports/")
    assert page.status_code == 200
    assert "Open the report" not in page.text and 'name="period"' not in page.text
    assert "Produce a report" not in page.text
    assert "Was refused producing a board report" in as_user("admin").get(
        "/audit/?action=create_report_refused").text


def test_everyone_else_may_produce_a_report_and_nothing_is_refused(as_user, personas):
    quarter = recent_quarters(date.today())[0]
    for who, unit in (("admin", ""), ("lead", "T1-S"), ("manager_a", "T1-A")):
        user = as_user(who)
        assert "Open the report" in user.get("/reports/").text
        assert user.post("/reports/", {"period": quarter, "unit": unit}).status_code == 302
    assert Report.objects.count() == 3
    assert not AuditEvent.objects.filter(action__endswith="_refused").exists()


def test_opening_the_same_quarter_again_finds_the_same_report(as_user, personas):
    lead = as_user("lead")
    quarter = recent_quarters(date.today())[1]
    lead.post("/reports/", {"period": quarter, "unit": "T1-S"})
    lead.post("/reports/", {"period": quarter, "unit": "T1-S"})
    assert Report.objects.filter(period=quarter, unit="T1-S").count() == 1


def test_managers_choose_among_their_own_units_only(as_user, personas):
    manager = as_user("manager_a")
    quarter = recent_quarters(date.today())[0]
    for unit in ("", "T1-B", "T1-S"):
        response = manager.post("/reports/", {"period": quarter, "unit": unit})
        assert response.status_code == 200 and "There is a problem" in response.text
    assert not Report.objects.exists()
    response = manager.post("/reports/", {"period": quarter, "unit": "T1-A"})
    assert response.status_code == 302
    page = manager.get("/reports/").text
    assert "Team A" in page and "The whole organisation</option>" not in page


def test_the_list_shows_a_manager_only_their_units_reports(as_user, reports):
    assert "Team A" in as_user("manager_a").get("/reports/").text
    page = as_user("manager_b").get("/reports/").text
    assert f"/reports/{reports['team_a'].pk}/" not in page
    assert f"/reports/{reports['whole'].pk}/" not in page


def test_commentary_is_saved_with_the_report_and_goes_into_the_download(as_user, reports):
    lead = as_user("lead")
    pk = reports["whole"].pk
    response = lead.post(f"/reports/{pk}/", {"summary": "Agency use is down.",
                                             "stability": "", "caseloads": "Steady."})
    assert response.status_code == 302
    saved = Report.objects.get(pk=pk)
    assert saved.commentary == {"summary": "Agency use is down.", "caseloads": "Steady."}
    assert "Agency use is down." in lead.get(f"/reports/{pk}/").text
    book = openpyxl.load_workbook(io.BytesIO(lead.get(f"/reports/{pk}/report.xlsx").content))
    values = {c for row in book["Summary"].iter_rows(values_only=True) for c in row if c}
    assert "Agency use is down." in values


def test_a_viewer_reads_the_commentary_but_cannot_change_it(as_user, reports):
    pk = reports["whole"].pk
    as_user("lead").post(f"/reports/{pk}/", {"summary": "Agency use is down.\n\nMore."})
    viewer = as_user("viewer")
    page = viewer.get(f"/reports/{pk}/").text
    assert "Agency use is down." in page and "More." in page
    assert "Save commentary" not in page and "<textarea" not in page
    response = viewer.post(f"/reports/{pk}/", {"summary": "Overwritten by a viewer."})
    assert response.status_code == 403
    assert Report.objects.get(pk=pk).commentary == {"summary": "Agency use is down.\n\nMore."}
    # recorded as a refusal, as a viewer's refused report is
    [event] = AuditEvent.objects.filter(action="save_commentary_refused")
    assert (event.username, event.path) == ("viewer", f"/reports/{pk}/")
    assert event.detail == (f"report {pk} (refused: Your role can read the commentary but "
                            "not change it.)")


def test_a_manager_writes_the_commentary_of_their_own_units_report(as_user, reports):
    pk = reports["team_a"].pk
    assert as_user("manager_a").post(f"/reports/{pk}/", {"summary": "Ours."}).status_code == 302
    assert Report.objects.get(pk=pk).commentary == {"summary": "Ours."}
    assert as_user("manager_b").post(f"/reports/{pk}/", {"summary": "No."}).status_code == 404


def test_too_long_commentary_is_refused_with_a_message(as_user, reports):
    pk = reports["whole"].pk
    response = as_user("lead").post(f"/reports/{pk}/", {"summary": "x" * 5001})
    assert response.status_code == 200 and "There is a problem" in response.text
    assert Report.objects.get(pk=pk).commentary == {}


def test_every_figure_about_the_tiny_workforce_is_suppressed(as_user, reports):
    body = as_user("viewer").get(f"/reports/{reports['whole'].pk}/report.xlsx").content
    profile = openpyxl.load_workbook(io.BytesIO(body))["Profile"]
    headcount = next(r for r in profile.iter_rows(values_only=True)
                     if r[0] == "Headcount in post")
    assert headcount[2] == "c"


def test_the_pdf_download_is_a_pdf(as_user, reports):
    response = as_user("lead").get(f"/reports/{reports['team_a'].pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "workforce-report-2025-Q3-T1-A.pdf" in response["Content-Disposition"]


def test_the_web_page_download_is_the_report_with_its_commentary(as_user, reports):
    lead = as_user("lead")
    pk = reports["team_a"].pk
    lead.post(f"/reports/{pk}/", {"summary": "Team A is <b>steady</b>."})
    assert 'report.html" download>Download as a web page (HTML)' in lead.get(
        f"/reports/{pk}/").text
    response = lead.get(f"/reports/{pk}/report.html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "workforce-report-2025-Q3-T1-A.html" in response["Content-Disposition"]
    page = response.content.decode()
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Team A is &lt;b&gt;steady&lt;/b&gt;." in page  # commentary, escaped
    assert "<script" not in page.lower()


def test_unknown_downloads_are_not_found_and_visitors_sign_in(client, as_user, reports):
    pk = reports["whole"].pk
    assert as_user("lead").get(f"/reports/{pk}/report.docx").status_code == 404
    client.logout()
    response = client.get("/reports/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_menu_links_to_reports(as_user, personas):
    page = as_user("viewer").get("/reports/").text
    assert 'href="/reports/" aria-current="page">Reports</a>' in page


def test_the_list_invites_commentary_only_from_those_who_write_it(as_user, personas):
    assert "write commentary for each section" in as_user("lead").get("/reports/").text
    viewer = as_user("viewer").get("/reports/").text
    assert "write commentary" not in viewer and "about 1 to 4 people are suppressed" in viewer
