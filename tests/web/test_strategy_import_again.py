"""A workbook imported, edited further and imported again is not refused by its own first
import: the strategy remembers the last change the workbook recorded and its own last change
once the import was stored, and the same workbook is then checked only against the changes
made after that (on the web, or by another import, which still refuse it). A workbook
exported at another time is checked against its own last change, as before."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_stale import _last_change_cell, _set_status
from workforce.strategy.workbook_write import export
from workforce_web.strategy import pages, services
from workforce_web.strategy.models import Action, Change, Strategy
from workforce_web.strategy.store import save_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def edited(data: bytes, sheet: str, ref: str, **cells: object) -> bytes:
    """The workbook with the row of `ref` (first column) on `sheet` given `cells` by their
    headers (underscores for spaces)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[sheet]
    columns = {str(c.value).rstrip(" *"): c.column for c in ws[1]}
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == ref)
    for header, value in cells.items():
        ws.cell(row, columns[header.replace("_", " ")]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(data: bytes, user, **more):
    return services.import_workbook("T1", data, "plan.xlsx", user, **more)


def _latest() -> int:
    return Change.objects.order_by("-id").first().pk


def test_the_same_workbook_edited_again_is_imported_until_the_plan_changes_elsewhere(
        strategy, personas):
    lead = personas["lead"]
    older = pages.export(strategy, date.today())
    _set_status(strategy, lead, "A1", "blocked")  # on the web, before the export below
    book = pages.export(strategy, date.today())
    exported = _last_change_cell(book)
    assert exported > _last_change_cell(older)

    first = edited(book, "Actions", "A2", Status="In progress")
    stored, problems = _import(first, lead)
    assert problems == [] and stored is not None
    assert Action.objects.get(ref="A2").status == "in_progress"
    strategy.refresh_from_db()
    assert (strategy.imported_from, strategy.imported_to) == (exported, _latest())

    second = edited(first, "Actions", "A2", Owner_name="Head of HR")  # the same workbook
    assert _last_change_cell(second) == exported
    stored, problems = _import(second, lead)  # no box ticked
    assert problems == [] and stored is not None
    a2 = Action.objects.get(ref="A2")
    assert (a2.status, a2.owner_name) == ("in_progress", "Head of HR")
    strategy.refresh_from_db()
    assert (strategy.imported_from, strategy.imported_to) == (exported, _latest())
    assert _import(second, lead)[1] == []  # and again: nothing to change
    changes = Change.objects.count()

    _set_status(strategy, personas["manager_a"], "A2", "blocked")  # on the web since
    stored, [problem] = _import(second, lead)
    assert stored is None
    assert problem.value == str(exported)
    assert problem.message.startswith(
        "The plan has changed since this workbook was last imported: 1 change was made "
        "since, the latest by manager_a on ")
    assert problem.message.endswith("(Action A2). Importing it would undo them")
    assert Action.objects.get(ref="A2").status == "blocked"
    assert Change.objects.count() == changes + 1

    stored, [problem] = _import(older, lead)  # another export: checked as before
    assert stored is None and problem.value == str(_last_change_cell(older))
    since = Change.objects.filter(strategy=strategy, pk__gt=_last_change_cell(older)).count()
    assert problem.message.startswith("The plan has changed since this workbook was "
                                      f"exported: {since} changes were made since")


def test_an_import_that_replaces_newer_changes_starts_the_workbooks_lineage_again(
        strategy, personas):
    lead = personas["lead"]
    book = pages.export(strategy, date.today())
    _set_status(strategy, lead, "A1", "blocked")
    assert _import(book, lead)[0] is None  # older than the plan
    stored, problems = _import(book, lead, replace_newer=True)
    assert problems == [] and stored is not None
    assert Action.objects.get(ref="A1").status == "in_progress"
    strategy.refresh_from_db()
    assert (strategy.imported_from, strategy.imported_to) == (_last_change_cell(book),
                                                              _latest())
    again = edited(book, "Actions", "A2", Status="Complete")
    stored, problems = _import(again, lead)  # edited further: no box needed
    assert problems == [] and Action.objects.get(ref="A2").status == "complete"


def test_another_import_since_refuses_the_workbook_imported_before(strategy, personas):
    lead = personas["lead"]
    mine = edited(pages.export(strategy, date.today()), "Actions", "A2", Status="In progress")
    assert _import(mine, lead)[1] == []
    theirs = edited(pages.export(strategy, date.today()), "Actions", "A2", Status="Blocked")
    assert _last_change_cell(theirs) != _last_change_cell(mine)
    assert _import(theirs, lead)[1] == []  # a newer export: imported
    stored, [problem] = _import(mine, lead)  # no longer the workbook last imported
    assert stored is None and "since this workbook was exported" in problem.message
    assert Action.objects.get(ref="A2").status == "blocked"


def test_a_workbook_that_records_no_last_change_keeps_the_lineage_it_follows(
        strategy, personas):
    """The template's kind of workbook is imported as before and does not take the place of
    the workbook last imported: the changes it made come after that import, so that workbook
    is refused when imported again, and imported when the other changed nothing."""
    lead = personas["lead"]
    mine = edited(pages.export(strategy, date.today()), "Actions", "A2", Status="In progress")
    assert _import(mine, lead)[1] == []
    pair = Strategy.objects.values_list("imported_from", "imported_to").get()
    current = pages.export(strategy, date.today())
    plan_now = openpyxl.load_workbook(io.BytesIO(current))
    plan_now["Strategy"].delete_cols(
        next(c.column for c in plan_now["Strategy"][1] if c.value == "Last change"))
    out = io.BytesIO()
    plan_now.save(out)
    assert _import(out.getvalue(), lead)[1] == []  # the plan as it stands: no change
    assert Strategy.objects.values_list("imported_from", "imported_to").get() == pair
    assert _import(mine, lead)[1] == []
    assert _import(export(PLAN), lead)[1] == []  # A2 back to not started, undated workbook
    assert Strategy.objects.values_list("imported_from", "imported_to").get() == pair
    assert _import(mine, lead)[0] is None


def test_the_page_imports_the_same_workbook_edited_again_without_the_box(as_user, strategy):
    client = as_user("lead")
    book = client.get(f"/strategy/{strategy.pk}/export.xlsx").content
    first = edited(book, "Actions", "A2", Status="In progress")
    second = edited(first, "Actions", "A2", Owner_name="Head of HR")
    for data in (first, second):
        response = client.post("/strategy/import/",
                               {"file": SimpleUploadedFile("plan.xlsx", data, XLSX)})
        assert response.status_code == 302, response.content.decode()[-3000:]
    assert Action.objects.get(ref="A2").owner_name == "Head of HR"
    action = Action.objects.get(ref="A2")
    client.post(f"/strategy/actions/{action.pk}/status/", {"status": "blocked"})
    response = client.post("/strategy/import/",
                           {"file": SimpleUploadedFile("plan.xlsx", second, XLSX)})
    page = response.content.decode()
    assert response.status_code == 200 and "nothing from it was stored" in page
    assert "since this workbook was last imported" in page
    assert Action.objects.get(ref="A2").status == "blocked"
