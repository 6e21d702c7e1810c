"""What each strategy page shows, assembled from stored rows and the core's rules, so views
stay short: look up, authorise, call one of these, render."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from workforce.measures import all_measures
from workforce.strategy import workbook_write
from workforce.strategy.periods import words
from workforce.strategy.plan import ACTION_STATUSES, REVIEW_STATUSES
from workforce.strategy.rag import ActionRag, action_rag, delivery_words, is_overdue
from workforce.strategy.review import (
    STEP_LABELS,
    by_theme,
    can_refresh,
    is_locked,
    is_provisional,
    left_out_words,
    step_problem,
    steps_from,
    targets_words,
)
from workforce.strategy.status import action_rags, off_trajectory
from workforce.wording import day
from workforce_web.strategy.access import sees_target
from workforce_web.strategy.figures import strategy_figures, target_page
from workforce_web.strategy.history import latest_change
from workforce_web.strategy.models import (
    Action,
    Change,
    Review,
    Strategy,
    Target,
    Theme,
    TrackedMeasure,
)
from workforce_web.strategy.records import natural, plan_of
from workforce_web.strategy.reviewing import approve_problem, forum_taken, frozen_by
from workforce_web.strategy.store import Stored


@dataclass(frozen=True)
class ActionRow:
    """An action with its computed (or overridden) RAG."""

    action: Action
    rag: ActionRag


def action_rows(actions: Any, today: date) -> list[ActionRow]:
    """Actions in ref order with their RAG."""
    return [ActionRow(a, action_rag(a.status, a.start, a.due, today, a.rag_override,
                                    a.override_reason))
            for a in sorted(actions, key=lambda a: natural(a.ref))]


def _actions(strategy: Strategy) -> Any:
    return strategy.actions.select_related("theme", "owner", "objective")


def overview(strategy: Strategy, today: date, figures_on: date | None = None,
             units: set[str] | None = None) -> dict:
    """Themes with action counts by status, overdue actions, targets off trajectory. Actions
    are assessed on `today`, targets' figures on `figures_on` (default `today`; a viewer's
    are at the last month end: `dashboards.filters.figures_on`); only the targets a reader of
    `units` reads (`access.target_units`) are counted and shown."""
    actions = list(_actions(strategy))
    figures = strategy_figures(strategy, figures_on or today, units)
    themes = [{"theme": t, "counts": [(ACTION_STATUSES[s], sum(
        1 for a in actions if a.theme_id == t.pk and a.status == s)) for s in ACTION_STATUSES],
        "total": sum(1 for a in actions if a.theme_id == t.pk),
        "targets": sum(1 for f in figures if f.target.theme == t.title)}
        for t in strategy.themes.all()]
    overdue = [r for r in action_rows(actions, today) if is_overdue(
        r.action.status, r.action.due, today)]
    by_ref = {t.ref: t for t in strategy.targets.all()}
    return {"themes": themes, "overdue": overdue, "figures": figures,
            "off": [(by_ref[f.target.ref], f) for f in off_trajectory(figures)],
            "statuses": list(ACTION_STATUSES.values()), "delivery_words": delivery_words(),
            "latest_review": strategy.reviews.first(), "today": today}


def theme(theme: Theme, today: date, figures_on: date | None = None,
          units: set[str] | None = None) -> dict:
    """The theme's objectives with their actions, and the theme's targets (`figures_on` and
    `units`: as `overview`)."""
    rows = action_rows(theme.actions.select_related("owner", "objective"), today)
    groups = [{"objective": o, "rows": [r for r in rows if r.action.objective_id == o.pk]}
              for o in theme.objectives.all()]
    loose = [r for r in rows if r.action.objective_id is None]
    figures = [f for f in strategy_figures(theme.strategy, figures_on or today, units)
               if f.target.theme == theme.title]
    by_ref = {t.ref: t for t in theme.targets.all()}
    return {"groups": groups, "loose": loose,
            "targets": [(by_ref[f.target.ref], f) for f in figures if f.target.ref in by_ref]}


def history(obj: Any, kind: str, label: str, parts: tuple[str, Any] | None = None) -> Any:
    """The changes to one action, target or review (`kind`), found by the object they were
    recorded for, not by its label: two reviews of one quarter share "Review 2025-Q3", and an
    action whose ref changed keeps its history. `parts`: (kind, queryset) of the objects whose
    changes belong to it too (an action's progress updates). Changes recorded without the
    object (none are now) are found by `label`."""
    mine = Q(kind=kind, object_id=obj.pk) | Q(object_id__isnull=True, item=label)
    if parts is not None:
        mine |= Q(kind=parts[0], object_id__in=parts[1].values("pk"))
    return Change.objects.filter(mine, strategy=obj.strategy).select_related("user")


def action(action: Action, today: date) -> dict:
    [row] = action_rows([action], today)
    return {"row": row, "updates": action.updates.select_related("author"),
            "history": history(action, "action", f"Action {action.ref}",
                               ("update", action.updates.all())),
            "feedback": action.feedback.all()}


def target(target: Target, figures_on: date) -> dict:
    page = target_page(target, figures_on)
    return {**page, "spec_json": json.dumps(page.get("spec")),
            "covers": covers(target),
            "history": history(target, "target", f"Target {target.ref}")}


def covers(target: Target) -> str:
    """What each of a target's figures covers: a stock (an average caseload, a headcount) is
    taken on the date, whatever the target's period; a flow covers the period to it; a
    tracked measure's figures are the values entered for their periods."""
    if target.tracked_id:
        return "The period each entered value is for"
    m = all_measures().get(target.measure_id or "")
    if m is not None and m.kind == "stock":
        return "The date itself: the figure on that day"
    return str(target.get_period_display()).capitalize()


def review(review: Review, today: date, units: set[str] | None = None,
           user: Any = None) -> dict:
    """The frozen figures by theme (of the targets a reader of `units` reads: `frozen`), the
    steps the review can take now, why a step it cannot take yet (a quarter not over,
    figures frozen before it ended) or `user` may not take (approving a review they
    prepared or submitted: `reviewing.approve_problem`) is held back, and the other
    forums' reviews of its quarter (`others`)."""
    snap = frozen(review.strategy, review.snapshot, units)
    steps = steps_from(review.status)
    held = {s: step_problem(review.period, review.as_at, s, today)
            or (approve_problem(review, user) if s == "approve" and user else "")
            for s in steps}
    themes = [{**t, "commentary": review.commentary.get(t["key"], "")} for t in by_theme(snap)]
    return {"snap": snap, "themes": themes, "locked": is_locked(review.status),
            "refreshable": can_refresh(review.status),
            "steps": [(s, STEP_LABELS[s]) for s in steps if not held[s]],
            "held": next((p for p in held.values() if p), ""),
            "provisional": is_provisional(review.period, review.as_at),
            "provisional_words": provisional_words(review),
            "frozen_words": frozen_words(review), "frozen_by": frozen_by(review),
            "left_out_words": left_out(review),
            "period_words": words(review.period),
            "status_label": REVIEW_STATUSES[review.status],
            "history": history(review, "review", f"Review {review.period}"),
            "targets_words": targets_words([x["rag"] for x in snap.get("targets", [])]),
            "others": others(review), "approved_elsewhere": approved_elsewhere(review)}


def others(review: Review) -> list[Review]:
    """The strategy's other reviews of the review's quarter, each for another forum (a
    quarter has one review per forum: a workforce board and a scrutiny committee may each
    review it), approved first."""
    found = review.strategy.reviews.filter(period=review.period).exclude(pk=review.pk)
    return sorted(found, key=lambda r: (r.status != "approved", r.forum))


def frozen(strategy: Strategy, snapshot: dict, units: set[str] | None,
           now: dict[str, str] | None = None) -> dict:
    """A review's `snapshot` with only the targets a reader of `units` reads (in its rows and
    its themes' counts by RAG), by the scope they were frozen for (a review frozen before the
    scope was kept: the scope of the target with that ref now, `now` or `scopes`; with none,
    no manager reads it)."""
    if units is None:
        return snapshot
    now = scopes(strategy) if now is None else now

    def shown(row: dict) -> bool:
        scope = row.get("scope_unit", now.get(row.get("ref")))
        return scope is not None and sees_target(units, scope)

    kept = [x for x in snapshot.get("targets", []) if shown(x)]
    themes = [{**t, "targets": dict(Counter(x["rag"] for x in kept if x["theme"] == t["title"]))}
              for t in snapshot.get("themes", [])]
    return {**snapshot, "targets": kept, "themes": themes}


def scopes(strategy: Strategy) -> dict[str, str]:
    """Each target's scope unit ("" for the whole organisation), by ref."""
    return dict(strategy.targets.values_list("ref", "scope_unit"))


def changes(strategy: Strategy, units: set[str] | None = None) -> QuerySet:
    """The strategy's change history, without the changes to targets a reader of `units`
    does not read (their figures: baselines, goals, milestones)."""
    found = Change.objects.filter(strategy=strategy)
    if units is None:
        return found
    read = [pk for pk, scope in strategy.targets.values_list("pk", "scope_unit")
            if sees_target(units, scope)]
    return found.filter(~Q(kind="target") | Q(object_id__in=read))


def strategy_for_tracked(measure: TrackedMeasure, wanted: str | None) -> Strategy | None:
    """The strategy a tracked measure's page belongs to: the one asked for (if it is the
    organisation's), else one with a target on the measure, else the organisation's first."""
    mine = Strategy.objects.filter(organisation=measure.organisation)
    if wanted and wanted.isdigit() and mine.filter(pk=int(wanted)).exists():
        return mine.get(pk=int(wanted))
    return mine.filter(targets__tracked=measure).first() or mine.first()


def frozen_words(review: Review) -> str:
    """What the review's figures are as at, in a sentence (without its full stop): targets
    at the review's date, actions on the day they were judged as they stood (reviews frozen
    before that day was kept: when the figures were frozen)."""
    snap = review.snapshot
    targets = f"Target figures as at {day(review.as_at)}"
    if "actions_on" not in snap:
        return f"{targets}; actions as they stood when the figures were frozen"
    on = date.fromisoformat(snap["actions_on"])
    n = snap.get("actions_undated", 0)
    undated = (f" ({n} closed action{'s' if n != 1 else ''} with no progress update to date "
               f"{'them' if n != 1 else 'it'} as recorded when the figures were frozen)"
               if n else "")
    return (f"{targets}; actions as they stood on {day(on)}, from their dated "
            f"progress updates, as the board report on the quarter counts them{undated}")


def left_out(review: Review) -> str:
    """How many of the plan's actions the review leaves out, as added to the plan after the
    day its actions are as they stood on (`review.left_out_words`); "" for none, or for a
    review frozen before that count was kept."""
    snap = review.snapshot
    if "actions_on" not in snap:
        return ""
    return left_out_words(snap.get("actions_later", 0),
                          date.fromisoformat(snap["actions_on"]))


def provisional_words(review: Review) -> str:
    """What a provisional draft is, in a sentence."""
    return (f"Provisional draft: {review.period} ({words(review.period)}) had not ended when "
            f"the figures were frozen, so they are as at {day(review.as_at)}, not the "
            "quarter end. Freeze the figures again once the quarter is over; only then can "
            "the review be submitted and approved.")


def review_exists(strategy: Strategy, period: str, forum: str) -> bool:
    return forum_taken(strategy, period, forum)


def approved_elsewhere(review: Review) -> str:
    """The sentence saying the review's quarter already has an approved review for another
    forum, with its full stop; "" for none."""
    found = [r.forum for r in others(review) if r.status == "approved"]
    if not found:
        return ""
    forums = found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"
    return (f"An approved review of {review.period} already exists for {forums}. This "
            f"review is for {review.forum}.")


def export(strategy: Strategy, today: date, figures_on: date | None = None,
           units: set[str] | None = None) -> bytes:
    """The whole plan as a workbook, with today's RAG and the change history (targets'
    figures on `figures_on`, written as `overview` shows them; only the targets a reader of
    `units` reads, in the plan, its reviews and its history: as `overview`). The workbook
    records the plan's latest change of all (not only those the reader sees) and the values
    it wrote, so that importing it does not undo a change made since
    (`services.import_workbook`, `clashes.checked`)."""
    plan = replace(plan_of(strategy, units), last_change=latest_change(strategy))
    if units is not None:
        now = scopes(strategy)
        plan = replace(plan, reviews=tuple(replace(r, snapshot=frozen(strategy, r.snapshot,
                                                                      units, now))
                                           for r in plan.reviews))
    figures = {f.target.ref: f for f in strategy_figures(strategy, figures_on or today, units)}
    history_rows = [{"at": c.at.strftime("%Y-%m-%d %H:%M"), "who": c.username,
                     "item": c.item, "summary": c.summary}
                    for c in changes(strategy, units).order_by("at", "id")]
    return workbook_write.export(plan, workbook_write.Extras(
        action_rags(plan.actions, today), figures, history_rows))


def import_summary(stored: Stored) -> str:
    created, changed = sum(stored.created.values()), sum(stored.changed.values())
    if not created and not changed:
        return "Imported: nothing had changed since the last import."
    return f"Imported {stored.strategy.title}: {created} added, {changed} changed."
