"""An organisation's advisory locks: what makes writers of one organisation's data wait for
each other, when there may be no row to lock yet.

PostgreSQL: `lock_organisation(kind, organisation)` takes a transaction-level advisory lock
(pg_advisory_xact_lock), held until the transaction ends, keyed by two ints: the first says
what is locked (`kind`), the second is the organisation's code hashed (CRC-32, made a
signed 32-bit int): two codes with one hash only wait for each other, never write over each
other. Each kind has a first key of its own, so that what takes one kind never waits for
what takes another:

- `STRATEGIES`: an organisation's strategy plans (`strategy.models.plan.lock_organisation`,
  taken before any strategy's row lock);
- `LEDGER`: an organisation's ledger (its HR rows), taken by every import of them
  (`bridge.store_tables`, `bridge.store_batch`, `bridge.ledger_held`, the census import's
  `store_replacing`) before it reads what is stored, so that two imports of one
  organisation are checked and stored one after the other, the second against what the
  first stored; imports of different organisations do not wait for each other.

Nothing takes the `LEDGER` lock while holding a `STRATEGIES` one or a strategy's row lock,
and one transaction takes several organisations' locks of a kind in the order of their
codes, so no two transactions wait for each other for ever.

SQLite lets one transaction write at a time (each writer takes that lock as it begins,
`bridge._write_transaction`, `settings.SQLITE_OPTIONS`): nothing to take.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from django.db import connection

STRATEGIES = 0x5754_5331
"""The first key of an organisation's strategy plans' advisory lock ("WTS1")."""

LEDGER = 0x5754_4C31
"""The first key of an organisation's ledger's advisory lock ("WTL1")."""


def organisation_key(organisation: str) -> int:
    """The second key of `organisation`'s locks: its code's CRC-32 as a signed 32-bit int
    (PostgreSQL's int)."""
    return zlib.crc32(organisation.encode()) - 2 ** 31


def lock_organisation(kind: int, organisation: str) -> None:
    """Hold `organisation`'s lock of `kind` (`STRATEGIES`, `LEDGER`) until the transaction
    ends (PostgreSQL; SQLite: nothing to take). Must be called in a transaction."""
    lock_organisations(kind, [organisation])


def lock_organisations(kind: int, organisations: Iterable[str]) -> None:
    """Hold the locks of `kind` of every one of `organisations` until the transaction ends,
    taken in the order of their codes (so that two transactions taking some of the same
    ones never wait for each other for ever). Taking one already held by this transaction
    does not wait."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for organisation in sorted(set(organisations)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                           [kind, organisation_key(organisation)])
