"""The change history: every change to a plan, with who made it and when.

`record` writes one entry; `changes` describes what differs between two sets of field values
in words ("Status: Not started → In progress"), so forms, the import and the review steps all
write the same kind of entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import models

from workforce_web.strategy.models import Change, Strategy


def record(strategy: Strategy, user: Any, item: str, summary: str, kind: str = "",
           object_id: int | None = None) -> Change:
    """Write one entry of `strategy`'s history (user None: the system, e.g. the demo)."""
    username = user.get_username() if user is not None else "system"
    return Change.objects.create(strategy=strategy, user=user, username=username,
                                 kind=kind, object_id=object_id, item=item[:300],
                                 summary=summary)


def shown(value: Any, choices: Mapping[str, str] | None = None) -> str:
    """A field value as people read it in the history."""
    if value in (None, "", [], ()):
        return "(empty)"
    if choices and value in choices:
        return str(choices[value]).split(":")[0]
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):  # milestones: [["2026-03-31", 20.0], ...]
        return "; ".join(f"{d}={v:g}" for d, v in value)
    if isinstance(value, models.Model):
        return str(getattr(value, "title", None) or getattr(value, "username", None) or value)
    return str(value)


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


def _norm(value: Any) -> Any:
    return None if value in (None, "", [], ()) else value


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The current values of `fields` on a model instance (before a form changes them)."""
    return {f: getattr(obj, f) for f in fields}
