"""A 200,000-row assignment file is read and fully checked in a few seconds."""

from __future__ import annotations

import time

import polars as pl

from tests.core.test_imports_fixtures import ORG
from workforce.imports import read_file
from workforce.ledger import Ledger

ROWS = 200_000
PEOPLE = 50_000  # four back-to-back assignments each
SECONDS = 10  # measured at about 1.5 s on an idle two-core machine; generous for busy CI


def big_assignment_file(path) -> None:
    i = pl.int_range(0, ROWS, eager=True)
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


def context() -> Ledger:
    people = pl.select(staff_id=pl.format("P{}", pl.int_range(0, PEOPLE, eager=True)))
    return Ledger({
        "organisation": pl.DataFrame({"code": [ORG], "name": ["Shire"]}),
        "unit": pl.DataFrame({"organisation": [ORG], "code": ["T1"], "name": ["Team"],
                              "kind": ["team"]}),
        "person": people.with_columns(organisation=pl.lit(ORG), name=pl.lit("x"),
                                      sex=pl.lit("F"), ethnicity=pl.lit("WBRI"),
                                      disability=pl.lit("N")),
    })


def test_a_200000_row_assignment_file_is_checked_in_seconds(tmp_path):
    path = tmp_path / "assignment.csv"
    big_assignment_file(path)
    stored = context()
    calls = []
    started = time.perf_counter()
    result = read_file(path, stored, progress=lambda done, total: calls.append((done, total)))
    took = time.perf_counter() - started
    assert result.errors == []
    assert result.tables["assignment"].height == ROWS
    assert calls[-1] == (ROWS, ROWS)
    assert took < SECONDS, f"took {took:.1f}s"


def test_a_200000_row_file_full_of_errors_is_reported_as_fast_and_capped(tmp_path):
    path = tmp_path / "assignment.csv"
    big_assignment_file(path)
    text = path.read_text(encoding="utf-8").replace(",1,yes,", ",1.5,yes,")
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = read_file(path, context())
    took = time.perf_counter() - started
    assert len(result.errors) == 1
    assert "(also rows 3" not in str(result.errors[0])
    assert result.errors[0].also_count == ROWS // 2 - 1
    assert took < SECONDS, f"took {took:.1f}s"
