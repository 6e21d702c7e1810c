"""The bridge stores frames by natural key and loads them back unchanged."""

from __future__ import annotations

import polars as pl
import pytest

from tests.web.conftest import tiny_tables
from workforce.ledger import conform
from workforce_web.bridge import load_ledger, store_tables

pytestmark = pytest.mark.django_db


def test_stored_tables_load_back_equal():
    tables = tiny_tables("T1")
    store_tables(tables)
    ledger = load_ledger("T1")
    for name, frame in tables.items():
        expected = conform(name, frame)
        assert ledger[name].sort(expected.columns[:2]).equals(expected.sort(expected.columns[:2]))


def test_storing_the_same_rows_again_changes_nothing():
    store_tables(tiny_tables("T1"))
    report = store_tables(tiny_tables("T1"))
    assert report.total_written == 0
    assert report.unchanged["assignment"] == 3


def test_a_changed_row_is_updated_in_place():
    store_tables(tiny_tables("T1"))
    tables = tiny_tables("T1")
    tables["assignment"] = tables["assignment"].with_columns(
        pl.when(pl.col("assignment_id") == "a2").then(0.6).otherwise(pl.col("fte")).alias("fte"))
    report = store_tables({"assignment": tables["assignment"]})
    assert (report.added["assignment"], report.changed["assignment"]) == (0, 1)
    fte = load_ledger("T1").assignment.filter(pl.col("assignment_id") == "a2")["fte"].item()
    assert fte == 0.6


def test_every_table_and_kind_of_column_loads_back_as_stored():
    # the demo fills every table: dates (some empty), booleans, whole and decimal numbers
    from datetime import date

    from workforce.demo import generate

    ledger = generate(staff=25, years=2, seed=5, today=date(2025, 3, 31))
    store_tables(dict(ledger.frames))
    back = load_ledger(ledger.organisations[0])
    for name in ledger.frames:
        expected = conform(name, ledger[name])
        got = back[name]
        assert got.schema == expected.schema, name
        assert got.height == expected.height, name
        assert got.sort(got.columns).equals(expected.sort(expected.columns)), name


def test_a_stored_value_that_does_not_fit_its_column_is_an_error_naming_it():
    # SQLite lets another tool write text into a number column; it must not load as blank
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite stores a value of the wrong type")
    tables = tiny_tables("T1")
    store_tables(tables)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_assignment SET fte = 'about half' WHERE id = "
                       "(SELECT MIN(id) FROM ledger_assignment)")
    with pytest.raises(ValueError, match="assignment table holds 'about half' in column fte"):
        load_ledger("T1")
