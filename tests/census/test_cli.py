"""`workforce census export | validate | import` (ledger reads and database writes stubbed)."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from tests.census.helpers import worker, write
from tests.census.ledgers import small_ledger
from workforce.cli import context
from workforce.cli.census_cmd import app
from workforce.ledger import Ledger

runner = CliRunner()


@pytest.fixture
def ledger(monkeypatch):
    calls = []

    def load(org=None, data=None):
        calls.append((org, data))
        return small_ledger()

    monkeypatch.setattr(context, "load_ledger", load)
    monkeypatch.setattr(context, "audit", lambda *args: None)  # the audit log is in the database
    return calls


def test_export_writes_the_return_and_lists_what_to_fix(tmp_path, ledger):
    out = tmp_path / "csww.xml"
    result = runner.invoke(app, ["export", "--year", "2025", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "<LALevel>" in out.read_text()
    assert "6 workers, 2 errors" in result.output
    assert "Worker SW1004" in result.output and "BaseSalary" in result.output
    assert ledger == [(None, None)]


def test_export_of_an_older_layout_for_one_organisation(tmp_path, ledger):
    out = tmp_path / "csww.xml"
    result = runner.invoke(app, ["export", "--year", "2023", "--org", "SW1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "<LALevelVacancies>" in out.read_text() and ledger == [("SW1", None)]


def test_export_refuses_an_unknown_year(tmp_path, ledger):
    result = runner.invoke(app, ["export", "--year", "2019", "-o", str(tmp_path / "x.xml")])
    assert result.exit_code == 2 and "supported years" in result.output


def test_validate_exits_non_zero_when_a_file_has_errors(tmp_path):
    good = write(tmp_path / "good.xml", 2024, [worker(2024, "SW1")])
    bad = write(tmp_path / "bad.xml", 2024, [worker(2024, "SW2", FTE=1.5)])
    assert runner.invoke(app, ["validate", str(good)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 1 and "FTE must be at most 1." in result.output


def test_validate_writes_csv_and_xlsx(tmp_path):
    bad = write(tmp_path / "bad.xml", 2024, [worker(2024, "SW2", Ethnicity=None)])
    out = tmp_path / "report.csv"
    runner.invoke(app, ["validate", str(bad), "--format", "csv", "-o", str(out)])
    rows = list(csv.DictReader(out.open()))
    assert [(r["Rule"], r["SWE number"], r["Item"]) for r in rows] == [
        ("CSWW-E11", "SW2", "Ethnicity")]
    xlsx = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["validate", str(bad), "--format", "xlsx", "-o", str(xlsx)])
    assert result.exit_code == 1 and xlsx.stat().st_size > 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["Findings"]
    assert [c.value for c in sheet[2]][2:4] == ["CSWW-E11", "worker 1"]


def test_import_writes_csv_files_and_refuses_bad_files(tmp_path):
    good = write(tmp_path / "good.xml", 2024, [worker(2024, "SW1")])
    bad = write(tmp_path / "bad.xml", 2024, [worker(2024, "SW2", FTE=1.5)])
    out = tmp_path / "rows"
    result = runner.invoke(app, ["import", str(good), str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "bad.xml: not loaded" in result.output
    assert (out / "assignment.csv").exists() and "SW2" not in (out / "person.csv").read_text()


def test_import_stores_rows_through_the_cli_context(tmp_path, monkeypatch):
    stored = []
    def store(organisations, plan):
        stale, tables = plan(Ledger())
        stored.append((organisations, sorted(tables), stale))
        return None, {}

    monkeypatch.setattr(context, "store_replacing", store)
    from workforce.cli import census_cmd
    monkeypatch.setattr(census_cmd, "_org_of_la", lambda org: org)  # no organisation stored
    good = write(tmp_path / "good.xml", 2024, [worker(2024, "SW1")])
    result = runner.invoke(app, ["import", str(good)])
    assert result.exit_code == 0, result.output
    assert stored and stored[0][0] == ["333"] and "person" in stored[0][1]
    assert stored[0][2] == {}  # nothing stored before: nothing to replace


def test_pseudonymised_import_needs_a_key_file(tmp_path):
    good = write(tmp_path / "good.xml", 2024, [worker(2024, "SW1")])
    result = runner.invoke(app, ["import", str(good), "--pseudonymise"])
    assert result.exit_code != 0 and "key-file" in result.output
    key = tmp_path / "key"
    key.write_text("0123456789abcdef" * 4)
    result = runner.invoke(app, ["import", str(good), "--pseudonymise", "--key-file", str(key),
                                 "--out", str(tmp_path / "p")])
    assert result.exit_code == 0 and "SW1" not in (tmp_path / "p" / "person.csv").read_text()


def test_validate_does_not_count_workers_of_a_file_it_could_not_read(tmp_path):
    """A cut-off copy was summarised as "2025 return for LA 333, 51 workers, 1 error" beside
    an error saying nothing was read from it."""
    good = write(tmp_path / "good.xml", 2024, [worker(2024, f"SW{i}") for i in range(1, 4)])
    text = good.read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.rindex("<CSWWWorker>") + 40])
    result = runner.invoke(app, ["validate", str(cut)])
    out = " ".join(result.output.split())
    assert result.exit_code == 1
    assert f"{cut}: could not be read as a census return (1 error)" in out
    assert "workers" not in out.split("could not be read")[0]
    assert "3 workers" in " ".join(runner.invoke(app, ["validate", str(good)]).output.split())
