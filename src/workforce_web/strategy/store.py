"""Storing a whole plan (from the workbook import or the demo) in one transaction.

Rows are matched by natural key (strategy by title unless the caller gives it, theme by ref
or else title, action and target by ref, tracked measure by code, tracked value by period,
feedback by date and words, review by period and forum), so importing the same workbook
twice changes nothing. Every row created or changed is written to the change history.
Nothing is deleted: a row missing from the file is left as it is.
An approved review is locked and never overwritten. An action's due date, RAG
override and status are also recorded as dated values (`note_dated`: a value set back the same
day to one it took that day removes those set in between), dated the day stored unless the
plan gives their dates (the demo, or a workbook's Action dates sheet: those not stored yet are
added, none removed, each once however often the sheet or the stored rows repeat it:
`plan.settled`).
An action's day added to the plan (`Action.added_on`) is the plan's, as any other field: not
the day stored (a plan typed in or imported today was drawn up before), and kept as stored
when the plan does not give it (`Plan.gives_added`: a workbook without the column).
The history names fields and choices in the words the web's forms use (`ACTION_LABELS`,
`TARGET_LABELS`, the models' choices, units by name), so a change reads the same whichever
way it came.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from workforce.imports.errors import ImportProblem
from workforce.measures.windows import parse_period
from workforce.strategy import plan as core
from workforce.strategy.merge import feedback_key
from workforce_web.strategy import models as m
from workforce_web.strategy.figures import measured
from workforce_web.strategy.history import (
    VALUE_LABELS,
    changes,
    feedback_item,
    linked,
    measure_titles,
    record,
    short_choices,
    value_item,
    value_summary,
)
from workforce_web.strategy.models.plan import lock_strategies, lock_themes, with_next_ref
from workforce_web.strategy.records import dated_values, milestones_json
from workforce_web.strategy.storable import check, owners_kept
from workforce_web.strategy.units import unit_names


@dataclass
class Stored:
    """What a store did: the strategy, and rows created and changed per kind; `warnings`:
    what a workbook's import found worth a look in what it stored as given (see
    `services.import_workbook`)."""

    strategy: m.Strategy
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    warnings: list[ImportProblem] = field(default_factory=list)


class _Lazy(Mapping):
    """A mapping worked out when first read: the units' names load the organisation's
    ledger, wanted only when a row's unit changed."""

    def __init__(self, load: Callable[[], Mapping[str, str]]) -> None:
        self._load, self._found = load, None

    def _got(self) -> Mapping[str, str]:
        if self._found is None:
            self._found = self._load()
        return self._found

    def __getitem__(self, key: str) -> str:
        return self._got()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._got())

    def __len__(self) -> int:
        return len(self._got())


def model_choices(model: type) -> dict[str, dict[str, str]]:
    """Each of the model's choice fields' choices in the words the web's forms record them
    (`history.short_choices`: 'Not started', 'Linear', 'Amber')."""
    return {f.name: short_choices(f.choices) for f in model._meta.fields if f.choices}


class _Writer:
    def __init__(self, plan: core.Plan, user: Any, today: date) -> None:
        self.plan, self.user, self.today = plan, user, today
        self.strategy: m.Strategy | None = None
        self.out: Stored | None = None
        self.units = _Lazy(lambda: unit_names(plan.organisation))  # as the forms name them
        self.choices = {model: model_choices(model) for model in (
            m.TrackedMeasure, m.Action, m.Target, m.Review)}  # fixed: worked out once
        self.measures = measure_titles()
        self.users: dict[str, Any] = {}  # the organisation's, by username, under the lock

    def upsert(self, model: type, keys: dict, values: dict, kind: str, item: str,
               labels: dict[str, str] | None = None,
               choices: dict[str, dict[str, str]] | None = None,
               created: str = "Created") -> Any:
        """Create or update one row, recording what changed (in the `labels` fields, which
        default to every field, each value in words from `choices` where given); a new
        row's history says `created`."""
        obj = model.objects.filter(**keys).first()
        if obj is None:
            obj = model.objects.create(**keys, **values)
            self._note(kind, item, created, obj, created=True)
            return obj
        return self.update(obj, values, kind, item, labels, choices)

    def update(self, obj: Any, values: dict, kind: str, item: str,
               labels: dict[str, str] | None = None,
               choices: dict[str, dict[str, str]] | None = None,
               before: dict[str, Any] | None = None) -> Any:
        """Give the stored row `obj` the `values`, recording what changed from `before`
        (default: the row's values)."""
        before = before or {k: getattr(obj, k) for k in values}
        if all(_same(before[k], v) for k, v in values.items()):
            return obj
        labels = labels or {k: k.replace("_", " ").capitalize() for k in values}
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
        self._note(kind, item, changes(before, values, labels, choices) or "Updated", obj,
                   False)
        return obj

    def _note(self, kind: str, item: str, summary: str, obj: Any, created: bool) -> None:
        if self.strategy is None:  # the strategy itself, just created
            self.strategy = obj
            self.out = Stored(obj)
        (self.out.created if created else self.out.changed)[kind] += 1
        record(self.strategy, self.user, item, summary, kind, obj.pk)


def _same(a: Any, b: Any) -> bool:
    return (None if a in (None, "") else a) == (None if b in (None, "") else b)


def note_dated(action: m.Action, before: dict[str, tuple[str, str]] | None,
               day: date) -> None:
    """Record the action's due date, RAG override and status as values set on `day` where
    they differ from the latest recorded (every one when the action is new: `before` None).
    An action with none recorded yet (older data) first gets the value it had `before`,
    undated, so the days before the change keep it. A value set back on `day` to one it
    already took that day (changed and changed back) is not recorded again: the values set
    in between that day are removed instead, as `plan.settled` leaves them out, so every
    day reads as before and no two rows are the same."""
    now = dated_values(action)
    for name in core.DATED_FIELDS:
        rows = sorted(action.dated.filter(field=name), key=lambda d: (d.on or date.min, d.id))
        if rows and (rows[-1].value, rows[-1].reason) == now[name]:
            continue
        if not rows and before is not None:
            if before[name] == now[name]:
                continue
            m.DatedValue.objects.create(action=action, field=name, on=None,
                                        value=before[name][0], reason=before[name][1])
        same = next((i for i, d in enumerate(rows)
                     if d.on == day and (d.value, d.reason) == now[name]), None)
        if same is not None:
            m.DatedValue.objects.filter(pk__in=[d.pk for d in rows[same + 1:]
                                                if d.on == day]).delete()
            continue
        m.DatedValue.objects.create(action=action, field=name, on=day, value=now[name][0],
                                    reason=now[name][1])


def save_plan(plan: core.Plan, user: Any = None, today: date | None = None,
              strategy: m.Strategy | None = None, owners_known: bool = False) -> Stored:
    """Store `plan` for its organisation (see the module docstring), dating the changes of
    actions' due dates and RAG overrides `today`; all or nothing. `strategy`: the stored
    strategy the plan is (an export's, found by its last change: `services.import_workbook`),
    which is given the plan's title; None: the organisation's strategy with the plan's
    title, or a new one. It holds every strategy of the organisation (`lock_strategies`),
    for the tracked measures it stores: a caller holding one strategy's lock only would
    wait for the others' after it, so an import takes them all first. Under the locks, it
    refuses (`storable.NotStored`, storing nothing) a feedback entry that more than one
    stored entry is and, when `owners_known` (an import, whose read checked them), an
    action's owner no user of the organisation is now; otherwise (the demo, whose users
    may not exist) such an action is stored with no owner. An owner deleted after that
    check, before the commit, refuses it too (`storable.owners_kept`)."""
    w = _Writer(plan, user, today or date.today())
    with transaction.atomic():
        # the organisation's tracked measures are stored: every strategy's lock, by id, as
        # a tracked measure's save takes them, and before the one strategy's
        lock_strategies(plan.organisation)
        w.strategy = strategy or m.Strategy.objects.filter(organisation=plan.organisation,
                                                           title=plan.title).first()
        if w.strategy:  # its themes are read and new ones given refs after the lock
            lock_themes(w.strategy.pk)
            w.strategy.refresh_from_db()
        w.out = Stored(w.strategy) if w.strategy else None
        # what the workbook was checked against before the lock may have changed since
        w.users = {u.get_username(): u for u in get_user_model().objects.filter(
            membership__organisation=plan.organisation)}
        check(plan, w.users if owners_known else None,
              m.Feedback.objects.filter(strategy=w.strategy) if w.strategy else ())
        values = {"summary": plan.summary, "start": plan.start, "end": plan.end}
        if w.strategy is None:
            w.upsert(m.Strategy, {"organisation": plan.organisation, "title": plan.title},
                     values, "strategy", f"Strategy {plan.title}")
        else:
            w.update(w.strategy, {"title": plan.title, **values}, "strategy",
                     f"Strategy {plan.title}")
        themes = _themes(w)
        tracked = _tracked(w)
        actions = _actions(w, themes)
        _targets(w, themes, tracked)
        _feedback(w, actions)
        _reviews(w)
        owners_kept(plan)  # an owner found under the lock may have been deleted since
    return w.out  # type: ignore[return-value]


THEME_LABELS = {"title": "Title", "description": "Description", "position": "Position"}
"""A theme's fields as the theme form names them (`forms.ThemeForm`)."""


def _themes(w: _Writer) -> dict[str, m.Theme]:
    """Store the plan's themes, each found by its ref (`Theme.ref`), or else by its title
    (an older workbook, the demo), so that a theme renamed in the workbook is renamed. The
    order is the plan's: stored positions are kept where they give it (`positions`)."""
    stored = list(m.Theme.objects.filter(strategy=w.strategy))
    found = _matched(w, stored)
    free = {s.pk: s.title for t, s in found if s is not None and s.title != t.title}
    if free:  # renamed: a title another renamed theme gives up (swapped) is free first
        for pk in free:
            m.Theme.objects.filter(pk=pk).update(title=f"(renaming theme {pk})")
    places, moved = positions(stored, found)
    for theme in stored:  # left out of the plan, and in the way of its order
        if theme.pk in moved:
            w.update(theme, {"position": moved[theme.pk]}, "theme", f"Theme {theme.title}",
                     THEME_LABELS)
    taken = [*(s.ref for s in stored), *(x.ref for x in w.plan.themes if x.ref)]
    out = {}
    for t, stored in found:
        values = {"title": t.title, "description": t.description,
                  "position": places[id(t)]}
        if stored is None:
            theme = _new_theme(w, t, values, taken)
        else:
            was = {"title": free.get(stored.pk, stored.title),
                   "description": stored.description, "position": stored.position}
            theme = w.update(stored, values, "theme", f"Theme {t.title}", THEME_LABELS,
                             before=was)
        for j, title in enumerate(t.objectives):
            w.upsert(m.Objective, {"theme": theme, "title": title}, {"position": j},
                     "objective", f"Objective {title[:80]}")
        out[t.title] = theme
    return out


def _new_theme(w: _Writer, t: core.Theme, values: dict[str, Any], taken: list[str]
               ) -> m.Theme:
    """Store the plan's new theme `t` with its ref (a new strategy's workbook may give one),
    or else with one no theme has or gets: the one after those `taken` (the stored themes'
    and the plan's), or, when another theme was given that at the same moment, the one
    after the stored themes' (`with_next_ref`)."""
    def create(ref: str) -> m.Theme:
        return w.upsert(m.Theme, {"strategy": w.strategy, "title": t.title, "ref": ref},
                        {k: v for k, v in values.items() if k != "title"}, "theme",
                        f"Theme {t.title}", THEME_LABELS)
    return create(t.ref) if t.ref else with_next_ref(w.strategy.pk, taken, create)


def _matched(w: _Writer, stored: list[m.Theme]) -> list[tuple[core.Theme, m.Theme | None]]:
    """The plan's themes, each with the stored theme (of `stored`, the strategy's) it is:
    the one with its ref, or else the one with its title that no other theme of the plan is
    by its ref; None: new."""
    by_ref = {s.ref: s for s in stored if s.ref}
    found = {id(t): by_ref.get(t.ref) if t.ref else None for t in w.plan.themes}
    used = {s.pk for s in found.values() if s is not None}
    for t in w.plan.themes:
        same = next((s for s in stored if s.title == t.title and s.pk not in used), None)
        if found[id(t)] is None and same is not None:
            found[id(t)] = same
            used.add(same.pk)
    return [(t, found[id(t)]) for t in w.plan.themes]


def positions(stored: list[m.Theme], found: list[tuple[core.Theme, m.Theme | None]]
              ) -> tuple[dict[int, int], dict[int, int]]:
    """The positions that put the strategy's themes in the plan's order, those the plan
    leaves out keeping their places, with as few stored positions changed as can be: none
    when the order is the stored one (an unchanged workbook). The plan's stored themes take
    the places they held in the stored order, in the plan's order; a new theme comes after
    the theme before it in the plan. Returns the positions of the plan's themes (by `id`)
    and those of the themes it leaves out that must move (by pk)."""
    order = sorted(stored, key=lambda s: (s.position, s.pk))
    mine = {s.pk for _, s in found if s is not None}
    taken = iter([(t, s) for t, s in found if s is not None])
    seq: list[tuple[core.Theme | None, m.Theme | None]] = [
        next(taken) if s.pk in mine else (None, s) for s in order]
    for i, (t, s) in enumerate(found):
        if s is None:  # after the plan's theme before it, or before the plan's first
            before = found[i - 1][0] if i else None
            at = next((k + 1 for k, (x, _) in enumerate(seq) if before and x is before),
                      next((k for k, (x, _) in enumerate(seq) if x is not None), len(seq)))
            seq.insert(at, (t, None))
    plan: dict[int, int] = {}
    left: dict[int, int] = {}
    last: tuple[int, float] = (-1, 0)
    for t, s in seq:  # a stored theme keeps its place when it still comes after the last
        if s is not None and (s.position, s.pk) > last:
            last = (s.position, s.pk)
        else:  # a new theme is stored after every stored one with its position
            last = (last[0] + 1, s.pk if s is not None else float("inf"))
        if t is not None:
            plan[id(t)] = last[0]
        elif last[0] != s.position:
            left[s.pk] = last[0]
    return plan, left


def _tracked(w: _Writer) -> dict[str, m.TrackedMeasure]:
    """Store the plan's tracked measures and their values; a measure the plan gives only
    values of (`TrackedMeasure.described`) keeps what is stored now, not what was read."""
    out = {}
    for t in w.plan.tracked:
        keys = {"organisation": w.plan.organisation, "code": t.code}
        found = None if t.described else m.TrackedMeasure.objects.filter(**keys).first()
        if found is None:
            found = w.upsert(m.TrackedMeasure, keys, {
                "title": t.title, "definition": t.definition, "unit": t.unit,
                "polarity": t.polarity, "frequency": t.frequency}, "tracked",
                f"Tracked measure {t.code}", choices=w.choices[m.TrackedMeasure])
        for period, value in t.values:  # named and worded as the value form records it
            w.upsert(m.TrackedValue, {"measure": found, "period": period},
                     {"value": value, "period_end": parse_period(period).end}, "value",
                     value_item(t.code, period), VALUE_LABELS,
                     created=value_summary(None, value))
        out[t.code] = found
    known = m.TrackedMeasure.objects.filter(organisation=w.plan.organisation)
    return {**{x.code: x for x in known}, **out}


def _actions(w: _Writer, themes: dict[str, m.Theme]) -> dict[str, m.Action]:
    """Store the plan's actions, each owner one of the organisation's users as found under
    the lock (`w.users`; an owner none of them is: see `save_plan`)."""
    out = {}
    for a in w.plan.actions:
        theme = themes[a.theme]
        objective = theme.objectives.filter(title=a.objective).first() if a.objective else None
        stored = m.Action.objects.filter(strategy=w.strategy, ref=a.ref).first()
        # a workbook without the column (`Plan.gives_added`) leaves a stored action's day
        added = {"added_on": a.added_on} if w.plan.gives_added else {}
        action = w.upsert(m.Action, {"strategy": w.strategy, "ref": a.ref}, {
            "theme": theme, "objective": objective, "title": a.title,
            "description": a.description, "owner": w.users.get(a.owner),
            "owner_name": a.owner_name, "lead_unit": a.lead_unit, "start": a.start,
            "due": a.due, "status": a.status, "rag_override": a.rag_override,
            "override_reason": a.override_reason, **added}, "action", f"Action {a.ref}",
            ACTION_LABELS, {**w.choices[m.Action], "lead_unit": w.units})
        for u in a.updates:
            w.upsert(m.ProgressUpdate, {"action": action, "on": u.on, "text": u.text},
                     {"author_name": u.author, "evidence": u.evidence}, "update",
                     f"Update on {a.ref}")
        # values dated by the plan (the demo's story, the sheet) that are not stored yet;
        # older data may hold some more than once
        stored_dates = set(action.dated.values_list("field", "on", "value", "reason"))
        m.DatedValue.objects.bulk_create(
            m.DatedValue(action=action, field=d.field, on=d.on, value=d.value,
                         reason=d.reason) for d in core.settled(a.dated)
            if (d.field, d.on, d.value, d.reason) not in stored_dates)
        note_dated(action, dated_values(stored) if stored else None, w.today)
        out[a.ref] = action
    return out


def _targets(w: _Writer, themes: dict[str, m.Theme],
             tracked: dict[str, m.TrackedMeasure]) -> None:
    for t in w.plan.targets:
        t = _baseline(w, t)
        w.upsert(m.Target, {"strategy": w.strategy, "ref": t.ref}, {
            "theme": themes.get(t.theme), "title": t.title, "measure_id": t.measure_id or "",
            "tracked": tracked.get(t.tracked) if t.tracked else None,
            "scope_unit": t.scope_unit, "scope_filter": t.scope_filter,
            "baseline_value": t.baseline_value, "baseline_date": t.baseline_date,
            "target_value": t.target_value, "target_date": t.target_date,
            "direction": t.direction, "band": t.band, "trajectory": t.trajectory,
            "milestones": milestones_json(t.milestones), "tolerance": t.tolerance,
            "benchmark": t.benchmark, "period": t.period, "note": t.note},
            "target", f"Target {t.ref}", TARGET_LABELS,
            {**w.choices[m.Target], "measure_id": w.measures, "scope_unit": w.units})


ACTION_LABELS = {"theme": "Theme", "objective": "Objective", "title": "Title",
                 "description": "Description", "owner": "Owner", "owner_name": "Owner name",
                 "lead_unit": "Lead unit", "start": "Start", "due": "Due", "status": "Status",
                 "rag_override": "RAG override", "override_reason": "Override reason",
                 "added_on": "Added to the plan on"}
"""An action's fields as the action form names them, in its order (`forms.ActionForm`)."""
TARGET_LABELS = {"title": "Title", "theme": "Theme", "measure_id": "Measure",
                 "tracked": "Tracked measure", "scope_unit": "Scope unit",
                 "scope_filter": "Scope filter", "baseline_value": "Baseline value",
                 "baseline_date": "Baseline date", "target_value": "Target value",
                 "target_date": "Target date", "direction": "Direction", "band": "Band",
                 "trajectory": "Trajectory", "tolerance": "Tolerance",
                 "benchmark": "Benchmark goal", "period": "Period", "note": "Note",
                 "milestones": "Milestones"}
"""A target's fields as the target form names them, in its order (`forms_target.TargetForm`,
its milestones last, as `services.save_target` records them)."""


def _baseline(w: _Writer, t: core.Target) -> core.Target:
    """A baseline given by its date only is measured once, then kept."""
    if t.baseline_value is not None or t.baseline_date is None or not t.measure_id:
        return t
    stored = m.Target.objects.filter(strategy=w.strategy, ref=t.ref).first()
    if stored and stored.baseline_date == t.baseline_date and stored.baseline_value is not None:
        return replace(t, baseline_value=stored.baseline_value)
    return measured(t, w.plan.organisation)


FEEDBACK_LABELS = {"source": "Source", "we_did": "We did", "actions": "Actions"}
"""A feedback entry's fields the plan changes, as the feedback form names them, in its
order (`forms.FeedbackForm`: its date and words are the entry's key)."""


def _feedback(w: _Writer, actions: dict[str, m.Action]) -> None:
    """Store the plan's feedback entries and the actions each is linked to, recording a
    change of those as of any field ("Actions: A1 → A1, A2", as the form records it). An
    entry is the stored one with its date and words, as the workbook and the history know
    it (`merge.feedback_key`: its words trimmed, their lines ended alike)."""
    stored = {feedback_key(e.on, e.you_said): e  # (one each: `storable.check`)
              for e in m.Feedback.objects.filter(strategy=w.strategy)}
    for f in w.plan.feedback:
        keys = {"strategy": w.strategy, "on": f.on, "you_said": f.you_said}
        item = feedback_item(f.on, f.you_said)
        links = [actions[r] for r in f.actions if r in actions]
        entry = stored.get(feedback_key(f.on, f.you_said))
        if entry is None:
            entry = w.upsert(m.Feedback, keys, {"source": f.source, "we_did": f.we_did},
                             "feedback", item)
            entry.actions.set(links)
            continue
        before = {"source": entry.source, "we_did": entry.we_did,
                  "actions": linked(entry.actions.all())}
        after = {"source": f.source, "we_did": f.we_did, "actions": linked(links)}
        if all(_same(before[k], v) for k, v in after.items()):
            continue
        entry.source, entry.we_did = f.source, f.we_did
        entry.save()
        entry.actions.set(links)
        w._note("feedback", item, changes(before, after, FEEDBACK_LABELS), entry, False)


def _reviews(w: _Writer) -> None:
    for r in w.plan.reviews:
        keys = {"strategy": w.strategy, "period": r.period, "forum": r.forum}
        found = m.Review.objects.filter(**keys).first()
        if found is not None and found.status == "approved":
            continue  # locked
        w.upsert(m.Review, keys, {"as_at": r.as_at, "status": r.status,
                                  "snapshot": r.snapshot, "commentary": r.commentary},
                 "review", f"Review {r.period}", {"status": "Status", "as_at": "As at"},
                 w.choices[m.Review])
