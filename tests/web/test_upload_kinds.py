"""The upload page takes CSV files (.csv) and Excel workbooks (.xlsx) only, each holding what
its name says: a person.txt, a CSV file renamed .xlsx or a workbook renamed .csv is refused
with what to do, and nothing of the upload is stored. The command line still reads a file by
its content, whatever its name."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.test_uploads import GOOD, UNIT, person_workbook
from workforce.imports import read_files
from workforce_web.accounts.models import AuditEvent
from workforce_web.bridge import load_ledger


def _post(client, *files: tuple[str, bytes]):
    return client.post("/imports/", {"files": [SimpleUploadedFile(n, b) for n, b in files]})


def _summary(page: str) -> list[str]:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    return [unescape(m) for m in re.findall(r'<a href="#files">([^<]*)</a>', found.group(1))]


def _stored(staff_id: str) -> bool:
    return staff_id in load_ledger("T1").person["staff_id"].to_list()


@pytest.mark.parametrize("name", ["person.txt", "person", "person.xls", "person.xlsm",
                                  "person.csv.zip"])
def test_a_file_that_is_not_csv_or_xlsx_by_its_name_is_refused(as_user, name):
    response = _post(as_user("lead"), (name, GOOD.encode()))
    assert response.status_code == 200
    assert _summary(response.text) == [
        f"{name} is not a CSV file (.csv) or an Excel workbook (.xlsx): nothing was imported. "
        "Save it from your spreadsheet as CSV UTF-8 (.csv) or as an Excel Workbook (.xlsx), "
        "and upload the files again."]
    assert "govuk-file-upload--error" in response.text and "<title>Error: " in response.text
    assert not _stored("T1p9")
    assert not AuditEvent.objects.filter(action__startswith="import").exists()


def test_a_csv_file_renamed_xlsx_is_refused(as_user):
    [said] = _summary(_post(as_user("lead"), ("person.xlsx", GOOD.encode())).text)
    assert said.startswith("person.xlsx is not an Excel workbook, although its name ends "
                           ".xlsx: nothing was imported. If it is a CSV file, rename it")
    assert not _stored("T1p9")


def test_a_workbook_renamed_csv_is_refused(as_user):
    [said] = _summary(_post(as_user("lead"), ("person.csv", person_workbook(GOOD))).text)
    assert said.startswith("person.csv is not a CSV file, although its name ends .csv")
    assert not _stored("T1p9")


def test_one_wrong_file_refuses_the_whole_upload_naming_each(as_user):
    page = _post(as_user("lead"), ("unit.csv", UNIT.encode()), ("person.txt", GOOD.encode()),
                 ("notes.docx", b"PK\x03\x04rest")).text
    assert [s.split(" ", 1)[0] for s in _summary(page)] == ["person.txt", "notes.docx"]
    assert "T1-N" not in load_ledger("T1").unit["code"].to_list()


def test_names_in_capitals_and_real_workbooks_are_taken(as_user):
    client = as_user("lead")
    assert "Imported" in _post(client, ("PERSON.CSV", GOOD.encode())).text
    assert _stored("T1p9")
    text = GOOD.replace("T1p9,Dana Dale", "T1p8,Dan Dale")
    assert "Imported" in _post(client, ("people.XLSX", person_workbook(text))).text
    assert _stored("T1p8")


def test_the_command_lines_importer_still_reads_a_file_by_its_content(tmp_path):
    (tmp_path / "organisation.txt").write_text("code,name,old_la_code\nT1,Test council,333\n")
    (tmp_path / "person.txt").write_text(GOOD)
    results = read_files([tmp_path / "organisation.txt", tmp_path / "person.txt"])
    assert [r.errors for r in results] == [[], []]
    assert results[1].tables["person"]["staff_id"].to_list() == ["T1p9"]
