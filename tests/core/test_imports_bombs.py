"""A small crafted workbook that unpacks to far more than it holds is refused before it is
read, with a plain message; padding after a sheet's data is skipped, not held."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from tests.core.test_imports_fixtures import ORG, context
from workforce.imports import read_file, xlsx_reader


def workbook(rows: int = 3) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "person"
    sheet.append(["organisation", "staff_id", "name", "sex", "ethnicity", "disability"])
    for i in range(rows):
        sheet.append([ORG, f"P{i}", f"Person {i}", "F", "WBRI", "N"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def padded(data: bytes, member: str, extra: bytes) -> bytes:
    """`data` with `extra` added to the end of zip member `member`."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            z.writestr(info.filename, body + extra if info.filename == member else body)
    return out.getvalue()


def test_a_decompression_bomb_is_refused_before_it_is_read(tmp_path):
    bomb = padded(workbook(), "xl/worksheets/sheet1.xml", b" " * (80 << 20))
    assert len(bomb) < 1 << 20  # under a megabyte, unpacking to 80 MB
    path = tmp_path / "person.xlsx"
    path.write_bytes(bomb)
    result = read_file(path, context())
    said = " ".join(str(p) for p in result.errors)
    assert "unpacks to 80 MB" in said and "far more than a workbook saved by Excel" in said


def test_a_workbook_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_UNZIPPED", 10_000)
    path = tmp_path / "person.xlsx"
    path.write_bytes(workbook(rows=400))
    said = " ".join(str(p) for p in read_file(path, context()).errors)
    assert "more than the 0 MB a workbook may hold" in said


def test_an_ordinary_workbook_is_read(tmp_path):
    path = tmp_path / "person.xlsx"
    path.write_bytes(workbook())
    result = read_file(path, context())
    assert not result.errors and result.tables["person"].height == 3


def test_padding_after_the_data_is_not_held_beyond_a_limit(monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_TAIL", 1 << 20)
    data = padded(workbook(), "xl/worksheets/sheet1.xml", b" " * (8 << 20))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        assert xlsx_reader._merged_ranges(book, book.active) == []
    finally:
        book.close()


def test_the_action_plan_import_refuses_a_bomb_too():
    import pytest

    from workforce.strategy.workbook_cells import Bad, open_book

    bomb = padded(workbook(), "xl/worksheets/sheet1.xml", b" " * (80 << 20))
    with pytest.raises(Bad, match="unpacks to 80 MB"):
        open_book(bomb)
