"""A file or folder a command cannot read or write is said in one line naming the path and
why, with exit code 2, never a traceback: an output in a folder that does not exist, a folder
given for an output file, a file given for `--data`. An export that could not be written is
not recorded in the audit log (it was, as if done)."""

from __future__ import annotations

import errno

import pytest
from typer.testing import CliRunner

from tests.web.conftest import tiny_tables
from workforce.cli import app
from workforce.demo import generate
from workforce.imports import write_csv_folder
from workforce_web.accounts.models import AuditEvent
from workforce_web.bridge import store_tables

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A small demo organisation as import files."""
    folder = tmp_path_factory.mktemp("demo")
    from datetime import date

    write_csv_folder(generate(staff=40, years=1, seed=1, today=date(2025, 10, 15)), folder)
    return folder


@pytest.fixture(scope="module")
def census_xml(demo_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("census") / "return.xml"
    result = runner.invoke(app, ["census", "export", "--year", "2025", "--data", str(demo_dir),
                                 "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def said(result) -> str:
    return " ".join(result.output.split())  # Rich wraps long lines


def plainly(result, message: str) -> None:
    """The command stopped with exit code 2 and `message`, in one line, no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert message in said(result), result.output
    assert "Traceback" not in result.output and "Errno" not in result.output


def test_measures_to_a_file_in_a_folder_that_does_not_exist(demo_dir, tmp_path):
    out = tmp_path / "missing" / "m.csv"
    result = runner.invoke(app, ["measures", "--data", str(demo_dir), "-m", "M45a",
                                 "--format", "csv", "-o", str(out)])
    plainly(result, f"Cannot write {out}: the folder {out.parent} does not exist.")


def test_measures_to_a_folder(demo_dir, tmp_path):
    result = runner.invoke(app, ["measures", "--data", str(demo_dir), "-m", "M45a",
                                 "--format", "csv", "-o", str(tmp_path)])
    plainly(result, f"Cannot write {tmp_path}: it is a folder: give the name of a file in it.")


def test_measures_from_a_data_folder_that_does_not_exist(tmp_path):
    result = runner.invoke(app, ["measures", "--data", str(tmp_path / "nothere"),
                                 "-m", "M45a"])
    plainly(result, f"Cannot read {tmp_path / 'nothere'}: it does not exist.")


def test_measures_from_a_file_given_for_the_data_folder(demo_dir):
    person = demo_dir / "person.csv"
    result = runner.invoke(app, ["measures", "--data", str(person), "-m", "M45a"])
    plainly(result, f"Cannot read {person}: it is a file, not a folder.")


def test_a_report_in_a_folder_that_does_not_exist_stops_before_it_is_worked_out(demo_dir,
                                                                               tmp_path,
                                                                               monkeypatch):
    import workforce.reports

    def never(*args, **kwargs):
        raise AssertionError("the report was worked out")

    monkeypatch.setattr(workforce.reports, "produce", never)
    out = tmp_path / "missing" / "r.pdf"
    result = runner.invoke(app, ["report", "--period", "2025-Q3", "--data", str(demo_dir),
                                 "-o", str(out)])
    plainly(result, f"Cannot write {out}: the folder {out.parent} does not exist.")


def test_a_report_from_a_data_folder_that_does_not_exist(tmp_path):
    result = runner.invoke(app, ["report", "--period", "2025-Q3", "--data",
                                 str(tmp_path / "nothere"), "-o", str(tmp_path / "r.pdf")])
    plainly(result, f"Cannot read {tmp_path / 'nothere'}: it does not exist.")


def test_a_template_in_a_folder_that_does_not_exist(tmp_path):
    out = tmp_path / "missing" / "t.xlsx"  # xlsxwriter's FileCreateError
    result = runner.invoke(app, ["template", "person", "-o", str(out)])
    plainly(result, f"Cannot write {out}: the folder {out.parent} does not exist.")


def test_templates_into_a_file(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    result = runner.invoke(app, ["template", "--all", str(blocked / "t")])
    plainly(result, f"Cannot write {blocked / 't'}: {blocked} is a file, not a folder.")


def test_a_census_report_in_a_folder_that_does_not_exist(census_xml, tmp_path):
    for fmt in ("csv", "xlsx", "table"):
        out = tmp_path / "missing" / f"report.{fmt}"
        result = runner.invoke(app, ["census", "validate", str(census_xml), "--format", fmt,
                                     "-o", str(out)])
        plainly(result, f"Cannot write {out}: the folder {out.parent} does not exist.")


def test_a_census_return_in_a_folder_that_does_not_exist(demo_dir, tmp_path):
    out = tmp_path / "missing" / "r.xml"
    result = runner.invoke(app, ["census", "export", "--data", str(demo_dir), "-o", str(out)])
    plainly(result, f"Cannot export: cannot write {out}: the folder {out.parent} does not "
                    "exist.")


def test_a_census_return_from_a_data_folder_that_does_not_exist(tmp_path):
    result = runner.invoke(app, ["census", "export", "--data", str(tmp_path / "nothere"),
                                 "-o", str(tmp_path / "r.xml")])
    plainly(result, f"Cannot export: cannot read {tmp_path / 'nothere'}: it does not exist.")
    assert not (tmp_path / "r.xml").exists()


def test_a_census_return_that_cannot_be_built_leaves_no_file(demo_dir, tmp_path):
    out = tmp_path / "r.xml"
    result = runner.invoke(app, ["census", "export", "--data", str(demo_dir), "--org", "888",
                                 "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Cannot export" in said(result) and not out.exists()


def test_any_other_file_error_is_one_line_too(demo_dir, monkeypatch):
    """Whichever command opens a path it cannot, the `workforce` group says so."""
    import workforce.measures

    def denied():
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/measures.toml")

    monkeypatch.setattr(workforce.measures, "all_measures", denied)
    result = runner.invoke(app, ["measures", "--list"])
    plainly(result, "Cannot open /srv/measures.toml: permission denied.")


def test_an_error_about_no_path_is_not_taken_for_one(monkeypatch):
    import workforce.measures

    def broken():
        raise ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")

    monkeypatch.setattr(workforce.measures, "all_measures", broken)
    result = runner.invoke(app, ["measures", "--list"])
    assert isinstance(result.exception, ConnectionResetError)  # as before: not a path's


@pytest.mark.django_db
def test_an_export_that_cannot_be_written_is_not_recorded(tmp_path):
    store_tables(tiny_tables("T1"))
    out = tmp_path / "missing" / "out.xlsx"
    result = runner.invoke(app, ["export", str(out)])
    plainly(result, f"Not exported: cannot write {out}: the folder {out.parent} does not "
                    "exist.")
    assert AuditEvent.objects.count() == 0
    assert not out.parent.exists()


@pytest.mark.django_db
def test_an_export_into_a_file_is_not_recorded_and_leaves_nothing(tmp_path):
    store_tables(tiny_tables("T1"))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    result = runner.invoke(app, ["export", str(blocked / "out")])
    plainly(result, f"Not exported: cannot write {blocked / 'out'}: {blocked} is a file, not "
                    "a folder.")
    result = runner.invoke(app, ["export", str(blocked)])
    plainly(result, f"Not exported: cannot write {blocked}: it is a file, not a folder.")
    assert blocked.read_text() == "not a folder"
    assert AuditEvent.objects.count() == 0
