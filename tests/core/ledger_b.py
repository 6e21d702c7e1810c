"""A tiny-ledger builder for the part-B measure tests (support, growth, survey, exits, costs,
profile, events).

    build(person=[p("A")], assignment=[a("A", "2024-01-01")], supervision=[...])

Every row gets the organisation "X"; the unit tree is X-DIR > S1 > (T1, T2) unless given.
Dates may be written as ISO strings.
"""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.tables import table

ORG = "X"
UNITS = [
    {"code": "DIR", "name": "Children's services", "kind": "directorate", "parent": None},
    {"code": "S1", "name": "Safeguarding", "kind": "service", "parent": "DIR"},
    {"code": "T1", "name": "Team one", "kind": "team", "parent": "S1"},
    {"code": "T2", "name": "Team two", "kind": "team", "parent": "S1"},
]
_ids = count(1)


def d(text: str | date | None) -> date | None:
    """An ISO date string as a date (None and dates pass through)."""
    return date.fromisoformat(text) if isinstance(text, str) else text


def _frame(name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    t = table(name)
    fixed = []
    for row in rows:
        row = {"organisation": ORG, **row}
        fixed.append({k: d(v) if t.column(k).kind == "date" else v for k, v in row.items()})
    schema = {k: t.column(k).dtype for r in fixed for k in r}
    return pl.DataFrame(fixed, schema=schema)


def build(**tables: list[dict[str, Any]]) -> Ledger:
    """A Ledger of organisation X from lists of row dicts per table."""
    frames = {"organisation": pl.DataFrame({"code": [ORG], "name": ["Example"]})}
    tables.setdefault("unit", UNITS)
    for name, rows in tables.items():
        frames[name] = _frame(name, rows) if rows else table(name).empty()
    return Ledger(frames)


def p(staff_id: str, **kw: Any) -> dict[str, Any]:
    """A person: female, White British, not disabled unless told."""
    return {"staff_id": staff_id, "name": staff_id, "sex": "F", "ethnicity": "WBRI",
            "disability": "N", **kw}


def a(staff_id: str, start: str, end: str | None = None, **kw: Any) -> dict[str, Any]:
    """An assignment: a permanent full-time case-holding social worker in team T1."""
    return {"assignment_id": f"A{next(_ids)}", "staff_id": staff_id, "unit": "T1",
            "contract": "permanent", "staff_group": "social_worker", "org_role": "5",
            "job_title": "Social worker", "grade": "Grade 9", "fte": 1.0, "start_date": start,
            "end_date": end, **kw}


def ev(kind: str, on: str, **kw: Any) -> dict[str, Any]:
    """A register event."""
    return {"event_id": f"E{next(_ids)}", "kind": kind, "date": on, **kw}


def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Result rows as dicts, for whole-output comparisons."""
    return frame.to_dicts()
