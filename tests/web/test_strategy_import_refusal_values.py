"""A workbook import refused because it would undo a change made since its export names the
values as people write them in the workbook: a number as typed (99, 99.5, not 99.0), a date
as the workbook shows it (31/03/2029, not 2029-03-31), both in the cell's value and in what
the plan's value is now."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_copies import edited
from workforce_web.strategy import pages, services
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _changed_since(export: bytes) -> None:
    """The plan changed after `export`: a target's goal, baseline and date, the strategy's
    end and a tracked measure's value (as the system's import of a newer copy would)."""
    t01, *rest = PLAN.targets
    tracked = replace(PLAN.tracked[0], values=(("2025-Q2", 22.5), ("2025-Q3", 19.0)))
    save_plan(replace(PLAN, end=date(2028, 6, 30), tracked=(tracked,), targets=(
        replace(t01, target_value=15.0, baseline_value=24.25,
                target_date=date(2027, 3, 31)), *rest)), None)


def _tracked_value(data: bytes, period: str, value: object) -> bytes:
    """The workbook with REREF's value for `period` on the Tracked values sheet typed in."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["Tracked values"]
    row = next(r for r in ws.iter_rows(min_row=2) if (r[0].value, r[1].value) == ("REREF",
                                                                                 period))
    row[2].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_refusal_names_numbers_and_dates_as_the_workbook_writes_them(strategy, personas):
    export = pages.export(strategy, date.today())
    _changed_since(export)
    workbook = edited(export, "Targets", "T01", Target_value=99, Baseline="99.5",
                      Target_date=datetime(2029, 3, 31))
    workbook = edited(workbook, "Strategy", PLAN.title, End="31/03/2029")
    workbook = _tracked_value(workbook, "2025-Q3", 18)
    stored, problems = services.import_workbook("T1", workbook, "plan.xlsx", personas["lead"])
    assert stored is None
    now = {p: p.message.split("it is now ")[1].split(". Importing")[0] for p in problems}
    shown = {(p.sheet, p.column): (p.value, now[p]) for p in problems}
    assert shown == {
        ("Strategy", "End"): ("31/03/2029", "“30/06/2028”"),
        ("Targets", "Baseline"): ("99.5", "“24.25”"),
        ("Targets", "Target value"): ("99", "“15”"),
        ("Targets", "Target date"): ("31/03/2029", "“31/03/2027”"),
        ("Tracked values", "Value"): ("18", "“19”"),
    }
