"""The change history: every change to a plan, with who made it and when.

`record` writes one entry; `changes` describes what differs between two sets of field values
in words ("Status: Not started → In progress"), so forms, the import and the review steps all
write the same kind of entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from workforce.measures import all_measures
from workforce.wording import day
from workforce_web.strategy.models import Change, Strategy
from workforce_web.strategy.records import natural

SYSTEM = "system"  # who wrote a change with no signed-in person: the demo, an import by command
PEOPLE = "people"  # the history filter's choice of everyone but the system


def record(strategy: Strategy, user: Any, item: str, summary: str, kind: str = "",
           object_id: int | None = None) -> Change:
    """Write one entry of `strategy`'s history (user None: the system, e.g. the demo)."""
    username = user.get_username() if user is not None else SYSTEM
    return Change.objects.create(strategy=strategy, user=user, username=username,
                                 kind=kind, object_id=object_id, item=item[:300],
                                 summary=summary)


FEEDBACK_WORDS = 60
"""How much of a feedback entry's "you said" its name in the history gives."""


def feedback_item(on: date, you_said: str) -> str:
    """How the history names a "you said, we did" entry, whether the form or an import
    changed it: its date and the start of its words, which together are its key ("Feedback
    of 1 May 2025: Too many agency staff"). The form wrote "Feedback Too many agency staff"
    and an import "Feedback of 01 May 2025"."""
    words = " ".join(you_said.split())
    if len(words) > FEEDBACK_WORDS:
        words = words[:FEEDBACK_WORDS].rstrip() + "…"
    return f"Feedback of {day(on)}: {words}"


VALUE_LABELS = {"value": "Value"}
"""A tracked value's field as the value form names it."""


def value_item(code: str, period: str) -> str:
    """How the history names a tracked measure's value for a period, whether entered on the
    web or stored by an import ("Tracked measure REREF, 2025-Q3"), each change recorded
    under the value ("Value: 21 → 20.5"; a new one "Value: (empty) → 20.5"). The web named
    the measure ("Tracked measure REREF", under it: "2025-Q3: 21 → 20.5") and an import the
    value ("REREF 2025-Q3": "Value: 21 → 20.5", a new one "Created")."""
    return f"Tracked measure {code}, {period}"


def value_summary(old: float | None, new: float) -> str:
    """A tracked value's change in words (`value_item`); "" when it is the same."""
    return changes({"value": old}, {"value": new}, VALUE_LABELS)


def value_changes(code: str, measure_id: int, period: str, value_id: int | None) -> Q:
    """Where the history holds the changes of a tracked measure's value for `period`
    (`measure_id`, its `code`; `value_id`: the stored value, None when there is none): under
    the value (`value_item`, and an import's before it: "Created" or "Value: ..."), and
    entered on the web before then, under the measure ("2025-Q3: 21 → 20.5")."""
    where = Q(kind="value", object_id=measure_id, item=f"Tracked measure {code}",
              summary__startswith=f"{period}:")
    if value_id is not None:  # (those under the measure never start "Value: ")
        where |= Q(kind="value", object_id=value_id) & (
            Q(summary__startswith="Value: ") | Q(summary="Created"))
    return where


def latest_change(strategy: Strategy) -> int | None:
    """The id of the strategy's latest change in its history, None when it has none."""
    return Change.objects.filter(strategy=strategy).order_by("-id").values_list(
        "id", flat=True).first()


def shown(value: Any, choices: Mapping[str, str] | None = None) -> str:
    """A field value as people read it in the history: a choice by its words in `choices`."""
    if value in (None, "", [], ()):
        return "(empty)"
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):  # milestones: [["2026-03-31", 20.0], ...]
        return "; ".join(f"{d}={v:g}" for d, v in value)
    if isinstance(value, models.Model):
        return str(getattr(value, "title", None) or getattr(value, "username", None) or value)
    return str(value)


def measure_titles() -> dict[str, str]:
    """Each registry measure's title by its id, so the history names a measure as people
    read it ('Average caseload (FTE)', not 'caseload_fte')."""
    return {m.id: m.title for m in all_measures().values()}


def short_choices(choices: Any) -> dict[str, str]:
    """A form field's choices as the history names them: a label's words before its colon
    ('Linear' for 'Linear: a straight line from the baseline ...')."""
    return {k: str(v).split(":")[0] for k, v in choices}


def changes(before: Mapping[str, Any], after: Mapping[str, Any],
            labels: Mapping[str, str], choices: Mapping[str, Mapping[str, str]] | None = None
            ) -> str:
    """'Label: old → new; ...' for each field in `labels` whose value differs."""
    choices = choices or {}
    parts = []
    for name, label in labels.items():
        old, new = before.get(name), after.get(name)
        if _norm(old) != _norm(new):
            parts.append(f"{label}: {shown(old, choices.get(name))} → "
                         f"{shown(new, choices.get(name))}")
    return "; ".join(parts)


def touches(summary: str, labels: list[str]) -> bool:
    """Whether a change whose `summary` `changes` wrote ('Status: Not started → Blocked;
    Title: ...') changed a field labelled one of `labels`. A summary that is not such a
    list ('Created', 'Updated') may have changed any; a value that holds '; Label: ' reads
    as a change to that field too (counting one too many, never one too few)."""
    if " → " not in summary:
        return True
    return any(summary.startswith(f"{label}: ") or f"; {label}: " in summary
               for label in labels)


def _norm(value: Any) -> Any:
    return None if value in (None, "", [], ()) else value


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The current values of `fields` on a model instance (before a form changes them); the
    rows of a many-to-many field (the actions a feedback entry is linked to) as `linked`."""
    return {f: linked(getattr(obj, f).all()) if _many(obj, f) else getattr(obj, f)
            for f in fields}


def linked(rows: Iterable[Any]) -> str:
    """Linked rows as the history and the workbook name them: their refs in order ('A1,
    A2.2, A2.11')."""
    return ", ".join(sorted((r.ref for r in rows), key=natural))


def _many(obj: Any, name: str) -> bool:
    try:
        return obj._meta.get_field(name).many_to_many
    except FieldDoesNotExist:
        return False


def history_who_choices(changes: models.QuerySet) -> list[tuple[str, str]]:
    """The history's choices of who made the changes: everyone, everyone but the system,
    then each name found in `changes` (the system last)."""
    names = set(changes.order_by().values_list("username", flat=True).distinct())
    people = sorted(n for n in names if n != SYSTEM)
    return [("", "Everyone"), (PEOPLE, "Everyone but the system"),
            *[(n, n) for n in people], *([(SYSTEM, "The system only")] if SYSTEM in names
                                         else [])]


def filter_who(changes: models.QuerySet, who: str) -> models.QuerySet:
    """`changes` made by `who`: a username, PEOPLE (all but the system's), or "" (all)."""
    if who == PEOPLE:
        return changes.exclude(username=SYSTEM, user__isnull=True)
    if who == SYSTEM:
        return changes.filter(username=SYSTEM, user__isnull=True)
    return changes.filter(username=who) if who else changes
