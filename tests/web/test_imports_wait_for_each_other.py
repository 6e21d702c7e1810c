"""Two imports of one organisation's ledger at the same time (the Import data page,
`workforce import`) are checked and stored one after the other: each takes the
organisation's ledger lock (`workforce_web.locks.LEDGER`, a PostgreSQL advisory lock keyed
by its code) before it reads what is stored, and an import whose files were checked while
another was being stored checks them again, under the lock, against what that one stored
(`bridge.ledger_held`). Before, the second went on while the first held its transaction
open: its files were checked against the ledger without the first's rows, so an absence of
a person the first was storing was refused as naming no one, and an absence overlapping
one the first was storing was stored beside it. An import of another organisation does
not wait, nor does `workforce import` of files with problems that give rows of another
organisation only. The census import (`workforce census import`, `context.store_replacing`)
takes the same lock before it reads what it replaces: a corrected return imported while the
first import of the return is being stored replaces what that one stored.

The tests are PostgreSQL's only: SQLite lets one transaction write at a time, and each
import takes that lock as it begins, so there they already wait for each other.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from html import unescape
from typing import TypeVar

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from typer.testing import CliRunner

from tests.census.helpers import worker, write
from tests.web.threads import holding
from workforce.cli import app
from workforce_web.bridge import delete_organisation, load_ledger, store_tables

T = TypeVar("T")

ledger_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the ledger lock is PostgreSQL's (an advisory lock); SQLite lets one transaction "
           "write at a time and each import takes that lock as it begins, so two imports "
           "cannot be stored at once there")

HELD = 1.0
"""How long the first import holds its transaction open once it has stored (seconds)."""

PERSON = "organisation,staff_id,name,sex,ethnicity,disability\nT1,T1p9,Dana Dale,F,WBRI,N\n"
HEAD = "organisation,staff_id,start_date,end_date,reason,working_days_lost\n"
ABSENCE_T1P9 = HEAD + "T1,T1p9,2025-01-06,2025-01-06,OTH,1\n"
SICK = HEAD + "T1,T1p1,2025-02-03,2025-02-07,SIC,5\n"
TRAINING = HEAD + "T1,T1p1,2025-02-05,2025-02-05,TRN,1\n"


def _frame(text: str) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(text), try_parse_dates=True)


def _first_import(text: str, errors: list, seconds: float = HELD
                  ) -> tuple[threading.Thread, list[float]]:
    """Store `text`'s rows (an import's store) in a transaction held open `seconds`;
    return once they are stored, with its thread and the list that gets the moment it is
    about to commit."""
    return holding(_store(text), errors, seconds)


def _store(text: str) -> Callable[[], object]:
    """An import's store of `text`'s rows (people, or absences)."""
    table = "person" if "name" in text else "absence"
    return lambda: store_tables({table: _frame(text)})


def _after_import(text: str, action: Callable[[], T], what: str) -> T:
    """`action`'s result, run while an import of `text` holds its transaction open:
    asserting that it ended only once that import was about to commit (it waited)."""
    return _after(_store(text), action, what)


def _after(store: Callable[[], object], action: Callable[[], T], what: str) -> T:
    """`action`'s result, run while `store` (an import's store) holds its transaction open:
    asserting that it ended only once that import was about to commit (it waited)."""
    errors: list = []
    first, ending = holding(store, errors, HELD)
    out = action()
    done = time.monotonic()
    first.join(30)
    assert errors == []
    assert ending and done >= ending[0], f"{what} did not wait for the import"
    return out


def _upload(client, name: str, text: str) -> str:
    response = client.post("/imports/", {"files": [SimpleUploadedFile(name, text.encode())]})
    assert response.status_code == 200
    return unescape(" ".join(response.content.decode().split()))


@ledger_locks
@pytest.mark.django_db(transaction=True)
def test_an_upload_waits_for_an_import_then_checks_against_its_rows(as_user):
    """The upload gives an absence of T1p9, whom the first import is storing: it waits for
    that import to commit, then finds T1p9 and is stored (before, it was refused at once:
    no person T1p9)."""
    client = as_user("lead")
    page = _after_import(PERSON, lambda: _upload(client, "absence.csv", ABSENCE_T1P9),
                         "the upload")
    assert "Imported" in page and "not imported" not in page, page[:2000]
    assert load_ledger("T1").absence["staff_id"].to_list() == ["T1p9"]


@ledger_locks
@pytest.mark.django_db(transaction=True)
def test_an_upload_checked_again_after_waiting_is_refused_naming_its_row(as_user):
    """The first import stores a week's sickness of T1p1; the upload, a day's training of
    T1p1 in that week, waits for it, is checked against it and refused, naming the file,
    row and field, with nothing stored (before, it was stored beside the sickness: a day
    counted twice)."""
    client = as_user("lead")
    page = _after_import(SICK, lambda: _upload(client, "absence.csv", TRAINING), "the upload")
    assert "absence.csv was not imported: nothing from it was stored" in page, page[:2000]
    assert "overlap" in page.lower() and "start_date" in page
    assert '<td class="govuk-table__cell">2</td>' in page  # the file's row
    assert load_ledger("T1").absence["reason"].to_list() == ["SIC"]


@ledger_locks
@pytest.mark.django_db(transaction=True)
def test_workforce_import_waits_for_an_import_then_checks_against_its_rows(personas,
                                                                           tmp_path):
    path = tmp_path / "absence.csv"
    path.write_text(ABSENCE_T1P9)
    result = _after_import(PERSON, lambda: CliRunner().invoke(app, ["import", str(path)]),
                           "workforce import")
    assert result.exit_code == 0, result.output
    assert "Stored absence.csv: 1 added" in result.output
    assert load_ledger("T1").absence["staff_id"].to_list() == ["T1p9"]


@ledger_locks
@pytest.mark.django_db(transaction=True)
def test_an_import_of_another_organisation_does_not_wait(as_user):
    """While T1's import holds its transaction open, T2's lead uploads T2's people: stored
    at once, not after T1's import commits."""
    client = as_user("other_org")
    errors: list = []
    first, ending = _first_import(PERSON, errors, 3 * HELD)
    page = _upload(client, "person.csv", PERSON.replace("T1", "T2"))
    waited = bool(ending)  # T1's import was about to commit before T2's upload ended
    first.join(30)
    assert errors == []
    assert "Imported" in page and "not imported" not in page, page[:2000]
    assert not waited, "T2's upload waited for T1's import"
    assert "T2p9" in load_ledger("T2").person["staff_id"].to_list()


@ledger_locks
@pytest.mark.django_db(transaction=True)
def test_workforce_import_of_files_with_problems_does_not_wait_for_another_organisation(
        personas, tmp_path):
    """While T2's import holds its transaction open, `workforce import` of a T1 file with a
    problem reports it at once: it waits for the organisations its rows give, not for
    every stored one's (before, it waited for T2's import too)."""
    path = tmp_path / "person.csv"
    path.write_text(PERSON.replace(",F,", ",Q,"))
    errors: list = []
    first, ending = _first_import(PERSON.replace("T1", "T2"), errors, 3 * HELD)
    result = CliRunner().invoke(app, ["import", str(path)])
    waited = bool(ending)  # T2's import was about to commit before this one ended
    first.join(30)
    assert errors == []
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert 'person.csv row 2, column sex: "Q" is not one of the sex codes' in said
    assert not waited, "workforce import of T1's file waited for T2's import"
    assert "T1p9" not in load_ledger("T1").person["staff_id"].to_list()


RETURN = [worker(2025, "SW1"), worker(2025, "SW2"), worker(2025, "SW3", Absat30Sept="1",
                                                          ReasonAbsence="SIC", Cases30=None)]


def _census(path) -> None:  # noqa: ANN001 - a Path
    result = CliRunner().invoke(app, ["census", "import", str(path)])
    assert result.exit_code == 0, result.output


def _rows(org: str) -> dict[str, list[tuple]]:
    """Every stored row of `org`, per table, sorted."""
    return {name: sorted(frame.rows(), key=repr)
            for name, frame in load_ledger(org).frames.items() if frame.height}


@ledger_locks
@pytest.mark.django_db(transaction=True)
def test_two_census_imports_of_one_organisation_are_stored_one_after_the_other(tmp_path):
    """A corrected return (SW1's record removed) is imported while the first import of the
    return holds its transaction open: it waits for it (the organisation's ledger lock,
    taken before it reads what it replaces), then replaces what that one stored, so the
    organisation holds what a clean import of the corrected return gives, nothing of SW1
    left and nothing lost (with `store_replacing`'s lock taken out, it read and planned
    against a ledger without the first import's rows, and SW1's rows were left beside the
    corrected return's)."""
    first = write(tmp_path / "a.xml", 2025, RETURN)
    corrected = write(tmp_path / "a2.xml", 2025, RETURN[1:])
    _after(lambda: _census(first), lambda: _census(corrected), "the census import")
    after = _rows("333")
    people = repr(after["person"])
    assert "'SW2'" in people and "'SW3'" in people and "'SW1'" not in people, people
    assert {row[2] for row in after["assignment"]} == {"SW2", "SW3"}, after["assignment"]
    delete_organisation("333")
    _census(corrected)
    assert after == _rows("333")
