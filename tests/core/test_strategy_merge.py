"""The three-way check of an imported plan (`workforce.strategy.merge`) and the export's hidden
sheet of the values it wrote, which the check compares with."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest

from tests.core.test_strategy_workbook import KNOWN, PLAN
from workforce.strategy import workbook as wb
from workforce.strategy.merge import ORDER, Clash, fields, merge, written
from workforce.strategy.workbook_read import read_workbook
from workforce.strategy.workbook_write import export, template

EXPORTED = replace(PLAN, themes=tuple(replace(t, ref=f"TH{i}")
                                      for i, t in enumerate(PLAN.themes, start=1)),
                   last_change=42)


def _read(data: bytes):
    found = read_workbook(data, "plan.xlsx", "T1", KNOWN)
    assert found.problems == []
    return found


def _action(plan, ref: str, **values):
    return replace(plan, actions=tuple(replace(a, **values) if a.ref == ref else a
                                       for a in plan.actions))


def test_an_export_keeps_the_values_it_wrote_on_a_very_hidden_protected_sheet():
    data = export(EXPORTED)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[wb.EXPORTED]
    assert sheet.sheet_state == "veryHidden" and sheet.protection.sheet
    assert book.sheetnames[-1] == wb.EXPORTED
    found = _read(data)
    assert found.plan == EXPORTED and found.base == fields(EXPORTED)
    assert found.rows[(wb.ACTIONS.name, ("A2",))] == 3
    assert found.rows[(wb.THEMES.name, ("TH2",))] == 3


def test_the_template_and_a_plan_not_exported_have_no_exported_values():
    assert wb.EXPORTED not in openpyxl.load_workbook(io.BytesIO(template())).sheetnames
    assert wb.EXPORTED not in openpyxl.load_workbook(io.BytesIO(export(PLAN))).sheetnames
    assert _read(export(PLAN)).base is None


def test_exported_values_of_another_export_or_unreadable_are_not_used():
    book = openpyxl.load_workbook(io.BytesIO(export(EXPORTED)))
    book["Strategy"].cell(2, 5).value = 41  # Last change: another export's
    out = io.BytesIO()
    book.save(out)
    assert _read(out.getvalue()).base is None
    book = openpyxl.load_workbook(io.BytesIO(export(EXPORTED)))
    book[wb.EXPORTED].cell(4, 3).value = "{not json"
    out = io.BytesIO()
    book.save(out)
    assert _read(out.getvalue()).base is None


def test_long_values_are_kept_over_several_cells():
    plan = _action(EXPORTED, "A1", description="d" * 20_000, override_reason="r" * 20_000)
    found = _read(export(plan))
    assert found.base == fields(plan)


def test_a_value_left_as_exported_keeps_the_plans_change_and_one_changed_is_stored():
    base = fields(EXPORTED)
    theirs = _action(EXPORTED, "A1", title="Bob's title")
    mine = _action(EXPORTED, "A2", title="Alice's title")
    merged = merge(mine, theirs, base)
    assert merged.clashes == () and merged.unknown == ()
    assert [a.title for a in merged.plan.actions] == ["Bob's title", "Alice's title"]
    assert merge(theirs, theirs, base).plan == theirs  # Bob's again: nothing to change


def test_a_value_both_changed_differently_is_a_clash_and_unknown_without_exported_values():
    base = fields(EXPORTED)
    theirs = _action(EXPORTED, "A1", title="Bob's title")
    mine = _action(EXPORTED, "A1", title="Alice's title")
    clash = Clash((wb.ACTIONS.name, ("A1",)), "title", "Alice's title", "Bob's title",
                  "Agree a market supplement")
    assert merge(mine, theirs, base).clashes == (clash,)
    assert merge(mine, theirs, None).unknown == (replace(clash, base=None),)
    same = _action(EXPORTED, "A1", title="Bob's title")
    assert merge(same, theirs, base) == merge(same, theirs, None)  # the same: no question
    assert merge(same, theirs, base).clashes == ()


def test_a_theme_renamed_and_moved_in_the_plan_is_kept_with_its_actions_and_targets():
    base = fields(EXPORTED)
    first, second = EXPORTED.themes
    theirs = replace(EXPORTED, themes=(second, replace(first, title="Our people")),
                     actions=tuple(replace(a, theme="Our people")
                                   if a.theme == first.title else a
                                   for a in EXPORTED.actions),
                     targets=tuple(replace(t, theme="Our people")
                                   if t.theme == first.title else t
                                   for t in EXPORTED.targets))
    mine = _action(EXPORTED, "A2", owner_name="Head of HR")
    merged = merge(mine, theirs, base)
    assert merged.clashes == () and merged.unknown == ()
    assert [t.title for t in merged.plan.themes] == ["Wellbeing", "Our people"]
    assert [a.theme for a in merged.plan.actions] == ["Our people", "Wellbeing"]
    assert merged.plan.targets[0].theme == "Our people"
    assert merged.plan.actions[1].owner_name == "Head of HR"
    both = replace(mine, themes=tuple(reversed(mine.themes)))  # reordered in both: the same
    assert merge(both, theirs, base).clashes == ()
    apart = replace(EXPORTED, themes=(*EXPORTED.themes, replace(first, title="New", ref="")))
    theirs_three = replace(theirs, themes=(*theirs.themes, replace(first, title="Third",
                                                                     ref="TH3")))
    assert merge(apart, theirs_three, base).clashes == ()
    reordered = replace(EXPORTED, themes=(second, first))
    assert [c.key for c in merge(reordered, EXPORTED, None).unknown] == [ORDER]
    assert [c.key for c in merge(reordered, theirs, base).clashes] == []


def test_a_row_the_plan_no_longer_has_that_the_export_had_is_a_clash():
    base = fields(EXPORTED)
    theirs = replace(EXPORTED, actions=tuple(replace(a, ref="A2b") if a.ref == "A2" else a
                                             for a in EXPORTED.actions))
    mine = _action(EXPORTED, "A1", title="Copy's title")
    gone = Clash((wb.ACTIONS.name, ("A2",)), "ref", "A2", "", "", gone=True)
    assert merge(mine, theirs, base).clashes == (gone,)
    assert merge(mine, theirs, None).unknown[-1] == replace(gone, base=None)  # history asked
    new = replace(mine, actions=(*mine.actions, replace(mine.actions[0], ref="A9")))
    assert merge(new, mine, base).clashes == ()  # added in the workbook: not in the export


def _tampered(row_of, column: int, value: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(export(EXPORTED)))
    ws = book[wb.EXPORTED]
    row = next(r for r in range(3, ws.max_row + 1) if row_of(ws.cell(r, 1).value,
                                                              ws.cell(r, 2).value))
    ws.cell(row, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _a1(sheet, key):
    return (sheet, key) == (wb.ACTIONS.name, '["A1"]')


def _order_row(sheet, key):
    return (sheet, key) == (wb.THEMES.name, "[]")


@pytest.mark.parametrize(("row_of", "column", "value"), [
    (_a1, 3, "[" * 30_000),  # too deep for json
    (_a1, 2, "[" * 30_000),
    (_a1, 2, '["A1", "A2"]'),  # an action's key is one ref
    (_a1, 1, "Not a sheet"),
    (_order_row, 3, '{"order": "not json"}'),
    (_order_row, 3, '{"order": "[[1]]"}'),
    (_order_row, 3, '{"order": "null"}'),
    (_order_row, 3, '{"order": "{\\"a\\": 1}"}'),
], ids=["deep-values", "deep-key", "key-length", "sheet", "order-not-json", "order-of-lists",
        "order-null", "order-object"])
def test_malformed_exported_values_are_not_used(row_of, column, value):
    found = _read(_tampered(row_of, column, value))
    assert found.base is None
    assert merge(found.plan, EXPORTED, found.base).clashes == ()
@pytest.mark.parametrize(("compared", "kind", "shown"), [
    ("99.0", "number", "99"), ("99.5", "number", "99.5"), ("-2.0", "number", "-2"),
    ("0.0", "number", "0"), ("-0.0", "number", "0"), ("1234567.0", "number", "1234567"),
    ("1e-05", "number", "0.00001"), ("1e+16", "number", "10000000000000000"),
    ("16.7", "number", "16.7"), ("2029-03-31", "date", "31/03/2029"),
    ("", "number", ""), ("", "date", ""), ("A2", "text", "A2"),
    ("not a number", "number", "not a number"), ("2029-02-30", "date", "2029-02-30"),
])
def test_a_compared_value_is_written_as_the_workbook_writes_it(compared, kind, shown):
    assert written(compared, kind) == shown
