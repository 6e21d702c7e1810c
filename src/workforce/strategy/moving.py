"""A benchmark-relative goal in words: the trajectory a target page describes when its goal is
"at or below the England average".

Such a goal is the figure DfE had published by each date (`benchmark.census_year_at`), so it
moves when a new year is published: figures to 30 June 2025 are judged against England 2024,
those from 30 September 2025 against England 2025, as the dashboards and the board report
judge them. The trajectory runs from the baseline to the figure in force at each date, and is
never better than it (`rag.capped`): a baseline already better than every figure published
since is held to the figure itself, not to a line. `words` says which of the two the chart
shows and which figure applies to which dates, from the chart's own rows (`chart.rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from itertools import groupby

from workforce.strategy.plan import BENCHMARKS, Target
from workforce.wording import day

SIDES = {"at_most": "at or below", "at_least": "at or above"}


def words(target: Target, rows: Sequence[dict], fmt: Callable[[float], str]) -> str:
    """The trajectory of a benchmark-relative target in words ("" for any other target), for
    the chart of `rows`; `fmt` writes a figure as the page shows it ('11.8%')."""
    if not target.benchmark or not rows:
        return ""
    name = BENCHMARKS.get(target.benchmark, target.benchmark)
    published = spans(rows, fmt)
    held = all(r["expected"] == r["goal"] for r in rows if r["goal"] is not None)
    if held and target.baseline_value is not None and target.baseline_date is not None:
        side = SIDES.get(rows[0]["direction"], "at")
        head = (f"The {name} as published at each date, not a line: the baseline "
                f"({fmt(target.baseline_value)}) is already {side} it")
    elif held:
        head = f"The {name} as published at each date (no baseline to draw a line from)"
    else:
        head = (f"{target.trajectory.capitalize()} from the baseline to the {name} as "
                "published at each date, so it moves when DfE publishes a new year")
    return f"{head}. {published}."


def spans(rows: Sequence[dict], fmt: Callable[[float], str]) -> str:
    """Which published figure applies to which of the rows' dates: "England 2024: 13.9% to
    30 June 2025; England 2025: 11.8% from 30 September 2025"."""
    runs = [(key, [date.fromisoformat(r["date"]) for r in group])
            for key, group in groupby(rows, key=lambda r: (r["goal_source"], r["goal"]))]
    out = []
    for i, ((source, goal), dates) in enumerate(runs):
        figure = f"{source}: {fmt(goal)}" if goal is not None else "No figure published"
        if len(runs) == 1:
            when = "throughout"
        elif i == 0:
            when = f"to {day(dates[-1])}"
        elif i == len(runs) - 1:
            when = f"from {day(dates[0])}"
        else:
            when = f"{day(dates[0])} to {day(dates[-1])}"
        out.append(f"{figure} {when}")
    return "; ".join(out)
