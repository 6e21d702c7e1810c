"""Trajectories: the value a target expects on any date between its baseline and its goal.

The path runs through the baseline (value and date), then each milestone, then the goal at
the target date. Before the first point the first value is expected (nothing is owed before
the baseline); after the target date the goal is.

- **linear**: straight lines between consecutive points, by calendar days.
- **stepped**: a point's value holds from its date until the next point's date, so "17 by
  March 2025, 16 by March 2026" expects 18.6 on 30 March 2025 and 17 on 31 March 2025.

A target without a baseline or a target date expects its goal throughout.
"""

from __future__ import annotations

from datetime import date

from workforce.measures.formulas import round_half_away
from workforce.strategy.plan import Milestone, Target


def points(target: Target, goal: float | None) -> list[Milestone]:
    """The dated values the trajectory passes through, in date order."""
    out: list[Milestone] = []
    if target.baseline_value is not None and target.baseline_date is not None:
        out.append(Milestone(target.baseline_date, target.baseline_value))
    out += sorted(target.milestones, key=lambda m: m.on)
    if goal is not None and target.target_date is not None:
        out.append(Milestone(target.target_date, goal))
    return sorted(out, key=lambda m: m.on)


def expected(target: Target, on: date, goal: float | None) -> float | None:
    """The value the target expects on `on`; None when nothing is known to expect."""
    if target.target_date is None or not points(target, goal):
        return goal
    path = points(target, goal)
    if on <= path[0].on:
        return path[0].value
    if on >= path[-1].on:
        return path[-1].value
    if target.trajectory == "stepped":
        return _stepped(path, on)
    return _linear(path, on)


def _stepped(path: list[Milestone], on: date) -> float:
    return [p for p in path if p.on <= on][-1].value


def _linear(path: list[Milestone], on: date) -> float:
    for before, after in zip(path, path[1:], strict=False):
        if before.on <= on <= after.on:
            span = (after.on - before.on).days
            if span == 0:
                return after.value
            share = (on - before.on).days / span
            return before.value + (after.value - before.value) * share
    return path[-1].value  # not reached: `on` lies inside the path


def milestone_warnings(target: Target, goal: float | None, unit: str | None = None
                       ) -> list[str]:
    """Inconsistencies worth telling people about, stored as given and never reconciled
    (e.g. steps that add up to more than the stated aim).

    A milestone outside the range from the baseline to the goal is one: a plan may mean it
    (steps that overshoot the stated aim, as a seed strategy's apprentices do: 3, 5, 7, 10
    against 9 a year; a figure expected to get worse before it improves), and the trajectory
    passes through it as given, so it is not refused; but it is more often a slip (a value
    typed for another target, a percentage as a fraction), so it is said, for each such
    milestone dated from the baseline to before the target date (those outside the dates
    are told of above, and on the target date the goal applies). Not known without both a
    baseline value and a goal (a benchmark's moves, "better than the baseline" has none).
    The baseline is taken as the pages show it (`outside_range`; `unit`: the measure's, when
    not the registry measure's, as for a tracked measure)."""
    out = []
    dated = sorted(target.milestones, key=lambda m: m.on)
    if target.target_date and any(m.on > target.target_date for m in dated):
        out.append("a milestone falls after the target date")
    if target.baseline_date and any(m.on < target.baseline_date for m in dated):
        out.append("a milestone falls before the baseline date")
    if dated and goal is not None and target.target_date and dated[-1].on == target.target_date \
            and dated[-1].value != goal:
        out.append(f"the last milestone ({dated[-1].value:g}) differs from the target "
                   f"({goal:g}); the target applies from the target date")
    return out + outside_range(target, goal, unit)


def outside_range(target: Target, goal: float | None, unit: str | None = None) -> list[str]:
    """A warning for each milestone whose value lies outside the range from the baseline
    value to the goal (`milestone_warnings`), saying on which side. The baseline is compared
    and named rounded as the pages show the measure's figures (`rag.decimals`, of `unit` or
    the registry measure's): a baseline measured from the data as 26.5957 is shown as 26.6,
    and a milestone of 26.6 is not behind it. Each milestone is compared rounded to the same
    places, as `rag.judged` compares a figure with the trajectory: a milestone of 25.58,
    shown as 25.6, is not behind a baseline of 25.56, shown as 25.6."""
    from workforce.strategy.rag import decimals  # rag reads the trajectory: import here

    if target.baseline_value is None or goal is None:
        return []
    dp = decimals(target, unit)
    base: float = round_half_away(target.baseline_value, dp)  # type: ignore[assignment]
    low, high = min(base, goal), max(base, goal)
    out = []
    for m in sorted(target.milestones, key=lambda m: m.on):
        if target.baseline_date and m.on < target.baseline_date:
            continue
        if target.target_date and m.on >= target.target_date:
            continue
        value: float = round_half_away(m.value, dp)  # type: ignore[assignment]
        if low <= value <= high:
            continue
        beyond = (value > high) == (goal >= base) if goal != base else None
        side = {True: ", beyond the target", False: ", behind the baseline",
                None: ""}[beyond]
        out.append(f"the milestone of {m.on:%-d %B %Y} ({m.value:g}) is outside the range "
                   f"from the baseline ({base:g}) to the target ({goal:g}){side}")
    return out
