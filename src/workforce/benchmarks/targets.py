"""Simple targets: a red, amber or green status against a target, and direction of travel.

These are the rules the dashboards state on the page (`RAG_RULES`). They serve until the
strategy module's trajectories replace single targets.
"""

from __future__ import annotations

from dataclasses import dataclass

AMBER_SHARE = 0.10
"""Amber covers a miss of up to 10% of the target value."""
NEUTRAL_GREEN_SHARE = 0.05

RAG_LABELS = {"green": "On target", "amber": "Near target", "red": "Off target",
              "none": "No status"}
RAG_RULES = (
    "Green (on target): the figure meets or beats the target, in the direction that is better "
    "for the measure.",
    f"Amber (near target): it misses the target by no more than {AMBER_SHARE:.0%} of the "
    "target value.",
    "Red (off target): it misses the target by more than that.",
    f"For a measure with no better direction, green means within {NEUTRAL_GREEN_SHARE:.0%} of "
    f"the target either way and amber within {AMBER_SHARE:.0%}.",
    "No status is shown when there is no target, or the figure is suppressed or cannot be "
    "computed.",
)


def rag(value: float | None, target: float | None, polarity: str) -> str:
    """'green', 'amber', 'red', or 'none' when there is no value or no target."""
    if value is None or target is None:
        return "none"
    slack = abs(target) * AMBER_SHARE
    if polarity == "neutral":
        gap = abs(value - target)
        if gap <= abs(target) * NEUTRAL_GREEN_SHARE:
            return "green"
        return "amber" if gap <= slack else "red"
    miss = value - target if polarity == "down" else target - value
    if miss <= 0:
        return "green"
    return "amber" if miss <= slack else "red"


@dataclass(frozen=True)
class Travel:
    """How a figure moved since an earlier one."""

    direction: str  # "up", "down", "same" or "" (cannot tell)
    judgement: str  # "better", "worse", "no change" or "" (no better way, or cannot tell)

    @property
    def text(self) -> str:
        words = {"up": "Up", "down": "Down", "same": "No change", "": "Not known"}[self.direction]
        if self.judgement in ("better", "worse"):
            return f"{words} ({self.judgement})"
        return words


def travel(now: float | None, before: float | None, polarity: str) -> Travel:
    """Direction of travel from `before` to `now`. Pass the figures as shown (rounded), so a
    change too small to see reads as no change."""
    if now is None or before is None:
        return Travel("", "")
    if now == before:
        return Travel("same", "no change")
    direction = "up" if now > before else "down"
    if polarity == "neutral":
        return Travel(direction, "")
    good = (direction == "up") == (polarity == "up")
    return Travel(direction, "better" if good else "worse")
