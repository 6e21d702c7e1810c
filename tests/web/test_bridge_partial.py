"""A store of frames that leave out optional columns changes only the columns given."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.web.conftest import tiny_tables
from workforce_web.bridge import ImportRefused, load_ledger, store_tables

pytestmark = pytest.mark.django_db


def _person(org: str, staff_id: str) -> dict:
    row = load_ledger(org).person.filter(pl.col("staff_id") == staff_id)
    return row.row(0, named=True)


def _stored_with_swe() -> None:
    tables = tiny_tables("T1")
    tables["person"] = tables["person"].with_columns(
        swe_number=pl.lit("SW123"), qual_level=pl.lit("1"))
    store_tables(tables)


def test_columns_left_out_keep_their_stored_values():
    _stored_with_swe()
    given = pl.DataFrame({"organisation": ["T1"], "staff_id": ["T1p1"], "name": ["Alice New"],
                          "sex": ["F"], "ethnicity": ["WBRI"], "disability": ["Y"]})
    report = store_tables({"person": given})
    assert (report.added["person"], report.changed["person"]) == (0, 1)
    alice = _person("T1", "T1p1")
    assert (alice["name"], alice["disability"]) == ("Alice New", "Y")
    assert (alice["swe_number"], alice["birth_date"], alice["qual_level"]) == (
        "SW123", date(1985, 5, 1), "1")


def test_rows_equal_in_the_columns_given_are_unchanged():
    _stored_with_swe()
    given = pl.DataFrame({"organisation": ["T1"], "staff_id": ["T1p1"], "name": ["Alice Able"],
                          "sex": ["F"], "ethnicity": ["WBRI"], "disability": ["N"]})
    report = store_tables({"person": given})
    assert (report.changed["person"], report.unchanged["person"]) == (0, 1)
    assert _person("T1", "T1p1")["swe_number"] == "SW123"


def test_a_new_row_gets_nulls_for_columns_left_out():
    _stored_with_swe()
    given = pl.DataFrame({"organisation": ["T1", "T1"], "staff_id": ["T1p1", "T1p9"],
                          "name": ["Alice Able", "Ivy Ives"], "sex": ["F", "F"],
                          "ethnicity": ["WBRI", "WBRI"], "disability": ["N", "N"]})
    report = store_tables({"person": given})
    assert (report.added["person"], report.unchanged["person"]) == (1, 1)
    ivy = _person("T1", "T1p9")
    assert (ivy["name"], ivy["swe_number"], ivy["birth_date"]) == ("Ivy Ives", None, None)
    assert _person("T1", "T1p1")["swe_number"] == "SW123"


def _stored_ending(end: date) -> None:
    """The tiny ledger with assignment a1 (T1p1, permanent, 1 FTE) running 2020-01-01 to
    `end`."""
    tables = tiny_tables("T1")
    tables["assignment"] = tables["assignment"].with_columns(
        end_date=pl.when(pl.col("assignment_id") == "a1").then(pl.lit(end))
        .otherwise(pl.col("end_date")))
    store_tables(tables)


def _required(start: date) -> pl.DataFrame:
    """Assignment a1 in the required columns only (no end_date), starting on `start`."""
    return pl.DataFrame({"organisation": ["T1"], "assignment_id": ["a1"],
                         "staff_id": ["T1p1"], "unit": ["T1-A"], "contract": ["permanent"],
                         "staff_group": ["social_worker"], "job_title": ["Social worker"],
                         "fte": [1.0], "start_date": [start]})


def _assignment(assignment_id: str) -> dict:
    row = load_ledger("T1").assignment.filter(pl.col("assignment_id") == assignment_id)
    return row.row(0, named=True)


def test_a_start_after_the_stored_end_is_refused_and_nothing_is_stored():
    _stored_ending(date(2021, 6, 30))
    person = pl.DataFrame({"organisation": ["T1"], "staff_id": ["T1p1"], "name": ["Al New"],
                           "sex": ["F"], "ethnicity": ["WBRI"], "disability": ["N"]})
    given = _required(date(2022, 1, 1))
    with pytest.raises(ImportRefused) as refused:
        store_tables({"person": person, "assignment": given})
    said = str(refused.value)
    assert "assignment_id 'a1'" in said and "2021-06-30" in said and "2022-01-01" in said
    assert "end_date" in said and "start_date" in said
    a1 = _assignment("a1")
    assert (a1["start_date"], a1["end_date"]) == (date(2020, 1, 1), date(2021, 6, 30))
    assert _person("T1", "T1p1")["name"] == "Alice Able"


def test_a_partial_file_that_keeps_spans_valid_is_stored():
    _stored_ending(date(2021, 6, 30))
    given = _required(date(2019, 4, 1))
    report = store_tables({"assignment": given})
    assert report.changed["assignment"] == 1
    a1 = _assignment("a1")
    assert (a1["start_date"], a1["end_date"], a1["fte"]) == (
        date(2019, 4, 1), date(2021, 6, 30), 1.0)


def test_the_import_command_refuses_such_a_file_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from workforce.cli import app

    _stored_ending(date(2021, 6, 30))
    path = tmp_path / "assignment.csv"
    path.write_text("organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,"
                    "fte,start_date\nT1,a1,T1p1,T1-A,permanent,social_worker,Social worker,"
                    "1,2022-01-01\n")
    result = CliRunner().invoke(app, ["import", str(path)])
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "assignment.csv: not imported" in said and "assignment_id 'a1'" in said
    assert "Traceback" not in said
    assert _assignment("a1")["start_date"] == date(2020, 1, 1)


def test_the_upload_page_shows_such_a_refusal_as_a_problem(client, db):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workforce_web.accounts.models import Membership, Role

    _stored_ending(date(2021, 6, 30))
    lead = get_user_model().objects.create_user("lead", password="pw-for-tests-only")
    Membership.objects.create(user=lead, organisation="T1", role=Role.WORKFORCE_LEAD)
    client.force_login(lead)
    csv = ("organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,fte,"
           "start_date\nT1,a1,T1p1,T1-A,permanent,social_worker,Social worker,1,2022-01-01\n")
    response = client.post("/imports/", {"files": [
        SimpleUploadedFile("assignment.csv", csv.encode())]})
    body = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "assignment.csv was not imported: nothing from it was stored" in body
    assert "assignment_id &#x27;a1&#x27;" in body and "end_date 2021-06-30" in body
    assert _assignment("a1")["start_date"] == date(2020, 1, 1)
