"""Helpers of the tests where two writers meet (an import and a save, two imports): the
PostgreSQL-only mark, and running one writer in a thread of its own."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

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
