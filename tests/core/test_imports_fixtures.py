"""Builders for import tests: tiny ledgers and files written into tmp_path.

No tests here; the other `test_imports_*` modules import these helpers. Malformed files are
built in each test, so no binary fixtures live in the repository.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import polars as pl

from workforce.ledger import TABLES, Ledger
from workforce.ledger.tables import Column, Table

ORG = "881"

ASSIGNMENT = {
    "organisation": ORG, "assignment_id": "A1", "staff_id": "P1", "unit": "T1",
    "contract": "permanent", "staff_group": "social_worker", "org_role": "5",
    "job_title": "Social worker", "grade": "", "fte": "1", "case_holder": "yes",
    "start_date": "2024-01-01", "end_date": "",
}


def context() -> Ledger:
    """A stored ledger: one organisation, a directorate and a team, two people, and P2's
    0.6 FTE permanent assignment from 2023."""
    return Ledger({
        "organisation": pl.DataFrame({"code": [ORG], "name": ["Shire County Council"]}),
        "unit": pl.DataFrame({"organisation": [ORG, ORG], "code": ["CS", "T1"],
                              "name": ["Children's services", "Team one"],
                              "kind": ["directorate", "team"], "parent": [None, "CS"]}),
        "person": pl.DataFrame({"organisation": [ORG, ORG], "staff_id": ["P1", "P2"],
                                "name": ["Ann", "Bo"], "sex": ["F", "M"],
                                "ethnicity": ["WBRI", "AIND"], "disability": ["N", "N"]}),
        "assignment": pl.DataFrame({
            "organisation": [ORG], "assignment_id": ["A0"], "staff_id": ["P2"],
            "unit": ["T1"], "contract": ["permanent"], "staff_group": ["social_worker"],
            "job_title": ["Social worker"], "fte": [0.6],
            "start_date": [date(2023, 1, 1)]}),
    })


def csv_text(rows: list[dict[str, str]], header: list[str] | None = None,
             separator: str = ",") -> str:
    """CSV text with `header` (default: the first row's keys) and the rows' values."""
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


def write_csv(folder: Path, name: str, rows: list[dict[str, str]], **kwargs) -> Path:
    """Write `rows` as a UTF-8 CSV file called `name` in `folder`."""
    path = folder / name
    path.write_text(csv_text(rows, **kwargs), encoding="utf-8", newline="")
    return path


def assignments(*changes: dict[str, str]) -> list[dict[str, str]]:
    """Assignment rows: one per change, each the valid `ASSIGNMENT` with changes applied."""
    return [{**ASSIGNMENT, **change} for change in changes]


def sample_value(t: Table, col: Column, i: int) -> object:
    """A valid value for row `i` (1 or 2) of any table, consistent across references."""
    names = {"organisation": ORG, "staff_id": f"P{i}", "supervisor_id": f"P{i}",
             "appointed_staff_id": f"P{i}", "unit": f"U{i}", "post_id": f"POST{i}",
             "course": f"C{i}"}
    codes = {"organisation": ORG, "unit": f"U{i}", "course": f"C{i}"}
    if t.name == "organisation" and col.name == "code":
        return ORG
    if col.name == "code":
        return codes.get(t.name, f"{t.name}-{i}")
    if col.name == "parent":
        return "U1" if i == 2 else None
    if col.name in names:
        return names[col.name]
    if col.kind == "code":
        return list(col.codes or {})[i - 1]
    if col.name == "birth_date":  # a qualification comes after the 18th birthday
        return date(1980, 1, i)
    if col.kind == "date":
        return date(2024, 12 if t.span and col.name == t.span[1] else 1, i)
    return {"str": f"{col.name} {i}", "int": i, "float": 0.5 * i / 2 + 0.25,
            "bool": i == 1}[col.kind]


def sample_ledger() -> Ledger:
    """A ledger with rows in every table (one organisation, two rows elsewhere), every
    column filled, built from the declarations alone."""
    frames = {}
    for name, t in TABLES.items():
        count = 1 if name == "organisation" else 2
        rows = [{col.name: sample_value(t, col, i) for col in t.columns}
                for i in range(1, count + 1)]
        frames[name] = pl.DataFrame(rows, schema=t.schema, orient="row")
    return Ledger(frames)


def sorted_by_key(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    t = TABLES[name]
    key = list(t.key) if name == "organisation" else ["organisation", *t.key]
    return frame.sort(key)
