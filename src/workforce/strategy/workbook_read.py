"""Importing an action plan from the workbook: a whole `Plan`, or problems and nothing.

Every problem names the file, sheet, row, column and value, says what was wrong and what to
do. The plan is returned only when there are no problems, so the caller stores all of it or
none of it. Warnings name their cell the same way but stop nothing: what the plan holds is
stored as given (a target's milestones that fall outside its dates or outside the range from
its baseline to its goal: `trajectory.milestone_warnings`, as the target form warns of them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workforce.imports.errors import ImportProblem
from workforce.strategy import workbook as wb
from workforce.strategy.merge import STRATEGY, Key, feedback_key, theme_id, update_key
from workforce.strategy.plan import Plan, Theme
from workforce.strategy.workbook_actions import read_actions, read_feedback
from workforce.strategy.workbook_cells import Bad, Found, open_book, read_sheet
from workforce.strategy.workbook_exported import exported_values
from workforce.strategy.workbook_reader import Known, Reader
from workforce.strategy.workbook_targets import read_targets, read_tracked
from workforce.strategy.workbook_themes import read_themes


@dataclass(frozen=True)
class Read:
    """What reading a workbook gave: the plan (None when there are problems), the problems
    that stop it, and the warnings about what it stores as given. `base`: the values the
    export wrote (`merge.fields`, from its hidden sheet `wb.EXPORTED`), None when the
    workbook does not hold them for its last change (the template, an older export, a sheet
    that cannot be read); `rows`: the row of each record of the plan on its sheet (a
    theme's objectives: the first of them on the Objectives sheet), by `merge.Key`."""

    plan: Plan | None
    problems: list[ImportProblem]
    warnings: list[ImportProblem] = field(default_factory=list)
    base: Mapping[Key, Mapping[str, str]] | None = None
    rows: Mapping[Key, int] = field(default_factory=dict)


def read_plan(data: bytes, file: str, organisation: str, known: Known | None = None
              ) -> tuple[Plan | None, list[ImportProblem]]:
    """Read the workbook `data` (named `file`); (plan, []) or (None, problems)."""
    found = read_workbook(data, file, organisation, known)
    return found.plan, found.problems


def read_workbook(data: bytes, file: str, organisation: str, known: Known | None = None
                  ) -> Read:
    """Read the workbook `data` (named `file`): the plan and its warnings, or the
    problems (and no plan, nor warnings)."""
    r = Reader(file, known or Known())
    try:
        book = open_book(data)
    except Bad as bad:
        return Read(None, [ImportProblem(file, None, None, None, None, str(bad), bad.hint)])
    try:
        sheets = {s.name: read_sheet(book, s, file, r.problems) for s in wb.SHEETS}
        stamp, base = exported_values(book)
    finally:
        book.close()
    plan = _build(r, sheets, organisation, stamp if base is not None else None)
    order = {s.name: i for i, s in enumerate(wb.SHEETS)}
    problems = sorted(r.problems, key=lambda p: (order.get(p.sheet or "", -1), p.row or 0))
    if problems:
        return Read(None, problems)
    exported = base if plan.last_change is not None and stamp == str(plan.last_change) else None
    return Read(plan, [], r.warnings, exported, _rows(sheets, r.stored))


def _rows(sheets: dict[str, Found], stored: Mapping[str, str]) -> dict[Key, int]:
    """The row of each record of the plan read from `sheets` (`Read.rows`); `stored`: the
    stored themes' titles by their refs, as `merge.theme_id` knows a theme without a ref."""
    refs = {title: ref for ref, title in stored.items()}
    out: dict[Key, int] = {}
    ids = {}
    for row, v in sheets[wb.THEMES.name].rows:
        if v["title"]:
            ids[v["title"]] = theme_id(Theme(v["title"], ref=v["ref"] or ""), refs)
            out.setdefault((wb.THEMES.name, (ids[v["title"]],)), row)
    for row, v in sheets[wb.OBJECTIVES.name].rows:
        if v["theme"] in ids:
            out.setdefault((wb.OBJECTIVES.name, (ids[v["theme"]],)), row)
    keys = {wb.ACTIONS.name: lambda v: (v["ref"],), wb.TARGETS.name: lambda v: (v["ref"],),
            wb.TRACKED.name: lambda v: (v["code"],),
            wb.TRACKED_VALUES.name: lambda v: (v["measure"], v["period"]),
            wb.UPDATES.name: lambda v: update_key(v["action"], v["on"], v["text"]),
            wb.FEEDBACK.name: lambda v: feedback_key(v["on"], v["you_said"])}
    for name, key in keys.items():
        for row, v in sheets[name].rows:
            out.setdefault((name, key(v)), row)
    out[STRATEGY] = next((row for row, _ in sheets[wb.STRATEGY.name].rows), 2)
    return out


def _build(r: Reader, sheets: dict[str, Found], organisation: str, stamp: str | None
           ) -> Plan:
    """The plan the sheets give; `stamp`: the last change of the values exported that the
    workbook holds, None when it holds none."""
    head = _strategy(r, sheets[wb.STRATEGY.name])
    r.stored = r.known.themes(_stored_title(r, head, stamp))
    themes = read_themes(r, sheets, r.stored)
    actions = read_actions(r, sheets, themes)
    tracked = read_tracked(r, sheets)
    targets = read_targets(r, sheets[wb.TARGETS.name], themes, tracked)
    feedback = read_feedback(r, sheets[wb.FEEDBACK.name], {a.ref for a in actions})
    return Plan(organisation, head.get("title") or "", head.get("start"), head.get("end"),
                head.get("summary") or "", tuple(themes.values()), tuple(actions),
                tuple(targets), tuple(tracked.values()), tuple(feedback),
                last_change=head.get("last_change"),
                gives_added="added_on" in sheets[wb.ACTIONS.name].columns)


def _stored_title(r: Reader, head: dict[str, Any], stamp: str | None) -> str:
    """The title of the stored strategy the workbook is of: the one its export was of when
    it holds the values exported at its last change (`Known.exported_from`), else its own."""
    title, last = head.get("title") or "", head.get("last_change")
    if last is None or stamp != str(last):
        return title
    return r.known.exported_from(last) or title


def _strategy(r: Reader, found: Found) -> dict[str, Any]:
    if found.present and len(found.rows) != 1:
        r.bad(wb.STRATEGY.name, None, None, None,
              f"The sheet has {len(found.rows)} rows; it needs exactly one",
              "Give the strategy's title (and start and end) on row 2 only.")
    if not found.rows:
        return {}
    row, values = found.rows[0]
    if values.get("start") and values.get("end") and values["end"] < values["start"]:
        r.bad(wb.STRATEGY.name, row, "End", values["end"], "The strategy ends before it starts",
              "Check the start and end dates.")
    values["last_change"] = _last_change(r, row, values.get("last_change"))
    return values


def _last_change(r: Reader, row: int, value: float | None) -> int | None:
    """The export's last change (`wb.STRATEGY`): a whole number from 0, or None."""
    if value is None:
        return None
    if value < 0 or not float(value).is_integer():
        r.bad(wb.STRATEGY.name, row, "Last change", repr(value).removesuffix(".0"),
              "This is not a whole number from 0",
              "Keep the number the export wrote, or leave the cell empty for a new plan.")
        return None
    return int(value)
