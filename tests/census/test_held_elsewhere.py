"""`workforce census import` into an organisation that already holds the return's people
from another source (its HR records, or census returns imported with other settings) stores
nothing and says why and what to do, rather than adding every worker a second time; an
organisation that holds only census returns takes them as before, and a re-import says what
it added, changed and left unchanged."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.census.helpers import worker, write
from workforce.census.write import export
from workforce.cli import app
from workforce.demo import generate
from workforce_web.bridge import load_ledger, store_tables

runner = CliRunner()
pytestmark = pytest.mark.django_db


def census(*args: str):
    return runner.invoke(app, ["census", "import", *map(str, args)])


def said(result) -> str:
    return " ".join(result.output.split())


def everything() -> dict[str, list[tuple]]:
    """Every stored row of every organisation, per table, sorted."""
    ledger = load_ledger()
    return {name: sorted(frame.rows(), key=repr) for name, frame in ledger.frames.items()}


def hr_records(org: str = "333", swe: str | None = "SW 0001", end: date | None = None
               ) -> None:
    """An organisation's own staff records: person S1 (with SWE number `swe`), a social
    worker from 2015 until `end`."""
    store_tables({
        "organisation": pl.DataFrame({"code": [org], "name": ["A council"],
                                      "old_la_code": [org]}),
        "unit": pl.DataFrame({"organisation": [org], "code": ["T1"], "name": ["Team 1"],
                              "kind": ["team"]}),
        "person": pl.DataFrame({"organisation": [org], "staff_id": ["S1"], "name": ["Sam"],
                                "swe_number": [swe], "birth_date": [date(1980, 1, 1)],
                                "sex": ["F"], "ethnicity": ["WBRI"], "disability": ["N"]}),
        "assignment": pl.DataFrame({
            "organisation": [org], "assignment_id": ["A1"], "staff_id": ["S1"],
            "unit": ["T1"], "contract": ["permanent"], "staff_group": ["social_worker"],
            "job_title": ["Social worker"], "fte": [1.0], "start_date": [date(2015, 4, 1)],
            "end_date": [end]})})


def test_a_return_exported_from_the_hr_records_is_refused_and_nothing_is_stored(tmp_path):
    # the reviewer's case: the organisation's own return, imported back into it
    demo = generate(staff=40, years=2, seed=3, today=date(2025, 10, 1))
    store_tables(dict(demo.frames))
    path = tmp_path / "good_2025.xml"
    export(demo, path, 2025)
    before = everything()
    result = census(path, "--org", "demo")
    assert result.exit_code == 1, said(result)
    assert "good_2025.xml: not loaded" in said(result)
    named = re.findall(r"SWE number (\S+) is staff (\w+)", said(result))
    assert len(named) == 3 and set(named) <= set(demo.person.select("swe_number",
                                                                     "staff_id").rows())
    assert "count them a second time" in said(result) and "--org demo-census" in said(result)
    assert "nothing from this file was stored" in said(result)
    assert "Stored 1 return" not in said(result)
    assert everything() == before


def test_the_same_return_loads_into_an_organisation_of_its_own(tmp_path):
    demo = generate(staff=40, years=2, seed=3, today=date(2025, 10, 1))
    store_tables(dict(demo.frames))
    path = tmp_path / "good_2025.xml"
    export(demo, path, 2025)
    result = census(path, "--org", "demo-census")
    assert result.exit_code == 0, said(result)
    assert load_ledger("demo-census").person.height > 0
    assert load_ledger("demo").person.height == demo.person.height


def test_only_the_file_whose_people_are_held_is_refused(tmp_path):
    hr_records("333", end=date(2020, 3, 31))  # S1 left before both returns' years
    held = write(tmp_path / "a.xml", 2024, [worker(2024, "SW1"), worker(2024, "SW2")])
    other = write(tmp_path / "b.xml", 2024, [worker(2024, "SW1")], lea="444")
    before = load_ledger("333")
    result = census(held, other)
    assert result.exit_code == 1, said(result)
    assert "a.xml: not loaded: organisation 333 already holds 1 of the return's 2 people" \
        in said(result)
    assert "SWE number SW 0001 is staff S1" in said(result)
    assert "Stored 1 return: " in said(result)
    assert all(load_ledger("333")[t].equals(before[t]) for t in before)
    assert load_ledger("444").person["staff_id"].to_list() == ["SW1"]


def test_hr_records_keyed_by_swe_number_are_held_too(tmp_path):
    hr_records("333", swe=None, end=date(2020, 3, 31))
    store_tables({"person": pl.DataFrame({
        "organisation": ["333"], "staff_id": ["SW7"], "name": ["Kim"], "sex": ["F"],
        "ethnicity": ["WBRI"], "disability": ["N"]})})
    result = census(write(tmp_path / "a.xml", 2024, [worker(2024, "sw007")]))
    assert result.exit_code == 1 and "staff SW7" in said(result), said(result)
    assert load_ledger("333").person.height == 2


def test_social_workers_in_post_in_the_year_are_held_without_swe_numbers(tmp_path):
    hr_records("333", swe=None)  # in post since 2015, no SWE number recorded
    before = load_ledger("333")
    result = census(write(tmp_path / "a.xml", 2024, [worker(2024, "SW5")]))
    assert result.exit_code == 1, said(result)
    assert ("organisation 333's own records (not census returns) have 1 social workers in "
            "post in the 2024 census year (1 October 2023 to 30 September 2024)") in said(result)
    assert all(load_ledger("333")[t].equals(before[t]) for t in before)
    # once S1's records end in March 2022, the 2024 return is history they do not hold
    hr_records("333", swe=None, end=date(2022, 3, 31))
    assert census(write(tmp_path / "old.xml", 2022, [worker(2022, "SW5")])).exit_code == 1
    result = census(write(tmp_path / "late.xml", 2024, [worker(2024, "SW5")]))
    assert result.exit_code == 0, said(result)
    assert load_ledger("333").person["staff_id"].sort().to_list() == ["S1", "SW5"]


def test_pooled_returns_reimport_and_say_nothing_changed(tmp_path):
    key = tmp_path / "key"
    key.write_text("0123456789abcdef" * 4)
    a = write(tmp_path / "a.xml", 2024, [worker(2024, "SW1"), worker(2024, "SW2")])
    b = write(tmp_path / "b.xml", 2025, [worker(2025, "SW1")])
    pooled = ["--org", "alliance", "--pseudonymise", "--key-file", key]
    first = census(a, b, *pooled)
    assert first.exit_code == 0, said(first)
    again = census(a, *pooled)
    assert again.exit_code == 0, said(again)
    assert "Stored 1 return: 0 rows added, 0 changed, " in said(again)
    assert "Nothing changed" in said(again)


def test_a_return_without_pseudonyms_into_pooled_returns_is_refused(tmp_path):
    key = tmp_path / "key"
    key.write_text("0123456789abcdef" * 4)
    a = write(tmp_path / "a.xml", 2024, [worker(2024, "SW1")])
    b = write(tmp_path / "b.xml", 2025, [worker(2025, "SW1")])
    assert census(a, "--org", "alliance", "--pseudonymise", "--key-file", key).exit_code == 0
    result = census(b, "--org", "alliance")
    assert result.exit_code == 1, said(result)
    assert "imported with --pseudonymise" in said(result)
    assert load_ledger("alliance").person.height == 1
    # the other way round: pseudonyms over SWE numbers stored plainly
    assert census(a, "--org", "plain").exit_code == 0
    result = census(b, "--org", "plain", "--pseudonymise", "--key-file", key)
    assert result.exit_code == 1, said(result)
    assert "returns imported without --pseudonymise): staff SW1." in said(result)
    # re-importing the one return stored with other settings replaces it
    assert census(a, "--org", "plain", "--pseudonymise", "--key-file", key).exit_code == 0
    assert load_ledger("plain")["person"]["staff_id"].str.starts_with("P").all()


def test_a_reimport_counts_rows_added_changed_and_unchanged(tmp_path):
    path = write(tmp_path / "a.xml", 2025, [worker(2025, "SW1"), worker(2025, "SW2")])
    first = census(path)
    assert first.exit_code == 0 and "rows added, 0 changed, 0 unchanged" in said(first)
    again = census(path)
    assert again.exit_code == 0, said(again)
    assert "Stored 1 return: 0 rows added, 0 changed, " in said(again)
    assert "Nothing changed: the database already held these rows as they are." in said(again)
    fixed = write(tmp_path / "a.xml", 2025, [worker(2025, "SW1"), worker(2025, "SW2", FTE=0.5)])
    third = census(fixed)  # SW2's assignment, and their pay's hours (`batch.pay`)
    assert "0 rows added, 2 changed, " in said(third), said(third)
