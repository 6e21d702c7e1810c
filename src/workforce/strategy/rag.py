"""RAG status, computed and never typed: for targets from their trajectory, for actions from
their dates and status.

Targets (`assess`):
- no figure yet, or no goal to compare with (a benchmark not yet published) -> "none";
- on or ahead of the trajectory -> green; behind it by no more than the tolerance -> amber;
  further behind -> red. "Ahead" respects the direction: lower is better for "at most"
  targets, nearer the centre is better for "within" targets;
- a target whose goal is "better than the baseline" is green only when strictly better;
- once the target date has passed the tolerance no longer applies: met -> green,
  missed -> red.
Figures are compared as they are shown (`decimals`: one decimal place for most units): the
figure, the trajectory's value and the edges of the tolerance band are each rounded as the
pages and the report print them, so a status never contradicts the numbers beside it (17.2
against a band shown as 16.7 to 17.2 is amber, 18.3 against 18.3 is green).

Actions (`action_rag`), first rule that applies: complete -> blue; cancelled -> grey; past
its due date -> red; blocked -> amber; not started after its start date -> amber;
otherwise green. A person may override the computed RAG, always with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workforce.charts.style import DECIMALS
from workforce.measures.formulas import round_half_away
from workforce.strategy.benchmark import BenchmarkValue
from workforce.strategy.plan import OVERRIDE_RAGS, Target
from workforce.strategy.trajectory import expected

EPSILON = 1e-9  # float arithmetic: 0.1 + 0.2 must count as meeting 0.3
SUPPRESSED = ("Not shown: the figure is about too few people, or would let such a figure be "
              "worked out")
"""Why a figure is "c": about 1 to 4 people, or hidden with one that is (a complement). The
words do not say which: that a hidden figure is about at least 5 people is itself a clue."""


@dataclass(frozen=True)
class Point:
    """A measured value of a target's measure and the date it is as at."""

    on: date
    value: float | None
    suppressed: bool = False  # shown as 'c': about too few people to show


@dataclass(frozen=True)
class Assessment:
    """A target's status on a date: the figure, what the trajectory expects, the goal, the
    gap (positive = better than expected) and the reason in words."""

    rag: str
    value: float | None
    on: date | None
    expected: float | None
    goal: float | None
    gap: float | None
    reason: str
    goal_note: str = ""
    suppressed: bool = False


def direction_of(target: Target, polarity: str) -> str:
    """The target's direction: its own, else from the measure's polarity."""
    if target.direction:
        return target.direction
    if polarity == "up":
        return "at_least"
    if polarity == "down":
        return "at_most"
    raise ValueError(f"Target {target.ref}: the measure has no better way; choose a direction")


def goal_of(target: Target, benchmark: BenchmarkValue | None) -> tuple[float | None, str]:
    """The goal value and a note saying where it comes from."""
    if target.benchmark:
        if benchmark is None:
            return None, "the benchmark figure is not available"
        return benchmark.value, f"{benchmark.label} {benchmark.year}: {benchmark.value:g}"
    if target.target_value is not None:
        return target.target_value, ""
    return target.baseline_value, "better than the baseline"


def capped(exp: float | None, goal: float | None, direction: str) -> float | None:
    """A trajectory never expects better than the goal: a baseline already better than a
    benchmark goal ("at or below the England average") is held to the goal, not to a path
    that worsens towards it."""
    if exp is None or goal is None:
        return exp
    if direction == "at_most":
        return max(exp, goal)
    if direction == "at_least":
        return min(exp, goal)
    return exp


def number(x: float, dp: int | None = None) -> str:
    """A gap in words: to `dp` decimal places when given (as the figures are shown), else one
    decimal place, or two significant figures below 1."""
    x = abs(x)
    if dp is not None:
        return f"{x:.{dp}f}"
    return f"{x:.1f}" if x >= 1 else f"{x:.2g}"


def decimals(target: Target, unit: str | None = None) -> int:
    """The decimal places the target's figures are shown with: those of `unit`, else of its
    registry measure's unit (`workforce.charts.style.DECIMALS`, the same as the web's and the
    report's); one when the unit is not known (a tracked measure whose unit is not given)."""
    if unit is None and target.measure_id:
        from workforce.measures import all_measures

        found = all_measures().get(target.measure_id)
        unit = found.unit if found is not None else None
    return DECIMALS.get(unit or "", 1)


def expected_value(target: Target, on: date, goal: float | None, polarity: str
                   ) -> float | None:
    """What the trajectory expects on `on` for `goal`, never past the goal itself."""
    return capped(expected(target, on, goal), goal, direction_of(target, polarity))


def judged(direction: str, value: float, reference: float, band: float | None,
           tolerance: float, dp: int) -> tuple[float, bool]:
    """(gap, near) for `value` against `reference` as both are shown, rounded to `dp` places:
    the gap is how far the figure is better than the trajectory (negative when behind);
    `near` says whether the figure is inside the band at worst amber, whose edges (the
    trajectory and the tolerance either side) are rounded as the pages show them."""
    def shown(x: float) -> float:
        return round_half_away(x, dp)  # type: ignore[return-value]

    v, ref, width = shown(value), shown(reference), band or 0.0
    if direction == "at_least":
        gap, near = v - ref, v >= shown(reference - tolerance)
    elif direction == "at_most":
        gap, near = ref - v, v <= shown(reference + tolerance)
    else:
        gap = min(v - shown(reference - width), shown(reference + width) - v)
        near = shown(reference - width - tolerance) <= v <= shown(reference + width + tolerance)
    return round(gap, dp), near


def assess(target: Target, polarity: str, point: Point | None,
           benchmark: BenchmarkValue | None = None, unit: str | None = None) -> Assessment:
    """The RAG status of `target` for the figure `point` (as at its own date), comparing the
    figures as they are shown in `unit` (by default the registry measure's unit)."""
    goal, note = goal_of(target, benchmark)
    if point is None or point.value is None:
        hidden = point is not None and point.suppressed
        reason = SUPPRESSED if hidden else "No figure for this date yet"
        return Assessment("none", None, point.on if point else None, None, goal, None,
                          reason, note, hidden)
    exp = expected_value(target, point.on, goal, polarity)
    if exp is None:
        return Assessment("none", point.value, point.on, None, None, None,
                          f"No goal to compare with: {note or 'no target value'}", note)
    dp = decimals(target, unit)
    gap, near = judged(direction_of(target, polarity), point.value, exp, target.band,
                       target.tolerance, dp)
    rag, reason = _grade(target, point.on, gap, near, dp,
                         improving=note == "better than the baseline")
    return Assessment(rag, point.value, point.on, exp, goal, gap, reason, note)


def _grade(target: Target, on: date, gap: float, near: bool, dp: int,
           improving: bool) -> tuple[str, str]:
    if target.target_date is not None and on > target.target_date:
        if gap >= -EPSILON:
            return "green", "Target date passed: target met"
        return "red", f"Target date passed: missed by {number(gap, dp)}"
    if improving:
        if gap > EPSILON:
            return "green", "Better than the baseline"
        if near:
            return "amber", "No better than the baseline"
        return "red", f"Worse than the baseline by {number(gap, dp)}"
    if gap >= -EPSILON:
        return "green", "On or ahead of the trajectory"
    if near:
        return "amber", f"Behind the trajectory by {number(gap, dp)}, within the tolerance"
    return "red", f"Behind the trajectory by {number(gap, dp)}, outside the tolerance"


@dataclass(frozen=True)
class ActionRag:
    """An action's RAG: `rag` is what is shown; `computed` is what the rules say."""

    rag: str
    computed: str
    reason: str
    overridden: bool = False


DELIVERY = {"green": "on track", "amber": "at risk", "red": "overdue"}
"""The board report's words for an action's delivery RAG (`reports.progress.RAG_COLUMNS`),
which differ from its status (what its owner records: `plan.ACTION_STATUSES`)."""


def delivery_words() -> str:
    """How the board report counts actions, in a sentence for the pages that count them by
    status: "The board report counts the same actions by delivery: on track (green), ..."."""
    parts = [f"{word} ({rag})" for rag, word in DELIVERY.items()]
    return (f"The board report counts the same actions by delivery: {', '.join(parts[:-1])} "
            f"and {parts[-1]}, as the Delivery (RAG) column of each list of actions shows "
            "them.")


def action_rag(status: str, start: date | None, due: date | None, today: date,
               override: str = "", override_reason: str = "") -> ActionRag:
    """The action's RAG from its status and dates, or its override (with the reason)."""
    computed, reason = _action_rule(status, start, due, today)
    if override and status not in ("complete", "cancelled"):
        return ActionRag(override, computed, f"Set by hand: {override_reason}", True)
    return ActionRag(computed, computed, reason)


def _action_rule(status: str, start: date | None, due: date | None,
                 today: date) -> tuple[str, str]:
    if status == "complete":
        return "blue", "Complete"
    if status == "cancelled":
        return "grey", "Cancelled"
    if due is not None and today > due:
        days = (today - due).days
        return "red", f"Overdue by {days} day{'s' if days != 1 else ''}"
    if status == "blocked":
        return "amber", "Blocked"
    if status == "not_started" and start is not None and today > start:
        return "amber", f"Not started: was due to start on {start.day} {start:%B %Y}"
    return "green", "On track"


def override_problem(rag: str, reason: str) -> str:
    """Why an override cannot be accepted, or "" when it can."""
    if not rag:
        return ""
    if rag not in OVERRIDE_RAGS:
        return f"{rag!r} is not a RAG status: use green, amber or red"
    if not reason.strip():
        return "Give the reason for setting the RAG status by hand"
    return ""


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Not complete or cancelled, and past its due date."""
    return status not in ("complete", "cancelled") and due is not None and today > due
