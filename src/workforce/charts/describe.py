"""Text alternatives for charts: a few sentences saying what the chart shows.

They go in the spec's `description` (vega-embed makes it the SVG's accessible name) and under
the chart on the page, beside the table that holds every number.
"""

from __future__ import annotations

from collections.abc import Sequence

from workforce.charts import style


def _known(points: Sequence[dict]) -> list[dict]:
    return [p for p in points if p.get("value") is not None]


def describe_series(points: Sequence[dict], name: str, unit: str) -> str:
    """'Your figure went from 14.3% (2024-Q1) to 12.0% (2025-Q4), lowest 11.2% (2025-Q2),
    highest 15.0% (2024-Q3).'"""
    mine = sorted((p for p in points if p["series"] == name), key=lambda p: str(p["order"]))
    known = _known(mine)
    if not known:
        return f"{name}: no figures to show."
    first, last = known[0], known[-1]
    say = lambda p: f"{style.number(p['value'], unit)} ({p['period']})"  # noqa: E731
    if len(known) == 1:
        return f"{name}: {say(last)}."
    low = min(known, key=lambda p: p["value"])
    high = max(known, key=lambda p: p["value"])
    text = f"{name} went from {say(first)} to {say(last)}; lowest {say(low)}, highest {say(high)}"
    hidden = len(mine) - len(known)
    if hidden:
        text += f"; {hidden} period(s) not shown (suppressed or not computable)"
    return text + "."


def describe_trend(points: Sequence[dict], title: str, unit: str, names: Sequence[str],
                   target: float | None = None) -> str:
    """A line chart: one sentence per series, and the target if there is one."""
    periods = sorted({(str(p["order"]), p["period"]) for p in points})
    head = f"Line chart of {title}"
    if periods:
        head += f" from {periods[0][1]} to {periods[-1][1]}"
    parts = [head + "."] + [describe_series(points, n, unit) for n in names]
    if target is not None:
        parts.append(f"The target is {style.number(target, unit)}.")
    return " ".join(parts)


def describe_bars(points: Sequence[dict], title: str, unit: str) -> str:
    """A bar chart: how many groups, the highest and the lowest, and how many are hidden."""
    known = _known(points)
    text = f"Bar chart of {title} for {len(points)} group(s)."
    if len(known) == 1:
        only = known[0]
        text += f" Shown: {only['category']} {style.number(only['value'], unit)}."
    elif known:
        high = max(known, key=lambda p: p["value"])
        low = min(known, key=lambda p: p["value"])
        text += (f" Highest: {high['category']} {style.number(high['value'], unit)}."
                 f" Lowest: {low['category']} {style.number(low['value'], unit)}.")
    hidden = len(points) - len(known)
    if hidden:
        text += f" {hidden} group(s) not shown (suppressed or not computable)."
    return text
