"""The upload page stores clean files and stores nothing from a file with any problem; it
explains each problem in sentences a web user can act on and hands out blank templates."""

from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workforce.imports import write_template
from workforce_web.bridge import load_ledger

GOOD = (
    "organisation,staff_id,name,sex,ethnicity,disability\n"
    "T1,T1p9,Dana Dale,F,WBRI,N\n"
)
BAD = (
    "organisation,staff_id,name,sex,ethnicity,disability\n"
    "T1,T1p8,Eve Ellis,F,WBRI,N\n"
    "T1,T1p7,Finn Ford,Q,WBRI,N\n"
)

UNIT = "organisation,code,name,kind,parent\nT1,T1-N,Team N,team,T1-S\n"


def upload(client, name: str, text: str):
    return client.post("/imports/", {"files": [SimpleUploadedFile(name, text.encode())]})


def test_a_clean_file_is_stored(as_user):
    response = upload(as_user("lead"), "person.csv", GOOD)
    assert response.status_code == 200
    assert "Imported" in response.content.decode()
    assert "T1p9" in load_ledger("T1").person["staff_id"].to_list()


def test_a_file_with_one_bad_row_stores_nothing_and_names_the_row(as_user):
    before = load_ledger("T1").person.sort("staff_id")
    response = upload(as_user("lead"), "person.csv", BAD)
    body = response.content.decode()
    assert "was not imported" in body
    assert ">3<" in body and ">sex<" in body and ">Q<" in body
    assert load_ledger("T1").person.sort("staff_id").equals(before)


def test_the_problems_of_a_csv_file_name_no_sheet_and_a_workbooks_are_grouped_by_sheet(
        as_user):
    # Four columns either way: a workbook's sheet heads its rows (a fifth column, Sheet, made
    # the table wider than a phone).
    client = as_user("lead")
    body = upload(client, "person.csv", BAD).content.decode()
    assert "Sheet" not in body.split("<table", 1)[1].split("</table>")[0] and ">Row<" in body
    body = client.post("/imports/", {"files": [SimpleUploadedFile(
        "people.xlsx", person_workbook(BAD))]}).content.decode()
    assert ">Sheet<" not in body and ">Row<" in body and ">Q<" in body
    assert re.findall(r'<th scope="rowgroup" colspan="4"[^>]*>([^<]*)</th>', body) == [
        "Sheet: person"]


def test_uploading_the_same_file_twice_changes_nothing_the_second_time(as_user):
    client = as_user("lead")
    upload(client, "person.csv", GOOD)
    body = upload(client, "person.csv", GOOD).content.decode()
    assert "0 rows added or changed" in body


def test_rows_for_another_organisation_are_refused(as_user):
    body = upload(as_user("lead"), "person.csv", GOOD.replace("T1,", "T2,")).content.decode()
    assert "was not imported" in body and "does not match any organisation code" in body
    assert "T1p9" not in load_ledger("T2").person["staff_id"].to_list()


def test_an_upload_with_no_file_says_what_to_do(as_user):
    body = as_user("lead").post("/imports/", {}).content.decode()
    assert "Choose at least one CSV or Excel file" in body


def test_a_new_organisation_cannot_be_created_by_upload(as_user):
    text = "code,name\nT9,Somewhere else\n"
    body = upload(as_user("lead"), "organisation.csv", text).content.decode()
    assert "belong to another organisation" in body
    assert load_ledger("T9").organisation.is_empty()


def test_two_files_with_the_same_name_are_refused_naming_it(as_user):
    before = load_ledger("T1").person.sort("staff_id")
    files = [SimpleUploadedFile("person.csv", BAD.encode()),
             SimpleUploadedFile("person.csv", GOOD.encode())]
    body = as_user("lead").post("/imports/", {"files": files}).content.decode()
    assert "There is a problem" in body and "person.csv" in body
    assert "More than one file is named person.csv" in body and "Imported" not in body
    assert load_ledger("T1").person.sort("staff_id").equals(before)


def test_a_file_without_optional_columns_keeps_their_stored_values(as_user):
    client = as_user("lead")
    upload(client, "person.csv", "organisation,staff_id,name,sex,ethnicity,disability,"
           "swe_number\nT1,T1p1,Alice Able,F,WBRI,N,SW777\n")
    upload(client, "person.csv", "organisation,staff_id,name,sex,ethnicity,disability\n"
           "T1,T1p1,Alice Able,F,WBRI,Y\n")
    alice = load_ledger("T1").person.filter(staff_id="T1p1").row(0, named=True)
    assert (alice["disability"], alice["swe_number"]) == ("Y", "SW777")


def _locked_after(monkeypatch, writes: int) -> list:
    """Make the bridge's writes succeed `writes` times, then find the database locked by
    another writer (as SQLite says it once the busy timeout has passed)."""
    from django.db import OperationalError

    from workforce_web import bridge

    real = bridge._write
    calls: list = []

    def write(name, frame, update, progress):
        if frame.is_empty():
            return real(name, frame, update, progress)
        calls.append(name)
        if len(calls) > writes:
            raise OperationalError("database is locked")
        return real(name, frame, update, progress)

    monkeypatch.setattr(bridge, "_write", write)
    return calls


def test_a_busy_database_shows_a_problem_and_stores_nothing(as_user, monkeypatch):
    _locked_after(monkeypatch, 0)
    before = load_ledger("T1").person.sort("staff_id")
    response = upload(as_user("lead"), "person.csv", GOOD)
    body = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in body and "There is a problem" in body
    assert ("The database is busy with another change, so person.csv was not imported: "
            "nothing from it was stored. Try again in a minute.") in body
    assert "Imported" not in body
    assert load_ledger("T1").person.sort("staff_id").equals(before)


def test_a_database_busy_part_way_through_a_batch_stores_none_of_it(as_user, monkeypatch):
    """The first file's rows were written inside the batch's transaction before the
    database was found busy at the second: they are rolled back with it."""
    calls = _locked_after(monkeypatch, 1)
    before = load_ledger("T1").person.sort("staff_id")
    files = [SimpleUploadedFile("person.csv", GOOD.encode()),
             SimpleUploadedFile("unit.csv", UNIT.encode())]
    body = " ".join(as_user("lead").post("/imports/", {"files": files}).content.decode().split())
    assert calls == ["unit", "person"]  # tables in dependency order, whatever the file order
    assert ("so person.csv and unit.csv were not imported: nothing from them was stored. "
            "Try again in a minute.") in body
    assert "Imported" not in body
    assert load_ledger("T1").person.sort("staff_id").equals(before)
    assert "T1-N" not in load_ledger("T1").unit["code"].to_list()


def _busy_at_the_lock(monkeypatch) -> None:
    """Make every import find the database busy as it takes its lock, before it reads or
    writes anything (as SQLite says it when another writer holds its write lock past the
    busy timeout)."""
    from django.db import OperationalError

    from workforce_web import bridge

    def locked(organisations):
        raise OperationalError("database is locked")

    monkeypatch.setattr(bridge, "lock_ledgers", locked)


def test_a_file_with_problems_is_shown_with_them_while_the_database_is_busy(
        as_user, monkeypatch):
    """The lock is needed to store, not to say what is wrong with a file: its problems are
    listed (file, row, field) and nothing is stored, not "The database is busy" (as it
    was while the upload waited for the lock to check the file again)."""
    _busy_at_the_lock(monkeypatch)
    before = load_ledger("T1").person.sort("staff_id")
    body = unescape(" ".join(upload(as_user("lead"), "person.csv", BAD).content.decode()
                             .split()))
    assert "busy" not in body
    assert "person.csv was not imported: fix the problem listed below" in body
    assert '<td class="govuk-table__cell">3</td>' in body  # Finn Ford's row
    assert ">sex<" in body and ">Q<" in body
    assert "Imported" not in body
    assert load_ledger("T1").person.sort("staff_id").equals(before)


def test_a_clean_file_while_the_database_is_busy_is_not_stored_and_says_so(
        as_user, monkeypatch):
    _busy_at_the_lock(monkeypatch)
    body = " ".join(upload(as_user("lead"), "person.csv", GOOD).content.decode().split())
    assert ("The database is busy with another change, so person.csv was not imported: "
            "nothing from it was stored. Try again in a minute.") in body
    assert "T1p9" not in load_ledger("T1").person["staff_id"].to_list()


def test_a_warning_names_its_file_once(as_user):
    text = GOOD.replace("disability\n", "disability,shoe_size\n").replace(",N\n", ",N,9\n")
    body = upload(as_user("lead"), "person.csv", text).content.decode()
    assert ('<p class="govuk-body">person.csv: columns not in the person table were ignored: '
            "shoe_size</p>") in body
    assert "person.csv: person.csv" not in body


def test_the_table_notes_show_no_markdown_backticks(as_user):
    body = as_user("lead").get("/imports/").content.decode()
    assert "`" not in body
    assert "<code>parent</code> makes the hierarchy" in body


def test_a_file_the_importer_cannot_place_is_explained_in_sentences_a_web_user_can_act_on(
        as_user):
    body = " ".join(upload(as_user("lead"), "data.csv", "shoe,size\n9,10\n")
                    .content.decode().split())
    assert ("Cannot tell which table data.csv holds: the name is not a table name and the "
            "columns do not match one table. Rename the file after the table it holds, for "
            "example person.csv, or in an Excel workbook name each sheet after the table it "
            "holds (for example a sheet called person). The tables are: organisation,") in body
    assert "choose the table" not in body and "one table Name" not in body


def test_a_problem_on_many_rows_names_them_and_ends_its_sentence(as_user):
    text = ("organisation,staff_id,name,sex,ethnicity,disability\n"
            + "".join(f"T1,T1p{i},Person {i},Q,WBRI,N\n" for i in range(10, 13)))
    body = unescape(" ".join(upload(as_user("lead"), "person.csv", text).content.decode()
                             .split()))
    assert '"Q" is not one of the sex codes (also rows 3, 4). sex: Sex as recorded' in body


def test_a_problem_with_the_whole_file_says_what_is_wrong_with_it(as_user):
    body = " ".join(upload(as_user("lead"), "person.csv", "").content.decode().split())
    assert "The file is empty. Export the data again" in body


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_editor_downloads_a_blank_template_from_the_page(as_user, fmt, tmp_path):
    client = as_user("lead")
    page = client.get("/imports/").content.decode()
    assert f'href="?template=person&amp;format={fmt}"' in page
    response = client.get(f"/imports/?template=person&format={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="person.{fmt}"'
    body = b"".join(response.streaming_content)
    expected = write_template("person", tmp_path / f"person.{fmt}").read_bytes()
    if fmt == "csv":
        assert body == expected and body.startswith(b"organisation,staff_id,name")
    else:
        sheets = openpyxl.load_workbook(io.BytesIO(body)).sheetnames
        assert sheets == openpyxl.load_workbook(io.BytesIO(expected)).sheetnames
        assert sheets[0] == "person"


def test_a_filled_in_template_imports(as_user):
    client = as_user("lead")
    header = b"".join(client.get("/imports/?template=person&format=csv").streaming_content)
    text = header.decode().splitlines()[0]
    row = dict.fromkeys(text.split(","), "") | {
        "organisation": "T1", "staff_id": "T1p9", "name": "Dana Dale", "sex": "F",
        "ethnicity": "WBRI", "disability": "N"}
    body = upload(client, "person.csv", f"{text}\n{','.join(row.values())}\n").content.decode()
    assert "Imported" in body


@pytest.mark.parametrize("query", ["template=nothing&format=xlsx", "template=person&format=pdf",
                                   "template=&format=csv"])
def test_an_unknown_template_is_not_found(as_user, query):
    assert as_user("lead").get(f"/imports/?{query}").status_code == 404


@pytest.mark.parametrize("who", ["manager_a", "viewer"])
def test_only_editors_download_templates(as_user, who):
    assert as_user(who).get("/imports/?template=person&format=xlsx").status_code == 403


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(as_user, monkeypatch):
    from workforce_web.uploads import views

    monkeypatch.setattr(views, "MAX_FILE_MB", 1)
    big = GOOD + "\n".join(["T1,P9,Someone,F,WBRI,N"] * 60_000)
    response = as_user("lead").post("/imports/", {"files": [
        SimpleUploadedFile("person.csv", big.encode())]})
    page = response.content.decode()
    assert "person.csv is larger than 1 MB: nothing was imported" in page
    assert "T1p9" not in load_ledger("T1").person["staff_id"].to_list()


def test_files_over_the_limit_together_are_refused(as_user, monkeypatch):
    from workforce_web.uploads import views

    monkeypatch.setattr(views, "MAX_UPLOAD_MB", 0)
    response = as_user("lead").post("/imports/", {"files": [
        SimpleUploadedFile("person.csv", GOOD.encode())]})
    assert "more than 0 MB together: nothing was imported" in response.content.decode()


def upload_batch(client, files: dict[str, str]) -> str:
    response = client.post("/imports/", {"files": [
        SimpleUploadedFile(name, text.encode()) for name, text in files.items()]})
    assert response.status_code == 200
    return unescape(" ".join(response.content.decode().split()))


def import_events(action: str = "import") -> list[str]:
    from workforce_web.accounts.models import AuditEvent

    return sorted(AuditEvent.objects.filter(action=action).values_list("detail", flat=True))


def test_a_file_refused_when_stored_stores_none_of_the_batch(as_user):
    from tests.cli.test_import_batch import (
        BATCH,
        POST_REFUSED,
        assert_unchanged,
        snapshot,
        store_organisation,
    )

    store_organisation()
    before = snapshot()
    body = upload_batch(as_user("lead"), BATCH | {"post.csv": POST_REFUSED})
    assert "post.csv was not imported: nothing from it was stored" in body
    assert ("The row with organisation 'T1', post_id 'P1' would have the stored end_date "
            "2027-03-31 before start_date 2028-01-01") in body
    assert ("unit.csv, person.csv and assignment.csv were not imported either: nothing from "
            "them was stored") in body
    assert ("They passed the checks, but files uploaded together are stored all together or "
            "not at all, and post.csv was not imported (they may rely on it).") in body
    assert "Imported" not in body
    assert_unchanged(before)
    assert import_events() == []


def test_a_file_failing_its_checks_stores_none_of_the_batch(as_user):
    from tests.cli.test_import_batch import (
        PERSON,
        POST_INVALID,
        UNIT,
        assert_unchanged,
        snapshot,
        store_organisation,
    )

    store_organisation()
    before = snapshot()
    body = upload_batch(as_user("lead"), {"unit.csv": UNIT, "person.csv": PERSON,
                                          "post.csv": POST_INVALID})
    assert "post.csv was not imported: nothing from it was stored" in body
    assert '>3<' in body and '"1.5" is above the maximum 1' in body
    assert ("unit.csv and person.csv were not imported either: nothing from them was "
            "stored") in body
    assert "and post.csv was not imported (they may rely on it)" in body
    assert "Imported" not in body
    assert_unchanged(before)
    assert import_events() == []
    # the page showed the files' values back, so the upload itself is in the audit log
    assert import_events("import_refused") == ["person.csv", "post.csv", "unit.csv"]


def test_two_files_giving_one_person_differently_store_nothing_naming_both(as_user):
    before = load_ledger("T1").person.sort("staff_id")
    body = upload_batch(as_user("lead"), {"person_a.csv": GOOD,
                                          "person_b.csv": GOOD.replace("Dana Dale,F", "Dan,M")})
    assert "person_a.csv was not imported" in body and "person_b.csv was not imported" in body
    assert ('"T1p9" is also on row 2 of person_b.csv, with different values in name, '
            "sex") in body
    assert ('"T1p9" is also on row 2 of person_a.csv, with different values in name, '
            "sex") in body
    assert "Imported" not in body
    assert load_ledger("T1").person.sort("staff_id").equals(before)


def test_a_clean_batch_is_stored_whole_with_one_audit_record_per_file(as_user):
    from tests.cli.test_import_batch import BATCH, POST, snapshot, store_organisation
    from workforce_web.ledger.models import LEDGER_MODELS

    store_organisation()
    client = as_user("lead")
    files = BATCH | {"post.csv": POST}
    body = upload_batch(client, files)
    for name in files:
        assert f"{name}: 1 row added or changed." in body
    assert LEDGER_MODELS["assignment"].objects.get(assignment_id="a9").post_id == "P9"
    assert import_events() == sorted(files)
    before = snapshot()
    again = upload_batch(client, files)
    assert again.count("0 rows added or changed") == 4
    after = snapshot()
    assert all(after[name].equals(before[name]) for name in LEDGER_MODELS)


def person_workbook(text: str) -> bytes:
    """An .xlsx file of one sheet, "person", holding `text`'s comma-separated lines."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "person"
    for line in text.strip().splitlines():
        sheet.append(line.split(","))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()
