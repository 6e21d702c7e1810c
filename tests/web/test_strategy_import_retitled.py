"""An export whose title the workbook alone changed is refused, not stored as a rename.

People often start next year's plan from this year's export by changing its title. Since
exports are imported into the strategy they were exported from (its last change,
`imported.stored_strategy`), such a copy renamed this year's strategy and rewrote its plan,
silently. Now it is refused, the problem naming both titles and saying how to rename (ask to
replace the changes made since the export, or rename it on the web first) and how to start
a new strategy (empty the Last change cell); asked to replace, it renames as before. A title
changed on the web only is kept; a workbook without the exported values is found by its
title (`test_strategy_import_renamed`).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_copies import edited
from workforce_web.strategy import pages, services
from workforce_web.strategy.forms import ImportForm
from workforce_web.strategy.models import Action, Change, Strategy
from workforce_web.strategy.store import save_plan
from workforce_web.strategy.views.excel import REPLACE_HOW

OLD, NEW = PLAN.title, "Workforce strategy 2026-29"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _next_years(strategy: Strategy, last_change: object = "keep") -> bytes:
    """Next year's plan started from this year's export: retitled, an action reworded."""
    data = edited(pages.export(strategy, date.today()), "Actions", "A1",
                  Action="Next year's first action")
    cells = {"Title": NEW} if last_change == "keep" else {"Title": NEW,
                                                          "Last_change": last_change}
    return edited(data, "Strategy", OLD, **cells)


def _import(data: bytes, user, **more):
    return services.import_workbook("T1", data, "plan.xlsx", user, replace_how=REPLACE_HOW,
                                    **more)


def _titles() -> list[str]:
    return sorted(Strategy.objects.filter(organisation="T1").values_list("title", flat=True))


def test_a_retitled_export_is_refused_naming_both_titles_and_what_to_do(strategy, personas):
    changes = Change.objects.count()
    stored, [problem] = _import(_next_years(strategy), personas["lead"])
    assert stored is None
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Strategy", 2, "Title", NEW)
    assert problem.message == (
        f"This workbook is an export of “{OLD}” with its title changed to “{NEW}”: importing "
        f"it would rename “{OLD}” and store the workbook's plan in it, not start a new "
        "strategy")
    label = ImportForm.base_fields["replace_newer"].label
    assert problem.hint == (
        f"To rename “{OLD}” to “{NEW}”, tick “{label}” and import it again, or rename it "
        "on the web first; to start a new strategy from this copy, empty the Last change "
        "cell on the Strategy sheet and import it again.")
    # nothing stored: last year's plan is as it was
    assert _titles() == [OLD] and Change.objects.count() == changes
    assert Action.objects.get(strategy=strategy, ref="A1").title == PLAN.actions[0].title


def test_asked_to_replace_it_renames_the_strategy(strategy, personas):
    stored, problems = _import(_next_years(strategy), personas["lead"], replace_newer=True)
    assert problems == [] and stored.strategy.pk == strategy.pk
    assert _titles() == [NEW]
    assert Action.objects.get(strategy=strategy, ref="A1").title == "Next year's first action"
    change = Change.objects.filter(strategy=strategy, kind="strategy").first()
    assert (change.item, change.summary) == (f"Strategy {NEW}", f"Title: {OLD} → {NEW}")


def test_renamed_on_the_web_first_the_copy_is_imported(as_user, strategy, personas):
    data = _next_years(strategy)
    response = as_user("lead").post(f"/strategy/{strategy.pk}/edit/", {
        "title": NEW, "summary": strategy.summary, "start": strategy.start,
        "end": strategy.end})
    assert response.status_code == 302
    stored, problems = _import(data, personas["lead"])
    assert problems == [] and stored.strategy.pk == strategy.pk
    assert _titles() == [NEW]
    assert Action.objects.get(strategy=strategy, ref="A1").title == "Next year's first action"


def test_without_its_last_change_it_starts_a_new_strategy(strategy, personas):
    stored, problems = _import(_next_years(strategy, last_change=None), personas["lead"])
    assert problems == [] and stored.strategy.pk != strategy.pk
    assert _titles() == sorted([OLD, NEW])
    assert Action.objects.get(strategy=strategy, ref="A1").title == PLAN.actions[0].title
    assert Action.objects.get(strategy=stored.strategy, ref="A1").title == (
        "Next year's first action")


def test_the_page_shows_the_refusal_and_renames_when_ticked(as_user, strategy):
    client = as_user("lead")
    assert "to start a new strategy from an export, empty the Last change cell" in (
        client.get("/strategy/import/").content.decode())
    data = _next_years(strategy)
    response = client.post("/strategy/import/", {
        "file": SimpleUploadedFile("plan.xlsx", data, XLSX)})
    page = response.content.decode()
    assert response.status_code == 200 and "nothing from it was stored" in page
    assert f"export of “{OLD}” with its title changed to “{NEW}”" in page
    assert f"To rename “{OLD}” to “{NEW}”, tick" in page
    assert "empty the Last change cell on the Strategy sheet and import it again" in page
    assert _titles() == [OLD]
    response = client.post("/strategy/import/", {
        "file": SimpleUploadedFile("plan.xlsx", data, XLSX), "replace_newer": "on"})
    assert response.status_code == 302 and response.url == f"/strategy/{strategy.pk}/"
    assert _titles() == [NEW]


def test_the_command_refuses_it_and_renames_with_replace_newer(strategy, personas, tmp_path):
    path = tmp_path / "next.xlsx"
    path.write_bytes(_next_years(strategy))
    err = io.StringIO()
    with pytest.raises(CommandError, match="was not imported"):
        call_command("strategy", "import", str(path), "--org", "T1", stderr=err,
                     stdout=io.StringIO())
    assert f"To rename “{OLD}” to “{NEW}”, import it again with --replace-newer" in (
        err.getvalue())
    assert _titles() == [OLD]
    call_command("strategy", "import", str(path), "--org", "T1", "--replace-newer",
                 stdout=io.StringIO())
    assert _titles() == [NEW]
