"""Helpers of the tests where two writers meet (an import and a save, two imports): the
PostgreSQL-only mark, running one writer in a thread of its own, and one holding its
transaction open while another writer comes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks: PostgreSQL (SQLite lets one transaction write at once, and each takes "
           "that lock as it begins)")


def in_thread(work: Callable[[], object], errors: list) -> threading.Thread:
    """Start `work` in a thread with its own database connection (closed when it ends);
    what it raises goes in `errors`, for the test's assertion."""
    def run() -> None:
        try:
            work()
        except Exception as e:  # noqa: BLE001 (told in the test's assertion)
            errors.append(e)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def holding(work: Callable[[], object], errors: list, seconds: float
            ) -> tuple[threading.Thread, list[float]]:
    """Run `work` (which takes locks and writes) in a transaction in a thread of its own
    (`in_thread`), and keep that transaction open `seconds` once it has returned; return
    once it has (its locks held, its writes not committed), with the thread and a list that
    gets the moment the transaction is about to commit (read before the commit: a writer
    let go by it may run before this thread does)."""
    held, ending = threading.Event(), []

    def hold() -> None:
        with transaction.atomic():
            work()
            held.set()
            time.sleep(seconds)
            ending.append(time.monotonic())

    thread = in_thread(hold, errors)
    assert held.wait(10), errors
    return thread, ending
