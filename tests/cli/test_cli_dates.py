"""Dates given to commands (`measures --as-at/--from/--to`, `demo-data --today`, `strategy
demo --today`) are read as the importer reads dates: yyyy-mm-dd or dd/mm/yyyy, from 1900 to
2100. Outside that, a plain message naming the range, before any work: 9999-12-31 gave a
wrong 0.0 (the ledger's "no end yet"), years before 2 or a series to 9999 a bare "year 0 is
out of range"; 31/03/2025 said "(Invalid isoformat string: '31/03/2025')"."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from workforce.cli import app
from workforce.cli.options import parse_date
from workforce.demo import generate
from workforce.imports import write_csv_folder

runner = CliRunner()
RANGE = "is outside the dates the product handles: give a date from 1 January 1900 to " \
        "31 December 2100."


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    write_csv_folder(generate(staff=40, years=1, seed=1, today=date(2025, 10, 15)), folder)
    return folder


def said(result) -> str:
    return " ".join(result.output.split())


def measures(demo_dir, *args: str):
    return runner.invoke(app, ["measures", "--data", str(demo_dir), "-m", "M04",
                               "--format", "json", *args])


@pytest.mark.parametrize(("args", "message"), [
    (["--as-at", "9999-12-31"], f"--as-at '9999-12-31' {RANGE}"),
    (["--as-at", "0001-01-01"], f"--as-at '0001-01-01' {RANGE}"),
    (["--as-at", "1899-12-31"], f"--as-at '1899-12-31' {RANGE}"),
    (["--as-at", "2101-01-01"], f"--as-at '2101-01-01' {RANGE}"),
    (["--from", "2020-01-01", "--to", "9999-12-31", "--series", "dfe-year"],
     f"--to '9999-12-31' {RANGE}"),
    (["--from", "0001-01-01", "--to", "2025-12-31"], f"--from '0001-01-01' {RANGE}"),
    (["--as-at", "31 March 2025"], "--as-at '31 March 2025' is not a date. Enter the date as "
                                   "YYYY-MM-DD, for example 2025-03-31"),
    (["--as-at", "31/03/25"], "--as-at '31/03/25' has a two-digit year"),
    (["--as-at", "31/02/2025"], "--as-at '31/02/2025' is not a date: there is no such day."),
])
def test_a_date_it_cannot_use_is_refused_plainly(demo_dir, args, message):
    result = measures(demo_dir, *args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert message in said(result)
    assert "out of range" not in result.output and "isoformat" not in result.output


def test_a_date_written_dd_mm_yyyy_is_the_same_date(demo_dir):
    iso = measures(demo_dir, "--as-at", "2025-03-31")
    uk = measures(demo_dir, "--as-at", "31/03/2025")
    assert iso.exit_code == uk.exit_code == 0, uk.output
    assert json.loads(uk.stdout) == json.loads(iso.stdout)
    assert json.loads(uk.stdout)[0]["end"] == "2025-03-31"
    window = measures(demo_dir, "--from", "1/4/2024", "--to", "31/03/2025")
    assert window.exit_code == 0, window.output
    assert {(r["start"], r["end"]) for r in json.loads(window.stdout)} == {
        ("2024-04-01", "2025-03-31")}


def test_the_ends_of_the_range_are_dates_it_handles(demo_dir):
    for day in ("1900-01-01", "2100-12-31"):
        result = measures(demo_dir, "--as-at", day)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("text", "day"), [
    ("2025-03-31", date(2025, 3, 31)), ("31/03/2025", date(2025, 3, 31)),
    ("1/4/2025", date(2025, 4, 1)), (" 2025-3-1 ", date(2025, 3, 1)),
])
def test_parse_date_reads_what_the_importer_reads(text, day):
    assert parse_date(text, "--as-at") == day


def test_demo_data_takes_today_as_dd_mm_yyyy_too(tmp_path):
    result = runner.invoke(app, ["demo-data", "--staff", "20", "--years", "1", "--today",
                                 "31/12/2024", "--out", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x" / "person.csv").exists()


def test_strategy_demo_checks_its_date_before_the_database(monkeypatch):
    from workforce.cli import strategy_cmd

    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(strategy_cmd, "_org", lambda org: [])
    monkeypatch.setattr(strategy_cmd, "_web", lambda *args: calls.append(args))
    bad = runner.invoke(app, ["strategy", "demo", "--today", "2025-02-30"])
    assert bad.exit_code == 2 and "there is no such day" in said(bad) and calls == []
    good = runner.invoke(app, ["strategy", "demo", "--today", "31/03/2025"])
    assert good.exit_code == 0, good.output
    assert calls == [("demo", "--today", "2025-03-31")]
