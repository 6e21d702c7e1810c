"""SQLite: two transactions that each read and then write, overlapping, both succeed, the
second waiting for the first (`settings.SQLITE_OPTIONS`: BEGIN IMMEDIATE, with a busy
timeout). With SQLite's default deferred transactions the second failed as "database is
locked" (a server error) when it came to write after the first had written.

The database is a file of its own (WAL, as the product's), so this runs on the PostgreSQL
run too, checking the options the product gives SQLite."""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

ALIAS = "sqlite_file"


@pytest.fixture
def file_db(tmp_path, django_db_blocker):
    """A SQLite file database with one counter, configured as the product configures
    SQLite, under a connection alias of its own."""
    configured = connections.configure_settings({"default": {}, ALIAS: {
        "ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3"),
        "OPTIONS": dict(settings.SQLITE_OPTIONS)}})
    connections.settings[ALIAS] = configured[ALIAS]
    try:
        with django_db_blocker.unblock():
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("CREATE TABLE counter (n integer)")
                cursor.execute("INSERT INTO counter VALUES (0)")
            connections[ALIAS].close()
            yield ALIAS
    finally:
        del connections.settings[ALIAS]


def _add_one(alias: str, name: str, read: threading.Event, results: dict) -> None:
    """Read the counter, wait a moment (as a request works), then write it one higher, in one
    transaction; the second thread starts once the first has read."""
    try:
        if name == "second":
            read.wait(5)
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            n = cursor.fetchone()[0]
            if name == "first":
                read.set()
            time.sleep(0.4)
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
        results[name] = "ok"
    except Exception as exc:  # told by the assertion
        results[name] = repr(exc)
    finally:
        connections[alias].close()


def test_two_overlapping_read_then_write_transactions_both_succeed(file_db):
    read, results = threading.Event(), {}
    threads = [threading.Thread(target=_add_one, args=(file_db, n, read, results))
               for n in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == {"first": "ok", "second": "ok"}
    with connections[file_db].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone()[0] == 2  # the second read the first's write: none lost
    connections[file_db].close()


def test_the_products_sqlite_database_begins_transactions_immediately():
    assert settings.SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert settings.SQLITE_OPTIONS["timeout"] >= 20
    if connection.vendor == "sqlite":
        options = settings.DATABASES["default"]["OPTIONS"]
        assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 20
