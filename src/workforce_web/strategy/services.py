"""The one call each strategy view makes to change the plan: save, record who changed what
in the history, and import a plan workbook. The quarterly reviews' calls are `reviewing`'s."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from workforce.imports.errors import ImportProblem
from workforce.measures.windows import parse_period
from workforce.strategy.periods import label
from workforce.strategy.trajectory import milestone_warnings
from workforce.strategy.workbook_read import Known, Read, read_workbook
from workforce_web.bridge import load_table
from workforce_web.strategy import storable
from workforce_web.strategy.clashes import checked
from workforce_web.strategy.figures import measured
from workforce_web.strategy.history import (
    changes,
    feedback_item,
    measure_titles,
    record,
    short_choices,
    snapshot,
    value_item,
    value_summary,
)
from workforce_web.strategy.imported import (
    exported_from,
    retitled,
    stored_strategy,
    theme_refs,
    title_taken,
)
from workforce_web.strategy.models import (
    Action,
    Feedback,
    Strategy,
    Theme,
    TrackedMeasure,
    TrackedValue,
)
from workforce_web.strategy.models.plan import (
    lock_organisation,
    lock_strategies,
    lock_themes,
)
from workforce_web.strategy.records import dated_values, tracked_map
from workforce_web.strategy.stale import Opened
from workforce_web.strategy.store import Stored, note_dated, save_plan


def _labels(form: Any) -> tuple[dict[str, str], dict[str, dict]]:
    labels = {n: str(f.label or n.replace("_", " ").capitalize())
              for n, f in form.fields.items() if n in form.Meta.fields}
    choices = {n: short_choices(f.choices) for n, f in form.fields.items()
               if hasattr(f, "choices") and not hasattr(f, "queryset")}
    if "measure_id" in choices:  # a measure by its title ('Time to hire: to offer (...)')
        choices["measure_id"] = measure_titles()
    return labels, choices


class NotSaved(Exception):
    """A save refused once it held the plan's lock: the form it was given holds why, as its
    errors, and is shown again."""


def saved(save: Any, *args: Any, **kwargs: Any) -> Any:
    """What `save(*args, **kwargs)` saved (`save_form`, `save_target`...), or None when it
    refused (`NotSaved`: the form it was given says why, and is shown again)."""
    try:
        return save(*args, **kwargs)
    except NotSaved:
        return None


def refuse_taken(form: Any, stale: bool = False) -> None:
    """Refuse the save (`NotSaved`) when a value of the form that must be unique (a ref, a
    title, a code) has been stored since the form checked it: the form's `taken` problems,
    by field, become its errors; or when `stale` (the form has said why)."""
    taken = form.taken() if hasattr(form, "taken") else {}
    for name, message in taken.items():
        form.add_error(name, message)
    if taken or stale:
        raise NotSaved


@transaction.atomic
def save_form(form: Any, user: Any, strategy: Strategy, kind: str,
              more_labels: dict[str, str] | None = None, **extra: Any) -> Any:
    """Save a model form and record what changed ("Created" for a new row); `more_labels`
    names model fields the form fills indirectly; `extra` sets fields before saving.
    It first waits for any import of the plan storing it (`lock_plan`), then saves the
    form's fields over the row as stored then: the fields the form does not have keep what
    the import stored, not the values read when the form was (`_as_stored`). It is refused
    (`NotSaved`, the form saying why) when its row was changed since the form was opened
    (`stale.Opened`), or a unique value was stored since the form's checks (`refuse_taken`,
    again if the database refuses the row)."""
    lock_plan(strategy, kind)
    refuse_taken(form, stale=isinstance(form, Opened) and form.refuse_stale())
    labels, choices = _labels(form)
    labels.update(more_labels or {})
    # is_valid() has already copied the new values onto form.instance: read the stored row
    stored = type(form.instance).objects.filter(pk=form.instance.pk).first()
    before = snapshot(stored, list(labels)) if stored is not None else None
    obj = form.save(commit=False)
    if stored is not None:
        _as_stored(obj, stored, {*labels, *extra})
    if hasattr(obj, "strategy_id") and obj.strategy_id is None:
        obj.strategy = strategy
    for name, value in extra.items():
        setattr(obj, name, value)
    _save_unique(obj, form)
    form.save_m2m()
    if isinstance(obj, Action):
        note_dated(obj, dated_values(stored) if stored is not None else None, date.today())
    summary = "Created" if before is None else changes(before, snapshot(obj, list(labels)),
                                                       labels, choices)
    if summary:
        record(strategy, user, _item(kind, obj), summary, kind, obj.pk)
    return obj


ORGANISATION_KINDS = ("tracked",)
"""What `save_form` saves that belongs to the organisation, not one strategy: a tracked
measure, which the import of any of its strategies stores."""


def lock_plan(strategy: Strategy, kind: str = "") -> None:
    """Wait for any import of the plan that is storing it, and make any import wait for this
    save's transaction (`lock_themes`; every strategy of the organisation for what its
    strategies share, `ORGANISATION_KINDS`: `lock_strategies`), so that the import compares
    its workbook with the plan as this save leaves it and stores it after, not across it."""
    if kind in ORGANISATION_KINDS:
        lock_strategies(strategy.organisation)
    else:
        lock_themes(strategy.pk)


def _as_stored(obj: Any, stored: Any, written: set[str]) -> None:
    """Give `obj` the `stored` row's values of the fields not `written` by the form."""
    for f in type(obj)._meta.concrete_fields:
        if not f.primary_key and f.name not in written:
            setattr(obj, f.attname, getattr(stored, f.attname))


def _save_unique(obj: Any, form: Any) -> None:
    """Save `obj`; when the database refuses it for a unique value another row took without
    the plan's lock (another strategy's title), refuse the save as `refuse_taken` does. The
    savepoint keeps PostgreSQL's transaction usable for the form's check."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        refuse_taken(form)
        raise


@transaction.atomic
def create_strategy(form: Any, user: Any) -> Strategy:
    """Save a new strategy's form and record it, after any import of the organisation's
    plans storing them (`lock_organisation`: a new strategy has no row to lock, and an
    import may be making one of its title); a title another strategy was given since the
    form's check refuses it (`NotSaved`)."""
    strategy = form.save(commit=False)
    lock_organisation(strategy.organisation)
    refuse_taken(form)
    _save_unique(strategy, form)
    record_created(strategy, user)
    return strategy


def record_created(strategy: Strategy, user: Any) -> None:
    record(strategy, user, f"Strategy {strategy.title}", "Created", "strategy", strategy.pk)


def _item(kind: str, obj: Any) -> str:
    """How the history names `obj` (a feedback entry as an import names it too)."""
    if isinstance(obj, Feedback):
        return feedback_item(obj.on, obj.you_said)
    return f"{kind.title()} {_name(obj)}"


def _name(obj: Any) -> str:
    return getattr(obj, "ref", None) or getattr(obj, "code", None) or str(obj)[:80]


def save_target(form: Any, user: Any, strategy: Strategy) -> Any:
    """Save a target, measuring its baseline from the data when only the date is given; the
    form's warnings about its milestones (`trajectory.milestone_warnings`) are worked out
    again with that baseline, so a milestone outside the range from it to the target is
    told of too."""
    found = measured(form.record(), strategy.organisation)
    form.warnings = milestone_warnings(found, found.target_value, form.unit)
    return save_form(form, user, strategy, "target", {"milestones": "Milestones"},
                     baseline_value=found.baseline_value)


@transaction.atomic
def save_theme(form: Any, user: Any, strategy: Strategy) -> Theme:
    """Save a theme and make its objectives the lines given (removed ones are deleted)."""
    theme = save_form(form, user, strategy, "theme")
    titles = form.objective_titles()
    old = [o.title for o in theme.objectives.all()]
    theme.objectives.exclude(title__in=titles).delete()
    for i, title in enumerate(titles):
        theme.objectives.update_or_create(title=title, defaults={"position": i})
    if old != titles:
        record(strategy, user, f"Theme {theme.title}", changes(
            {"o": "; ".join(old)}, {"o": "; ".join(titles)}, {"o": "Objectives"}), "theme",
            theme.pk)
    return theme


@transaction.atomic
def post_update(action: Action, form: Any, user: Any) -> None:
    lock_plan(action.strategy)
    update = form.save(commit=False)
    update.action, update.author = action, user
    update.author_name = user.get_full_name() or user.get_username()
    update.save()
    record(action.strategy, user, f"Action {action.ref}",
           f"Progress update ({update.on:%d %b %Y}): {update.text[:200]}", "update", update.pk)


@transaction.atomic
def enter_value(measure: TrackedMeasure, period: str, value: float, user: Any,
                strategy: Strategy, form: Any = None) -> TrackedValue:
    """Store the value for `period` and record it. With its `form` (`stale.ValueOpened`),
    refused (`NotSaved`, the form saying who changed it when) when the period's value was
    changed after the page was opened: checked under the lock, which every writer of a
    tracked value takes."""
    lock_plan(strategy, "tracked")
    period = label(period)
    if form is not None and form.refuse_stale(period):
        raise NotSaved
    old = measure.values.filter(period=period).first()
    stored, _ = TrackedValue.objects.update_or_create(
        measure=measure, period=period,
        defaults={"value": value, "period_end": parse_period(period).end, "entered_by": user})
    summary = value_summary(old.value if old else None, value)
    if summary:  # (as an import records it: `store._tracked`)
        record(strategy, user, value_item(measure.code, period), summary, "value", stored.pk)
    return stored


REPLACE_HOW = "choose to replace the changes made since the export"
"""How a refused import (`clashes.checked`) is told to go ahead; the page and the command
each say how they are told."""


def import_workbook(organisation: str, data: bytes, filename: str, user: Any,
                    replace_newer: bool = False, replace_how: str = REPLACE_HOW
                    ) -> tuple[Stored | None, list[ImportProblem]]:
    """Read a workbook and store the whole plan, or nothing when it has any problem (what
    it stores as given but is worth a look, such as a target's milestone outside the range
    from its baseline to its goal, is in the stored's `warnings`, each naming its cell).
    An export of the plan (one that records its last change) stores what it changed since
    the export: a value it left as exported keeps any change the plan has had since, and one
    it changes that the plan has also changed since refuses it, naming the cell and who
    changed it when (`clashes.checked`), unless `replace_newer`, when the workbook's values
    are stored as they are; `replace_how` says in the refusal how to ask for that. The
    template's kind of workbook (no last change) is stored as it is. An export is stored
    into the strategy it was exported from, renamed or not since (`imported`), whose title
    is merged as any value is; a title another of the organisation's strategies has is
    refused, and so is one the workbook alone changes (a copy retitled to start another
    plan) unless `replace_newer` (`imported.retitled`). It takes every strategy's lock of
    the organisation before it looks for the strategy and compares (`lock_strategies`),
    as it stores the organisation's tracked measures."""
    users = get_user_model().objects.filter(membership__organisation=organisation)
    known = Known(units=set(load_table("unit", organisation)["code"].to_list()),
                  usernames={u.get_username() for u in users},
                  tracked=tracked_map(organisation),
                  measured=lambda t: measured(t, organisation),
                  themes=lambda title: theme_refs(organisation, title),
                  exported_from=lambda change: getattr(
                      exported_from(organisation, change), "title", None))
    read = read_workbook(data, filename, organisation, known)
    if read.plan is None:
        return None, read.problems
    try:
        return _store_read(read, user, filename, replace_newer, replace_how)
    except storable.NotStored as refused:  # (rolled back: nothing stored)
        return None, storable.problems(refused, filename, read.rows)


@transaction.atomic
def _store_read(read: Read, user: Any, filename: str, replace_newer: bool, replace_how: str
                ) -> tuple[Stored | None, list[ImportProblem]]:
    """Store the plan `read` from the workbook `filename` (`import_workbook`), or refuse it
    with its problems; `storable.NotStored` when what the read checked before the locks no
    longer holds under them (an action's owner removed meanwhile)."""
    plan = read.plan
    assert plan is not None
    # the plan compared is the plan stored: every strategy's lock, as a tracked measure's
    # save takes them (by id), for the organisation's tracked measures it stores
    lock_strategies(plan.organisation)
    strategy = stored_strategy(plan, read)
    if strategy is not None:
        lock_themes(strategy.pk)
        strategy.refresh_from_db()
    if strategy is not None and plan.last_change is not None and not replace_newer:
        plan, problems = checked(plan, read, strategy, filename, replace_how)
        if problems:
            return None, problems
    problems = title_taken(plan, read, strategy, filename) or (
        [] if replace_newer else retitled(plan, read, strategy, filename, replace_how))
    if problems:
        return None, problems
    stored = save_plan(plan, user, strategy=strategy, owners_known=True)
    stored.warnings = read.warnings
    return stored, []
