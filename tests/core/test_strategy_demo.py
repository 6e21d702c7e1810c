"""The demo strategy: four themes, about forty actions in mixed states, ten or more targets on
registry measures (one following the England average), tracked measures, feedback and two
approved quarterly reviews; and it travels through the workbook unchanged."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from workforce.ledger import Ledger
from workforce.measures import all_measures
from workforce.strategy.benchmark import BenchmarkValue
from workforce.strategy.demo import build_demo_strategy, strategy_start
from workforce.strategy.workbook_read import read_plan
from workforce.strategy.workbook_write import export

TODAY = date(2026, 5, 10)


def _england(measure_id, comparator, on):
    return BenchmarkValue(15.0, on.year - 1, "England")


@pytest.fixture(scope="module")
def plan():
    ledger = Ledger({
        "organisation": pl.DataFrame({"code": ["D1"], "name": ["Demo council"]}),
        "unit": pl.DataFrame({"organisation": ["D1"] * 3, "code": ["DIR", "SVC1", "SVC2"],
                              "name": ["Directorate", "Safeguarding", "Early help"],
                              "kind": ["directorate", "service", "service"],
                              "parent": [None, "DIR", "DIR"]}),
    })
    return build_demo_strategy("D1", ledger, TODAY, lookup=_england)


def test_the_strategy_started_in_the_last_financial_year_and_runs_three_years(plan):
    assert strategy_start(TODAY) == date(2025, 4, 1)
    assert (plan.start, plan.end) == (date(2025, 4, 1), date(2028, 3, 31))


def test_it_has_four_themes_and_about_forty_actions_in_mixed_states(plan):
    assert len(plan.themes) == 4
    assert 35 <= len(plan.actions) <= 45
    statuses = Counter(a.status for a in plan.actions)
    assert set(statuses) == {"not_started", "in_progress", "blocked", "complete", "cancelled"}
    assert {a.lead_unit for a in plan.actions} == {"SVC1", "SVC2"}
    assert any(a.rag_override for a in plan.actions)
    assert any(a.updates for a in plan.actions)


def test_it_has_ten_or_more_registry_targets_one_of_them_benchmark_relative(plan):
    registry = all_measures()
    on_registry = [t for t in plan.targets if t.measure_id in registry]
    assert len(on_registry) >= 10
    assert [t.measure_id for t in plan.targets if t.benchmark] == ["turnover_rate_fte"]
    assert {t.tracked for t in plan.targets if t.tracked} == {"REREF", "CPREV"}
    assert sum(t.trajectory == "stepped" for t in plan.targets) == 2


def test_it_has_two_approved_quarterly_reviews_with_frozen_figures(plan):
    assert [(r.period, r.status) for r in plan.reviews] == [("2025-Q4", "approved"),
                                                            ("2026-Q1", "approved")]
    review = plan.reviews[-1]
    assert len(review.snapshot["targets"]) == len(plan.targets)
    assert len(review.snapshot["actions"]) == len(plan.actions)
    assert set(review.commentary) == {t.title for t in plan.themes}
    turnover = next(t for t in review.snapshot["targets"] if t["ref"] == "T01")
    assert turnover["goal_note"] == "England 2025: 15"



def test_the_demo_reviews_count_actions_as_the_board_report_on_their_quarter_does(plan):
    from workforce.reports.progress import actions_section

    for review in plan.reviews:
        section = actions_section(plan, review.as_at, TODAY)
        totals = section.tables[0].rows[-1]  # all themes: total, complete, on track...
        want = dict(zip(("blue", "green", "amber", "red", "grey"),
                        (int(c.text) for c in totals[2:7]), strict=True))
        got = Counter(a["rag"] for a in review.snapshot["actions"])
        assert {rag: got.get(rag, 0) for rag in want} == want, review.period
        assert review.snapshot["actions_on"] == review.as_at.isoformat()

def test_one_demo_action_was_added_after_the_earlier_review_which_says_so(plan):
    from workforce.strategy.demo import ADDED_LATER, added_later
    from workforce.strategy.review import left_out_words

    later = [a for a in plan.actions if a.added_on is not None]
    assert [a.title for a in later] == ["Add an ASYE academy with protected caseloads"]
    # the others are in the plan from the start: no day, as the form leaves it blank
    assert sum(a.added_on is None for a in plan.actions) == len(plan.actions) - 1
    assert later[0].added_on == added_later(TODAY) == date(2026, 1, 1)
    assert ADDED_LATER == 30 and later[0].start >= later[0].added_on
    earlier, latest = plan.reviews
    assert later[0].ref not in {a["ref"] for a in earlier.snapshot["actions"]}
    assert len(earlier.snapshot["actions"]) == len(plan.actions) - 1
    assert earlier.snapshot["actions_later"] == 1 and latest.snapshot["actions_later"] == 0
    assert left_out_words(1, earlier.as_at) == ("1 action added to the plan after 31 "
                                                "December 2025 is not included.")


def test_the_demo_plan_travels_through_the_workbook_unchanged(plan):
    back, problems = read_plan(export(plan), "demo.xlsx", "D1")
    assert problems == []
    # the dated values of due dates and RAG overrides too (the Action dates sheet)
    assert any(a.dated for a in plan.actions)
    assert back == replace(plan, reviews=())


@pytest.mark.parametrize("base", [None, 91.4, 15.5, 62.0, 86.0])
def test_a_demo_target_s_title_names_its_own_goal(base):
    """'... by 2029 (85% or more)' with a goal of 93% was a contradiction on the page."""
    import re

    from workforce.strategy import demo

    start = date(2025, 4, 1)
    for d in demo.TARGETS:
        t = demo._target(d, d.fallback if base is None else base, date(2025, 3, 31), start)
        if t.target_value is None:
            continue
        said = [float(x) for x in re.findall(r"([0-9]+(?:\.[0-9]+)?)%", t.title)]
        said += [float(x) for x in re.findall(r"\b(?:to|towards) ([0-9]+(?:\.[0-9]+)?)\b",
                                              t.title)]
        assert all(x == pytest.approx(t.target_value) for x in said), (t.title, t.target_value)
        years = re.findall(r"by (20[0-9]{2})", t.title)
        assert all(int(y) == t.target_date.year for y in years), t.title
        assert "{" not in t.title
    t04 = next(demo._target(d, 91.4, date(2025, 3, 31), start) for d in demo.TARGETS
               if d.ref == "T04")
    assert t04.title == "A more permanent workforce: 93% or more by 2029"
