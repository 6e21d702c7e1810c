"""Text alternatives for charts: a few sentences saying what the chart shows.

They go in the spec's `description` (vega-embed makes it the SVG's accessible name) and under
the chart on the page, beside the table that holds every number.
"""

from __future__ import annotations

from collections.abc import Sequence

from workforce.charts import style


def _known(points: Sequence[dict]) -> list[dict]:
    return [p for p in points if p.get("value") is not None]


def _count(n: int, word: str) -> str:
    """'1 period', '3 periods'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _not_shown(hidden: int, word: str) -> str:
    """'2 periods not shown (suppressed or not computable)', or '' when none is hidden."""
    return f"{_count(hidden, word)} not shown (suppressed or not computable)" if hidden else ""


def describe_series(points: Sequence[dict], name: str, unit: str) -> str:
    """'Your figure went from 14.3% (2024-Q1) to 12.0% (2025-Q4); lowest 11.2% (2025-Q2),
    highest 15.0% (2024-Q3).' A series whose figures all read the same (as shown, rounded)
    is '11.8% throughout'; one figure is just that figure; figures all hidden say so."""
    mine = sorted((p for p in points if p["series"] == name), key=lambda p: str(p["order"]))
    known = _known(mine)
    hidden = len(mine) - len(known)
    if not known:
        return f"{name}: no figures shown, {_not_shown(hidden, 'period')}." if hidden else \
            f"{name}: no figures to show."
    text = name + _moves(known, unit, hidden)
    return f"{text}; {_not_shown(hidden, 'period')}." if hidden else f"{text}."


def _moves(known: list[dict], unit: str, hidden: int) -> str:
    """How a series of known figures (in date order) moves, in words to follow its name."""
    shown = lambda p: style.number(p["value"], unit)  # noqa: E731
    say = lambda p: f"{shown(p)} ({p['period']})"  # noqa: E731
    first, last = known[0], known[-1]
    if len(known) == 1:
        return f": {say(last)}"
    if len({shown(p) for p in known}) == 1:
        if hidden:
            return f" was {shown(first)} in each of the {len(known)} periods shown"
        return f" was {shown(first)} throughout ({first['period']} to {last['period']})"
    text = f" went from {say(first)} to {say(last)}"
    if len(known) == 2:
        return text
    low = min(known, key=lambda p: p["value"])
    high = max(known, key=lambda p: p["value"])
    return f"{text}; lowest {say(low)}, highest {say(high)}"


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
    """A bar chart: how many groups, the highest and the lowest (or that all are the same),
    and how many are hidden."""
    known = _known(points)
    text = f"Bar chart of {title} for {_count(len(points), 'group')}."
    shown = {style.number(p["value"], unit) for p in known}
    if len(known) == 1:
        only = known[0]
        text += f" Shown: {only['category']} {style.number(only['value'], unit)}."
    elif len(shown) == 1:
        text += f" Each of the {len(known)} shown is {shown.pop()}."
    elif known:
        high = max(known, key=lambda p: p["value"])
        low = min(known, key=lambda p: p["value"])
        text += (f" Highest: {high['category']} {style.number(high['value'], unit)}."
                 f" Lowest: {low['category']} {style.number(low['value'], unit)}.")
    hidden = _not_shown(len(points) - len(known), "group")
    return f"{text} {hidden[:1].upper()}{hidden[1:]}." if hidden else text
