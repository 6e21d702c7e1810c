"""Whatever the bytes, reading gives problems, never a traceback."""

from __future__ import annotations

import random

import openpyxl

from tests.core.test_imports_fixtures import assignments, context, csv_text
from workforce.imports import read_file, read_files

SEEDS = range(80)


def mangle(data: bytes, rng: random.Random) -> bytes:
    """Flip, drop, duplicate or insert a few bytes, including quotes and separators."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out) or 1)
        kind = rng.randrange(4)
        if kind == 0 and out:
            out[at] = rng.randrange(256)
        elif kind == 1 and out:
            del out[at]
        elif kind == 2:
            out[at:at] = rng.choice([b'"', b",", b";", b"\n", b"\r", b"\x00", b"=", b"\xff"])
        else:
            out[at:at] = out[at:at + rng.randint(1, 40)]
    return bytes(out)


def test_mangled_csv_files_give_problems_not_exceptions(tmp_path):
    good = csv_text(assignments({}, {"assignment_id": "A2", "staff_id": "P2", "fte": "0.4",
                                     "job_title": 'Senior, "lead" practitioner'})).encode()
    stored = context()
    for seed in SEEDS:
        path = tmp_path / f"assignment{seed}.csv"
        path.write_bytes(mangle(good, random.Random(seed)))
        result = read_file(path, stored, table="assignment")
        assert not [str(p) for p in result.errors if "fault in Workforce" in p.hint], seed


def test_mangled_workbooks_give_problems_not_exceptions(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "assignment"
    rows = assignments({})
    book.active.append(list(rows[0]))
    book.active.append([value or None for value in rows[0].values()])
    book.save(tmp_path / "good.xlsx")
    good = (tmp_path / "good.xlsx").read_bytes()
    paths = []
    for seed in range(40):
        path = tmp_path / f"assignment{seed}.xlsx"
        path.write_bytes(mangle(good, random.Random(seed)))
        paths.append(path)
    for result in read_files(paths, context()):
        assert result.errors or result.tables
        assert not [str(p) for p in result.errors if "fault in Workforce" in p.hint]
