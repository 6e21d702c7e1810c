"""Files of person-level data a command writes (an export's CSV files or workbook, a census
return, a census validation report naming workers by SWE number) are readable by their
owner only (0600), and the folders made for them too (0700), whatever the umask: they were
created with it (0644 and 0755 under the usual 022), readable by everyone on the machine."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce.demo import generate
from workforce.imports import write_csv_folder
from workforce_web.bridge import store_tables

runner = CliRunner()


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask most systems give (022): files 0644, folders 0755 unless made otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    before = os.umask(0o077)  # the test data itself: not what is tested
    try:
        write_csv_folder(generate(staff=40, years=1, seed=1, today=date(2025, 10, 15)),
                         folder)
    finally:
        os.umask(before)
    return folder


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db
def test_an_export_to_a_folder_is_only_yours(tmp_path):
    store_tables(tiny_tables("T1"))
    out = tmp_path / "made" / "export"
    result = runner.invoke(app, ["export", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert "person.csv" in [f.name for f in files]
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    assert mode(out) == mode(out.parent) == 0o700  # both made by the export


@pytest.mark.django_db
def test_an_export_into_a_folder_that_exists_leaves_the_folder_as_it_was(tmp_path):
    store_tables(tiny_tables("T1"))
    out = tmp_path / "shared"
    out.mkdir(mode=0o755)
    (out / "person.csv").write_text("an older export\n")
    assert mode(out / "person.csv") == 0o644
    assert runner.invoke(app, ["export", str(out)]).exit_code == 0
    assert mode(out) == 0o755  # the user's own folder
    assert mode(out / "person.csv") == 0o600  # written over, and made private
    assert "Bob Baker" in (out / "person.csv").read_text()


@pytest.mark.django_db
def test_an_export_to_a_workbook_is_only_yours(tmp_path):
    store_tables(tiny_tables("T1"))
    out = tmp_path / "people.xlsx"
    result = runner.invoke(app, ["export", str(out)])
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o600


def test_a_census_return_is_only_yours(demo_dir, tmp_path):
    out = tmp_path / "return.xml"
    result = runner.invoke(app, ["census", "export", "--year", "2025", "--data", str(demo_dir),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "<SWENo>" in out.read_text()
    assert mode(out) == 0o600
    for fmt in ("csv", "xlsx", "table"):
        report = tmp_path / f"report.{fmt}"
        result = runner.invoke(app, ["census", "validate", str(out), "--format", fmt,
                                     "-o", str(report)])
        assert result.exit_code in (0, 1), result.output
        assert report.exists() and mode(report) == 0o600, fmt


def test_figures_keep_the_umask(demo_dir, tmp_path):
    """Aggregates are not person-level: they are written as before."""
    out = tmp_path / "m.csv"
    result = runner.invoke(app, ["measures", "--data", str(demo_dir), "-m", "M45a",
                                 "--as-at", "2025-09-30", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o644
