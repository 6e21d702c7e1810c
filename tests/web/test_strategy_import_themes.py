"""Themes in the workbook are found by their ref (`Theme.ref`, the Themes sheet's Ref): a
theme renamed in the workbook is renamed, with its actions, targets and objectives, and the
rename is in the history; the workbook's order of themes is the plan's, and an unchanged
workbook changes no theme's position. A workbook without the column (an older export, a
hand-made one) finds its themes by title, as before."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy import pages, services
from workforce_web.strategy.models import Change, Objective, Target, Theme
from workforce_web.strategy.store import save_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _export(strategy) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(pages.export(strategy, date.today())))


def _import(book: openpyxl.Workbook, user):
    out = io.BytesIO()
    book.save(out)
    return services.import_workbook("T1", out.getvalue(), "plan.xlsx", user)


def _col(sheet, header: str) -> int:
    return next(c.column for c in sheet[1] if str(c.value).rstrip(" *") == header)


def _rename(book: openpyxl.Workbook, titles: dict[str, str]) -> None:
    """Rename themes on the sheets that name them, as Excel's Replace all would."""
    for name in ("Objectives", "Actions", "Targets"):
        ws = book[name]
        for row in ws.iter_rows(min_row=2):
            cell = row[_col(ws, "Theme") - 1]
            cell.value = titles.get(cell.value, cell.value)


def _themes(strategy) -> list[tuple[str, str, int]]:
    return list(strategy.themes.values_list("ref", "title", "position"))


def test_stored_themes_have_refs_in_their_order_and_the_export_writes_them(strategy):
    assert _themes(strategy) == [("TH1", "Our workforce", 0), ("TH2", "Wellbeing", 1)]
    sheet = _export(strategy)["Themes"]
    assert [[c.value for c in row[:2]] for row in sheet.iter_rows(min_row=2)] == [
        ["TH1", "Our workforce"], ["TH2", "Wellbeing"]]


def test_a_theme_renamed_in_the_workbook_is_renamed_with_what_it_holds(strategy, personas):
    theme = strategy.themes.get(ref="TH1")
    book = _export(strategy)
    sheet = book["Themes"]
    sheet.cell(2, _col(sheet, "Theme")).value = "Our people"  # only here: not on other sheets
    since = Change.objects.order_by("-id").first().pk
    stored, problems = _import(book, personas["lead"])
    assert problems == [] and stored is not None
    assert _themes(strategy) == [("TH1", "Our people", 0), ("TH2", "Wellbeing", 1)]
    renamed = Theme.objects.get(pk=theme.pk)
    assert [a.ref for a in renamed.actions.all()] == ["A1"]
    assert list(Target.objects.filter(theme=renamed).values_list("ref", flat=True)) == ["T01"]
    assert list(Objective.objects.filter(theme=renamed).values_list("title", flat=True)) == [
        "Fewer agency workers"]
    assert list(Change.objects.filter(pk__gt=since).values_list("item", "summary")) == [
        ("Theme Our people", "Title: Our workforce → Our people")]
    assert _import(_export(strategy), personas["lead"])[1] == []  # and back again, unchanged
    assert Change.objects.filter(pk__gt=since).count() == 1


def _retitle(book: openpyxl.Workbook, titles: dict[int, str]) -> None:
    """Give the Themes sheet's rows new titles, on that sheet only."""
    sheet = book["Themes"]
    for row, title in titles.items():
        sheet.cell(row, _col(sheet, "Theme")).value = title


def _what_is_where(strategy) -> tuple:
    return (_themes(strategy),
            sorted(strategy.themes.values_list("ref", "actions__ref")),
            sorted(Target.objects.filter(theme__strategy=strategy)
                   .values_list("theme__ref", "ref")),
            sorted(Objective.objects.filter(theme__strategy=strategy)
                   .values_list("theme__ref", "title")))


def _refused(book, user, strategy, cells: list[tuple[int, str]]) -> None:
    """The import is refused at the Themes sheet's `cells` (row, title passing between
    themes), and nothing is stored."""
    before, changes = _what_is_where(strategy), Change.objects.count()
    stored, problems = _import(book, user)
    assert stored is None
    assert sorted((p.file, p.sheet, p.row, p.column, p.value) for p in problems) == [
        ("plan.xlsx", "Themes", row, "Theme", title) for row, title in cells]
    assert all(p.message.startswith("This title belonged to another theme of the plan")
               and "two steps" in p.hint for p in problems)
    assert (_what_is_where(strategy), Change.objects.count()) == (before, changes)


@pytest.mark.parametrize("rename_everywhere", [False, True])
def test_themes_swapping_titles_in_one_import_is_refused(strategy, personas,
                                                         rename_everywhere):
    book = _export(strategy)
    _retitle(book, {2: "Wellbeing", 3: "Our workforce"})
    if rename_everywhere:  # consistent, but the reader cannot tell which sheets were edited
        _rename(book, {"Wellbeing": "Our workforce", "Our workforce": "Wellbeing"})
    _refused(book, personas["lead"], strategy, [(2, "Wellbeing"), (3, "Our workforce")])


def test_themes_swap_titles_in_two_steps(strategy, personas):
    book = _export(strategy)
    _retitle(book, {2: "Our workforce (was)", 3: "Wellbeing (was)"})  # unused titles
    assert _import(book, personas["lead"])[1] == []
    book = _export(strategy)
    _retitle(book, {2: "Wellbeing", 3: "Our workforce"})
    assert _import(book, personas["lead"])[1] == []
    assert _themes(strategy) == [("TH1", "Wellbeing", 0), ("TH2", "Our workforce", 1)]
    theme = strategy.themes.get(ref="TH1")
    assert [a.ref for a in theme.actions.all()] == ["A1"]
    assert list(Target.objects.filter(theme=theme).values_list("ref", flat=True)) == ["T01"]
    assert list(Objective.objects.filter(theme=theme).values_list("title", flat=True)) == [
        "Fewer agency workers"]


def test_a_title_passing_along_a_chain_of_renames_is_refused(strategy, personas):
    book = _export(strategy)
    _retitle(book, {2: "Wellbeing", 3: "Our people"})
    _refused(book, personas["lead"], strategy, [(2, "Wellbeing")])


def test_a_renamed_themes_title_given_to_a_new_theme_is_refused(strategy, personas):
    book = _export(strategy)
    _retitle(book, {2: "Our people"})
    sheet = book["Themes"]
    sheet.insert_rows(4)  # a new theme, without a ref, with the old title
    sheet.cell(4, _col(sheet, "Theme")).value = "Our workforce"
    _refused(book, personas["lead"], strategy, [(4, "Our workforce")])


def test_a_title_passing_to_a_theme_no_other_sheet_names_it_for_is_not_refused(
        strategy, personas):
    Theme.objects.create(strategy=strategy, title="Leadership", position=2)  # holds nothing
    book = _export(strategy)
    _retitle(book, {3: "Leadership", 4: "Learning"})  # Leadership passes from TH3 to TH2
    assert _import(book, personas["lead"])[1] == []
    assert _themes(strategy) == [("TH1", "Our workforce", 0), ("TH2", "Leadership", 1),
                                 ("TH3", "Learning", 2)]
    assert strategy.themes.get(ref="TH2").actions.get().ref == "A2"


@pytest.mark.parametrize("ref, message", [
    ("TH3", "No theme of the plan has this ref"),
    ("X" * 21, "This ref is longer than 20 characters")])
def test_a_ref_typed_for_a_new_theme_is_a_problem_and_nothing_is_stored(
        strategy, personas, as_user, ref, message):
    book = _export(strategy)
    sheet = book["Themes"]
    sheet.cell(4, _col(sheet, "Theme")).value = "Leadership"  # given TH3 when stored
    sheet.cell(5, _col(sheet, "Ref")).value = ref
    sheet.cell(5, _col(sheet, "Theme")).value = "Learning"
    before, changes = _what_is_where(strategy), Change.objects.count()
    stored, [p] = _import(book, personas["lead"])
    assert stored is None
    assert (p.file, p.sheet, p.row, p.column, p.value, p.message) == (
        "plan.xlsx", "Themes", 5, "Ref", ref, message)
    assert "leave ref empty for a new theme" in p.hint.lower()
    assert (_what_is_where(strategy), Change.objects.count()) == (before, changes)
    out = io.BytesIO()  # and the import page shows it
    book.save(out)
    response = as_user("lead").post("/strategy/import/", {"file": SimpleUploadedFile(
        "plan.xlsx", out.getvalue(), XLSX)})
    page = response.content.decode()
    assert response.status_code == 200 and "nothing from it was stored" in page
    assert message in page and ref in page
    assert (_what_is_where(strategy), Change.objects.count()) == (before, changes)


def test_a_new_strategys_typed_ref_is_not_given_to_another_new_theme(personas):
    book = _export(save_plan(PLAN, None).strategy)
    book["Strategy"].cell(2, _col(book["Strategy"], "Title")).value = "Another plan"
    # a new strategy from an export: without its last change (it would rename the export's)
    book["Strategy"].cell(2, _col(book["Strategy"], "Last change")).value = None
    sheet = book["Themes"]
    sheet.cell(2, _col(sheet, "Ref")).value = None  # would be given TH1...
    sheet.cell(3, _col(sheet, "Ref")).value = "TH1"  # ...which this row has
    assert _import(book, personas["lead"])[1] == []
    other = Theme.objects.filter(strategy__title="Another plan")
    assert sorted(other.values_list("ref", "title")) == [
        ("TH1", "Wellbeing"), ("TH2", "Our workforce")]


def test_an_unchanged_workbook_changes_nothing_whatever_the_stored_positions(
        strategy, personas):
    Theme.objects.filter(ref="TH1").update(position=5)  # as the theme form may leave them
    Theme.objects.filter(ref="TH2").update(position=10)
    before, changes = _themes(strategy), Change.objects.count()
    stored, problems = _import(_export(strategy), personas["lead"])
    assert problems == [] and not stored.changed and not stored.created
    assert (_themes(strategy), Change.objects.count()) == (before, changes)


def test_themes_reordered_in_the_workbook_are_reordered(strategy, personas):
    book = _export(strategy)
    sheet = book["Themes"]
    first = [c.value for c in sheet[2]]
    for c, value in enumerate([c.value for c in sheet[3]], start=1):
        sheet.cell(2, c).value = value
    for c, value in enumerate(first, start=1):
        sheet.cell(3, c).value = value
    assert _import(book, personas["lead"])[1] == []
    assert [t.title for t in strategy.themes.all()] == ["Wellbeing", "Our workforce"]
    assert [c.value for c in _export(strategy)["Themes"]["B"][1:]] == [
        "Wellbeing", "Our workforce"]


def test_a_new_theme_comes_where_the_workbook_puts_it_and_others_keep_their_places(
        strategy, personas):
    older = _export(strategy)
    book = _export(strategy)
    sheet = book["Themes"]
    sheet.insert_rows(3)  # between the two, without a ref
    sheet.cell(3, _col(sheet, "Theme")).value = "Leadership"
    assert _import(book, personas["lead"])[1] == []
    assert [(r, t) for r, t, _ in _themes(strategy)] == [
        ("TH1", "Our workforce"), ("TH3", "Leadership"), ("TH2", "Wellbeing")]
    before, changes = _themes(strategy), Change.objects.count()
    # a workbook without the new theme leaves it in its place
    assert services.import_workbook("T1", pages.export(strategy, date.today()), "plan.xlsx",
                                    personas["lead"])[1] == []
    out = io.BytesIO()
    older.save(out)
    assert services.import_workbook("T1", out.getvalue(), "plan.xlsx", personas["lead"],
                                    replace_newer=True)[1] == []
    assert (_themes(strategy), Change.objects.count()) == (before, changes)


def test_an_older_workbook_without_refs_finds_its_themes_by_title(strategy, personas):
    book = _export(strategy)
    sheet = book["Themes"]
    sheet.delete_cols(_col(sheet, "Ref"))
    changes = Change.objects.count()
    assert _import(book, personas["lead"])[1] == []
    assert Change.objects.count() == changes
    sheet.cell(2, _col(sheet, "Theme")).value = "Our people"  # a new theme, as before
    _rename(book, {"Our workforce": "Our people"})
    assert _import(book, personas["lead"])[1] == []
    assert [(r, t) for r, t, _ in _themes(strategy)] == [
        ("TH1", "Our workforce"), ("TH3", "Our people"), ("TH2", "Wellbeing")]


def test_a_rename_onto_a_theme_left_as_it_is_names_the_cell(strategy, personas):
    Theme.objects.create(strategy=strategy, title="Leadership", position=2)
    book = _export(strategy)
    sheet = book["Themes"]
    sheet.delete_rows(4)  # the workbook leaves Leadership out
    sheet.cell(3, _col(sheet, "Theme")).value = "Leadership"
    stored, [p] = _import(book, personas["lead"])
    assert stored is None
    assert (p.file, p.sheet, p.row, p.column, p.value, p.message) == (
        "plan.xlsx", "Themes", 3, "Theme", "Leadership",
        "Another theme of the plan (TH3) has this title")
