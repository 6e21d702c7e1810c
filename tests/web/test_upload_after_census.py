"""An upload of HR records of a stored census return's people, on the days the return
describes, is refused as `workforce import` refuses it (both store through
`bridge.store_batch`): the page names the file, the row and the field, and nothing of the
upload is stored."""

from __future__ import annotations

from html import unescape

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from tests.census.helpers import worker, write
from workforce.cli import app
from workforce_web.accounts.models import Membership, Role
from workforce_web.bridge import load_ledger, store_tables

pytestmark = pytest.mark.django_db

UNIT = "organisation,code,name,kind\nC1,T1,Team 1,team\n"
PERSON = ("organisation,staff_id,name,sex,ethnicity,disability,swe_number\n"
          "C1,H1,Hal Hart,M,WBRI,N,SW000001\n")
JOBS = ("organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,fte,"
        "start_date\nC1,h1,H1,T1,permanent,social_worker,Social worker,1,2024-05-01\n")


def test_hr_records_of_a_census_returns_person_are_refused_on_the_upload_page(
        tmp_path, client, django_user_model):
    ret = write(tmp_path / "return.xml", 2024, [worker(2024, "SW1")])
    result = CliRunner().invoke(app, ["census", "import", str(ret), "--org", "C1"])
    assert result.exit_code == 0, result.output
    lead = django_user_model.objects.create_user("c1-lead", password="x")
    Membership.objects.create(user=lead, organisation="C1", role=Role.WORKFORCE_LEAD)
    client.force_login(lead)
    before = {name: sorted(frame.rows(), key=repr)
              for name, frame in load_ledger("C1").frames.items()}
    files = {"unit.csv": UNIT, "person.csv": PERSON, "assignment.csv": JOBS}
    response = client.post("/imports/", {"files": [
        SimpleUploadedFile(name, text.encode()) for name, text in files.items()]})
    body = unescape(" ".join(response.content.decode().split()))
    assert "assignment.csv was not imported: nothing from it was stored" in body
    assert ("the row with assignment_id 'h1' (staff_id 'H1', from 1 May 2024), whose "
            "swe_number in person.csv, 'SW000001', is SW1 of the 2024 census return") in body
    assert "unit.csv and person.csv were not imported either" in body
    assert "Imported" not in body
    assert {name: sorted(frame.rows(), key=repr)
            for name, frame in load_ledger("C1").frames.items()} == before


def test_an_upload_of_hr_records_held_as_they_are_beside_a_return_is_imported(
        tmp_path, client, django_user_model):
    # C1 holds h1 beside the return's SW1 on the same days (stored when H1 had no SWE
    # number): a person file alone giving them SW1's is refused, naming it; once C1 holds
    # that number beside h1 (stored past the checks, as it could be before them), uploading
    # its HR records again as they are adds no one, and is imported; a new row of H1 in the
    # return's days is refused.
    ret = write(tmp_path / "return.xml", 2024, [worker(2024, "SW1")])
    assert CliRunner().invoke(app, ["census", "import", str(ret), "--org", "C1"]).exit_code == 0
    files = {"unit.csv": UNIT, "person.csv": PERSON, "assignment.csv": JOBS}
    for name, text in files.items():
        (tmp_path / name).write_text(text.replace("SW000001", "") if name == "person.csv"
                                     else text)
    result = CliRunner().invoke(app, ["import", *(str(tmp_path / n) for n in files)])
    assert result.exit_code == 0, result.output
    lead = django_user_model.objects.create_user("c1-lead", password="x")
    Membership.objects.create(user=lead, organisation="C1", role=Role.WORKFORCE_LEAD)
    client.force_login(lead)

    def uploaded(jobs: str | None) -> str:
        given = files | {"assignment.csv": jobs}
        response = client.post("/imports/", {"files": [
            SimpleUploadedFile(name, text.encode())
            for name, text in given.items() if text is not None]})
        return unescape(" ".join(response.content.decode().split()))

    body = uploaded(None)
    assert "person.csv was not imported: nothing from it was stored" in body
    assert ("the row with staff_id 'H1' gives swe_number 'SW000001', which is SW1 of the "
            "2024 census return") in body
    assert ("the organisation holds HR records of them on those days: the row with "
            "assignment_id 'h1' (staff_id 'H1', from 1 May 2024)") in body
    assert load_ledger("C1").person.filter(staff_id="H1")["swe_number"].to_list() == [None]
    store_tables({"person": pl.DataFrame({"organisation": ["C1"], "staff_id": ["H1"],
                                          "swe_number": ["SW000001"]})})

    body = uploaded(JOBS)
    assert "Imported" in body
    assert "not imported" not in body
    body = uploaded(JOBS + "C1,h2,H1,T1,agency,social_worker,Social worker,1,2024-06-01\n")
    assert ("the row with assignment_id 'h2' (staff_id 'H1', from 1 June 2024), whose "
            "swe_number in person.csv, 'SW000001', is SW1 of the 2024 census return") in body
    assert load_ledger("C1").assignment.filter(assignment_id="h2").is_empty()
