"""An export of the plan is imported into the strategy it was exported from, even when that
strategy was renamed since: the export's hidden "Exported values" sheet records the plan's
last change, whose strategy it is. Before, the strategy was found by the workbook's title,
so an old copy of a strategy renamed on the web made a second strategy beside it.

The title is then merged three ways as any value is (`workforce.strategy.merge`): renamed on
the web and left as exported in the workbook, the web's title is kept; renamed in the
workbook only, the import is refused unless the user asks to replace the changes made since
the export, when the strategy is renamed (`test_strategy_import_retitled`: a retitled copy
is more often next year's plan); renamed in both, the import is refused. A workbook
without that sheet (the template, an export from before exports kept it) is found by its
title as before.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_copies import edited, without_exported_values
from workforce_web.strategy import pages, services
from workforce_web.strategy.models import Action, Change, Strategy, Theme
from workforce_web.strategy.store import save_plan
from workforce_web.strategy.views.excel import REPLACE_HOW

OLD, NEW = PLAN.title, "People strategy 2025-28"


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _rename_on_the_web(client, strategy: Strategy, title: str = NEW) -> None:
    response = client.post(f"/strategy/{strategy.pk}/edit/", {
        "title": title, "summary": strategy.summary, "start": strategy.start,
        "end": strategy.end})
    assert response.status_code == 302
    assert Strategy.objects.get(pk=strategy.pk).title == title


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.xlsx", data, "application/vnd.openxmlformats-"
                                                 "officedocument.spreadsheetml.sheet")


def _import(data: bytes, user, **more):
    return services.import_workbook("T1", data, "plan.xlsx", user, replace_how=REPLACE_HOW,
                                    **more)


def _titles() -> list[str]:
    return sorted(Strategy.objects.filter(organisation="T1").values_list("title", flat=True))


def test_an_old_copy_updates_the_strategy_renamed_on_the_web_keeping_its_new_title(
        as_user, strategy, personas):
    old = edited(pages.export(strategy, date.today()), "Actions", "A2",
                 Action="Train first aiders")
    client = as_user("lead")
    _rename_on_the_web(client, strategy)
    response = client.post("/strategy/import/", {"file": _upload(old)})
    assert response.status_code == 302 and response.url == f"/strategy/{strategy.pk}/"
    assert _titles() == [NEW]
    assert Action.objects.get(strategy=strategy, ref="A2").title == "Train first aiders"
    again, problems = _import(old, personas["lead"])  # the same copy again: nothing changes
    assert problems == [] and not again.changed and not again.created


def test_an_old_copy_renaming_a_theme_names_it_by_its_stored_title_on_other_sheets(
        as_user, strategy, personas):
    """The stored themes the reading checks the Themes sheet against are the renamed
    strategy's: the Actions sheet may still name a theme the copy renames by its old title."""
    old = edited(pages.export(strategy, date.today()), "Themes", "TH2", Theme="Staff wellbeing")
    _rename_on_the_web(as_user("lead"), strategy)
    stored, problems = _import(old, personas["lead"])
    assert problems == [] and stored.strategy.pk == strategy.pk
    assert _titles() == [NEW]
    a2 = Action.objects.get(strategy=strategy, ref="A2")
    assert (a2.theme.ref, a2.theme.title) == ("TH2", "Staff wellbeing")
    assert Theme.objects.filter(strategy=strategy).count() == 2


def test_a_title_changed_in_the_workbook_only_renames_the_strategy_when_asked(
        strategy, personas):
    data = edited(pages.export(strategy, date.today()), "Strategy", OLD, Title=NEW)
    stored, [problem] = _import(data, personas["lead"])
    assert stored is None and f"To rename “{OLD}” to “{NEW}”" in problem.hint
    assert _titles() == [OLD]
    stored, problems = _import(data, personas["lead"], replace_newer=True)
    assert problems == [] and stored.strategy.pk == strategy.pk and stored.changed
    assert _titles() == [NEW]
    change = Change.objects.filter(strategy=strategy, kind="strategy").first()
    assert (change.username, change.item, change.summary) == (
        "lead", f"Strategy {NEW}", f"Title: {OLD} → {NEW}")


def test_a_title_changed_on_the_web_and_in_the_workbook_is_refused_unless_replaced(
        as_user, strategy, personas):
    data = edited(pages.export(strategy, date.today()), "Strategy", OLD, Title="Our plan")
    _rename_on_the_web(as_user("lead"), strategy)
    stored, [problem] = _import(data, personas["lead"])
    assert stored is None
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Strategy", 2, "Title", "Our plan")
    assert "by lead on" in problem.message and f"it is now “{NEW}”" in problem.message
    assert _titles() == [NEW]

    stored, problems = _import(data, personas["lead"], replace_newer=True)
    assert problems == [] and stored.strategy.pk == strategy.pk
    assert _titles() == ["Our plan"]


def test_an_old_copy_replacing_the_changes_since_gives_the_strategy_its_title_back(
        as_user, strategy, personas):
    old = pages.export(strategy, date.today())
    _rename_on_the_web(as_user("lead"), strategy)
    stored, problems = _import(old, personas["lead"], replace_newer=True)
    assert problems == [] and stored.strategy.pk == strategy.pk
    assert _titles() == [OLD]


def test_a_title_another_strategy_has_is_refused_not_merged_into_it(strategy, personas):
    """Before, the workbook's title found the other strategy, and the copy's plan was stored
    into it."""
    other = save_plan(replace(PLAN, title="Another plan", themes=(), actions=(), targets=(),
                              tracked=(), feedback=()), None).strategy
    data = edited(pages.export(strategy, date.today()), "Strategy", OLD, Title="Another plan")
    changes = Change.objects.count()
    stored, [problem] = _import(data, personas["lead"])
    assert stored is None
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Strategy", 2, "Title", "Another plan")
    assert problem.message == "Another strategy of the organisation has this title"
    assert _titles() == ["Another plan", OLD]
    assert Change.objects.count() == changes and not other.actions.exists()


def test_a_workbook_without_the_exported_values_is_found_by_its_title_as_before(
        as_user, strategy, personas):
    old = without_exported_values(pages.export(strategy, date.today()))
    _rename_on_the_web(as_user("lead"), strategy)
    stored, problems = _import(old, personas["lead"])
    assert problems == [] and stored.strategy.pk != strategy.pk
    assert _titles() == [NEW, OLD]


def test_an_export_of_another_organisations_strategy_is_found_by_its_title(
        strategy, personas):
    """The last change a workbook records is looked for among the importer's organisation's
    strategies only."""
    theirs = save_plan(replace(PLAN, organisation="T2", title="Their plan"), None).strategy
    data = pages.export(theirs, date.today())
    stored, problems = services.import_workbook("T1", data, "plan.xlsx", personas["lead"])
    assert problems == [] and stored.strategy.organisation == "T1"
    assert _titles() == sorted([OLD, "Their plan"])
    assert Strategy.objects.get(pk=theirs.pk).title == "Their plan"


def _without_exported_title(data: bytes) -> bytes:
    """The workbook as exports before they kept the strategy's title wrote it."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["Exported values"]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "Strategy")
    values = json.loads(row[2].value)
    del values["title"]
    row[2].value = json.dumps(values, sort_keys=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_export_that_did_not_keep_the_title_is_refused_when_renamed_since(
        as_user, strategy, personas):
    """It cannot tell whether the workbook changed the title: the plan's history says the
    web did, so it is refused (naming the change), not stored as a second strategy."""
    old = _without_exported_title(pages.export(strategy, date.today()))
    _rename_on_the_web(as_user("lead"), strategy)
    stored, [problem] = _import(old, personas["lead"])
    assert stored is None
    assert (problem.sheet, problem.column, problem.value) == ("Strategy", "Title", OLD)
    assert f"it is now “{NEW}”" in problem.message
    assert _titles() == [NEW]
