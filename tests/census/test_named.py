"""Whom a return and its findings name, by staff number: what a census check or download
records in the audit log, so that its Person filter finds the people in it."""

from __future__ import annotations

import polars as pl

from workforce.census.named import staff_in_return, staff_named
from workforce.census.validate import Finding

# a return's worker records in the order written: S2 has two spells (two records), and S4
# holds S1's SWE number, written another way (a mistake the census rules find)
WORKERS = pl.DataFrame({"staff_id": ["S1", "S2", "S3", "S2", "S4", "S5"],
                        "SWENo": ["SW100", "SW200", None, "SW200", "sw0100", "SW500"]})


def _finding(record: str, swe: str = "", code: str = "CSWW-E11") -> Finding:
    return Finding("csww_2025.xml", "error", code, record, swe, "QualLevel", "", "Fix it.")


def test_a_return_names_everyone_in_it_once_in_the_order_written():
    assert staff_in_return(WORKERS) == ["S1", "S2", "S3", "S4", "S5"]


def test_a_return_with_no_workers_names_no_one():
    assert staff_in_return(pl.DataFrame()) == []
    assert staff_named([_finding("worker 1")], pl.DataFrame()) == []


def test_findings_name_the_people_of_the_records_they_are_about():
    """Worker 3 has no SWE number: the record's number still says whose it is."""
    assert staff_named([_finding("worker 4", "SW200"), _finding("worker 3")],
                       WORKERS) == ["S2", "S3"]


def test_a_quoted_swe_number_names_everyone_holding_it_however_written():
    """A finding about worker 1 quoting SW100 tells whose SW100 is; worker 5 holds it too
    (written sw0100), and a message naming "workers 1 and 5" names them both."""
    assert staff_named([_finding("worker 1", "SW100", "CSWW-E31")], WORKERS) == ["S1", "S4"]


def test_findings_about_the_header_or_the_la_level_module_name_no_one():
    assert staff_named([_finding("header"), _finding("la"), _finding("file")], WORKERS) == []
