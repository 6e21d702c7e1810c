"""Importing an action plan from the workbook: a whole `Plan`, or problems and nothing.

Every problem names the file, sheet, row, column and value, says what was wrong and what to
do. The plan is returned only when there are no problems, so the caller stores all of it or
none of it. Warnings name their cell the same way but stop nothing: what the plan holds is
stored as given (a target's milestones that fall outside its dates or outside the range from
its baseline to its goal: `trajectory.milestone_warnings`, as the target form warns of them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from workforce.imports.errors import ImportProblem
from workforce.strategy import workbook as wb
from workforce.strategy.merge import ORDER, STRATEGY, Key, feedback_key, theme_id, update_key
from workforce.strategy.plan import (
    Action,
    Dated,
    Feedback,
    Plan,
    Target,
    Theme,
    TrackedMeasure,
    Update,
    added_problem,
)
from workforce.strategy.rag import override_problem
from workforce.strategy.targets import (
    MeasureInfo,
    default_period,
    measured_baseline,
    registry_info,
    target_problems,
    tracked_info,
)
from workforce.strategy.trajectory import milestone_warnings
from workforce.strategy.workbook_cells import (
    Bad,
    Book,
    Found,
    open_book,
    parse_choice,
    parse_date,
    read_sheet,
)

TARGET_HINTS = {
    "measure": "Use a measure id that `workforce measures --list` shows (e.g. "
               "turnover_rate_fte, M06a), or a code from the Tracked measures sheet.",
    "benchmark": "Use a DfE indicator's measure (turnover_rate_fte, agency_rate_fte, "
                 "vacancy_rate_fte, caseload_fte, absence_rate_fte...) or give a target value.",
    "scope_unit": "Use a unit code from the organisation's structure, or leave it empty.",
}


@dataclass(frozen=True)
class Known:
    """What references in the workbook are checked against; None means "do not check".
    `measured`: a target with its baseline measured from the data when only its date is
    given (the web's, from the ledger), so that its milestones are checked against it; None:
    such a baseline is not known here and its milestones' range is not checked.
    `themes`: the themes stored for the strategy of a title, as their titles by their refs
    (`Theme.ref`), so that a theme renamed on the Themes sheet may still be named by its
    stored title on the other sheets, and a title taken by a stored theme the sheet does not
    rename is refused; none known: every theme is the sheet's. `exported_from`: see below."""

    units: Collection[str] | None = None
    usernames: Collection[str] | None = None
    tracked: Mapping[str, TrackedMeasure] = field(default_factory=dict)
    measure: Callable[[str], MeasureInfo | None] = registry_info
    measured: Callable[[Target], Target] | None = None
    themes: Callable[[str], Mapping[str, str]] = lambda _title: {}
    exported_from: Callable[[int], str | None] = lambda _change: None
    """The title now of the stored strategy an export recording a last change was of (the
    strategy whose history holds that change), None when none is: a workbook holding the
    values exported then (`Read.base`) is of that strategy, renamed or not since, and its
    themes are that strategy's."""


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


class _Reader:
    """One import: the rows read so far and the problems found."""

    def __init__(self, file: str, known: Known) -> None:
        self.file, self.known = file, known
        self.problems: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []
        self.today = date.today()  # progress updates report what has happened by then
        self.renamed: dict[str, str] = {}  # a renamed theme's stored title: its new title
        self.stored: Mapping[str, str] = {}  # the stored themes' titles by ref (`Known`)

    def _problem(self, sheet: str, row: int | None, header: str | None, value: Any,
                 message: str, hint: str) -> ImportProblem:
        shown = None if value in (None, "", ()) else str(value)
        return ImportProblem(self.file, sheet, row, header, shown, message, hint)

    def bad(self, sheet: str, row: int | None, header: str | None, value: Any,
            message: str, hint: str = "") -> None:
        self.problems.append(self._problem(sheet, row, header, value, message, hint))

    def warn(self, sheet: str, row: int, header: str, value: Any, message: str,
             hint: str = "") -> None:
        self.warnings.append(self._problem(sheet, row, header, value, message, hint))

    def theme(self, title: str) -> str:
        """The theme another sheet names `title`: a theme renamed on the Themes sheet by
        its stored title is its new title."""
        return self.renamed.get(title, title)

    def has_problem(self, sheet: str, row: int) -> bool:
        return any(p.sheet == sheet and p.row == row for p in self.problems)

    def unique(self, sheet: wb.Sheet, found: Found, fld: str) -> None:
        seen: dict[str, int] = {}
        header = sheet.col(fld).header
        for row, values in found.rows:
            key = values.get(fld)
            if key and key in seen:
                self.bad(sheet.name, row, header, key, f"This is already used on row {seen[key]}",
                         f"Give each row its own {header.lower()}.")
            if key:
                seen.setdefault(key, row)


def read_plan(data: bytes, file: str, organisation: str, known: Known | None = None
              ) -> tuple[Plan | None, list[ImportProblem]]:
    """Read the workbook `data` (named `file`); (plan, []) or (None, problems)."""
    found = read_workbook(data, file, organisation, known)
    return found.plan, found.problems


def read_workbook(data: bytes, file: str, organisation: str, known: Known | None = None
                  ) -> Read:
    """Read the workbook `data` (named `file`): the plan and its warnings, or the
    problems (and no plan, nor warnings)."""
    r = _Reader(file, known or Known())
    try:
        book = open_book(data)
    except Bad as bad:
        return Read(None, [ImportProblem(file, None, None, None, None, str(bad), bad.hint)])
    try:
        sheets = {s.name: read_sheet(book, s, file, r.problems) for s in wb.SHEETS}
        stamp, base = _exported(book)
    finally:
        book.close()
    plan = _build(r, sheets, organisation, stamp if base is not None else None)
    order = {s.name: i for i, s in enumerate(wb.SHEETS)}
    problems = sorted(r.problems, key=lambda p: (order.get(p.sheet or "", -1), p.row or 0))
    if problems:
        return Read(None, problems)
    exported = base if plan.last_change is not None and stamp == str(plan.last_change) else None
    return Read(plan, [], r.warnings, exported, _rows(sheets, r.stored))


def _exported(book: Book) -> tuple[str | None, dict[Key, dict[str, str]] | None]:
    """The last change and the values the export wrote on its hidden sheet (`wb.EXPORTED`),
    or (None, None) when the workbook has no such sheet or it cannot be read (then the
    import asks the plan's history instead: `merge.Merged.unknown`)."""
    if wb.EXPORTED not in book.sheetnames:
        return None, None
    try:
        ws = book[wb.EXPORTED]
        ws.reset_dimensions()
        rows = iter(ws.iter_rows(values_only=True))
        next(rows)  # the header
        head = next(rows)
        stamp = str(head[2])
        base: dict[Key, dict[str, str]] = {}
        for row in rows:
            if not row or row[0] is None:
                continue
            key = json.loads(row[1])
            values = json.loads("".join(str(c) for c in row[2:] if c is not None))
            if not _well_formed(row[0], key, values):
                return None, None
            base[(row[0], tuple(key))] = values
    except (StopIteration, IndexError, TypeError, ValueError, RecursionError):
        return None, None
    return stamp, base


KEY_LENGTHS = {wb.STRATEGY.name: {0}, wb.THEMES.name: {0, 1}, wb.ACTIONS.name: {1},
               wb.UPDATES.name: {3}, wb.TARGETS.name: {1}, wb.TRACKED.name: {1},
               wb.TRACKED_VALUES.name: {2}, wb.FEEDBACK.name: {2}}
"""How many parts the key of a record of each sheet has (`merge.fields`)."""


def _well_formed(sheet: object, key: object, values: object) -> bool:
    """Whether a row of the exported values is one `merge.fields` writes: a sheet's name, a
    key of as many strings as that sheet's keys have, values all text, and the themes' order
    a JSON list of text."""
    if not (isinstance(sheet, str) and isinstance(key, list)
            and len(key) in KEY_LENGTHS.get(sheet, ()) and all(isinstance(k, str) for k in key)
            and isinstance(values, dict) and all(isinstance(v, str) for v in values.values())):
        return False
    if (sheet, tuple(key)) == ORDER and "order" in values:
        order = json.loads(values["order"])
        return isinstance(order, list) and all(isinstance(i, str) for i in order)
    return True


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


def _build(r: _Reader, sheets: dict[str, Found], organisation: str, stamp: str | None
           ) -> Plan:
    """The plan the sheets give; `stamp`: the last change of the values exported that the
    workbook holds, None when it holds none."""
    head = _strategy(r, sheets[wb.STRATEGY.name])
    r.stored = r.known.themes(_stored_title(r, head, stamp))
    themes = _themes(r, sheets, r.stored)
    actions = _actions(r, sheets, themes)
    tracked = _tracked(r, sheets)
    targets = _targets(r, sheets[wb.TARGETS.name], themes, tracked)
    feedback = _feedback(r, sheets[wb.FEEDBACK.name], {a.ref for a in actions})
    return Plan(organisation, head.get("title") or "", head.get("start"), head.get("end"),
                head.get("summary") or "", tuple(themes.values()), tuple(actions),
                tuple(targets), tuple(tracked.values()), tuple(feedback),
                last_change=head.get("last_change"),
                gives_added="added_on" in sheets[wb.ACTIONS.name].columns)


def _stored_title(r: _Reader, head: dict[str, Any], stamp: str | None) -> str:
    """The title of the stored strategy the workbook is of: the one its export was of when
    it holds the values exported at its last change (`Known.exported_from`), else its own."""
    title, last = head.get("title") or "", head.get("last_change")
    if last is None or stamp != str(last):
        return title
    return r.known.exported_from(last) or title


def _strategy(r: _Reader, found: Found) -> dict[str, Any]:
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


def _last_change(r: _Reader, row: int, value: float | None) -> int | None:
    """The export's last change (`wb.STRATEGY`): a whole number from 0, or None."""
    if value is None:
        return None
    if value < 0 or not float(value).is_integer():
        r.bad(wb.STRATEGY.name, row, "Last change", repr(value).removesuffix(".0"),
              "This is not a whole number from 0",
              "Keep the number the export wrote, or leave the cell empty for a new plan.")
        return None
    return int(value)


def _themes(r: _Reader, sheets: dict[str, Found], stored: Mapping[str, str]
            ) -> dict[str, Theme]:
    """The Themes sheet's themes by title, with their objectives; a theme whose ref is
    `stored` (refs to stored titles) under another title is renamed (`_Reader.theme`). A
    stored title that passes to another row of the sheet (a swap, a chain of renames, a new
    theme) is a problem when the other sheets name it, since which theme they mean by it
    cannot be told; so is a ref no stored theme has (`_theme_ref`)."""
    found = sheets[wb.THEMES.name]
    r.unique(wb.THEMES, found, "title")
    r.unique(wb.THEMES, found, "ref")
    themes = {v["title"]: Theme(v["title"], v["description"], ref=v["ref"])
              for _, v in found.rows if v["title"]}
    refs = {v["ref"] for _, v in found.rows if v["ref"]}
    rows = {v["title"]: row for row, v in found.rows if v["title"]}
    named = {v["theme"] for s in (wb.OBJECTIVES, wb.ACTIONS, wb.TARGETS)
             for _, v in sheets[s.name].rows if v["theme"]}
    for row, v in found.rows:
        if not _theme_ref(r, row, v["ref"], stored):
            continue
        old = stored.get(v["ref"]) if v["ref"] else None
        if old is not None and old != v["title"] and old in rows and old in named:
            r.bad(wb.THEMES.name, rows[old], wb.THEMES.col("title").header, old,
                  f"This title belonged to another theme of the plan ({v['ref']}, on row "
                  f"{row}), and which of the two the other sheets mean by it cannot be told",
                  "Rename in two steps: give this theme an unused title and import the "
                  "workbook, then give it this title and import the workbook again.")
        if old is not None and v["title"] and old != v["title"] and old not in themes:
            r.renamed[old] = v["title"]
        taken = next((ref for ref, title in stored.items()
                      if title == v["title"] and ref != v["ref"] and ref not in refs), None)
        if v["ref"] in stored and taken is not None:
            r.bad(wb.THEMES.name, row, wb.THEMES.col("title").header, v["title"],
                  f"Another theme of the plan ({taken}) has this title",
                  f"Give the theme another title, or rename theme {taken} on this sheet too.")
    for row, v in sheets[wb.OBJECTIVES.name].rows:
        v["theme"] = r.theme(v["theme"])
        if v["theme"] and v["theme"] not in themes:
            _no_theme(r, wb.OBJECTIVES.name, row, v["theme"])
        elif v["theme"] and v["title"]:
            t = themes[v["theme"]]
            themes[t.title] = replace(t, objectives=(*t.objectives, v["title"]))
    return themes


REF_LENGTH = 20
"""The longest theme ref stored (`Theme.ref`)."""


def _theme_ref(r: _Reader, row: int, ref: str | None, stored: Mapping[str, str]) -> bool:
    """Whether the Themes sheet's `ref` on `row` may be stored: none (a new theme, or an
    older workbook), or one of the `stored` themes (when the strategy has any) and not
    longer than `REF_LENGTH`; a hand-typed ref for a new theme could be the one the next new
    theme is given."""
    header = wb.THEMES.col("ref").header
    if ref and len(ref) > REF_LENGTH:
        r.bad(wb.THEMES.name, row, header, ref,
              f"This ref is longer than {REF_LENGTH} characters",
              "Keep the ref the export wrote, or leave Ref empty for a new theme.")
        return False
    if ref and stored and ref not in stored:
        r.bad(wb.THEMES.name, row, header, ref, "No theme of the plan has this ref",
              "Leave Ref empty for a new theme (it is given one), or keep the ref the export "
              "wrote for a theme of the plan.")
        return False
    return True


def _no_theme(r: _Reader, sheet: str, row: int, theme: str) -> None:
    r.bad(sheet, row, "Theme", theme, "There is no such theme on the Themes sheet",
          "Use a theme exactly as written on the Themes sheet, or add it there.")


def _actions(r: _Reader, sheets: dict[str, Found], themes: dict[str, Theme]) -> list[Action]:
    """The Actions sheet's actions."""
    found = sheets[wb.ACTIONS.name]
    r.unique(wb.ACTIONS, found, "ref")
    refs = {v["ref"] for _, v in found.rows}
    updates = _updates(r, sheets[wb.UPDATES.name], refs)
    dated = _action_dates(r, sheets[wb.ACTION_DATES.name], refs)
    out = []
    for row, v in found.rows:
        v["theme"] = r.theme(v["theme"])
        _check_action(r, row, v, themes)
        _check_added(r, row, v["added_on"])
        out.append(Action(
            v["ref"], v["theme"], v["title"], v["objective"], v["description"], v["owner"],
            v["owner_name"], v["lead_unit"], v["start"], v["due"],
            v["status"] or "not_started", v["rag_override"], v["override_reason"],
            tuple(updates.get(v["ref"], ())), tuple(dated.get(v["ref"], ())),
            v["added_on"]))
    return out


def _check_added(r: _Reader, row: int, added: date | None) -> None:
    """The day an action was added to the plan (`wb.ACTIONS`' "Added to the plan"): not
    after today (`plan.added_problem`, as the action form says); one before the strategy's
    start is in every quarter of it."""
    problem = added_problem(added, r.today)
    if problem:
        message, hint = problem
        r.bad(wb.ACTIONS.name, row, wb.ACTIONS.col("added_on").header, added, message, hint)


def _action_dates(r: _Reader, found: Found, refs: set[str]) -> dict[str, list[Dated]]:
    """The dated values of actions' due dates, RAG overrides and statuses
    (`wb.ACTION_DATES`), in the order written, each value checked as its item is on the
    Actions sheet."""
    out: dict[str, list[Dated]] = {}
    name = wb.ACTION_DATES.name
    for row, v in found.rows:
        if v["action"] and v["action"] not in refs:
            r.bad(name, row, "Action", v["action"], "There is no action with this ref",
                  "Use a Ref from the Actions sheet.")
            continue
        if not v["action"] or not v["field"]:
            continue
        if v["on"] and v["on"] > r.today:
            r.bad(name, row, "Set on", v["on"], "The value is dated after today",
                  "Give the day it was set, or leave the cell empty for a value from before "
                  "changes were recorded.")
            continue
        value = "" if v["value"] is None else str(v["value"]).strip()
        try:  # read as the Actions sheet reads the item (a date; a choice of its column)
            if value and v["field"] == "due":
                value = parse_date(v["value"]).isoformat()
            elif value:
                value = parse_choice(wb.ACTIONS.col(v["field"]), value)
        except Bad as bad:
            r.bad(name, row, "Value", v["value"], str(bad), bad.hint)
            continue
        out.setdefault(v["action"], []).append(
            Dated(v["field"], v["on"], value, v["reason"] or ""))
    return out


def _check_action(r: _Reader, row: int, v: dict[str, Any], themes: dict[str, Theme]) -> None:
    name, k = wb.ACTIONS.name, r.known
    if v["theme"] and v["theme"] not in themes:
        _no_theme(r, name, row, v["theme"])
    elif v["theme"] and v["objective"] and v["objective"] not in themes[v["theme"]].objectives:
        r.bad(name, row, "Objective", v["objective"], "The theme has no such objective",
              "Use an objective of this theme from the Objectives sheet, or leave it empty.")
    if v["owner"] and k.usernames is not None and v["owner"] not in k.usernames:
        r.bad(name, row, "Owner", v["owner"], "Nobody in the organisation has this username",
              "Use the owner's username, or leave it empty and give an owner name.")
    if v["lead_unit"] and k.units is not None and v["lead_unit"] not in k.units:
        r.bad(name, row, "Lead unit", v["lead_unit"], "There is no unit with this code",
              "Use a unit code from the organisation's structure.")
    if v["start"] and v["due"] and v["due"] < v["start"]:
        r.bad(name, row, "Due", v["due"], "The action is due before it starts",
              "Check the start and due dates.")
    problem = override_problem(v["rag_override"] or "", v["override_reason"] or "")
    if problem:
        r.bad(name, row, "Override reason", v["override_reason"], problem,
              "Say why the RAG is set by hand, or clear the override.")


def _updates(r: _Reader, found: Found, refs: set[str]) -> dict[str, list[Update]]:
    out: dict[str, list[Update]] = {}
    for row, v in found.rows:
        if v["action"] and v["action"] not in refs:
            r.bad(wb.UPDATES.name, row, "Action", v["action"], "There is no action with this "
                  "ref", "Use a Ref from the Actions sheet.")
        if v["evidence"] and not v["evidence"].startswith(("https://", "http://")):
            r.bad(wb.UPDATES.name, row, "Evidence link", v["evidence"], "This is not a web "
                  "address", "Give a link starting https://, or leave it empty.")
        if v["on"] and v["on"] > r.today:
            r.bad(wb.UPDATES.name, row, "Date", v["on"], "The update is dated after today",
                  "Give the day the progress was made.")
        if v["action"] and v["on"] and v["text"]:
            out.setdefault(v["action"], []).append(
                Update(v["on"], v["text"], v["author"], v["evidence"]))
    return {ref: sorted(ups, key=lambda u: u.on) for ref, ups in out.items()}


def _tracked(r: _Reader, sheets: dict[str, Found]) -> dict[str, TrackedMeasure]:
    found = sheets[wb.TRACKED.name]
    r.unique(wb.TRACKED, found, "code")
    new = {v["code"]: TrackedMeasure(v["code"], v["title"], v["definition"],
                                     v["unit"] or "percent", v["polarity"] or "up",
                                     v["frequency"] or "quarterly")
           for _, v in found.rows if v["code"]}
    stored = {code: replace(m, described=False) for code, m in r.known.tracked.items()}
    known = {**stored, **new}
    values: dict[str, dict[str, float]] = {}
    for row, v in sheets[wb.TRACKED_VALUES.name].rows:
        _tracked_value(r, row, v, known, values)
    return {code: replace(m, values=tuple(sorted(values.get(code, {}).items())))
            for code, m in known.items() if code in new or code in values}


def _tracked_value(r: _Reader, row: int, v: dict[str, Any], known: dict[str, TrackedMeasure],
                   values: dict[str, dict[str, float]]) -> None:
    from workforce.strategy.periods import label

    name = wb.TRACKED_VALUES.name
    if v["measure"] and v["measure"] not in known:
        r.bad(name, row, "Measure", v["measure"], "There is no tracked measure with this code",
              "Use a code from the Tracked measures sheet.")
        return
    try:
        v["period"] = label(str(v["period"] or ""))  # '2025-q3' is stored as '2025-Q3'
    except ValueError:
        r.bad(name, row, "Period", v["period"], "This is not a period",
              "Write 2025-Q3 (quarter), 2025-09 (month), 2024-25 or census-2025.")
        return
    if v["measure"] and v["value"] is not None:
        if v["period"] in values.setdefault(v["measure"], {}):
            r.bad(name, row, "Period", v["period"], "This measure already has a value for this "
                  "period", "Keep one row per measure and period.")
        values[v["measure"]][v["period"]] = v["value"]


def _targets(r: _Reader, found: Found, themes: dict[str, Theme],
             tracked: dict[str, TrackedMeasure]) -> list[Target]:
    r.unique(wb.TARGETS, found, "ref")
    headers = {c.field: c.header for c in wb.TARGETS.columns}
    headers.update(measure="Measure")
    out = []
    for row, v in found.rows:
        v["theme"] = r.theme(v["theme"])
        # left blank, the measure's own period, as the web form gives it
        v["period"] = v.get("period") or default_period(v.get("measure_id"))
        t = Target(**{k: _clean(k, x) for k, x in v.items()})
        if t.theme and t.theme not in themes:
            _no_theme(r, wb.TARGETS.name, row, t.theme)
        if r.has_problem(wb.TARGETS.name, row):
            continue  # a cell that could not be read would only set off more problems
        info = r.known.measure(t.measure_id) if t.measure_id else (
            tracked_info(tracked[t.tracked]) if t.tracked in tracked else None)
        for fld, message in target_problems(t, info, r.known.units):
            r.bad(wb.TARGETS.name, row, headers.get(fld, fld), v.get(fld) or v.get(
                "measure_id") or v.get("tracked"), message, TARGET_HINTS.get(
                fld, "Correct this cell of the target's row (see the Read me sheet)."))
        if not r.has_problem(wb.TARGETS.name, row):
            _milestones(r, row, t, info.unit if info else None)
        out.append(t)
    return out


MILESTONE_HINT = ("Imported as given: if this is not what the plan means, correct the "
                  "Milestones cell and import the workbook again.")
CHECK_MILESTONE_HINT = ("Would be stored as given: if this is not what the plan means, "
                        "correct the Milestones cell before importing the workbook.")
"""A milestone's warning as a check of the workbook says it (`checked`): a check stores
nothing, so the workbook has not been imported."""


def checked(warning: ImportProblem) -> ImportProblem:
    """`warning` (of `read_workbook`) as a check that stores nothing says it: a milestone's
    hint says it would be stored as given, not that it was imported."""
    if warning.hint == MILESTONE_HINT:
        return replace(warning, hint=CHECK_MILESTONE_HINT)
    return warning


def _milestones(r: _Reader, row: int, t: Target, unit: str | None) -> None:
    """Warn of what `trajectory.milestone_warnings` finds in a sound target's milestones,
    its baseline measured when only its date is given (`Known.measured`), and rounded as the
    figures of its measure (in `unit`) are shown."""
    if not t.milestones:
        return
    if measured_baseline(t) and r.known.measured is not None:
        t = r.known.measured(t)
    cell = "; ".join(f"{m.on.isoformat()}={m.value:g}" for m in t.milestones)
    for message in milestone_warnings(t, t.target_value, unit):
        r.warn(wb.TARGETS.name, row, wb.TARGETS.col("milestones").header, cell, message,
               MILESTONE_HINT)


def _clean(name: str, value: Any) -> Any:
    if name == "tolerance":
        return value or 0.0
    if name in ("trajectory", "period"):
        return value or {"trajectory": "linear", "period": "year"}[name]
    if name in ("measure_id", "tracked"):
        return value or None
    return value


def _feedback(r: _Reader, found: Found, refs: set[str]) -> list[Feedback]:
    """The Feedback sheet's entries, each known by its date and words (`feedback_key`), as
    the plan's entries and its history know them: two rows alike in both are refused, as
    which stored entry each is cannot be told (an import matched both to the first)."""
    out: list[Feedback] = []
    seen: dict[tuple[str, ...], int] = {}
    for row, v in found.rows:
        missing = [a for a in v["actions"] if a not in refs]
        if missing:
            r.bad(wb.FEEDBACK.name, row, "Actions", ", ".join(missing), "There is no action "
                  "with this ref", "Use Refs from the Actions sheet, separated by commas.")
        key = feedback_key(v["on"], v["you_said"])
        if v["on"] and v["you_said"] and key in seen:
            r.bad(wb.FEEDBACK.name, row, wb.FEEDBACK.col("you_said").header, v["you_said"],
                  f"Row {seen[key]} has the same date and words: an entry is known by them, "
                  "so which entry each row is cannot be told",
                  "Make the words differ (say where or from whom it came), or remove the "
                  "repeated row.")
        seen.setdefault(key, row)
        out.append(Feedback(v["on"], v["you_said"], v["we_did"], v["source"], v["actions"]))
    return out
