"""Build tiny ledgers for tests, filling every required column with a sensible default.

    from tests.core.ledger_builder import agency, build, sw

    ledger = build(assignments=[sw("a", fte=0.5, start="2023-01-01", end="2024-03-31")])

Dates may be given as "YYYY-MM-DD" strings. People and units referred to but not listed are
created: every person gets defaults (sex F, ethnicity WBRI, disability N), every unknown unit
becomes a team under the service "SVC", which sits under the directorate "DIR". The default
organisation is "T1". Assignment ids default to "<staff_id>-<n>".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import polars as pl

from workforce.ledger import Ledger

ORG = "T1"
Row = dict[str, Any]

_DEFAULTS: dict[str, Row] = {
    "person": {"sex": "F", "ethnicity": "WBRI", "disability": "N",
               "birth_date": date(1985, 6, 15), "qual_date": date(2010, 7, 1)},
    "assignment": {"unit": "A", "contract": "permanent", "staff_group": "social_worker",
                   "org_role": "5", "job_title": "Social worker", "fte": 1.0,
                   "start_date": date(2015, 1, 1), "end_date": None},
    "post": {"unit": "A", "title": "Social worker", "staff_group": "social_worker",
             "org_role": "5", "fte": 1.0, "start_date": date(2015, 1, 1)},
    "absence": {"reason": "SIC"},
    "caseload": {},
    "allocation": {"looked_after": True},
    "recruitment": {"unit": "A", "staff_group": "social_worker", "outcome": "appointed"},
}
_SHORT = {"start": "start_date", "end": "end_date", "id": "assignment_id", "staff": "staff_id",
          "days": "working_days_lost", "role": "org_role", "reason_leave": "leaving_reason"}


def d(value: date | str | None) -> date | None:
    """A date from a date or an ISO string."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _row(table: str, row: Row) -> Row:
    out = {**_DEFAULTS.get(table, {}), "organisation": ORG}
    for key, value in row.items():
        out[_SHORT.get(key, key)] = value
    return {k: d(v) if ("date" in k and isinstance(v, str)) else v for k, v in out.items()}


def sw(staff_id: str, **fields: Any) -> Row:
    """A directly employed social worker's assignment (override any field)."""
    return {"staff_id": staff_id, **fields}


def agency(staff_id: str, **fields: Any) -> Row:
    """An agency social worker's assignment."""
    return {"staff_id": staff_id, "contract": "agency", **fields}


def _units(rows: Iterable[Row], given: list[Row]) -> list[Row]:
    units = [{"code": "DIR", "name": "Directorate", "kind": "directorate", "parent": None},
             {"code": "SVC", "name": "Service", "kind": "service", "parent": "DIR"}]
    units = [u for u in units if u["code"] not in {g["code"] for g in given}] + given
    known = {u["code"] for u in units}
    for r in rows:
        if r.get("unit") and r["unit"] not in known:
            units.append({"code": r["unit"], "name": f"Team {r['unit']}", "kind": "team",
                          "parent": "SVC"})
            known.add(r["unit"])
    return [{**u, "organisation": ORG} for u in units]


def _assignments(rows: list[Row]) -> list[Row]:
    counts: dict[str, int] = {}
    out = []
    for r in rows:
        r = _row("assignment", r)
        counts[r["staff_id"]] = counts.get(r["staff_id"], 0) + 1
        r.setdefault("assignment_id", f"{r['staff_id']}-{counts[r['staff_id']]}")
        out.append(r)
    return out


def build(assignments: list[Row] = (), person: list[Row] = (), units: list[Row] = (),
          posts: list[Row] = (), absences: list[Row] = (), caseloads: list[Row] = (),
          allocations: list[Row] = (), recruitment: list[Row] = (), **tables: list[Row]
          ) -> Ledger:
    """A ledger of organisation T1 with the given rows (see the module docstring)."""
    a = _assignments(list(assignments))
    people = [_row("person", p) for p in person]
    named = {p["staff_id"] for p in people}
    for sid in dict.fromkeys(r["staff_id"] for r in a):
        if sid not in named:
            people.append(_row("person", {"staff_id": sid, "name": f"Person {sid}"}))
    for p in people:
        p.setdefault("name", f"Person {p['staff_id']}")
    p_rows = [_row("post", {"post_id": f"P{i}", **p}) for i, p in enumerate(posts, 1)]
    frames: dict[str, list[Row]] = {
        "organisation": [{"code": ORG, "name": "Test council", "old_la_code": "999"}],
        "unit": _units([*a, *p_rows, *recruitment], list(units)),
        "person": people, "assignment": a, "post": p_rows,
        "absence": [_row("absence", r) for r in absences],
        "caseload": [_row("caseload", r) for r in caseloads],
        "allocation": [_row("allocation", r) for r in allocations],
        "recruitment": [_row("recruitment", r) for r in recruitment],
        **{k: [_row(k, r) for r in v] for k, v in tables.items()},
    }
    return Ledger({k: _frame(k, v) for k, v in frames.items() if v})


def _frame(name: str, rows: list[Row]) -> pl.DataFrame:
    from workforce.ledger.tables import table

    schema = table(name).schema
    cols = list(dict.fromkeys(c for r in rows for c in r))
    unknown = [c for c in cols if c not in schema]
    if unknown:
        raise KeyError(f"{name} has no column(s) {unknown}")
    return pl.DataFrame([{c: r.get(c) for c in cols} for r in rows],
                        schema={c: schema[c] for c in cols}, strict=False)
