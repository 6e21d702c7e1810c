"""`census import`: business rules block a file (queries only warn), a key file needs
--pseudonymise, rows are staged in batches and written all or nothing, in flat memory."""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.census.helpers import agency, worker, write
from tests.census.ledgers import valid_ledger
from workforce.census import batch, rows, workers
from workforce.census.load import import_returns, load_return, load_returns, write_folder
from workforce.census.read import iter_records
from workforce.census.write import export
from workforce.cli import context
from workforce.cli.census_cmd import app
from workforce.ledger import Ledger

runner = CliRunner()
Y = 2024


@pytest.fixture(autouse=True)
def no_stored_organisations(monkeypatch):
    """Over an empty database: a return's LA number names no stored organisation (the
    command looks it up; `tests/cli/test_hr_after_census.py` covers one that does)."""
    from workforce.cli import census_cmd

    monkeypatch.setattr(census_cmd, "_org_of_la", lambda org: org)


@pytest.fixture
def stored(monkeypatch):
    calls = []

    def store(organisations, plan):  # over an empty database
        calls.append(plan(Ledger())[::-1])
        return None, {}

    monkeypatch.setattr(context, "store_replacing", store)
    return calls


def faulty(tmp_path):
    """Schema-valid, but with a duplicate worker and a leaver without ReasonLeave."""
    return write(tmp_path / "faulty.xml", Y, [
        worker(Y, "SW1"), worker(Y, "SW2"), worker(Y, "SW2"),
        worker(Y, "SW3", FTE=0.0, RoleEndDate="2024-06-30", LeaverDestination="1",
               Cases30=None)])


def test_business_rule_errors_block_the_file_and_name_the_worker_and_item(tmp_path, stored):
    result = runner.invoke(app, ["import", str(faulty(tmp_path))])
    assert result.exit_code == 1
    assert "faulty.xml: not loaded" in result.output
    assert "SW2" in result.output and "SWENo" in result.output  # CSWW-E30, duplicate
    assert "SW3" in result.output and "ReasonLeave" in result.output  # CSWW-E18
    assert stored == []


def test_a_refused_file_writes_nothing_while_a_good_one_loads(tmp_path):
    good = write(tmp_path / "good.xml", Y, [worker(Y, "SW9")])
    out = tmp_path / "rows"
    result = runner.invoke(app, ["import", str(faulty(tmp_path)), str(good), "--out", str(out)])
    assert result.exit_code == 1
    people = pl.read_csv(out / "person.csv")["staff_id"].to_list()
    assert people == ["SW9"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{t}.csv" for t in ("person", "assignment", "caseload", "absence", "post",
                             "organisation", "unit"))  # no staging left behind


def test_load_return_reports_the_rule_codes(tmp_path):
    r = load_return(faulty(tmp_path))
    assert not r.ok and r.tables == {}
    assert {(f.code, f.swe, f.field) for f in r.problems} == {
        ("CSWW-E30", "SW2", "SWENo"), ("CSWW-E18", "SW3", "ReasonLeave")}


def test_queries_are_warnings_and_the_file_loads(tmp_path, stored):
    path = write(tmp_path / "q.xml", Y, [worker(Y, "SW1", Cases30=45)])
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "More than 40 cases" in result.output
    assert len(stored) == 1 and stored[0][0]["caseload"]["cases"].to_list() == [45]
    assert [f.code for f in load_return(path).warnings] == ["CSWW-Q11"]


def test_a_key_file_without_pseudonymise_is_refused(tmp_path, stored):
    good = write(tmp_path / "good.xml", Y, [worker(Y, "SW1")])
    key = tmp_path / "key"
    key.write_text("0123456789abcdef" * 4)
    out = tmp_path / "rows"
    result = runner.invoke(app, ["import", str(good), "--key-file", str(key), "--out", str(out)])
    assert result.exit_code == 2
    assert "--key-file is only used with --pseudonymise" in result.output
    assert stored == [] and not out.exists()
    assert "--pseudonymise" in runner.invoke(app, ["import", "--help"]).output


def test_rows_come_out_the_same_whatever_the_batch_size(tmp_path, monkeypatch):
    path = tmp_path / "r.xml"
    export(valid_ledger(), path, 2025)
    whole = load_return(path).tables
    batches: list[int] = []
    take = rows.Builder.take

    def counting(self, records):
        batches.append(records.height)
        return take(self, records)

    monkeypatch.setattr(workers, "SIZE", 2)
    monkeypatch.setattr(rows.Builder, "take", counting)
    small = load_return(path).tables
    assert len(batches) >= 3 and max(batches) == 2
    assert whole.keys() == small.keys()
    for name in whole:
        assert whole[name].equals(small[name]), name


def test_staged_import_equals_the_in_memory_merge(tmp_path):
    ledger = valid_ledger()
    paths = []
    for year in (2023, 2024, 2025):
        paths.append(tmp_path / f"r{year}.xml")
        export(ledger, paths[-1], year)
    paths.append(paths[-1])  # the same return twice replaces, never doubles
    paths.append(write(tmp_path / "agency_too.xml", 2025, [agency("SW1001")], lea="444"))
    paths.append(write(tmp_path / "both.xml", 2024, [  # a person both direct and agency
        worker(2024, "SW7", Ethnicity="BAFR"), agency("SW7"), agency("SW8")], lea="555"))
    memory, _ = load_returns(paths)
    staging, results = import_returns(reversed(paths))
    try:
        staged = staging.tables()
        written = write_folder(staging, tmp_path / "csv")
    finally:
        staging.close()
    assert written == {name: frame.height for name, frame in staged.items()}
    # the files name workers: readable by their owner only, whatever the umask
    assert {(p.stat().st_mode & 0o777) for p in (tmp_path / "csv").glob("*.csv")} == {0o600}
    assert all(r.ok for r in results)
    assert memory.keys() == staged.keys()
    sw7 = staged["person"].filter(pl.col("staff_id") == "SW7")
    assert sw7["ethnicity"].to_list() == ["BAFR"]  # the directly employed record describes
    for name, frame in memory.items():
        key = [c for c in frame.columns if frame[c].dtype != pl.Boolean]
        assert frame.sort(key).equals(staged[name].select(frame.columns).sort(key)), name


PEAK = """
import resource, sys
from typer.testing import CliRunner
from workforce.cli.census_cmd import app
r = CliRunner().invoke(app, ["import", sys.argv[1], "--out", sys.argv[2]])
assert r.exit_code == 0, r.output
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def peak_mb(path, out) -> int:
    done = subprocess.run([sys.executable, "-c", PEAK, str(path), str(out)],
                          capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def test_importing_a_file_ten_times_larger_takes_little_more_memory(tmp_path):
    small = write(tmp_path / "small.xml", Y, [worker(Y, f"SW{i}") for i in range(4_000)])
    big = write(tmp_path / "big.xml", Y, [worker(Y, f"SW{i}") for i in range(40_000)])
    base, grown = peak_mb(small, tmp_path / "s"), peak_mb(big, tmp_path / "b")
    assert pl.read_csv(tmp_path / "b" / "person.csv").height == 40_000
    # Holding the big file's rows took about 60 MB more than the small one's; staged in
    # batches the peak moves by a batch at most.
    assert grown - base < 25, (base, grown)


def test_written_files_read_back_as_the_staged_tables(tmp_path):
    """One header a file, also when the first staged piece of a table holds only people
    found in several returns (their rows are merged at the end); before, such a table got
    its header twice."""
    paths = [write(tmp_path / f"r{y}.xml", y, [worker(y, "SW1"), worker(y, "SW2", Cases30=3)])
             for y in (2023, 2024)]
    staging, results = import_returns(paths)
    try:
        staged = staging.tables()
        write_folder(staging, tmp_path / "csv")
    finally:
        staging.close()
    assert all(r.ok for r in results)
    for name, frame in staged.items():
        text = (tmp_path / "csv" / f"{name}.csv").read_text()
        assert text.count(text.splitlines()[0]) == 1, name
        back = pl.read_csv(tmp_path / "csv" / f"{name}.csv", schema=frame.schema)
        assert back.equals(frame), name


def test_the_row_mapping_makes_the_columns_it_declares(tmp_path):
    path = write(tmp_path / "r.xml", 2025, [worker(2025, "SW1"), agency("SW2")])
    frame = next(workers.frames(r for r in iter_records(path) if r.kind == "worker"))
    f = frame.lazy().with_columns(pl.lit("SW").alias("staff"))
    made = {"person": batch.person(f, False), "assignment": batch.assignments(f, "1", 2025,
                                                                             ["P", None]),
            "caseload": batch.caseload(f), "absence": batch.absences(f, 2025)}
    for name, rows_made in made.items():
        names = set(rows_made.collect_schema().names())
        assert names - {"n", "_k"} == set(batch.MADE[name]), name
    assert batch.person(f, True).collect_schema() == batch.person(f, False).collect_schema()


def test_a_small_return_is_staged_without_a_temporary_folder(tmp_path):
    path = write(tmp_path / "r.xml", Y, [worker(Y, "SW1")])
    staging, results = import_returns([path], where=tmp_path / "out")
    try:
        assert results[0].ok and write_folder(staging, tmp_path / "out")["person"] == 1
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
            f"{t}.csv" for t in ("person", "assignment", "caseload", "absence", "post",
                                 "organisation", "unit"))
    finally:
        staging.close()


def test_two_people_under_one_swe_number_are_refused_not_merged(tmp_path, stored):
    path = write(tmp_path / "two.xml", Y, [
        worker(Y, "SW1", PersonBirthDate="1970-05-05"), worker(Y, "SW2"),
        worker(Y, "SW01", PersonBirthDate="1990-01-01", RoleStartDate="2022-09-29")])
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 1 and "two.xml: not loaded" in result.output
    said = " ".join(result.output.split())
    assert "ERROR CSWW-E31" in said and "Workers 1 and 3 share SWE number SW1" in said
    assert "PersonBirthDate is 1970-05-05 in worker 1 and 1990-01-01 in worker 3" in said
    assert stored == []


def test_one_person_over_full_time_is_a_warning_and_loads(tmp_path, stored):
    path = write(tmp_path / "two.xml", Y, [
        worker(Y, "SW1"), worker(Y, "SW1", FTE=0.5, RoleStartDate="2022-09-29")])
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "warning: QUERY CSWW-Q34" in said and "add up to 1.5 FTE" in said
    assert stored[0][0]["person"]["staff_id"].to_list() == ["SW1"]
    # two markers, the two records' FTE in the year and their FTE30 the 30 September before
    assert sorted(stored[0][0]["assignment"]["fte"].to_list()) == [0.0, 0.0, 0.5, 1.0, 1.0, 1.0]
