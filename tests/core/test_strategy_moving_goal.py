"""A benchmark-relative target's trajectory in words (`strategy.moving`), from its chart's
rows: the goal is the figure published by each date, so it moves when DfE publishes a new
year, and the page says so and which figure applies when. Before, the page said "Linear"
while the chart held a baseline of 11.3 to England 2024's 13.9 and then to England 2025's
11.8 from September 2025, with nothing to say why."""

from __future__ import annotations

from datetime import date

from workforce.strategy import chart, moving
from workforce.strategy.benchmark import BenchmarkValue, census_year_at
from workforce.strategy.plan import Target
from workforce.strategy.rag import Point

ENGLAND = {2024: 13.9, 2025: 11.8}


def england(on: date) -> BenchmarkValue | None:
    year = census_year_at(on)
    return BenchmarkValue(ENGLAND[year], year, "England") if year in ENGLAND else None


def pct(v: float) -> str:
    return f"{v:.1f}%"


def _rows(baseline: float) -> list[dict]:
    t = _target(baseline)
    points = [Point(date(2025, 3, 31), baseline), Point(date(2025, 6, 30), 14.9),
              Point(date(2025, 9, 30), 16.3)]
    return chart.rows(t, "down", points, england, unit="percent")


def _target(baseline: float) -> Target:
    return Target("T01", "Turnover at or below England", "turnover_rate_fte",
                  baseline_value=baseline, baseline_date=date(2025, 3, 31),
                  target_date=date(2026, 3, 31), benchmark="national", tolerance=1.5)


def test_each_row_names_the_figure_in_force_on_its_date():
    rows = _rows(11.3)
    assert [(r["date"], r["goal_source"], r["goal"], r["expected"]) for r in rows] == [
        ("2025-03-31", "England 2024", 13.9, 13.9), ("2025-06-30", "England 2024", 13.9, 13.9),
        ("2025-09-30", "England 2025", 11.8, 11.8), ("2025-12-31", "England 2025", 11.8, 11.8),
        ("2026-03-31", "England 2025", 11.8, 11.8)]


def test_a_baseline_better_than_every_figure_is_held_to_the_figure_not_a_line():
    assert moving.words(_target(11.3), _rows(11.3), pct) == (
        "The England average as published at each date, not a line: the baseline (11.3%) "
        "is already at or below it. England 2024: 13.9% to 30 June 2025; England 2025: "
        "11.8% from 30 September 2025.")


def test_a_baseline_behind_the_figure_draws_a_line_to_the_figure_in_force():
    rows = _rows(16.0)
    assert rows[1]["expected"] != rows[1]["goal"]  # on the line, not the figure
    assert moving.words(_target(16.0), rows, pct) == (
        "Linear from the baseline to the England average as published at each date, so it "
        "moves when DfE publishes a new year. England 2024: 13.9% to 30 June 2025; England "
        "2025: 11.8% from 30 September 2025.")


def test_a_target_with_its_own_value_has_no_such_words():
    t = Target("T02", "Agency down", "agency_rate_fte", baseline_value=25.0,
               baseline_date=date(2025, 3, 31), target_value=16.7,
               target_date=date(2028, 3, 31))
    rows = chart.rows(t, "down", [Point(date(2025, 6, 30), 24.0)], england, unit="percent")
    assert moving.words(t, rows, pct) == "" and rows[0]["goal_source"] == ""
