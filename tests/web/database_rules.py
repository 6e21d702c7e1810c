"""Rules the database keeps of its own, which the import's checks do not know, made by a
test (a trigger, for SQLite and PostgreSQL alike) to see how an import the database refuses
is told: `with database_rule("row")` refuses T1p2's absences as they are written,
`database_rule("end")` any absence as the transaction ends (a deferred constraint)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

WHY = "absences of T1p2 are kept in another system"

SQLITE = {
    "row": [f"CREATE TRIGGER wf_test_rule BEFORE INSERT ON ledger_absence WHEN "
            f"NEW.staff_id = 'T1p2' BEGIN SELECT RAISE(ABORT, '{WHY}'); END"],
    "end": ["CREATE TABLE wf_test_parent (id INTEGER PRIMARY KEY)",
            "CREATE TABLE wf_test_child (parent INTEGER REFERENCES wf_test_parent (id) "
            "DEFERRABLE INITIALLY DEFERRED)",
            "CREATE TRIGGER wf_test_rule AFTER INSERT ON ledger_absence BEGIN "
            "INSERT INTO wf_test_child VALUES (1); END"],
}
SQLITE_UNDO = ["DROP TRIGGER IF EXISTS wf_test_rule", "DROP TABLE IF EXISTS wf_test_child",
               "DROP TABLE IF EXISTS wf_test_parent"]
POSTGRESQL = {
    "row": ["CREATE FUNCTION wf_test_rule() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.staff_id = 'T1p2' THEN RAISE EXCEPTION '{WHY}' USING ERRCODE = "
            "'check_violation'; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER wf_test_rule BEFORE INSERT ON ledger_absence FOR EACH ROW "
            "EXECUTE FUNCTION wf_test_rule()"],
    "end": ["CREATE FUNCTION wf_test_rule() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'absences are checked at the end' USING ERRCODE = "
            "'integrity_constraint_violation'; END $$",
            "CREATE CONSTRAINT TRIGGER wf_test_rule AFTER INSERT ON ledger_absence "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wf_test_rule()"],
}
POSTGRESQL_UNDO = ["DROP TRIGGER IF EXISTS wf_test_rule ON ledger_absence",
                   "DROP FUNCTION IF EXISTS wf_test_rule()"]


@contextmanager
def database_rule(kind: str) -> Iterator[None]:
    """The database keeps a rule of its own while in the block, "row" (it refuses T1p2's
    absences as they are written) or "end" (it refuses any absence as the transaction
    ends)."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for sql in (POSTGRESQL if postgresql else SQLITE)[kind]:
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in POSTGRESQL_UNDO if postgresql else SQLITE_UNDO:
                cursor.execute(sql)
