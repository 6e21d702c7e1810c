"""The status of a plan on a date: every target's assessment, every action's RAG, and the
overview's counts (actions by theme and status, overdue actions, targets off trajectory).

Where a target's figures come from is passed in (`PointsFor`), so the web reads them through
its measures cache and the CLI and the demo straight from a ledger, with the same rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from workforce.ledger import Ledger
from workforce.measures.suppression import DEFAULT_THRESHOLD
from workforce.strategy.actuals import latest, measure_points, tracked_points
from workforce.strategy.benchmark import Lookup
from workforce.strategy.plan import (
    ACTION_STATUSES,
    Action,
    Dated,
    Plan,
    Target,
    TrackedMeasure,
)
from workforce.strategy.rag import ActionRag, Assessment, Point, action_rag, assess
from workforce.strategy.review import TargetFigure
from workforce.strategy.targets import MeasureInfo, measure_info, measured_baseline

PointsFor = Callable[[Target, Sequence[date]], list[Point]]


def ledger_points(ledger: Ledger, organisation: str,
                  threshold: int | None = DEFAULT_THRESHOLD) -> PointsFor:
    """Figures for registry targets computed straight from a ledger (suppressed below
    `threshold` people, as when shown)."""
    return lambda target, dates: measure_points(ledger, organisation, target, dates,
                                                threshold)


def with_measured_baseline(target: Target, points_for: PointsFor) -> Target:
    """The target with its baseline value measured at its baseline date, when it has a date
    and no value (a seed's "reduce" with no number); unchanged otherwise."""
    if not measured_baseline(target):
        return target
    found = points_for(target, [target.baseline_date])  # type: ignore[list-item]
    value = found[0].value if found else None
    return replace(target, baseline_value=value) if value is not None else target


def target_points(target: Target, tracked: Mapping[str, TrackedMeasure], dates: Sequence[date],
                  points_for: PointsFor) -> list[Point]:
    """A target's figures: entered values for a tracked measure, else computed at `dates`."""
    if target.tracked:
        found = tracked.get(target.tracked)
        return tracked_points(found.values) if found else []
    return points_for(target, dates)


def assess_on(target: Target, info: MeasureInfo, points: Sequence[Point], on: date,
              lookup: Lookup) -> Assessment:
    """The target's assessment for its latest figure on or before `on`."""
    point = latest(points, on)
    when = point.on if point else on
    bench = lookup(target.measure_id or "", target.benchmark, when) if target.benchmark else None
    return assess(target, info.polarity, point, bench, unit=info.unit)


def assess_targets(targets: Iterable[Target], tracked: Mapping[str, TrackedMeasure], on: date,
                   points_for: PointsFor, lookup: Lookup) -> list[TargetFigure]:
    """Every target's figure and status as at `on` (targets on unknown measures skipped)."""
    out = []
    for t in targets:
        info = measure_info(t, tracked)
        if info is None:
            continue
        points = target_points(t, tracked, [on], points_for)
        out.append(TargetFigure(t, info.title, info.unit, assess_on(t, info, points, on, lookup)))
    return out


def assess_all(plan: Plan, ledger: Ledger, on: date, lookup: Lookup) -> list[TargetFigure]:
    """`assess_targets` for a whole plan with figures from `ledger`."""
    tracked = {m.code: m for m in plan.tracked}
    return assess_targets(plan.targets, tracked, on, ledger_points(ledger, plan.organisation),
                          lookup)


def action_rags(actions: Iterable[Action], today: date) -> dict[str, ActionRag]:
    """Each action's RAG by its ref."""
    return {a.ref: action_rag(a.status, a.start, a.due, today, a.rag_override,
                              a.override_reason) for a in actions}


def counts_by_theme(actions: Iterable[Action]) -> dict[str, dict[str, int]]:
    """For each theme, the number of actions in each status (every status present)."""
    out: dict[str, Counter] = {}
    for a in actions:
        out.setdefault(a.theme, Counter())[a.status] += 1
    return {theme: {s: c.get(s, 0) for s in ACTION_STATUSES} for theme, c in out.items()}


def off_trajectory(figures: Iterable[TargetFigure]) -> list[TargetFigure]:
    """Targets that are amber or red, red first."""
    order = {"red": 0, "amber": 1}
    return sorted((f for f in figures if f.assessment.rag in order),
                  key=lambda f: (order[f.assessment.rag], f.target.ref))


def dated_on(action: Action, field: str, on: date) -> Dated | None:
    """The value of `field` (a `plan.DATED_FIELDS`) in effect at the end of `on`: the last
    one set on or before it; before the first, the earliest known (the value the action was
    created with, or had before its changes were recorded). None when nothing is recorded."""
    found = _in_order(action, field)
    then = [d for d in found if d.on is not None and d.on <= on]
    return then[-1] if then else found[0] if found else None


def settings_as_at(action: Action, on: date) -> Action:
    """The action with the due date and RAG override in effect on `on` (`dated_on`); an
    action with none recorded (older data) keeps today's."""
    due, rag = dated_on(action, "due", on), dated_on(action, "rag_override", on)
    if due is not None:
        action = replace(action, due=date.fromisoformat(due.value) if due.value else None)
    if rag is not None:
        action = replace(action, rag_override=rag.value, override_reason=rag.reason)
    return action


CLOSED = ("complete", "cancelled")


def action_as_at(action: Action, on: date) -> tuple[Action, bool]:
    """The action as it stood at the end of `on`: only the progress updates posted by then,
    its due date and RAG override then (`settings_as_at`: today's for an action with no
    dated values, older data), and its status then as far as the record shows it; and
    whether that status is only today's, with nothing to date it (True: closed now, with no
    progress update).

    - Not yet started on `on` (its start is later): not started.
    - Complete or cancelled now: its last progress update is taken as when it was closed, so
      it counts as complete (or cancelled) only if that update is dated on or before `on`;
      before then it was in progress (not started if no update had been posted yet). With no
      updates there is no history to go on and today's status stands.
    - Otherwise (not started, in progress, blocked): not complete now, so not complete then;
      today's status stands.
    Where its status was recorded with the day it was set (`plan.Dated`: the web forms, the
    workbook and the demo record each change), the status in effect then is taken instead,
    after the rule on the start date; before the first recorded, the one it was first
    recorded with, unless that was complete or cancelled (a plan stored after the fact),
    which the rule on progress updates above reads as for older data.
    """
    action = settings_as_at(action, on)
    then = tuple(u for u in action.updates if u.on <= on)
    if action.start is not None and action.start > on:
        return replace(action, status="not_started", updates=then), False
    status = dated_on(action, "status", on)
    if status is not None and status.value and _recorded(action):  # with the day it was set
        if (status.on is not None and status.on <= on) or status.value not in CLOSED:
            return replace(action, status=status.value, updates=then), False
        action = replace(action, status=status.value)  # closed when first recorded: below
    closed = action.status in CLOSED
    if closed and action.updates:
        if max(u.on for u in action.updates) <= on:
            return replace(action, updates=then), False
        return replace(action, status="in_progress" if then else "not_started",
                       updates=then), False
    return replace(action, updates=then), closed


def _recorded(action: Action) -> bool:
    """Whether the action's dated statuses end with the status it has now: a status changed
    where its day was not recorded (older data, or by hand in the database) leaves them
    behind, and then they are not read."""
    found = _in_order(action, "status")
    return bool(found) and found[-1].value == action.status


def _in_order(action: Action, field: str) -> list[Dated]:
    """The action's values of `field` in the order they were set (the undated first; sorting
    is stable, so same-day values keep their order)."""
    return sorted((d for d in action.dated if d.field == field),
                  key=lambda d: d.on or date.min)


def in_plan_on(action: Action, on: date) -> bool:
    """Whether the action was in the plan at the end of `on`: added to it on or before that
    day (`Action.added_on`, the day the plan gives; one added on a quarter's last day is in
    that quarter). An action without that day (older data, a plan stored after the fact) is
    in the plan throughout. The days its values were stored (`Action.dated`) do not say: a
    plan typed in or imported today was drawn up long before."""
    return action.added_on is None or action.added_on <= on


def judged_on(period_end: date, produced: date) -> date:
    """The day a quarter's actions are judged on: the day after its end (an action due on
    the quarter's last day and not done by then is overdue), or the day the report is
    produced when the quarter is still running."""
    return min(period_end + timedelta(days=1), produced)


@dataclass(frozen=True)
class ActionsThen:
    """A plan's actions as they stood at a quarter's end (`actions_then`)."""

    actions: tuple[Action, ...]  # those in the plan then, as they stood, with the updates
    # posted by then
    rags: dict[str, ActionRag]  # each one's RAG by its ref, judged on `on`
    last: date  # the last day whose progress updates count
    on: date  # the day they are judged on (`judged_on`)
    undated: int  # closed with no progress update to date it: as it stands today
    later: int = 0  # left out: added to the plan after `last` (`in_plan_on`)


def actions_then(actions: Iterable[Action], period_end: date, today: date) -> ActionsThen:
    """The actions of the plan as it stood at the end of the quarter ending `period_end` (or
    today, for a quarter still running): only those added to it by then (`in_plan_on`: an
    action added after the quarter is not in its review, its counts or its board report),
    each as it stood then, from its dated progress updates (`action_as_at`), and judged as
    at the quarter: the one reading the board report and a frozen review share. Its due
    date, a RAG set by hand and its status are those in effect then, from their dated
    values; an action with none recorded (older data) keeps today's. How many were left
    out, as added since, is `later`, so what reads them can say so."""
    last, on = min(period_end, today), judged_on(period_end, today)
    actions = list(actions)
    found = [action_as_at(a, last) for a in actions if in_plan_on(a, last)]
    then = tuple(a for a, _ in found)
    return ActionsThen(then, action_rags(then, on), last, on,
                       sum(1 for _, guessed in found if guessed), len(actions) - len(found))
