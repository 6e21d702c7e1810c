"""A store of frames that leave out optional columns changes only the columns given."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.web.conftest import tiny_tables
from workforce_web.bridge import load_ledger, store_tables

pytestmark = pytest.mark.django_db


def _person(org: str, staff_id: str) -> dict:
    row = load_ledger(org).person.filter(pl.col("staff_id") == staff_id)
    return row.row(0, named=True)


def _stored_with_swe() -> None:
    tables = tiny_tables("T1")
    tables["person"] = tables["person"].with_columns(
        swe_number=pl.lit("SW123"), qual_level=pl.lit("1"))
    store_tables(tables)


def test_columns_left_out_keep_their_stored_values():
    _stored_with_swe()
    given = pl.DataFrame({"organisation": ["T1"], "staff_id": ["T1p1"], "name": ["Alice New"],
                          "sex": ["F"], "ethnicity": ["WBRI"], "disability": ["Y"]})
    report = store_tables({"person": given})
    assert (report.added["person"], report.changed["person"]) == (0, 1)
    alice = _person("T1", "T1p1")
    assert (alice["name"], alice["disability"]) == ("Alice New", "Y")
    assert (alice["swe_number"], alice["birth_date"], alice["qual_level"]) == (
        "SW123", date(1985, 5, 1), "1")


def test_rows_equal_in_the_columns_given_are_unchanged():
    _stored_with_swe()
    given = pl.DataFrame({"organisation": ["T1"], "staff_id": ["T1p1"], "name": ["Alice Able"],
                          "sex": ["F"], "ethnicity": ["WBRI"], "disability": ["N"]})
    report = store_tables({"person": given})
    assert (report.changed["person"], report.unchanged["person"]) == (0, 1)
    assert _person("T1", "T1p1")["swe_number"] == "SW123"


def test_a_new_row_gets_nulls_for_columns_left_out():
    _stored_with_swe()
    given = pl.DataFrame({"organisation": ["T1", "T1"], "staff_id": ["T1p1", "T1p9"],
                          "name": ["Alice Able", "Ivy Ives"], "sex": ["F", "F"],
                          "ethnicity": ["WBRI", "WBRI"], "disability": ["N", "N"]})
    report = store_tables({"person": given})
    assert (report.added["person"], report.unchanged["person"]) == (1, 1)
    ivy = _person("T1", "T1p9")
    assert (ivy["name"], ivy["swe_number"], ivy["birth_date"]) == ("Ivy Ives", None, None)
    assert _person("T1", "T1p1")["swe_number"] == "SW123"
