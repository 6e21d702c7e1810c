"""`workforce import` of a cell far too long (a 5,000-character name): the problem quotes
the start of the value and says how long it is, so the terminal shows a readable line, not
the whole cell."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce_web.bridge import store_tables

runner = CliRunner()


@pytest.mark.django_db
def test_a_5000_character_name_is_quoted_shortened(tmp_path):
    store_tables(tiny_tables("T1"))
    name = ("Ann " * 1250).strip() + "x"
    path = tmp_path / "person.csv"
    path.write_text("organisation,staff_id,name,sex,ethnicity,disability\n"
                    f"T1,T1p9,{name},F,WBRI,N\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path)])
    said = " ".join(result.output.split())  # Rich wraps long lines
    assert result.exit_code == 1, said
    assert (f'person.csv row 2, column name: "{("Ann " * 15)[:59]}…" is 5,000 characters '
            "long; name holds at most 300. Shorten it") in said
    assert "Ann " * 16 not in said
    assert len(result.output) < 1_000
