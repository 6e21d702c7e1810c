"""The audit log page: admins of an organisation read its log (and only its log), filter it,
page through it and download it; every read is itself recorded."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workforce_web.accounts.actions import ACTIONS
from workforce_web.accounts.models import AuditEvent

SRC = Path(__file__).resolve().parents[2] / "src"


def event(org: str, username: str, action: str, detail: str = "", path: str = "/",
          at: datetime | None = None) -> AuditEvent:
    e = AuditEvent.objects.create(username=username, organisation=org, action=action,
                                  detail=detail, path=path)
    if at is not None:  # `at` is set on creation; move it to the time the test needs
        AuditEvent.objects.filter(pk=e.pk).update(at=at)
        e.refresh_from_db()
    return e


@pytest.fixture
def log(personas):
    """Events in both test organisations, at known times (UTC)."""
    return {
        "lead_person": event("T1", "lead", "view_person", "T1p1", "/people/T1p1/",
                             datetime(2026, 1, 10, 9, 0, tzinfo=UTC)),
        "manager_list": event("T1", "manager_a", "view_people_list", "unit=all page=1",
                              "/people/", datetime(2026, 2, 15, 14, 30, tzinfo=UTC)),
        "lead_other_person": event("T1", "lead", "view_person", "T1p10", "/people/T1p10/",
                                   datetime(2026, 3, 20, 16, 45, tzinfo=UTC)),
        "cli": event("T1", "ops (command line)", "cli_export",
                     "person-level export: 3 people to /tmp/x", "workforce export",
                     datetime(2026, 3, 21, 8, 0, tzinfo=UTC)),
        "other_org": event("T2", "other", "view_person", "T2p1", "/people/T2p1/",
                           datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
    }


def rows(response) -> list[str]:
    """The table body's rows, as text with the markup taken out."""
    body = response.content.decode()
    tbody = body.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip())
            for r in tbody.split("</tr>") if "<td" in r]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # so that Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# who may read it

@pytest.mark.parametrize("who", ["lead", "manager_a", "viewer", "other_org"])
def test_only_admins_may_read_the_log(as_user, who):
    assert as_user(who).get("/audit/").status_code == 403
    assert as_user(who).get("/audit/?format=csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, orgs):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_menu_links_to_the_log_for_admins_only(as_user):
    assert 'href="/audit/"' in as_user("admin").get("/").content.decode()
    for who in ("lead", "manager_a", "viewer"):
        assert 'href="/audit/"' not in as_user(who).get("/").content.decode()


# what it shows

def test_admin_sees_their_organisations_events_newest_first(as_user, log):
    shown = rows(as_user("admin").get("/audit/"))
    assert len(shown) == 4
    assert shown[0].startswith("21 Mar 2026, 08:00:00 ops (command line) "
                               "Exported person-level data (command line)")
    assert "T1p10" in shown[1] and "T1p1 " in shown[3]
    assert not any("T2p1" in r for r in shown)


def test_times_are_shown_in_uk_time_and_actions_in_plain_english(as_user, log):
    event("T1", "lead", "view_worklist", "unit=all", "/dashboards/worklists/",
          datetime(2026, 7, 1, 12, 0, tzinfo=UTC))  # British Summer Time: 13:00
    event("T1", "lead", "some_new_action", "x", "/x/",
          datetime(2026, 7, 2, 12, 0, tzinfo=UTC))
    shown = rows(as_user("admin").get("/audit/"))
    assert shown[0].startswith("2 Jul 2026, 13:00:00 lead some_new_action x")
    assert shown[1].startswith("1 Jul 2026, 13:00:00 lead Viewed the work lists unit=all")


def test_every_action_code_the_code_records_has_a_label():
    calls = re.compile(r"""\baudit\(\s*(?:request|"[^"]*")\s*,\s*"([a-z_]+)\"""")
    found = {code for p in SRC.rglob("*.py") for code in calls.findall(p.read_text())}
    assert {"view_person", "cli_export", "import"} <= found  # the pattern still finds them
    assert found - set(ACTIONS) == set()


# filters

def test_filter_by_username(as_user, log):
    shown = rows(as_user("admin").get("/audit/?user=MANAGER"))
    assert len(shown) == 1 and "manager_a" in shown[0]


def test_filter_by_action(as_user, log):
    shown = rows(as_user("admin").get("/audit/?action=view_person"))
    assert len(shown) == 2 and all("Viewed a person's record" in r for r in shown)


def test_filter_by_from_date(as_user, log):
    shown = rows(as_user("admin").get("/audit/?date_from=2026-03-20"))
    assert [r.split(",")[0] for r in shown] == ["21 Mar 2026", "20 Mar 2026"]


def test_filter_by_to_date_includes_that_whole_day(as_user, log):
    shown = rows(as_user("admin").get("/audit/?date_to=2026-02-15"))
    assert [r.split(",")[0] for r in shown] == ["15 Feb 2026", "10 Jan 2026"]


def test_dates_are_uk_days_not_utc_days(as_user, personas):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London
    event("T1", "lead", "view_person", "T1p1", "/people/T1p1/",
          datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    admin = as_user("admin")
    assert len(rows(admin.get("/audit/?date_from=2026-07-01&date_to=2026-07-01"))) == 1
    assert "No events match" in rows(admin.get("/audit/?date_to=2026-06-30"))[0]


def test_filter_by_person_matches_the_whole_staff_number_in_detail_or_path(as_user, log):
    event("T1", "lead", "export_worklist", "names T1p1 among others", "/dashboards/x.csv")
    event("T1", "lead", "view_person", "", "/people/T1p1/")
    shown = rows(as_user("admin").get("/audit/?person=T1p1"))
    assert len(shown) == 3  # not T1p10's record
    assert not any("T1p10" in r for r in shown)


def test_filters_combine(as_user, log):
    shown = rows(as_user("admin").get(
        "/audit/?user=lead&action=view_person&date_from=2026-03-01"))
    assert len(shown) == 1 and "T1p10" in shown[0]


@pytest.mark.parametrize("query", ["date_from=2026-02-30", "date_to=yesterday",
                                   "date_from=2026-03-02&date_to=2026-03-01",
                                   "action=not_an_action"])
def test_bad_filters_give_a_message_not_an_error(as_user, log, query):
    response = as_user("admin").get(f"/audit/?{query}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "There is a problem" in body
    assert "<tbody" not in body  # no rows that look filtered but are not
    assert not AuditEvent.objects.filter(action="view_audit_log").exists()


def test_a_bad_date_says_what_to_enter(as_user, log):
    body = as_user("admin").get("/audit/?date_from=31/13/2026").content.decode()
    assert "Enter a real ‘from’ date" in body
    assert 'href="#id_date_from"' in body


# download

def test_csv_has_a_header_and_the_filtered_rows(as_user, log):
    response = as_user("admin").get("/audit/?format=csv&action=view_person")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    got = csv_rows(response)
    assert got[0] == ["When", "Who", "Action", "Action code", "What", "Where"]
    assert got[1:] == [
        ["2026-03-20T16:45:00+00:00", "lead", "Viewed a person's record", "view_person",
         "T1p10", "/people/T1p10/"],
        ["2026-01-10T09:00:00+00:00", "lead", "Viewed a person's record", "view_person",
         "T1p1", "/people/T1p1/"],
    ]


def test_csv_holds_only_the_organisations_events_and_every_page(as_user, log):
    for i in range(60):
        event("T1", "lead", "view_person", f"X{i}")
    got = csv_rows(as_user("admin").get("/audit/?format=csv"))
    assert len(got) == 1 + 4 + 60
    assert not any("T2p1" in cell for row in got for cell in row)


def test_csv_cells_are_not_run_as_spreadsheet_formulas(as_user, personas):
    event("T1", "lead", "export_strategy", "=HYPERLINK(\"http://x\")", "/strategy/1/")
    got = csv_rows(as_user("admin").get("/audit/?format=csv"))
    assert got[1][4] == "'=HYPERLINK(\"http://x\")"


def test_the_page_links_to_the_download_of_the_same_filters(as_user, log):
    body = as_user("admin").get("/audit/?user=lead&page=1").content.decode()
    assert 'href="?user=lead&amp;format=csv"' in body


# reading the log is recorded

def test_viewing_the_log_is_recorded_with_its_filters(as_user, log):
    as_user("admin").get("/audit/?user=lead&action=view_person&date_from=2026-01-01"
                         "&date_to=2026-12-31&person=T1p1")
    e = AuditEvent.objects.get(action="view_audit_log")
    assert (e.username, e.organisation) == ("admin", "T1")
    assert e.detail == ("user=lead action=view_person from=2026-01-01 to=2026-12-31 "
                        "person=T1p1 page=1")
    assert e.path.startswith("/audit/?")


def test_viewing_without_filters_is_recorded_too(as_user, log):
    as_user("admin").get("/audit/")
    assert AuditEvent.objects.get(action="view_audit_log").detail == "no filters page=1"


def test_downloading_the_log_is_recorded_with_its_filters(as_user, log):
    response = as_user("admin").get("/audit/?format=csv&user=manager")
    e = AuditEvent.objects.get(action="export_audit_log")
    assert (e.username, e.organisation, e.detail) == ("admin", "T1", "user=manager")
    assert not AuditEvent.objects.filter(action="view_audit_log").exists()
    # the download is the log as it stood when asked for, without its own record
    assert len(csv_rows(response)) == 2


def test_the_record_of_a_view_appears_the_next_time(as_user, log):
    admin = as_user("admin")
    assert not any("Viewed the audit log" in r for r in rows(admin.get("/audit/")))
    assert "Viewed the audit log" in rows(admin.get("/audit/"))[0]


# pages

def test_fifty_events_a_page_and_the_pages_keep_the_filters(as_user, personas):
    for i in range(120):
        event("T1", "lead", "view_person", f"S{i:03}",
              at=datetime(2026, 1, 1, tzinfo=UTC).replace(minute=i % 60, hour=i // 60))
    admin = as_user("admin")
    first = admin.get("/audit/?user=lead")
    assert len(rows(first)) == 50 and "S119" in rows(first)[0]
    assert "120 events, showing 1 to 50" in first.content.decode()
    assert 'href="?user=lead&amp;page=2"' in first.content.decode()
    last = admin.get("/audit/?user=lead&page=3")
    assert len(rows(last)) == 20 and "S000" in rows(last)[-1]
    assert AuditEvent.objects.filter(action="view_audit_log").latest("pk").detail == (
        "user=lead page=3")


def test_a_date_far_outside_the_log_is_a_message_not_an_error(as_user):
    for query, said in (("date_to=9999-12-31", "Enter a date before the year 3000"),
                        ("date_from=0001-01-01", "Enter a date from the year 2000 on")):
        response = as_user("admin").get(f"/audit/?{query}")
        assert response.status_code == 200 and said in response.text
