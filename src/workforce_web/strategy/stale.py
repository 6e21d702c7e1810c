"""Optimistic concurrency for the plan's edit forms: a save never silently puts back what
another person, or a plan-workbook import, changed after its form was opened.

The plan's history records every change to an action, a target, a theme (and its
objectives), a "you said, we did" entry (and the actions it is linked to) or the
strategy, whoever made it and however (`history.record`: the forms, the import, the
demo), each with an id that grows. A form opened on a stored one carries,
hidden, the id of the latest change to it then (`last_change`, as an exported workbook
carries the plan's). Its save, once it holds the plan's lock (`services.lock_plan`, which
every writer of the plan takes, so a change it waited for is in the history by then),
looks for changes recorded since: any there refuses the save, and the form, shown again
with the values typed, says who changed what when (`refuse_stale`). The form then carries
the latest change, so that saving it again replaces those changes, deliberately.

A form posted without `last_change` (a page opened before forms carried it) is saved as
before.

A tracked measure's value form (`ValueOpened`) carries the organisation's latest change
when its page was opened: the measure belongs to the organisation, and a value may be
entered under any of its strategies or stored by an import of any of them. Only a change
since to the value of the period entered refuses it (`value_history`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from workforce_web.strategy.history import touches, value_changes
from workforce_web.strategy.models import (
    Action,
    Change,
    Feedback,
    Objective,
    Strategy,
    Target,
    Theme,
    TrackedMeasure,
)

KINDS = {Action: "action", Target: "target", Theme: "theme", Strategy: "strategy",
         Feedback: "feedback"}
"""The history's kind of change to each model whose edit form is checked."""

SHOWN = 5
"""How many of the changes since a form was opened its refusal lists."""


def history_of(obj: Any) -> QuerySet:
    """The changes recorded to `obj`; a theme's include its objectives' (an import records
    an objective it adds or moves as its own change, which the theme's form would undo)."""
    mine = Q(kind=KINDS[type(obj)], object_id=obj.pk)
    if isinstance(obj, Theme):
        mine |= Q(kind="objective",
                  object_id__in=Objective.objects.filter(theme=obj).values("pk"))
    strategy_id = obj.pk if isinstance(obj, Strategy) else obj.strategy_id
    return Change.objects.filter(mine, strategy_id=strategy_id)


def latest(obj: Any) -> int:
    """The id of the latest change recorded to `obj` (0: none)."""
    return history_of(obj).order_by("-id").values_list("id", flat=True).first() or 0


class Opened:
    """A model form mixin: the form of a stored row carries the id of its latest change when
    the form was opened (`last_change`, hidden), read before the row's values are, so that a
    change made in between counts as made since. `counts` says which changes since refuse
    the save (every one: the form saves every field the history records)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        bound = (args[0] if args else kwargs.get("data")) is not None
        opened = None
        if instance is not None and instance.pk is not None and not bound:
            opened = latest(instance)
            instance.refresh_from_db()  # the values shown: as of that change or later
        super().__init__(*args, **kwargs)
        self.fields["last_change"] = forms.CharField(required=False, widget=forms.HiddenInput)
        if opened is not None:
            self.initial["last_change"] = opened

    def counts(self, change: Change) -> bool:
        """Whether `change`, recorded since the form was opened, refuses its save."""
        return True

    def changed_since(self) -> list[Change]:
        """The changes to the form's row recorded since the form was opened that refuse its
        save (`counts`), oldest first; none for a new row, or a form posted without
        `last_change`. A `last_change` that is not a number counts every change."""
        seen = self.data.get("last_change")  # type: ignore[attr-defined]
        instance = self.instance  # type: ignore[attr-defined]
        if instance.pk is None or seen in (None, ""):
            return []
        since = history_of(instance).filter(pk__gt=int(seen) if seen.isdigit() else 0)
        return [c for c in since.order_by("id") if self.counts(c)]

    def refuse_stale(self) -> bool:
        """Whether the form's row was changed since the form was opened (`changed_since`):
        if so, the form's errors say who changed what when, and it carries the latest change
        from now on, so that saving it again replaces those changes."""
        since = self.changed_since()
        if not since:
            return False
        noun = KINDS[type(self.instance)]  # type: ignore[attr-defined]
        for message in stale_words(noun, since):
            self.add_error(None, message)  # type: ignore[attr-defined]
        data = self.data.copy()  # type: ignore[attr-defined]
        data["last_change"] = str(latest(self.instance))  # type: ignore[attr-defined]
        self.data = data
        return True


def stale_words(noun: str, since: list[Change]) -> list[str]:
    """The refusal of a form on a `noun` changed since it was opened, then each change:
    which item, who, when, what (the first `SHOWN`; how many more)."""
    words = [f"This {noun} was changed after you opened this page, so your changes have not "
             "been saved. They are still in the form: check them against the changes below, "
             "then save again to replace those changes with yours."]
    for c in since[:SHOWN]:
        at = timezone.localtime(c.at)
        words.append(f"{c.item} was changed by {c.username} on {at.day} {at:%B %Y} at "
                     f"{at:%H:%M}: {c.summary}")
    if len(since) > SHOWN:
        more = len(since) - SHOWN
        words.append(f"… and {more} more change{'s' if more != 1 else ''}: see the "
                     f"{noun}'s history")
    return words


class OnlyItsFields(Opened):
    """An `Opened` form that saves some of its row's fields (the action's status form):
    only a change to one of them refuses its save, as the row's other fields keep what was
    stored (`services.save_form`)."""

    def counts(self, change: Change) -> bool:
        labels = [str(self.fields[n].label) for n in self.Meta.fields]  # type: ignore
        return touches(change.summary, labels)


def value_history(measure: TrackedMeasure, period: str) -> QuerySet:
    """The changes recorded to `measure`'s value for `period`, under any of the
    organisation's strategies, as entered on the web or stored by an import
    (`history.value_changes`)."""
    found = measure.values.filter(period=period).first()
    where = value_changes(measure.code, measure.pk, period, found.pk if found else None)
    return Change.objects.filter(where, strategy__organisation=measure.organisation)


def organisation_latest(organisation: str) -> int:
    """The id of the latest change to any of the organisation's strategies (0: none)."""
    return Change.objects.filter(strategy__organisation=organisation).order_by(
        "-id").values_list("id", flat=True).first() or 0


class ValueOpened:
    """A tracked value's form mixin (a plain form: `measure` given): it carries, hidden, the
    organisation's latest change when the page was opened, and `refuse_stale` refuses a
    save of a period whose value was changed since, saying who changed it when."""

    def __init__(self, *args: Any, measure: TrackedMeasure | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["last_change"] = forms.CharField(  # type: ignore[attr-defined]
            required=False, widget=forms.HiddenInput)
        if measure is not None and not self.is_bound:  # type: ignore[attr-defined]
            self.initial["last_change"] = organisation_latest(  # type: ignore[attr-defined]
                measure.organisation)

    def changed_since(self, period: str) -> list[Change]:
        """The changes to the period's value since the page was opened, oldest first; none
        for a form posted without `last_change`."""
        seen = self.data.get("last_change")  # type: ignore[attr-defined]
        if self.measure is None or seen in (None, ""):
            return []
        since = value_history(self.measure, period).filter(
            pk__gt=int(seen) if seen.isdigit() else 0)
        return list(since.order_by("id"))

    def refuse_stale(self, period: str) -> bool:
        """Whether the period's value was changed since the page was opened: if so, the
        form's errors say who changed it when, and it carries the latest change from now
        on, so that saving again replaces it."""
        since = self.changed_since(period)
        if not since or self.measure is None:
            return False
        for message in stale_words("value", since):
            self.add_error(None, message)  # type: ignore[attr-defined]
        data = self.data.copy()  # type: ignore[attr-defined]
        data["last_change"] = str(organisation_latest(self.measure.organisation))
        self.data = data
        return True
