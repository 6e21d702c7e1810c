"""An upload the database itself refuses as it is stored (a rule of its own the import's
checks do not know, a row another program stored meanwhile, a constraint it checks only as
the transaction ends) is refused on the page as a file with problems is: the file, row and
columns where the database names them, what to do, and every file's warnings ("Also check
in ..."), so that everything can be fixed before the next upload; nothing of the upload is
stored. Before, the page was a server error, and a batch refused as a whole showed no
warnings.

The database's rules are made in each test (a trigger), for SQLite and PostgreSQL alike;
the test of another writer storing a row meanwhile is PostgreSQL's only (SQLite lets one
transaction write at a time). That writer takes no ledger lock (a program of the council's
own writing to the database): an import takes its organisation's, so two imports are
stored one after the other (`test_imports_wait_for_each_other`), and the refusal says the
row was another program's, not another import's."""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta
from html import unescape

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tests.web.database_rules import WHY, database_rule
from tests.web.threads import in_thread, postgresql_only
from workforce_web import bridge
from workforce_web.bridge import load_ledger
from workforce_web.ledger.models import LEDGER_MODELS, LedgerVersion
from workforce_web.refusals import DatabaseRefused

LATER = date.today() + timedelta(days=200)
ABSENCE = ("organisation,staff_id,start_date,end_date,reason,working_days_lost\n"
           f"T1,T1p1,{LATER},{LATER},OTH,1\n"
           "T1,T1p2,2025-01-06,2025-01-06,OTH,1\n")
ABSENCE_AHEAD = ABSENCE.splitlines(keepends=True)[0] + ABSENCE.splitlines(keepends=True)[1]
POST = ("organisation,post_id,unit,title,staff_group,fte,start_date\n"
        f"T1,P9,T1-A,Social worker,social_worker,1,{LATER}\n")
PERSON = "organisation,staff_id,name,sex,ethnicity,disability\nT1,T1p9,Dana Dale,F,WBRI,N\n"


def post(client, files: dict[str, str]):
    return client.post("/imports/", {"files": [SimpleUploadedFile(name, text.encode())
                                               for name, text in files.items()]})


def said(response) -> str:
    assert response.status_code == 200
    return unescape(" ".join(response.content.decode().split()))


def warned(name: str, column: str, row: int) -> str:
    return (f"{name}: {column} is more than six months after today "
            f"({date.today().isoformat()}) on row {row} (\"{LATER.isoformat()}\")")


def assert_nothing_stored(version: int) -> None:
    assert load_ledger("T1").absence.is_empty()
    assert not LEDGER_MODELS["post"].objects.filter(post_id="P9").exists()
    assert LedgerVersion.objects.get(organisation="T1").version == version


def test_a_row_the_database_refuses_is_named_with_every_files_warnings(as_user):
    version = LedgerVersion.objects.get(organisation="T1").version
    with database_rule("row"):
        page = said(post(as_user("lead"), {"absence.csv": ABSENCE, "post.csv": POST}))
    assert "absence.csv was not imported: nothing from it was stored" in page
    assert "1 problem in absence.csv, and what to do</caption>" in page
    assert '<td class="govuk-table__cell">3</td>' in page  # the row of T1p2
    assert (f"The database refused the absence row with organisation 'T1', staff_id "
            f"'T1p2', start_date 2025-01-06, reason 'OTH' ({WHY}), so nothing was stored. "
            "The import's own checks passed it") in page
    assert "Also check in absence.csv" in page
    assert warned("absence.csv", "start_date", 2) in page
    assert "post.csv was not imported either" in page
    assert warned("post.csv", "start_date", 2) in page
    assert "Imported" not in page
    assert_nothing_stored(version)


@pytest.mark.django_db(transaction=True)
def test_a_batch_the_database_refuses_as_a_whole_shows_every_files_warnings(as_user):
    version = LedgerVersion.objects.get(organisation="T1").version
    with database_rule("end"):
        page = said(post(as_user("lead"), {"absence.csv": ABSENCE, "post.csv": POST}))
    assert ("absence.csv and post.csv were not imported: nothing from them was stored"
            in page)
    assert "The database refused the import as it was being stored (" in page
    assert "Also check in absence.csv and post.csv" in page
    assert warned("absence.csv", "start_date", 2) in page
    assert warned("post.csv", "start_date", 2) in page
    assert "Imported" not in page
    assert_nothing_stored(version)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_row_another_program_stored_meanwhile_is_named_and_the_upload_refused(
        as_user, monkeypatch):
    client = as_user("lead")
    errors: list = []
    stored, read = threading.Event(), threading.Event()

    def other_import() -> None:  # stores T1p9, commits once the upload has read the people
        with transaction.atomic():  # without the organisation's ledger lock, as no import
            LEDGER_MODELS["person"].objects.create(
                **_frame(PERSON.replace("Dana Dale", "Dana Dale-Smith")).row(0, named=True))
            stored.set()
            assert read.wait(30)

    thread = in_thread(other_import, errors)
    assert stored.wait(30), errors
    real = bridge.split_changes

    def split_changes(existing, incoming, keys):
        if "staff_id" in keys and "name" in incoming.columns:  # the store read no T1p9
            read.set()
        return real(existing, incoming, keys)

    monkeypatch.setattr(bridge, "split_changes", split_changes)
    # the absence file is stored after the people: their store is the upload's first write
    page = said(post(client, {"person.csv": PERSON, "absence.csv": ABSENCE_AHEAD}))
    thread.join(30)
    assert errors == []
    assert "person.csv was not imported: nothing from it was stored" in page
    assert ("Another program stored the person row with organisation 'T1', staff_id 'T1p9' "
            "while this import was being stored, writing to the database without waiting for "
            "the organisation's imports as Workforce's own do, so the database refused the "
            "import's row and nothing was stored. Import the files again") in page
    assert ('<td class="govuk-table__cell">2</td>' in page
            and "organisation, staff_<wbr>id" in page and ">T1, T1p9<" in page)
    assert "absence.csv was not imported either" in page
    assert warned("absence.csv", "start_date", 2) in page
    # the other import's person is stored, and nothing of this one
    assert LEDGER_MODELS["person"].objects.get(staff_id="T1p9").name == "Dana Dale-Smith"
    assert load_ledger("T1").absence.is_empty()


def test_a_row_stored_meanwhile_is_said_to_be_another_programs_not_another_imports(
        personas):
    """The refusal of a row whose natural key another writer stored meanwhile (a unique
    violation of the natural key, as the database raises it) names a program writing
    without the ledger lock: another import of the organisation would have waited."""
    person = LEDGER_MODELS["person"]
    row = _frame(PERSON).row(0, named=True)
    person.objects.create(**row)
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        person.objects.bulk_create([person(**row)])
    refused = DatabaseRefused(raised.value, "person",
                              {"organisation": "T1", "staff_id": "T1p9"})
    assert refused.meanwhile and refused.columns == ["organisation", "staff_id"]
    assert str(refused) == (
        "another program stored the person row with organisation 'T1', staff_id 'T1p9' "
        "while this import was being stored, writing to the database without waiting for "
        "the organisation's imports as Workforce's own do, so the database refused the "
        "import's row and nothing was stored")
    assert "another import" not in refused.hint
    assert refused.hint.endswith("which program writes to it besides Workforce.")


def _frame(text: str) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(text))
