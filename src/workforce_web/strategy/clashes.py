"""An import that would undo a change made to the plan since its workbook was exported is
refused, naming the cell, who made the change and when.

The workbook's plan is merged with the stored one (`workforce.strategy.merge`): a value the
workbook left as exported keeps the plan's value now, and a value both changed is a clash. A
value the workbook changes whose exported value it does not hold (an export from before
exports kept them, a row the plan has gained since) is a clash when the plan's history
records a change of it after the export's last change (`changed_since`). Every copy of one
export is checked alike, so one copy's import is not undone by another's; the same workbook
imported again is not refused, as it changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from django.db.models import Q
from django.utils import timezone

from workforce.imports.errors import ImportProblem
from workforce.strategy import workbook as wb
from workforce.strategy.merge import ORDER, STRATEGY, Clash, Key, merge, text, written
from workforce.strategy.plan import Plan
from workforce.strategy.workbook_read import Read
from workforce_web.strategy.history import SYSTEM, value_changes
from workforce_web.strategy.models import (
    Action,
    Change,
    Feedback,
    ProgressUpdate,
    Strategy,
    Target,
    Theme,
    TrackedMeasure,
    TrackedValue,
)
from workforce_web.strategy.records import plan_of, tracked_map
from workforce_web.strategy.store import (
    ACTION_LABELS,
    FEEDBACK_LABELS,
    TARGET_LABELS,
    THEME_LABELS,
)

BIGGEST = 2 ** 63 - 1  # a change id the database holds (a workbook's cell may say more)

LABELS = {
    wb.STRATEGY.name: {"title": "Title", "summary": "Summary", "start": "Start", "end": "End"},
    wb.THEMES.name: {**THEME_LABELS, "objectives": "Objectives"},
    wb.ACTIONS.name: ACTION_LABELS,
    wb.UPDATES.name: {"author": "Author name", "evidence": "Evidence"},
    wb.TARGETS.name: TARGET_LABELS,
    wb.TRACKED.name: {f: f.capitalize() for f in ("title", "definition", "unit", "polarity",
                                                  "frequency")},
    wb.TRACKED_VALUES.name: {"value": "Value"},
    wb.FEEDBACK.name: FEEDBACK_LABELS,
}
"""Each sheet's fields as the history names them (the forms' words, `store`)."""

HOW = "Export the plan again and make your changes in the new copy, or {}."
OWN = (" If that change was your own earlier import of this workbook, do the same: an import "
       "cannot tell it from another copy's.")
"""Added to the hint of a value both changed: the workbook imported, then edited again."""

ROWS = {wb.THEMES.name: "theme", wb.ACTIONS.name: "action",
        wb.UPDATES.name: "progress update", wb.TARGETS.name: "target",
        wb.TRACKED.name: "tracked measure", wb.TRACKED_VALUES.name: "tracked value",
        wb.FEEDBACK.name: "feedback entry"}
"""What a row of each sheet is, as a refusal names it."""


def stored_plan(strategy: Strategy) -> Plan:
    """The stored plan as an export writes it (every target), with every tracked measure of
    the organisation (a workbook may give the values of any)."""
    return replace(plan_of(strategy),
                   tracked=tuple(tracked_map(strategy.organisation).values()))


def checked(plan: Plan, read: Read, strategy: Strategy, filename: str, replace_how: str
            ) -> tuple[Plan, list[ImportProblem]]:
    """The workbook's `plan` (read as `read`), exported from `strategy` at its last change,
    merged with the stored plan (see the module docstring), and the problems that refuse
    it: each value it would change that the plan changed since the export."""
    themes = list(strategy.themes.all())
    theirs = stored_plan(strategy)
    merged = merge(plan, theirs, read.base, {t.title: t.ref for t in themes if t.ref})
    since = min(plan.last_change or 0, BIGGEST)
    titles = {**{f"title:{t.title}": t.title for t in plan.themes},
              **{t.ref: t.title for t in themes if t.ref}}
    problems = []
    for clash in (*merged.clashes, *merged.unknown):
        change = (renamed_since(strategy, since, clash.key) if clash.gone
                  else changed_since(strategy, since, clash.key, clash.field))
        if change is not None or clash.base is not None:
            problems.append(_problem(clash, change, read, filename, replace_how, titles))
    order = {s.name: i for i, s in enumerate(wb.SHEETS)}
    problems.sort(key=lambda p: (order.get(p.sheet or "", -1), p.row or 0))
    return merged.plan, problems


def changed_since(strategy: Strategy, since: int, key: Key, field: str) -> Change | None:
    """The latest change to the record `key`'s `field` recorded after the change `since`, or
    None. A change is of the field when its summary names the field ('Title: A → B'), or
    names none of the record's fields ('Created': made since)."""
    sheet, natural = key
    found = _sources(strategy, key, field)
    if found is None:
        return None
    where, label = found
    labels = LABELS.get(sheet, {}).values()
    for change in Change.objects.filter(where, pk__gt=since).order_by("-id").iterator():
        if label is None or _names(change.summary, label, labels):
            return change
    return None


def renamed_since(strategy: Strategy, since: int, key: Key) -> Change | None:
    """The latest change recorded after the change `since` that took the row `key` of the
    workbook away from the plan: changed its reference (an action's, target's, or a progress
    update's action's), its code (a tracked measure's, a tracked value's measure's), a
    feedback entry's date or words, or a progress update's; None when there is none."""
    sheet, natural = key

    def was(label: str, value: str) -> Q:
        return Q(summary__startswith=f"{label}: {value} → ") | Q(
            summary__contains=f"; {label}: {value} → ")

    mine = Q(strategy=strategy)
    if sheet in (wb.ACTIONS.name, wb.TARGETS.name):
        where = mine & Q(kind=ROWS[sheet]) & was("Ref", natural[0])
    elif sheet in (wb.TRACKED.name, wb.TRACKED_VALUES.name):
        where = Q(kind="tracked") & was("Code", natural[0])
    elif sheet == wb.UPDATES.name:
        ref, on, words = natural
        where = mine & ((Q(kind="action") & was("Ref", ref)) | (Q(kind="update") & (
            was("Date", _day(on)) | was("Progress update", words))))
    elif sheet == wb.FEEDBACK.name:
        on, words = natural
        where = mine & Q(kind="feedback") & (was("Date", _day(on)) | was("You said", words))
    else:
        return None
    return Change.objects.filter(where, pk__gt=since).order_by("-id").first()


def _day(iso: str) -> str:
    """A date (ISO) as the history shows it (`history.shown`)."""
    try:
        on = date.fromisoformat(iso)
    except ValueError:
        return iso or "(empty)"
    return f"{on.day} {on:%b %Y}"


def _names(summary: str, label: str, labels: Iterable[str]) -> bool:
    named = [x for x in labels if summary.startswith(f"{x}: ") or f"; {x}: " in summary]
    return label in named or not named


def _sources(strategy: Strategy, key: Key, field: str) -> tuple[Q, str | None] | None:
    """Where the history records changes of the record `key`'s `field` (None: the record is
    not stored), and the label naming the field in them (None: any change is of it)."""
    sheet, natural = key
    mine = Q(strategy=strategy)
    label = LABELS.get(sheet, {}).get(field)
    if key == STRATEGY:
        return mine & Q(kind="strategy", object_id=strategy.pk), label
    if key == ORDER:
        return mine & Q(kind="theme"), "Position"
    find: dict[str, Callable[[], object | None]] = {
        wb.THEMES.name: lambda: _theme(strategy, natural[0]),
        wb.ACTIONS.name: lambda: Action.objects.filter(strategy=strategy, ref=natural[0]).first(),
        wb.TARGETS.name: lambda: Target.objects.filter(strategy=strategy, ref=natural[0]).first(),
        wb.UPDATES.name: lambda: _update(strategy, natural),
        wb.FEEDBACK.name: lambda: next((f for f in Feedback.objects.filter(
            strategy=strategy, on=natural[0]) if text(f.you_said) == natural[1]), None),
        wb.TRACKED.name: lambda: TrackedMeasure.objects.filter(
            organisation=strategy.organisation, code=natural[0]).first(),
        wb.TRACKED_VALUES.name: lambda: TrackedValue.objects.filter(
            measure__organisation=strategy.organisation, measure__code=natural[0],
            period=natural[1]).first()}
    obj = find[sheet]()
    if obj is None:
        return None
    kind = {wb.THEMES.name: "theme", wb.ACTIONS.name: "action", wb.TARGETS.name: "target",
            wb.UPDATES.name: "update", wb.FEEDBACK.name: "feedback",
            wb.TRACKED.name: "tracked", wb.TRACKED_VALUES.name: "value"}[sheet]
    where = Q(kind=kind, object_id=obj.pk)
    if sheet == wb.TRACKED_VALUES.name:  # entered on the web or imported, before and now
        return value_changes(natural[0], obj.measure_id, obj.period, obj.pk), None
    if sheet == wb.THEMES.name and field == "objectives":  # and as stored by an import
        where = (where & Q(summary__contains=f"{label}: ")) | Q(
            kind="objective", object_id__in=list(obj.objectives.values_list("pk", flat=True)))
        return mine & where, None
    return (where if sheet == wb.TRACKED.name else mine & where), label


def _theme(strategy: Strategy, id_: str) -> Theme | None:
    found = strategy.themes.all()
    if id_.startswith("title:"):
        return found.filter(title=id_.removeprefix("title:")).first()
    return found.filter(ref=id_).first()


def _update(strategy: Strategy, natural: tuple[str, ...]) -> ProgressUpdate | None:
    ref, on, words = natural
    return next((u for u in ProgressUpdate.objects.filter(
        action__strategy=strategy, action__ref=ref, on=on) if text(u.text) == words), None)


def _problem(clash: Clash, change: Change | None, read: Read, filename: str,
             replace_how: str, titles: dict[str, str]) -> ImportProblem:
    """The refusal of `clash`, at its cell, saying who changed it and when (`change`)."""
    sheet, header, row = _cell(clash, read)
    by = ""
    if change is not None:
        who = "the system" if change.username == SYSTEM and change.user_id is None else (
            change.username)
        on = timezone.localtime(change.at).date()
        by = f", by {who} on {on.day} {on:%b %Y} ({change.item})"
    if clash.gone:
        return ImportProblem(
            filename, sheet, row, header, _shown(clash, clash.mine, titles) or None,
            f"The plan no longer has this {ROWS.get(clash.key[0], 'row')}: it was renamed or "
            f"removed since the workbook was exported{by}. Importing the workbook would add "
            "it back",
            HOW.format(replace_how))
    return ImportProblem(
        filename, sheet, row, header, _shown(clash, clash.mine, titles) or None,
        f"The plan has changed this since the workbook was exported{by}: it is now "
        f"{_quoted(_shown(clash, clash.theirs, titles))}. Importing the workbook would "
        "undo that change",
        HOW.format(replace_how) + OWN)


def _cell(clash: Clash, read: Read) -> tuple[str, str, int | None]:
    """The sheet, column and row of `clash` in the workbook."""
    sheet, natural = clash.key
    if clash.key == ORDER:
        mine, theirs = json.loads(clash.mine), json.loads(clash.theirs)
        first = next((m for m, t in zip(mine, theirs, strict=True) if m != t), None)
        return sheet, wb.THEMES.col("title").header, read.rows.get((sheet, (first,)))
    if sheet == wb.THEMES.name and clash.field == "objectives":
        row = read.rows.get((wb.OBJECTIVES.name, natural))
        if row is not None:
            return wb.OBJECTIVES.name, wb.OBJECTIVES.col("title").header, row
        return sheet, wb.THEMES.col("title").header, read.rows.get(clash.key)
    header = next((c.header for s in wb.SHEETS if s.name == sheet for c in s.columns
                   if c.field == clash.field), clash.field)
    return sheet, header, read.rows.get(clash.key)


def _shown(clash: Clash, value: str, titles: dict[str, str]) -> str:
    """A value as the workbook shows it: a choice by its name, a theme by its title, the
    themes' order as their titles, a number or a date as people write it (`merge.written`:
    99, 31/03/2029)."""
    sheet, _ = clash.key
    if clash.key == ORDER:
        return "; ".join(titles.get(i, i.removeprefix("title:")) for i in json.loads(value))
    if clash.field == "theme":
        return titles.get(value, value.removeprefix("title:"))
    if clash.field == "objectives":
        return "; ".join(value.splitlines())
    col = next((c for s in wb.SHEETS if s.name == sheet for c in s.columns
                if c.field == clash.field), None)
    if value and col is not None and col.choices:
        return wb.short_label(col.choices.get(value, value))
    return written(value, col.kind) if col is not None else value


def _quoted(value: str) -> str:
    return f"“{value}”" if value else "empty"
