"""`workforce import` of several files is one batch, stored all or nothing: a file failing
its checks, a file refused when stored or a busy database leaves the database as it was, and
says which file failed and that the others were not stored because they came with it. Also
`workforce demo-data` with options it cannot use: a plain message and exit code 2."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce_web.bridge import load_ledger, store_tables
from workforce_web.ledger.models import LEDGER_MODELS, LedgerVersion

runner = CliRunner()

UNIT = "organisation,code,name,kind,parent\nT1,T1-N,Team N,team,T1-S\n"
PERSON = ("organisation,staff_id,name,sex,ethnicity,disability\n"
          "T1,T1p9,Dana Dale,F,WBRI,N\n")
ASSIGNMENT = ("organisation,assignment_id,staff_id,unit,post_id,contract,staff_group,"
              "job_title,fte,start_date\n"
              "T1,a9,T1p9,T1-N,P9,permanent,social_worker,Social worker,1,2025-01-01\n")
POST = ("organisation,post_id,unit,title,staff_group,fte,start_date\n"
        "T1,P9,T1-N,Social worker,social_worker,1,2025-01-01\n")
# Valid on its own; but P1 is stored ending 2027-03-31 and the file has no end_date column,
# so the stored end would come before the new start: the bridge refuses it when storing.
POST_REFUSED = POST + "T1,P1,T1-A,Social worker,social_worker,1,2028-01-01\n"
POST_INVALID = POST + "T1,P8,T1-N,Social worker,social_worker,1.5,2025-01-01\n"
BATCH = {"unit.csv": UNIT, "person.csv": PERSON, "assignment.csv": ASSIGNMENT}


def store_organisation() -> None:
    """The tiny organisation, with post P1 in team A from 2020 to 31 March 2027."""
    tables = tiny_tables("T1")
    tables["post"] = pl.DataFrame({
        "organisation": ["T1"], "post_id": ["P1"], "unit": ["T1-A"], "title": ["Social worker"],
        "staff_group": ["social_worker"], "fte": [1.0], "start_date": [date(2020, 1, 1)],
        "end_date": [date(2027, 3, 31)]})
    store_tables(tables)


def snapshot() -> dict:
    """Everything stored of T1, and the ledger version."""
    ledger = load_ledger("T1")
    version = LedgerVersion.objects.get(organisation="T1").version
    return {"version": version} | {name: ledger[name].sort(ledger[name].columns)
                                   for name in LEDGER_MODELS}


def assert_unchanged(before: dict) -> None:
    after = snapshot()
    assert after["version"] == before["version"]
    for name in LEDGER_MODELS:
        assert after[name].equals(before[name]), name
    # nothing of the batch, by database query
    assert not LEDGER_MODELS["unit"].objects.filter(code="T1-N").exists()
    assert not LEDGER_MODELS["person"].objects.filter(staff_id="T1p9").exists()
    assert not LEDGER_MODELS["assignment"].objects.filter(assignment_id="a9").exists()
    assert not LEDGER_MODELS["post"].objects.filter(post_id="P9").exists()
    assert LEDGER_MODELS["post"].objects.get(post_id="P1").start_date == date(2020, 1, 1)


def write(tmp_path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    return paths


def said(result) -> str:
    return " ".join(result.output.split())  # Rich wraps long lines


@pytest.mark.django_db
def test_a_file_refused_when_stored_stores_none_of_the_batch(tmp_path):
    store_organisation()
    before = snapshot()
    result = runner.invoke(app, ["import", *write(tmp_path, BATCH | {"post.csv": POST_REFUSED})])
    out = said(result)
    assert result.exit_code == 2, out
    assert ("post.csv: not imported — the row with organisation 'T1', post_id 'P1' would have "
            "the stored end_date 2027-03-31 before start_date 2028-01-01") in out
    assert ("Nothing was imported: post.csv was refused when it was stored, so nothing from "
            "it was stored, and unit.csv, person.csv and assignment.csv were not stored "
            "either, although they passed the checks, because they were in the same batch"
            ) in out
    assert "Stored" not in out and "Traceback" not in out
    assert_unchanged(before)


@pytest.mark.django_db
def test_a_file_failing_its_checks_stores_none_of_the_batch(tmp_path):
    store_organisation()
    before = snapshot()
    result = runner.invoke(app, ["import", *write(tmp_path, BATCH | {"post.csv": POST_INVALID})])
    out = said(result)
    assert result.exit_code == 1, out
    assert "post.csv row 3, column fte: \"1.5\" is above the maximum 1" in out
    # the assignment refers to P9, which is only in post.csv: it fails with it
    assert ('assignment.csv row 2, column post_id: "P9" is only in post.csv, which has errors '
            "and will not be stored") in out
    assert ("Nothing was imported: assignment.csv and post.csv have problems, so nothing from "
            "them was stored, and unit.csv and person.csv were not stored either, although "
            "they passed the checks, because they were in the same batch") in out
    assert "Stored" not in out
    assert_unchanged(before)


@pytest.mark.django_db
def test_a_failing_file_nothing_relies_on_still_stores_none_of_the_batch(tmp_path):
    store_organisation()
    before = snapshot()
    files = {"unit.csv": UNIT, "person.csv": PERSON, "post.csv": POST_INVALID}
    result = runner.invoke(app, ["import", *write(tmp_path, files)])
    out = said(result)
    assert result.exit_code == 1, out
    assert ("Nothing was imported: post.csv has problems, so nothing from it was stored, and "
            "unit.csv and person.csv were not stored either, although they passed the checks, "
            "because they were in the same batch (a file may rely on the others). The "
            "database is as it was. Fix the problems and import all the files again.") in out
    assert "Stored" not in out
    assert_unchanged(before)


@pytest.mark.django_db
def test_a_clean_batch_is_stored_whole_in_dependency_order_and_again_changes_nothing(
        tmp_path):
    store_organisation()
    # the post file last, as in the review: the assignment refers to its post P9
    paths = write(tmp_path, BATCH | {"post.csv": POST})
    first = runner.invoke(app, ["import", *paths])
    assert first.exit_code == 0, said(first)
    for name in BATCH | {"post.csv": POST}:
        assert f"Stored {name}: 1 added, 0 changed, 0 unchanged" in said(first)
    stored = LEDGER_MODELS["assignment"].objects.get(assignment_id="a9")
    assert (stored.post_id, stored.unit, stored.staff_id) == ("P9", "T1-N", "T1p9")
    before = snapshot()
    second = runner.invoke(app, ["import", *paths])
    assert second.exit_code == 0, said(second)
    assert said(second).count("0 added, 0 changed, 1 unchanged") == 4
    after = snapshot()
    assert all(after[name].equals(before[name]) for name in LEDGER_MODELS)


@pytest.mark.django_db
def test_two_files_giving_one_person_differently_are_refused_naming_both(tmp_path):
    store_organisation()
    before = snapshot()
    other = PERSON.replace("Dana Dale,F", "Dan Dale,M")
    result = runner.invoke(app, ["import", *write(tmp_path, {"person_a.csv": PERSON,
                                                             "person_b.csv": other})])
    out = said(result)
    assert result.exit_code == 1, out
    assert ('person_a.csv row 2, column staff_id: "T1p9" is also on row 2 of person_b.csv, '
            "with different values in name, sex") in out
    assert ('person_b.csv row 2, column staff_id: "T1p9" is also on row 2 of person_a.csv, '
            "with different values in name, sex") in out
    assert "Stored" not in out
    assert_unchanged(before)


@pytest.mark.django_db
def test_the_same_row_in_two_files_is_stored_once(tmp_path):
    store_organisation()
    result = runner.invoke(app, ["import", *write(tmp_path, {"person_a.csv": PERSON,
                                                             "person_b.csv": PERSON})])
    out = said(result)
    assert result.exit_code == 0, out
    assert "Stored person_a.csv: 1 added" in out
    assert "Stored person_b.csv: 0 added, 0 changed, 1 unchanged" in out
    assert LEDGER_MODELS["person"].objects.filter(staff_id="T1p9").count() == 1


@pytest.mark.django_db
def test_a_database_busy_part_way_through_the_batch_stores_none_of_it(tmp_path, monkeypatch):
    from django.db import OperationalError

    from workforce_web import bridge

    store_organisation()
    before = snapshot()
    real, calls = bridge._write, []

    def write_then_lock(name, frame, update, progress):
        if not frame.is_empty():
            calls.append(name)
            if len(calls) > 2:  # the unit and the person are written, then the lock
                raise OperationalError("database is locked")
        return real(name, frame, update, progress)

    monkeypatch.setattr(bridge, "_write", write_then_lock)
    result = runner.invoke(app, ["import", *write(tmp_path, BATCH | {"post.csv": POST})])
    out = said(result)
    assert result.exit_code == 2, out
    assert calls == ["unit", "post", "person"]
    assert ("unit.csv, person.csv, assignment.csv and post.csv: not imported — the database "
            "is busy") in out and "nothing was stored" in out
    assert "OperationalError" not in out and "Stored" not in out
    assert_unchanged(before)


@pytest.mark.parametrize(("args", "message"), [
    (["--today", "31/12/24"], "--today '31/12/24' has a two-digit year: write the year in "
                              "full. Enter the date as YYYY-MM-DD, for example 2025-03-31"),
    (["--today", "2024-02-30"], "--today '2024-02-30' is not a date: there is no such day."),
    (["--today", "3024-01-01"], "--today '3024-01-01' is outside the dates the product "
                                "handles: give a date from 1 January 1900 to 31 December 2100."),
    (["--staff", "0"], "The demo organisation needs at least 20 staff: nothing was generated."),
    (["--years", "0"], "The demo needs at least one year of history: nothing was generated."),
])
def test_demo_data_with_options_it_cannot_use_says_so_plainly(tmp_path, args, message):
    result = runner.invoke(app, ["demo-data", *args, "--out", str(tmp_path / "x")])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert message in said(result) and "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_demo_data_into_a_folder_it_cannot_write_says_so_plainly(tmp_path):
    (tmp_path / "x").write_text("a file, not a folder")
    result = runner.invoke(app, ["demo-data", "--staff", "20", "--years", "1",
                                 "--out", str(tmp_path / "x")])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"Cannot write the CSV files to {tmp_path / 'x'}" in said(result)


def _census_rows(tmp_path) -> list[str]:
    """A 2024 return of LA 333 (T1's old LA code) written as ledger CSV files by
    `workforce census import --out`."""
    from tests.census.helpers import worker
    from tests.census.helpers import write as write_return
    from workforce.cli.census_cmd import app as census

    ret = write_return(tmp_path / "return.xml", 2024, [worker(2024, "SW1"),
                                                         worker(2024, "SW2")])
    out = tmp_path / "rows"
    result = runner.invoke(census, ["import", str(ret), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return sorted(str(p) for p in out.glob("*.csv"))


@pytest.mark.django_db
def test_census_rows_written_as_csv_are_not_stored_beside_hr_records(tmp_path):
    # `workforce census import` refuses a return over an organisation holding its people in
    # HR records; the same rows written with --out and loaded with `workforce import` were
    # stored, and every worker counted twice
    files = _census_rows(tmp_path)
    org = pl.read_csv(next(f for f in files if f.endswith("assignment.csv")))["organisation"][0]
    store_tables(tiny_tables(org))
    before = load_ledger(org)["assignment"].height
    result = runner.invoke(app, ["import", *files])
    out = said(result)
    assert result.exit_code == 2, out
    assert ("assignment.csv: not imported — its assignments are rows of a census return (as "
            f"the census import writes them to CSV files), and organisation {org} holds HR "
            "records") in out
    assert "every FTE counted twice" in out and "workforce census import FILE --org CODE" in out
    assert load_ledger(org)["assignment"].height == before


def _hr_files(folder, org: str) -> list[str]:
    folder.mkdir()
    person = f"organisation,staff_id,name,sex,ethnicity,disability\n{org},H1,Hal Hart,M,WBRI,N\n"
    job = ("organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,fte,"
           f"start_date\n{org},h1,H1,CSWW,permanent,social_worker,Social worker,1,2024-01-01\n")
    return write(folder, {"person.csv": person, "hr_jobs.csv": job})


@pytest.mark.django_db
def test_census_rows_and_hr_records_in_one_batch_are_refused_but_later_hr_records_load(
        tmp_path):
    files = _census_rows(tmp_path)
    org = pl.read_csv(next(f for f in files if f.endswith("assignment.csv")))["organisation"][0]
    hr = _hr_files(tmp_path / "hr", org)
    both = runner.invoke(app, ["import", *files, *hr])  # into an empty organisation
    out = said(both)
    assert both.exit_code == 2, out
    assert "assignment.csv: not imported — its assignments are rows of a census return" in out
    assert "hr_jobs.csv gives it HR records" in out
    assert not LEDGER_MODELS["assignment"].objects.filter(organisation=org).exists()
    # census rows alone, into an organisation of their own, and again: fine
    for _ in range(2):
        result = runner.invoke(app, ["import", *files])
        assert result.exit_code == 0, said(result)
    census = load_ledger(org)["assignment"].height
    # HR records after them load: the census import may have put returns beside HR records
    # rightly (people and years apart), and the council's next export must still load
    result = runner.invoke(app, ["import", *hr])
    assert result.exit_code == 0, said(result)
    assert load_ledger(org)["assignment"].height == census + 1
