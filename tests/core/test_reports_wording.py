"""The report's words as a board member reads them: a count of cases is a whole number
("Cases held 3,268", not "3,268.0"; "Highest caseload 33"), while an average per FTE keeps
its decimal; Annex B says the periods of a measure shown over two in one sentence ("The 12
months to the quarter end and the quarter", not "...; The quarter"); and a closed action
with nothing to date its closing is not dated with the day the report was produced, after
the quarter it is about."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest

from workforce.demo import generate
from workforce.measures import all_measures
from workforce.reports import Request, build, render
from workforce.reports.annex import period_words
from workforce.reports.figures import unit_of, whole
from workforce.reports.progress import actions_section
from workforce.strategy.demo import build_demo_strategy
from workforce.strategy.plan import Action, Plan, Theme

TODAY = date(2025, 11, 15)
COUNTED = ("M15a", "cases")  # the most cases one worker holds; the cases held
AVERAGED = ("M14", "caseload_fte")


@pytest.fixture(scope="module")
def report():
    ledger = generate(staff=120, years=3, seed=3, today=TODAY)
    plan = build_demo_strategy(ledger.organisations[0], ledger, TODAY)
    return build(ledger, Request("2025-Q3", plan=plan, produced=TODAY))


def _cells(report, ids):
    return [c for c, s in report.sources() if s.measure in ids and c.is_number]


def test_the_measures_of_cases_that_count_them_are_whole(report):
    registry = all_measures()
    assert [i for i, m in registry.items() if m.unit == "cases" and whole(m)] == \
        [i for i in registry if i in COUNTED]
    assert {unit_of(i, "cases") for i in COUNTED} == {"count"}
    assert {unit_of(i, "cases") for i in AVERAGED} == {"cases"}


def test_counts_of_cases_are_shown_as_whole_numbers(report):
    counted = _cells(report, COUNTED)
    assert {s.measure for c, s in report.sources() if c in counted} == set(COUNTED)
    assert all(re.fullmatch(r"[0-9,]+", c.text) for c in counted), [c.text for c in counted]
    averaged = _cells(report, AVERAGED)
    assert averaged and all(re.fullmatch(r"[0-9,]+\.[0-9]", c.text) for c in averaged)
    said = " ".join(p for s in report.sections for p in s.points)
    assert not re.search(r"(Highest caseload|Cases held[a-z ]*) was [0-9,]+\.", said)


def test_the_workbook_stores_the_counts_of_cases_as_whole_numbers(report):
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    found = [(row[0].value, row[2]) for ws in book for row in ws.iter_rows()
             if row[0].value in ("Highest caseload", "Cases held by social workers")
             and len(row) > 2 and isinstance(row[2].value, (int, float))]
    assert found
    for title, cell in found:
        assert cell.value == int(cell.value) and "." not in cell.number_format, (title, cell)


def test_annex_b_says_a_measures_periods_in_one_sentence(report):
    periods = {d.id: d.period for d in report.definitions}
    assert not [p for p in periods.values() if ";" in p]
    both = [i for i, p in periods.items() if " and " in p]
    assert both  # the leavers and starters are shown over the year and the quarter
    assert {periods[i] for i in both} == {"The 12 months to the quarter end and the quarter"}
    units = {d.id: d.unit for d in report.definitions}
    assert units.get("M15a", "Cases") == "Cases"  # shown whole, still a number of cases


def test_period_words():
    assert period_words(["The quarter", "The 12 months to the quarter end"]) == \
        "The 12 months to the quarter end and the quarter"
    assert period_words(["The quarter's last month", "The quarter",
                         "The 12 months to the quarter end"]) == \
        "The 12 months to the quarter end, the quarter and the quarter's last month"
    assert period_words(["At the quarter end"]) == "At the quarter end"


END = date(2026, 9, 30)
PRODUCED = date(2026, 12, 7)


def _closed(ref: str, status: str) -> Action:
    return Action(ref, "Ours", f"Action {ref}", start=date(2025, 12, 1),
                  due=date(2026, 8, 1), status=status)


@pytest.mark.parametrize(("actions", "said"), [
    ((_closed("A2.10", "cancelled"),),
     "A2.10 (cancelled) is counted as the plan stood when this report was produced: no "
     "progress update says when it was closed."),
    ((_closed("A1", "complete"), _closed("A2", "cancelled")),
     "A1 (complete) and A2 (cancelled) are counted as the plan stood when this report was "
     "produced: no progress update says when they were closed."),
    (tuple(_closed(f"A{i}", "complete") for i in range(7)),
     "7 closed actions are counted as the plan stood when this report was produced: no "
     "progress update says when they were closed."),
])
def test_a_closed_action_with_nothing_to_date_it_is_not_dated_after_the_quarter(actions,
                                                                                 said):
    s = actions_section(Plan("T1", "Strategy", themes=(Theme("Ours"),), actions=actions),
                        END, PRODUCED)
    assert s.notes[-1].endswith(said)
    assert "December 2026" not in " ".join([s.lead, *s.notes, *s.points])
