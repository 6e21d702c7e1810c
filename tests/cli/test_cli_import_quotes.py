"""`workforce import` of a CSV file with a double quote that is never closed: refused with the
row and field named, and nothing from the file stored."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce_web.bridge import load_ledger, store_tables

runner = CliRunner()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [4, 5_000])
def test_an_unclosed_quote_is_refused_naming_its_row_and_stores_nothing(tmp_path, rows):
    store_tables(tiny_tables("T1"))
    before = load_ledger("T1").person
    lines = ["organisation,staff_id,sex,ethnicity,disability,name"]
    lines += [f"T1,T1n{row},F,WBRI,N,New person {row}" for row in range(2, rows + 2)]
    bad = rows // 2 + 1
    lines[bad - 1] = lines[bad - 1].replace(",New", ',"New')  # in the last column
    lines.append("T1,T1p1,F,WBRI,N,Alice Changed")  # a stored person, swallowed
    path = tmp_path / "person.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert f"person.csv row {bad}, column name: a double quote opened in field 'name'" in said
    assert "is never closed" in said
    after = load_ledger("T1").person
    assert after.height == before.height
    assert after.sort("staff_id").equals(before.sort("staff_id"))
