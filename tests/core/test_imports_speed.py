"""Large assignment files are checked whole: progress reaches the end, errors are capped.

How fast is measured by bench/imports.py, not here."""

from __future__ import annotations

import polars as pl

from tests.core.test_imports_fixtures import ORG
from workforce.imports import read_file
from workforce.ledger import Ledger

ROWS = 20_000
PEOPLE = ROWS // 4  # four back-to-back assignments each


def big_assignment_file(path, rows: int = ROWS) -> None:
    i = pl.int_range(0, rows, eager=True)
    person, step = i // 4, i % 4
    start = pl.date(2016, 1, 1) + pl.duration(days=step * 400 + person % 97)
    frame = pl.select(
        organisation=pl.lit(ORG), assignment_id=pl.format("A{}", i),
        staff_id=pl.format("P{}", person), unit=pl.lit("T1"), post_id=pl.lit(None, pl.String),
        contract=pl.when(person % 10 == 0).then(pl.lit("agency")).otherwise(pl.lit("permanent")),
        staff_group=pl.lit("social_worker"), org_role=pl.lit("5"),
        job_title=pl.lit("Social worker"), grade=pl.lit("SW2"),
        fte=pl.when(step % 2 == 0).then(pl.lit("1")).otherwise(pl.lit("0.6")),
        case_holder=pl.lit("yes"), start_date=start.dt.strftime("%d/%m/%Y"),
        end_date=pl.when(step < 3).then(
            (start + pl.duration(days=399)).dt.strftime("%Y-%m-%d")),
    )
    frame.write_csv(path)


def context(people: int = PEOPLE) -> Ledger:
    people = pl.select(staff_id=pl.format("P{}", pl.int_range(0, people, eager=True)))
    return Ledger({
        "organisation": pl.DataFrame({"code": [ORG], "name": ["Shire"]}),
        "unit": pl.DataFrame({"organisation": [ORG], "code": ["T1"], "name": ["Team"],
                              "kind": ["team"]}),
        "person": people.with_columns(organisation=pl.lit(ORG), name=pl.lit("x"),
                                      sex=pl.lit("F"), ethnicity=pl.lit("WBRI"),
                                      disability=pl.lit("N")),
    })


def test_a_large_assignment_file_is_checked_whole_with_progress(tmp_path):
    path = tmp_path / "assignment.csv"
    big_assignment_file(path)
    stored = context()
    calls = []
    result = read_file(path, stored, progress=lambda done, total: calls.append((done, total)))
    assert result.errors == []
    assert result.tables["assignment"].height == ROWS
    assert calls[-1] == (ROWS, ROWS)


def test_a_large_file_full_of_errors_is_reported_as_one_capped_problem(tmp_path):
    path = tmp_path / "assignment.csv"
    big_assignment_file(path)
    text = path.read_text(encoding="utf-8").replace(",1,yes,", ",1.5,yes,")
    path.write_text(text, encoding="utf-8")
    result = read_file(path, context())
    assert len(result.errors) == 1
    assert "(also rows 3" not in str(result.errors[0])
    assert result.errors[0].also_count == ROWS // 2 - 1
