"""The audit log keeps a trace of whom a user saw and tried to see: a refused look at a
person-level page (someone outside a manager's area, a role without person-level access) is
recorded with what was asked for, and a list page's entry names the people it showed, so the
log's Person filter finds both."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from django.test import RequestFactory

from tests.web.conftest import stored_demo_lead
from workforce_web.accounts.access import DETAIL_LENGTH, REFUSED, audit_people
from workforce_web.accounts.actions import ACTIONS
from workforce_web.accounts.models import AuditEvent
from workforce_web.dashboards.worklist_views import SHOWN


def _events(action: str, username: str | None = None) -> list[AuditEvent]:
    found = AuditEvent.objects.filter(action=action).order_by("pk")
    return list(found.filter(username=username) if username else found)


def test_a_managers_look_at_someone_outside_their_area_is_recorded(as_user):
    response = as_user("manager_b").get("/people/T1p1/")
    assert response.status_code == 404
    [event] = _events("view_person_refused")
    assert (event.username, event.organisation, event.path) == ("manager_b", "T1",
                                                                "/people/T1p1/")
    assert event.detail == "T1p1 (refused: No such person in your area.)"
    assert not _events("view_person")


def test_a_staff_number_nobody_has_is_recorded_too(as_user):
    as_user("manager_a").get("/people/NOBODY-42/")
    [event] = _events("view_person_refused")
    assert event.detail.startswith("NOBODY-42 (refused:")


def test_a_viewers_look_at_a_record_is_recorded_as_refused_for_their_role(as_user):
    assert as_user("viewer").get("/people/T1p1/").status_code == 403
    [event] = _events("view_person_refused")
    assert event.detail == "T1p1 (refused: Your role does not give access to this page.)"


def test_a_unit_outside_the_area_on_the_people_list_is_recorded(as_user):
    assert as_user("manager_a").get("/people/?unit=T1-B").status_code == 404
    [event] = _events("view_people_list_refused")
    assert event.detail == "unit=T1-B (refused: No such unit in your area.)"
    assert event.path == "/people/?unit=T1-B"


def test_a_look_allowed_records_no_refusal(as_user):
    as_user("manager_a").get("/people/T1p1/")
    assert [e.detail for e in _events("view_person")] == ["T1p1"]
    assert not AuditEvent.objects.filter(action__endswith="_refused").exists()


def test_the_people_list_names_the_people_it_showed(as_user):
    as_user("manager_a").get("/people/")
    [event] = _events("view_people_list")
    assert event.detail == "unit=all page=1 people: T1p1, T1p3"  # (sorted by name)


def test_the_person_filter_finds_a_list_that_showed_someone_and_a_refused_look(as_user):
    as_user("manager_a").get("/people/")
    as_user("manager_b").get("/people/T1p3/")
    as_user("manager_b").get("/people/T1p30/")
    body = as_user("admin").get("/audit/?person=T1p3").content.decode()
    assert "Viewed the people list" in body and "unit=all page=1 people: T1p1, T1p3" in body
    assert "Was refused a person&#x27;s record" in body
    assert "T1p3 (refused: No such person in your area.)" in body
    assert "T1p30" not in body.split("<tbody", 1)[1]  # a whole staff number, not a part


def test_a_list_too_long_for_one_entry_goes_on_in_more(personas):
    request = RequestFactory().get("/people/")
    request.user = personas["lead"]
    ids = [f"STAFF-{i:06d}" for i in range(120)]
    audit_people(request, "view_people_list", "unit=all page=1", ids)
    events = _events("view_people_list")
    assert len(events) > 1 and all(len(e.detail) <= DETAIL_LENGTH for e in events)
    assert events[0].detail.startswith("unit=all page=1 people: STAFF-000000, ")
    assert all(e.detail.startswith("unit=all page=1 people, continued: ") for e in events[1:])
    named = [s for e in events for s in e.detail.split(": ", 1)[1].split(", ")]
    assert named == ids


def test_an_empty_list_says_so(personas):
    request = RequestFactory().get("/people/")
    request.user = personas["lead"]
    audit_people(request, "view_people_list", "unit=T1-A page=1", [])
    assert [e.detail for e in _events("view_people_list")] == ["unit=T1-A page=1 people: none"]


def test_the_work_lists_name_the_people_they_showed_and_refusals_are_recorded(as_user):
    """Nobody in the tiny ledger has been supervised: team A's people are on a list."""
    manager = as_user("manager_a")
    assert manager.get("/dashboards/work-lists/").status_code == 200
    details = [e.detail for e in _events("view_worklist")]
    assert details and all("people:" in d for d in details)
    assert "T1p1" in " ".join(details) and "T1p2" not in " ".join(details)
    assert manager.get("/dashboards/work-lists/?unit=T1-B").status_code == 404
    [event] = _events("view_worklist_refused")
    assert event.detail == "unit=T1-B (refused: No such unit in your area.)"
    assert as_user("viewer").get("/dashboards/work-lists/supervision.csv").status_code == 403
    [event] = _events("export_worklist_refused")
    assert event.detail.startswith("supervision.csv unit=all (refused: ")


def test_every_refusal_and_list_the_code_records_has_a_label():
    """As `test_audit_log`'s check of `audit(...)` calls, for the two helpers."""
    src = Path(__file__).resolve().parents[2] / "src"
    text = " ".join(p.read_text() for p in src.rglob("*.py"))
    refused = {f"{c}{REFUSED}" for c in re.findall(r'refusals_audited\(\s*"([a-z_]+)"', text)}
    listed = set(re.findall(r'audit_people\(\s*request\s*,\s*"([a-z_]+)"', text))
    assert {"view_person_refused", "view_people_list_refused"} <= refused
    assert {"view_people_list", "view_worklist"} <= listed
    assert (refused | listed) - set(ACTIONS) == set()


def test_a_work_list_download_names_the_people_it_held(as_user):
    """As the page's entry does, so the Person filter finds someone downloaded on a list."""
    response = as_user("manager_a").get("/dashboards/work-lists/supervision.csv")
    assert response.status_code == 200 and "Alice Able" in response.content.decode()
    [event] = _events("export_worklist")
    assert event.detail == f"supervision.csv unit=T1-A at={date.today()} people: T1p1, T1p3"
    body = as_user("admin").get("/audit/?person=T1p3").content.decode()
    assert "Downloaded a work list" in body


def test_a_work_list_download_names_every_row_not_only_the_pages(db, django_user_model, client):
    """A download holds every row of the list; the page shows the first `SHOWN`."""
    _, _, user, _ = stored_demo_lead(django_user_model, date.today())
    client.force_login(user)
    response = client.get("/dashboards/work-lists/training.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    held = list(dict.fromkeys(r["Staff number"] for r in rows if r.get("Staff number")))
    assert len(rows) > SHOWN
    events = _events("export_worklist")
    named = [s for e in events for s in e.detail.split(": ", 1)[1].split(", ")]
    assert named == held
