"""An audit entry's detail holds at most `DETAIL_LENGTH` characters. What a refused request
asked for is shortened to fit, never the reason it was refused ("(refused: ...)"); a list
of files keeps its first names and says how many more there were; a list of people goes on
in more entries, each naming whole staff numbers; and a cut never leaves part of a staff
number that the log's Person filter would take for another's."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from workforce_web.accounts.access import DETAIL_LENGTH, audit, audit_people
from workforce_web.accounts.models import AuditEvent

FORBIDDEN = "refused: Your role does not give access to this page."


def _details(action: str) -> list[str]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk")
                .values_list("detail", flat=True))


def _request(personas, path: str = "/people/"):
    request = RequestFactory().get(path)
    request.user = personas["lead"]
    return request


def test_a_refused_upload_of_many_long_named_files_keeps_the_reason(as_user):
    names = [f"{i:02d}-" + "quarterly-workforce-return-for-the-service" + ".csv"
             for i in range(20)]
    files = [SimpleUploadedFile(n, b"organisation,staff_id\n") for n in names]
    assert len("files: " + ", ".join(names)) > DETAIL_LENGTH
    assert as_user("viewer").post("/imports/", {"files": files}).status_code == 403
    [detail] = _details("upload_refused")
    assert len(detail) <= DETAIL_LENGTH
    assert detail.endswith(f" ({FORBIDDEN})")
    listed, more = re.fullmatch(r"files: (.*) … and (\d+) more \(refused: .*\)", detail).groups()
    shown = listed.split(", ")
    assert shown == names[:len(shown)] and len(shown) + int(more) == len(names)


def test_a_refused_look_at_a_very_long_staff_number_keeps_the_reason(as_user):
    asked = "X" * 600
    assert as_user("manager_b").get(f"/people/{asked}/").status_code == 404
    [detail] = _details("view_person_refused")
    assert len(detail) <= DETAIL_LENGTH
    assert detail.startswith("XXXX") and "…" in detail
    assert detail.endswith(" (refused: No such person in your area.)")


def test_a_refused_look_at_the_log_with_a_long_filter_still_names_the_person(as_user):
    """The Person filter finds a refused look that asked about someone, whatever else the
    address asked for."""
    assert as_user("viewer").get(f"/audit/?user={'u' * 600}&person=T1p3").status_code == 403
    [detail] = _details("view_audit_log_refused")
    assert len(detail) <= DETAIL_LENGTH
    assert "person=T1p3" in detail and detail.endswith(f" ({FORBIDDEN})")
    body = as_user("admin").get("/audit/?person=T1p3").content.decode()
    assert "Was refused the audit log" in body


def test_a_list_with_a_long_detail_still_names_every_person_whole(personas):
    ids = [f"STAFF-{i:06d}" for i in range(60)]
    audit_people(_request(personas), "view_people_list", "unit=" + "U" * 600, ids)
    details = _details("view_people_list")
    assert all(len(d) <= DETAIL_LENGTH for d in details)
    assert all(" people: " in d or " people, continued: " in d for d in details)
    named = [s for d in details for s in d.split("people: ", 1)[-1]
             .split("people, continued: ", 1)[-1].split(", ")]
    assert named == ids


def test_an_empty_list_with_a_long_detail_still_says_so(personas):
    audit_people(_request(personas), "view_people_list", "unit=" + "U" * 600, [])
    [detail] = _details("view_people_list")
    assert len(detail) <= DETAIL_LENGTH and detail.endswith(" people: none")


def test_a_detail_cut_to_fit_leaves_no_part_of_a_staff_number(as_user, personas):
    """Cut at 500 characters, "T1p30" would leave "T1p3", which the Person filter would
    find as T1p3's: the cut drops the whole word and says it cut."""
    detail = "a " * 248 + "T1p30 and more"
    assert detail[:DETAIL_LENGTH].endswith("T1p3")
    audit(_request(personas), "export_dashboard", detail)
    [stored] = _details("export_dashboard")
    assert len(stored) <= DETAIL_LENGTH and stored.endswith("…") and "T1p3" not in stored
    assert "<p class=\"govuk-body\">0 events." in as_user("admin").get("/audit/?person=T1p3").text


def test_a_detail_that_fits_is_kept_as_it_is(personas):
    detail = "a" * DETAIL_LENGTH
    audit(_request(personas), "export_dashboard", detail)
    assert _details("export_dashboard") == [detail]
