"""`workforce measures` on a small demo organisation read from its import files (`--data`):
the list, every measure computing, windows, series, the JSON shape, --org and bad input."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from typer.testing import CliRunner

from workforce.cli import app
from workforce.cli.measures_cmd import LIST_FIELDS, Format
from workforce.demo import generate
from workforce.imports import write_csv_folder
from workforce.measures import all_measures
from workforce.measures.output import FORMATS

runner = CliRunner()
TODAY = date(2025, 10, 15)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """The demo organisation (code demo, LA 999, E06999999) as import files."""
    folder = tmp_path_factory.mktemp("demo")
    write_csv_folder(generate(staff=150, years=2, seed=1, today=TODAY), folder)
    return folder


def test_the_command_offers_every_format_the_output_writes():
    assert tuple(Format) == FORMATS


def measures(*args: str, env: dict | None = None):
    return runner.invoke(app, ["measures", *args], env=env)


def rows(demo_dir, *args: str) -> list[dict]:
    result = measures("--data", str(demo_dir), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_shows_every_id_m01_to_m49():
    result = measures("--list", "--format", "json")
    assert result.exit_code == 0, result.output
    ids = [m["id"] for m in json.loads(result.stdout)]
    for n in range(1, 50):
        assert any(re.fullmatch(rf"M{n:02d}[a-z]?", i) for i in ids), f"M{n:02d} missing"
    table = measures("--list", env={"COLUMNS": "400"})
    assert table.exit_code == 0
    for mid in ids:
        assert re.search(rf"^│ {mid}\s", table.stdout, re.M), f"{mid} not in the table"


def test_list_table_reflows_definitions_rather_than_breaking_them_where_the_source_did():
    result = measures("--list", env={"COLUMNS": "400"})
    line = next(x for x in result.stdout.splitlines() if x.startswith("│ M01a "))
    assert "left the council in the window as a percentage of the FTE in post" in line, line


def test_list_marks_a_local_variant_once():
    result = measures("--list", env={"COLUMNS": "400"})
    lines = {line.split("│")[1].strip(): line for line in result.stdout.splitlines()
             if line.startswith("│ M")}
    for mid in ("M02", "M10b"):
        assert lines[mid].lower().count("local variant") == 1, lines[mid]


def test_list_honours_csv_and_json():
    registry = all_measures()
    listed = json.loads(measures("--list", "--format", "json").stdout)
    assert [m["id"] for m in listed] == list(registry)
    assert all(tuple(m) == LIST_FIELDS for m in listed)
    m10b = next(m for m in listed if m["id"] == "M10b")
    assert m10b["local_variant"] is True and isinstance(m10b["breakdowns"], list)
    assert m10b["formula"] == registry["M10b"].formula
    table = list(csv.DictReader(io.StringIO(measures("--list", "--format", "csv").stdout)))
    assert tuple(table[0]) == LIST_FIELDS and len(table) == len(registry)
    assert table[0]["id"] == next(iter(registry))


def test_every_registered_measure_computes_on_the_demo(demo_dir):
    found = rows(demo_dir, "--as-at", "2025-09-30", "--threshold", "0")
    assert sorted({r["id"] for r in found}) == sorted(all_measures())
    assert all(r["organisation"] == "demo" for r in found)
    values = {r["id"]: r["value"] for r in found}
    assert values["inpost_headcount"] > 0 and values["M01a"] is not None


def test_as_at_is_stock_at_the_date_and_flow_over_the_12_months_ending_it(demo_dir):
    at = {r["id"]: r for r in rows(demo_dir, "--as-at", "2025-09-30", "-m", "inpost_fte",
                                   "-m", "leavers_headcount", "--threshold", "0")}
    assert (at["leavers_headcount"]["start"], at["leavers_headcount"]["end"]) == (
        "2024-10-01", "2025-09-30")
    year = {r["id"]: r for r in rows(demo_dir, "--from", "2024-10-01", "--to", "2025-09-30",
                                     "-m", "leavers_headcount", "--threshold", "0")}
    day = {r["id"]: r for r in rows(demo_dir, "--from", "2025-09-30", "--to", "2025-09-30",
                                    "-m", "inpost_fte", "--threshold", "0")}
    assert at["leavers_headcount"]["value"] == year["leavers_headcount"]["value"] > 0
    assert at["inpost_fte"]["value"] == day["inpost_fte"]["value"] > 0
    earlier = rows(demo_dir, "--as-at", "2025-03-31", "-m", "inpost_fte", "--threshold", "0")
    assert earlier[0]["end"] == "2025-03-31"


@pytest.mark.parametrize(("kind", "start", "end", "windows"), [
    ("monthly", "2024-10-01", "2025-09-30",
     [("2024-10-01", "2024-10-31"), ("2025-09-01", "2025-09-30")]),
    ("quarterly", "2024-10-01", "2025-09-30",
     [("2024-10-01", "2024-12-31"), ("2025-07-01", "2025-09-30")]),
    ("dfe-year", "2023-10-01", "2025-09-30",
     [("2023-10-01", "2024-09-30"), ("2024-10-01", "2025-09-30")]),
    ("financial-year", "2024-04-01", "2025-03-31", [("2024-04-01", "2025-03-31")]),
])
def test_series_windows(demo_dir, kind, start, end, windows):
    found = rows(demo_dir, "--series", kind, "--from", start, "--to", end,
                 "-m", "turnover_rate_fte", "-m", "inpost_fte")
    spans = sorted({(r["start"], r["end"]) for r in found})
    count = {"monthly": 12, "quarterly": 4, "dfe-year": 2, "financial-year": 1}[kind]
    assert len(spans) == count and spans[0] == windows[0] and spans[-1] == windows[-1]
    assert len(found) == 2 * count


def test_json_rows_have_exactly_the_documented_keys(demo_dir):
    plain = rows(demo_dir, "-m", "M01a", "--as-at", "2025-09-30")
    assert [list(r) for r in plain] == [["id", "organisation", "start", "end", "numerator",
                                         "denominator", "value", "suppressed"]]
    by = rows(demo_dir, "-m", "M01a", "--as-at", "2025-09-30", "--by", "service")
    assert len(by) > 1
    assert {tuple(r) for r in by} == {("id", "organisation", "start", "end", "service",
                                       "numerator", "denominator", "value", "suppressed")}
    assert all(isinstance(r["suppressed"], bool) for r in by)


@pytest.mark.parametrize("org", ["demo", "999", "E06999999", "e06999999"])
def test_org_by_code_old_la_number_or_e_code(demo_dir, org):
    found = rows(demo_dir, "--org", org, "-m", "inpost_headcount", "--as-at", "2025-09-30")
    assert len(found) == 1 and found[0]["organisation"] == "demo" and found[0]["value"] > 0


def test_an_unknown_org_is_an_error_that_lists_the_known_ones(demo_dir):
    result = measures("--data", str(demo_dir), "--org", "888", "-m", "M01a")
    assert result.exit_code == 2
    assert "No organisation '888'" in result.output
    assert "demo (LA 999, E06999999)" in result.output


@pytest.mark.parametrize(("args", "says"), [
    (["--format", "bogus"], "Invalid value for '--format'"),
    (["--series", "weekly", "--from", "2024-01-01", "--to", "2024-12-31"],
     "Invalid value for '--series'"),
    (["--as-at", "2025-02-30"], "--as-at '2025-02-30' is not a date"),
    (["--from", "2025-13-01", "--to", "2025-12-31"], "--from '2025-13-01' is not a date"),
    (["--from", "2025-01-01"], "Give both --from and --to"),
    (["--series", "monthly"], "--series monthly needs --from and --to"),
    (["--from", "2025-06-01", "--to", "2025-01-01"], "is before --from"),
    (["--as-at", "2025-01-01", "--from", "2024-01-01", "--to", "2024-12-31"], "not both"),
    (["-m", "M99"], "Unknown measure(s): M99"),
    (["-m", "M01a", "--by", "shoe_size"], "can be broken down by shoe_size"),
    (["--list", "--format", "xlsx"], "--list writes table, csv or json"),
    (["--threshold", "-1"], "Invalid value for '--threshold'"),
])
def test_bad_input_says_what_is_wrong_and_exits_non_zero(demo_dir, args, says):
    result = measures("--data", str(demo_dir), *args, env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split()), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_as_at_error_names_the_expected_format(demo_dir):
    result = measures("--data", str(demo_dir), "--as-at", "30 Sept 2025")
    assert result.exit_code == 2
    assert "Enter the date as YYYY-MM-DD, for example 2025-03-31" in result.output
