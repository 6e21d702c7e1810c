"""`workforce import` of files the database itself refuses as they are stored (a rule of its
own the import's checks do not know: `tests.web.database_rules`) says which file, row and
columns it refused where it can, with what to do, after every file's warnings, and stores
nothing; before, it ended in the database's traceback."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from tests.web.database_rules import WHY, database_rule
from tests.web.test_upload_refused_by_database import ABSENCE, LATER, POST
from workforce.cli import app
from workforce_web.bridge import load_ledger, store_tables
from workforce_web.ledger.models import LEDGER_MODELS, LedgerVersion

runner = CliRunner()


def said(result) -> str:
    return " ".join(result.output.split())  # Rich wraps long lines


def run(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return runner.invoke(app, ["import", *(str(tmp_path / name) for name in files)])


@pytest.mark.django_db
def test_a_row_the_database_refuses_is_named_and_nothing_is_stored(tmp_path):
    store_tables(tiny_tables("T1"))
    version = LedgerVersion.objects.get(organisation="T1").version
    with database_rule("row"):
        result = run(tmp_path, {"absence.csv": ABSENCE, "post.csv": POST})
    out = said(result)
    assert result.exit_code == 2, out
    assert result.exception is None or isinstance(result.exception, SystemExit), out
    assert (f"post.csv: start_date is more than six months after today "
            f"({date.today().isoformat()}) on row 2 (\"{LATER.isoformat()}\")") in out
    assert ("absence.csv: not imported — refused when it was stored: absence.csv row 3: "
            "the database refused the "
            "absence row with organisation 'T1', staff_id 'T1p2', start_date 2025-01-06, "
            f"reason 'OTH' ({WHY}), so nothing was stored.") in out
    assert "ask whoever administers Workforce's database" in out
    assert ("Nothing was imported: absence.csv was refused when it was stored, so nothing "
            "from it was stored, and post.csv was not stored either") in out
    assert "Traceback" not in out and "IntegrityError" not in out and "Stored" not in out
    assert load_ledger("T1").absence.is_empty()
    assert not LEDGER_MODELS["post"].objects.filter(post_id="P9").exists()
    assert LedgerVersion.objects.get(organisation="T1").version == version


@pytest.mark.django_db(transaction=True)
def test_a_batch_the_database_refuses_as_a_whole_is_told_and_nothing_is_stored(
        tmp_path):
    store_tables(tiny_tables("T1"))
    version = LedgerVersion.objects.get(organisation="T1").version
    with database_rule("end"):
        result = run(tmp_path, {"absence.csv": ABSENCE, "post.csv": POST})
    out = said(result)
    assert result.exit_code == 2, out
    assert "absence.csv: start_date is more than six months after today" in out
    assert ("absence.csv and post.csv: not imported — the database refused the import as it "
            "was being stored (") in out
    assert "Traceback" not in out and "Stored" not in out
    assert load_ledger("T1").absence.is_empty()
    assert not LEDGER_MODELS["post"].objects.filter(post_id="P9").exists()
    assert LedgerVersion.objects.get(organisation="T1").version == version
