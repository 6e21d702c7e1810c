"""Stored rows as the core's plain records (`workforce.strategy.plan`), so every rule runs in
the core on the same data whether it came from the database, a workbook or the demo."""

from __future__ import annotations

import re
from datetime import date

from workforce.strategy import plan as core
from workforce_web.strategy.access import sees_target
from workforce_web.strategy.models import Action, Review, Strategy, Target, TrackedMeasure


def natural(ref: str) -> list:
    """Sort key reading the numbers in a ref as numbers: A2.2 before A2.11."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", ref)]


def milestones_of(raw: list) -> tuple[core.Milestone, ...]:
    """Stored milestones ([["2026-03-31", 20.0], ...]) as records, in date order."""
    return tuple(sorted((core.Milestone(date.fromisoformat(d), float(v)) for d, v in raw),
                        key=lambda m: m.on))


def milestones_json(milestones: tuple[core.Milestone, ...]) -> list:
    return [[m.on.isoformat(), m.value] for m in milestones]


def target_record(t: Target) -> core.Target:
    return core.Target(
        t.ref, t.title, t.measure_id or None, t.tracked.code if t.tracked_id else None,
        t.theme.title if t.theme_id else "", t.scope_unit, t.scope_filter, t.baseline_value,
        t.baseline_date, t.target_value, t.target_date, t.direction, t.band, t.trajectory,
        milestones_of(t.milestones), t.tolerance, t.benchmark, t.period, t.note)


def dated_values(a: Action) -> dict[str, tuple[str, str]]:
    """The action's due date, RAG override and status as its dated values hold them: (value,
    reason) by field."""
    return {"due": (a.due.isoformat() if a.due else "", ""),
            "rag_override": (a.rag_override or "", a.override_reason or ""),
            "status": (a.status or "", "")}


def action_record(a: Action, with_updates: bool = False) -> core.Action:
    """The action as a record; `with_updates`: with its progress updates and the dated
    values of its due date and RAG override (what reading it as at a date needs)."""
    updates = tuple(core.Update(u.on, u.text, u.author_name, u.evidence)
                    for u in sorted(a.updates.all(), key=lambda u: (u.on, u.id))
                    ) if with_updates else ()
    dated = tuple(core.Dated(d.field, d.on, d.value, d.reason)
                  for d in sorted(a.dated.all(), key=lambda d: d.id)) if with_updates else ()
    return core.Action(
        a.ref, a.theme.title, a.title, a.objective.title if a.objective_id else "",
        a.description, a.owner.get_username() if a.owner_id else "", a.owner_name,
        a.lead_unit, a.start, a.due, a.status, a.rag_override, a.override_reason, updates,
        dated, a.added_on)


def tracked_record(m: TrackedMeasure) -> core.TrackedMeasure:
    values = tuple((v.period, v.value) for v in m.values.all())
    return core.TrackedMeasure(m.code, m.title, m.definition, m.unit, m.polarity, m.frequency,
                               values)


def tracked_map(organisation: str) -> dict[str, core.TrackedMeasure]:
    """The organisation's tracked measures with their values, by code."""
    found = TrackedMeasure.objects.filter(organisation=organisation).prefetch_related("values")
    return {m.code: tracked_record(m) for m in found}


def review_record(r: Review) -> core.Review:
    return core.Review(r.period, r.as_at, r.forum, r.status, r.snapshot, dict(r.commentary))


def targets_of(strategy: Strategy, units: set[str] | None = None) -> list[core.Target]:
    """The strategy's targets a reader of `units` reads (`access.target_units`; None: all)."""
    return [r for r in (target_record(t) for t in
                        strategy.targets.select_related("theme", "tracked").order_by("ref"))
            if sees_target(units, r.scope_unit)]


def actions_of(strategy: Strategy, with_updates: bool = False) -> list[core.Action]:
    qs = strategy.actions.select_related("theme", "objective", "owner")
    if with_updates:
        qs = qs.prefetch_related("updates", "dated")
    return sorted((action_record(a, with_updates) for a in qs), key=lambda a: natural(a.ref))


def plan_of(strategy: Strategy, units: set[str] | None = None) -> core.Plan:
    """The whole stored strategy as a plan (for the export), with the targets a reader of
    `units` reads (`targets_of`)."""
    themes = tuple(core.Theme(t.title, t.description, tuple(o.title for o in t.objectives.all()),
                              t.ref) for t in strategy.themes.prefetch_related("objectives"))
    targets = tuple(targets_of(strategy, units))
    used = {t.tracked for t in targets if t.tracked}
    tracked = tuple(m for c, m in tracked_map(strategy.organisation).items() if c in used)
    feedback = tuple(core.Feedback(f.on, f.you_said, f.we_did, f.source,
                                   tuple(a.ref for a in f.actions.order_by("ref")))
                     for f in strategy.feedback.order_by("on", "id"))
    return core.Plan(strategy.organisation, strategy.title, strategy.start, strategy.end,
                     strategy.summary, themes, tuple(actions_of(strategy, True)),
                     targets, tracked, feedback,
                     tuple(review_record(r) for r in strategy.reviews.order_by("as_at")))
