"""Why a store of import rows was refused, in words a user can act on: by the import's own
checks against what is stored (`ImportRefused`, raised by `bridge`), or by the database
itself (`DatabaseRefused`: a constraint or rule of its own, or a row another writer stored
while this one was being stored, which only PostgreSQL lets happen: SQLite lets one
transaction write at a time; not another import, which waits for the organisation's ledger
lock, `bridge.lock_ledgers`, but a program writing rows without it, as the message says:
`meanwhile`). Either way the whole batch is rolled back: nothing of it is stored.

A refusal may carry, besides its message: `batch_file` (the file being stored when it was
raised, set by `workforce.imports.api.store_batch`), and, for the database's, `table`, `key`
(the natural key of the first row refused, when it is known) and `columns` (the columns the
database named), from which `workforce.imports.refusals.refused_problem` names the file's
row and field."""

from __future__ import annotations

import re

from django.db import DatabaseError

from workforce.ledger import TABLES
from workforce_web.ledger.models import unique_fields

UNIQUE_STATE = "23505"  # PostgreSQL's unique_violation
SQLITE_NAMED = re.compile(r"constraint failed: ([\w., ]+)$")


class ImportRefused(ValueError):
    """Rows that are valid in the columns given but not once merged with the stored values
    (an end before its start), or not beside what the organisation holds; nothing is
    stored."""


class DatabaseRefused(ImportRefused):
    """Rows the database refused as they were stored (`exc`, its IntegrityError or
    DataError): the first refused row of `table`, by its natural `key` where it was found,
    or the batch as a whole (`table` None) when the database refused it only as the
    transaction ended. `hint` says what to do."""

    def __init__(self, exc: DatabaseError, table: str | None = None,
                 key: dict[str, object] | None = None) -> None:
        self.table, self.key = table, key
        self.reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        self.columns = named_columns(exc, table)
        self.meanwhile = bool(table and key) and _unique(exc) and (
            self.columns == unique_fields(TABLES[table]))
        super().__init__(self._message())
        self.hint = _hint(self.meanwhile)

    def _message(self) -> str:
        if not self.table:
            return (f"the database refused the import as it was being stored ({self.reason}), "
                    "so nothing was stored")
        if not self.key:
            return (f"the database refused rows of the {self.table} table ({self.reason}), "
                    "so nothing was stored")
        row = ", ".join(f"{k} {v!r}" if isinstance(v, str) else f"{k} {v}"
                        for k, v in self.key.items())
        if self.meanwhile:  # not an import of Workforce's: those wait for each other
            return (f"another program stored the {self.table} row with {row} while this "
                    "import was being stored, writing to the database without waiting for "
                    "the organisation's imports as Workforce's own do, so the database "
                    "refused the import's row and nothing was stored")
        return (f"the database refused the {self.table} row with {row} ({self.reason}), so "
                "nothing was stored")


def _hint(meanwhile: bool) -> str:
    if meanwhile:
        return ("Import the files again: they are then compared with what is stored now, and "
                "only what they change is written. If it happens again, ask whoever "
                "administers Workforce's database which program writes to it besides "
                "Workforce.")
    return ("The import's own checks passed it, so the rule is the database's: import the "
            "files again, and if they are refused again, ask whoever administers Workforce's "
            "database what it refuses.")


def named_columns(exc: DatabaseError, table: str | None) -> list[str]:
    """The columns of `table` the database's refusal names: a PostgreSQL constraint's (a
    natural key's by its name, ledger_<table>_natural_key) or column, or those SQLite
    lists ("UNIQUE constraint failed: ledger_person.organisation, ..."); none when it names
    none (a rule of a trigger)."""
    if table is None:
        return []
    names = TABLES[table].names
    diag = getattr(exc.__cause__, "diag", None)
    if diag is not None:
        if diag.constraint_name == f"ledger_{table}_natural_key":
            return unique_fields(TABLES[table])
        return [diag.column_name] if diag.column_name in names else []
    found = SQLITE_NAMED.search(str(exc))
    if not found:
        return []
    named = [part.strip().rpartition(".")[2] for part in found.group(1).split(",")]
    return [c for c in named if c in names]


def _unique(exc: DatabaseError) -> bool:
    cause = exc.__cause__
    return (getattr(cause, "sqlstate", None) == UNIQUE_STATE
            or getattr(cause, "sqlite_errorname", "") == "SQLITE_CONSTRAINT_UNIQUE")
