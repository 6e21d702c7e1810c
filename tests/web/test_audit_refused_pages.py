"""A refused request to the census pages, the audit log or the Import data page is recorded
in the audit log as `<action>_refused`, with what was asked for, as for the people pages; the
answer (403, 404) is the same as before."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workforce_web.accounts.models import AuditEvent
from workforce_web.bridge import load_ledger

FORBIDDEN = "refused: Your role does not give access to this page."


def _details(action: str) -> list[str]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk")
                .values_list("detail", flat=True))


def _refusals() -> list[tuple[str, str, str, str]]:
    return list(AuditEvent.objects.filter(action__endswith="_refused").order_by("pk")
                .values_list("username", "organisation", "action", "detail"))


@pytest.mark.parametrize(("path", "action", "detail"), [
    ("/census/", "census_check_refused", FORBIDDEN),
    ("/census/?year=2024", "census_check_refused", f"2024 ({FORBIDDEN})"),
    ("/census/2025.xml", "census_download_refused", f"2025 ({FORBIDDEN})"),
    ("/census/2025-findings.csv", "census_findings_refused", f"2025 ({FORBIDDEN})"),
])
@pytest.mark.parametrize("who", ["manager_a", "viewer"])
def test_a_refused_look_at_the_census_is_recorded(as_user, who, path, action, detail):
    assert as_user(who).get(path).status_code == 403
    assert _refusals() == [(who, "T1", action, detail)]
    assert AuditEvent.objects.get().path == path


def test_a_census_year_not_found_is_recorded(as_user):
    assert as_user("lead").get("/census/1999-findings.csv").status_code == 404
    assert _refusals() == [("lead", "T1", "census_findings_refused",
                            "1999 (refused: No census layout for that year.)")]


@pytest.mark.parametrize(("path", "action", "detail"), [
    ("/audit/", "view_audit_log_refused", f"no filters ({FORBIDDEN})"),
    ("/audit/?person=T1p3&user=lead", "view_audit_log_refused",
     f"user=lead person=T1p3 ({FORBIDDEN})"),
    ("/audit/?format=csv&date_from=01/01/2026", "export_audit_log_refused",
     f"from=01/01/2026 ({FORBIDDEN})"),
])
@pytest.mark.parametrize("who", ["lead", "manager_a", "viewer"])
def test_a_refused_look_at_the_audit_log_is_recorded(as_user, who, path, action, detail):
    assert as_user(who).get(path).status_code == 403
    assert _refusals() == [(who, "T1", action, detail)]


def test_the_person_filter_finds_a_refused_look_for_someone_in_the_log(as_user):
    as_user("lead").get("/audit/?person=T1p3")
    body = as_user("admin").get("/audit/?person=T1p3").content.decode()
    assert "Was refused the audit log" in body and f"person=T1p3 ({FORBIDDEN})" in body


def test_another_organisations_refusal_is_in_its_own_log(as_user):
    as_user("other_org").get("/audit/")
    assert _refusals() == [("other", "T2", "view_audit_log_refused",
                            f"no filters ({FORBIDDEN})")]


@pytest.mark.parametrize(("path", "detail"), [
    ("/imports/", FORBIDDEN),
    ("/imports/?template=person&format=csv", f"template=person format=csv ({FORBIDDEN})"),
])
@pytest.mark.parametrize("who", ["manager_a", "viewer"])
def test_a_refused_look_at_the_import_page_is_recorded(as_user, who, path, detail):
    assert as_user(who).get(path).status_code == 403
    assert _refusals() == [(who, "T1", "upload_refused", detail)]


def test_a_refused_upload_is_recorded_naming_its_files_and_stores_nothing(as_user):
    files = [SimpleUploadedFile("person.csv", b"organisation,staff_id,name,sex,ethnicity,"
                                              b"disability\nT1,T1p9,Dana Dale,F,WBRI,N\n"),
             SimpleUploadedFile("unit.csv", b"organisation,code,name,kind,parent\n")]
    assert as_user("viewer").post("/imports/", {"files": files}).status_code == 403
    assert _refusals() == [("viewer", "T1", "upload_refused",
                            f"files: person.csv, unit.csv ({FORBIDDEN})")]
    assert "T1p9" not in load_ledger("T1").person["staff_id"].to_list()
    assert not _details("import") and not _details("import_refused")


def test_a_template_not_found_is_recorded(as_user):
    assert as_user("lead").get("/imports/?template=nothing").status_code == 404
    assert _refusals() == [("lead", "T1", "upload_refused",
                            "template=nothing format=xlsx (refused: No such template.)")]


@pytest.mark.parametrize(("who", "path"), [
    ("lead", "/census/"), ("lead", "/census/?year=2024"), ("lead", "/census/2025.xml"),
    ("lead", "/census/2025-findings.csv"), ("lead", "/imports/"),
    ("lead", "/imports/?template=person"), ("admin", "/audit/"),
    ("admin", "/audit/?format=csv"),
])
def test_a_look_allowed_records_no_refusal(as_user, who, path):
    response = as_user(who).get(path)
    assert response.status_code == 200
    assert _refusals() == []


def test_a_user_with_no_role_is_refused_and_nothing_is_recorded(client, orgs,
                                                                django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    for path in ("/census/", "/audit/", "/imports/"):
        assert client.get(path).status_code == 403
    assert not AuditEvent.objects.exists()
