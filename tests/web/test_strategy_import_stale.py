"""Importing an export after the plan has changed since does not undo those changes: a value
the workbook left as exported keeps the plan's change, and a value it changes that the plan
changed since refuses it (on the page, at the command line and in the service both use),
unless asked to replace them; a fresh export, the template's kind of workbook and an export
from before exports recorded the last change are imported as before. (Copies of one export:
`test_strategy_import_copies`.)"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import import _problem_rows
from workforce.strategy.workbook_write import export
from workforce_web.strategy import pages, services
from workforce_web.strategy.forms import ActionStatusForm
from workforce_web.strategy.history import record
from workforce_web.strategy.models import Action, Change, Target
from workforce_web.strategy.store import save_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _set_status(strategy, user, ref: str, status: str) -> None:
    """Change an action's status as its page does (`services.save_form`)."""
    action = Action.objects.get(strategy=strategy, ref=ref)
    form = ActionStatusForm({"status": status, "rag_override": action.rag_override,
                             "override_reason": action.override_reason}, instance=action)
    assert form.is_valid(), form.errors
    services.save_form(form, user, strategy, "action")


def _last_change_cell(data: bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Strategy"]
    column = next(c.column for c in sheet[1] if c.value == "Last change")
    return sheet.cell(2, column).value


def test_the_export_records_the_strategys_latest_change(strategy):
    assert _last_change_cell(pages.export(strategy, date.today())) == (
        Change.objects.filter(strategy=strategy).order_by("-id").first().pk)


def test_the_export_records_the_latest_change_even_one_the_reader_does_not_see(strategy):
    hidden = Target.objects.get(strategy=strategy, ref="T01")
    Target.objects.filter(pk=hidden.pk).update(scope_unit="T1-B")
    change = record(strategy, None, "Target T01", "Scope unit: (empty) → Team B", "target",
                    hidden.pk)
    data = pages.export(strategy, date.today(), units={"T1-A"})
    assert _last_change_cell(data) == change.pk
    history = openpyxl.load_workbook(io.BytesIO(data))["Change history"]
    assert "Target T01" not in [row[2] for row in history.iter_rows(values_only=True)]


def _edited(data: bytes, ref: str, **cells: object) -> bytes:
    from tests.web.test_strategy_import_copies import edited

    return edited(data, "Actions", ref, **cells)


def test_an_older_export_keeps_the_changes_since_and_is_refused_where_it_would_undo_one(
        strategy, personas):
    lead = personas["lead"]
    old = pages.export(strategy, date.today())
    _set_status(strategy, lead, "A2", "in_progress")
    changes = Change.objects.count()

    stored, problems = services.import_workbook("T1", old, "plan.xlsx", lead)
    assert problems == [] and stored is not None  # A2's status left as exported: kept
    assert Action.objects.get(ref="A2").status == "in_progress"
    assert Change.objects.count() == changes

    clash = _edited(old, "A2", Status="Blocked")
    stored, [problem] = services.import_workbook("T1", clash, "plan.xlsx", lead)
    assert stored is None
    assert_undoes(problem, ("Actions", 3, "Status", "Blocked"), "Action A2", "In progress")
    assert Action.objects.get(ref="A2").status == "in_progress"
    assert Change.objects.count() == changes

    fresh = pages.export(strategy, date.today())  # an export after the change is imported
    stored, problems = services.import_workbook("T1", _edited(fresh, "A2", Status="Blocked"),
                                                "plan.xlsx", lead)
    assert problems == [] and Action.objects.get(ref="A2").status == "blocked"

    stored, problems = services.import_workbook("T1", old, "plan.xlsx", lead,
                                                replace_newer=True)
    assert problems == [] and stored is not None
    assert Action.objects.get(ref="A2").status == "not_started"
    latest = Change.objects.filter(item="Action A2").first()
    assert latest.username == "lead" and latest.summary == "Status: Blocked → Not started"


def test_a_workbook_that_does_not_record_its_last_change_is_imported_as_before(
        strategy, personas):
    _set_status(strategy, personas["lead"], "A2", "in_progress")
    stored, problems = services.import_workbook("T1", export(PLAN), "plan.xlsx",
                                                personas["lead"])
    assert problems == [] and stored is not None
    assert Action.objects.get(ref="A2").status == "not_started"


def _upload(client, data: bytes, **more):
    return client.post("/strategy/import/",
                       {"file": SimpleUploadedFile("plan.xlsx", data, XLSX), **more})


def test_the_page_shows_the_refusal_and_the_box_replaces_the_newer_changes(as_user, strategy):
    client = as_user("lead")
    page = client.get("/strategy/import/").content.decode()
    assert 'type="checkbox" name="replace_newer"' in page and "checked" not in page
    assert ("Replace changes made to the plan since this workbook was exported" in page)
    old = client.get(f"/strategy/{strategy.pk}/export.xlsx").content
    action = Action.objects.get(ref="A2")
    client.post(f"/strategy/actions/{action.pk}/status/", {"status": "in_progress"})
    assert Action.objects.get(ref="A2").status == "in_progress"
    changes = Change.objects.count()

    response = _upload(client, old)  # left as exported: the page's change is kept
    assert response.status_code == 302
    assert Action.objects.get(ref="A2").status == "in_progress"
    clash = _edited(old, "A2", Status="Complete")
    response = _upload(client, clash)
    page = response.content.decode()
    assert response.status_code == 200 and "nothing from it was stored" in page
    [row] = _problem_rows(page)
    assert row[:5] == ["plan.xlsx", "Actions", "3", "Status", "Complete"]
    assert "it is now “In progress”" in row[5] and "by lead" in row[5]
    assert row[5].endswith(PAGE_HINT_END)
    assert 'name="replace_newer"' in page
    assert Action.objects.get(ref="A2").status == "in_progress"
    assert Change.objects.count() == changes

    response = _upload(client, clash, replace_newer="on")
    assert response.status_code == 302 and response.url == f"/strategy/{strategy.pk}/"
    assert Action.objects.get(ref="A2").status == "complete"


def test_the_command_refuses_an_older_export_unless_given_replace_newer(
        strategy, personas, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(_edited(pages.export(strategy, date.today()), "A2", Status="Complete"))
    _set_status(strategy, personas["lead"], "A2", "in_progress")
    err = io.StringIO()
    with pytest.raises(CommandError, match="was not imported"):
        call_command("strategy", "import", str(path), "--org", "T1", stderr=err,
                     stdout=io.StringIO())
    assert "The plan has changed this since the workbook was exported" in err.getvalue()
    assert "import it again with --replace-newer" in err.getvalue()
    assert Action.objects.get(ref="A2").status == "in_progress"
    out = io.StringIO()
    call_command("strategy", "import", str(path), "--org", "T1", "--replace-newer",
                 stdout=out)
    assert out.getvalue().startswith("Imported")
    assert Action.objects.get(ref="A2").status == "complete"


def assert_undoes(problem, cell: tuple, what: str, now: str, by: str = "lead") -> None:
    """`problem` refuses the workbook's value at `cell` (sheet, row, column, value): the plan
    changed `what` today, by `by`, to `now`, since the workbook was exported."""
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        "plan.xlsx", *cell)
    on = timezone.localtime().date()
    assert problem.message == (
        f"The plan has changed this since the workbook was exported, by {by} on {on.day} "
        f"{on:%b %Y} ({what}): it is now “{now}”. Importing the workbook would undo that "
        "change")
    assert problem.hint == ("Export the plan again and make your changes in the new copy, or "
                            "choose to replace the changes made since the export. If that "
                            "change was your own earlier import of this workbook, do the same: "
                            "an import cannot tell it from another copy's.")


PAGE_HINT_END = ("or tick “Replace changes made to the plan since this workbook was exported” "
                 "and import it again. If that change was your own earlier import of this "
                 "workbook, do the same: an import cannot tell it from another copy's.")
"""How the import page ends a refusal of a value the plan changed since the export."""
