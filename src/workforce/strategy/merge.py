"""Importing a workbook into a plan that has changed since the workbook was exported: a
three-way check of every value, so that an import changes only what its workbook changed.

An export writes, beside the sheets people edit, the values it exported (`fields`, on a very
hidden sheet: `workbook_write`, read back by `workbook_read`). On import each value of a row
the plan already holds is compared three ways, the workbook's ("mine"), the plan's now
("theirs") and the one exported ("base"):

- the same in the workbook and in the plan: nothing to do;
- left in the workbook as exported, and changed in the plan since: the plan's is kept, so a
  copy of an export does not undo what another copy's import, or the web, changed since;
- changed in the workbook, not in the plan: the workbook's is stored;
- changed in both, differently: a clash (`Merged.clashes`), which refuses the import unless
  the caller is told to replace the plan's values.

A row of the workbook that the export held and the plan no longer has (its ref, code or
feedback entry's words changed since, or it was removed) is a clash too (`Clash.gone`), not a
new row to add back.

A value whose exported value the workbook does not hold (a workbook exported before exports
wrote them, a row added in the workbook that the plan has gained since) and that the
workbook would change is `Merged.unknown`: the caller asks the plan's history whether it
changed since the export. Values are compared as text (`text`), as the workbook shows them.
Themes are known by their refs, so a theme renamed in the plan or in the workbook is the same
theme, and their order is compared as one value (`ORDER`). The strategy is the one the export
was of, renamed or not since (the caller finds it by the export's last change), so its title
is compared as any value is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from workforce.strategy import workbook as wb
from workforce.strategy.plan import Action, Plan, Target, Theme, TrackedMeasure

Key = tuple[str, tuple[str, ...]]
"""A record of the plan: the sheet it is on and its natural key there."""

STRATEGY: Key = (wb.STRATEGY.name, ())
ORDER: Key = (wb.THEMES.name, ())
"""The themes' order: the refs of the plan's themes in its order (field "order")."""

ACTION_FIELDS = ("theme", "objective", "title", "description", "owner", "owner_name",
                 "lead_unit", "start", "due", "status", "rag_override", "override_reason")
TARGET_FIELDS = ("theme", "title", "measure_id", "tracked", "scope_unit", "scope_filter",
                 "baseline_value", "baseline_date", "target_value", "target_date",
                 "direction", "band", "trajectory", "milestones", "tolerance", "benchmark",
                 "period", "note")
TRACKED_FIELDS = ("title", "definition", "unit", "polarity", "frequency")


def text(value: Any) -> str:
    """A value as compared: "" for none, dates in ISO, numbers as floats, milestones as the
    Targets sheet writes them, text as the import reads it (trimmed, lines ended by \\n)."""
    if value is None or value == "" or value == ():
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, tuple) and all(hasattr(m, "on") for m in value):
        return "; ".join(f"{m.on.isoformat()}={m.value:g}"
                         for m in sorted(value, key=lambda m: m.on))
    if isinstance(value, tuple):  # a feedback entry's actions: their refs in any order
        return ", ".join(sorted({str(v).strip() for v in value}))
    return str(value).replace("\r\n", "\n").strip()


def written(value: str, kind: str) -> str:
    """A value compared as text (`text`) as people write it in the workbook, for messages:
    a number as typed (99, 99.5, 0.00001: not 99.0 or 1e-05), a date as the workbook's date
    cells show it (31/03/2029); anything else, or text that is not of its `kind`, as it is."""
    if kind == "number":
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        if not number.is_finite():
            return value
        shown = format(number, "f")
        shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
        return "0" if shown in ("-0", "") else shown
    if kind == "date":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


def theme_id(theme: Theme, refs: Mapping[str, str] | None = None) -> str:
    """How a theme is known: its ref, or for one without (a new theme, an older workbook)
    the ref of the stored theme with its title (`refs`, by title), else its title."""
    return theme.ref or (refs or {}).get(theme.title) or f"title:{theme.title}"


def update_key(ref: str, on: date, words: str) -> tuple[str, ...]:
    return (ref, on.isoformat(), text(words))


def feedback_key(on: date | None, you_said: str) -> tuple[str, ...]:
    return (text(on), text(you_said))


def fields(plan: Plan, refs: Mapping[str, str] | None = None) -> dict[Key, dict[str, str]]:
    """Every importable value of `plan` as text (`text`), by record: the strategy's title,
    dates and summary, each theme's title, description and objectives, the themes' order, each
    action's (its day added only when the plan gives it), progress update's, target's,
    tracked measure's, tracked value's and feedback entry's. A theme, and an action's or
    target's theme, is its `theme_id` (`refs`: stored themes' refs by title)."""
    ids = {t.title: theme_id(t, refs) for t in plan.themes}

    def theme(title: str) -> str:
        return ids.get(title) or (f"title:{title}" if title else "")

    out: dict[Key, dict[str, str]] = {
        STRATEGY: {"title": text(plan.title), "start": text(plan.start),
                   "end": text(plan.end), "summary": text(plan.summary)},
        ORDER: {"order": json.dumps([ids[t.title] for t in plan.themes])}}
    for t in plan.themes:
        out[(wb.THEMES.name, (ids[t.title],))] = {
            "title": text(t.title), "description": text(t.description),
            "objectives": "\n".join(text(o) for o in t.objectives)}
    for a in plan.actions:
        values = {f: text(getattr(a, f)) for f in ACTION_FIELDS}
        values["theme"] = theme(a.theme)
        if plan.gives_added:
            values["added_on"] = text(a.added_on)
        out[(wb.ACTIONS.name, (a.ref,))] = values
        for u in a.updates:
            out[(wb.UPDATES.name, update_key(a.ref, u.on, u.text))] = {
                "author": text(u.author), "evidence": text(u.evidence)}
    for target in plan.targets:
        values = {f: text(getattr(target, f)) for f in TARGET_FIELDS}
        out[(wb.TARGETS.name, (target.ref,))] = values | {"theme": theme(target.theme)}
    for m in plan.tracked:
        if m.described:  # else only its values are the workbook's (`TrackedMeasure`)
            out[(wb.TRACKED.name, (m.code,))] = {f: text(getattr(m, f))
                                                 for f in TRACKED_FIELDS}
        for period, value in m.values:
            out[(wb.TRACKED_VALUES.name, (m.code, period))] = {"value": text(value)}
    for f in plan.feedback:
        out[(wb.FEEDBACK.name, feedback_key(f.on, f.you_said))] = {
            "we_did": text(f.we_did), "source": text(f.source), "actions": text(f.actions)}
    return out


@dataclass(frozen=True)
class Clash:
    """A value the workbook would change (`mine`) that the plan may have changed since the
    export (`theirs`, the plan's now); `base`: the value exported, None when not known."""

    key: Key
    field: str
    mine: str
    theirs: str
    base: str | None
    gone: bool = False
    """A row of the workbook that the export held and the plan no longer has (its key changed
    or it was removed since): importing it would add it back."""


GONE_FIELD = {wb.THEMES.name: "ref", wb.ACTIONS.name: "ref", wb.UPDATES.name: "text",
              wb.TARGETS.name: "ref", wb.TRACKED.name: "code",
              wb.TRACKED_VALUES.name: "period", wb.FEEDBACK.name: "you_said"}
"""The column that names a row gone from the plan (`Clash.gone`), by sheet."""


@dataclass(frozen=True)
class Merged:
    """The workbook's plan with the values it left as exported that the plan has changed
    since taken from the plan (`plan`), the values both changed (`clashes`) and those the
    workbook changes whose exported value it does not hold (`unknown`)."""

    plan: Plan
    clashes: tuple[Clash, ...] = ()
    unknown: tuple[Clash, ...] = ()


def merge(mine: Plan, theirs: Plan, base: Mapping[Key, Mapping[str, str]] | None,
          refs: Mapping[str, str] | None = None) -> Merged:
    """Merge the workbook's plan `mine` with the stored plan `theirs`, given the values the
    workbook was exported with (`base`; None: not known). `refs`: the stored themes' refs by
    title, for the workbook's themes without one. See the module docstring."""
    m, t, b = fields(mine, refs), fields(theirs), base or {}
    keep: dict[Key, set[str]] = {}
    clashes: list[Clash] = []
    unknown: list[Clash] = []
    for key, values in m.items():
        if key == ORDER:
            continue
        if key not in t:  # new in the workbook, or gone from the plan since the export
            if key in b or (base is None and key != STRATEGY):
                gone = Clash(key, GONE_FIELD.get(key[0], ""), _named(key), "",
                             "" if key in b else None, gone=True)
                (clashes if key in b else unknown).append(gone)
            continue
        for name, mv in values.items():
            tv, bv = t[key].get(name, ""), b.get(key, {}).get(name)
            if mv == tv:
                continue
            if bv is None:
                unknown.append(Clash(key, name, mv, tv, None))
            elif mv == bv:
                keep.setdefault(key, set()).add(name)
            elif tv != bv:
                clashes.append(Clash(key, name, mv, tv, bv))
    order = _order(m, t, b, clashes, unknown)
    kept = _Kept(mine, theirs, t, keep, refs or {})
    plan = kept.plan(order)
    return Merged(plan, (*clashes, *kept.lost), tuple(unknown))


def _named(key: Key) -> str:
    """The value of the column that names the row `key` (`GONE_FIELD`)."""
    sheet, natural = key
    return natural[-1] if sheet in (wb.UPDATES.name, wb.TRACKED_VALUES.name,
                                    wb.FEEDBACK.name) else natural[0]


def _order(m: dict, t: dict, b: Mapping, clashes: list[Clash], unknown: list[Clash]
           ) -> list[str] | None:
    """The three-way check of the order of the themes both plans hold (and the export held,
    when known): the stored order when only the plan changed it, else None."""
    mo, to = json.loads(m[ORDER]["order"]), json.loads(t[ORDER]["order"])
    bo = json.loads(b[ORDER]["order"]) if "order" in b.get(ORDER, {}) else None
    common = set(mo) & set(to) & (set(bo) if bo is not None else set(mo))
    ms, ts = [k for k in mo if k in common], [k for k in to if k in common]
    if ms == ts:
        return None
    clash = Clash(ORDER, "order", json.dumps(ms), json.dumps(ts), None)
    if bo is None:
        unknown.append(clash)
        return None
    bs = [k for k in bo if k in common]
    if ms == bs:
        return ts
    if ts != bs:
        clashes.append(replace(clash, base=json.dumps(bs)))
    return None


class _Kept:
    """The workbook's plan with the values to keep (`keep`) taken from the stored plan, and
    the clashes found doing so (`lost`): a theme's title the plan changed that the workbook
    gives another theme, a theme the plan moved an action or target to that the workbook
    does not have."""

    def __init__(self, mine: Plan, theirs: Plan, t: dict[Key, dict[str, str]],
                 keep: dict[Key, set[str]], refs: Mapping[str, str]) -> None:
        self.mine, self.theirs, self.t, self.keep = mine, theirs, t, keep
        self.ids = {x.title: theme_id(x, refs) for x in mine.themes}
        self.lost: list[Clash] = []
        self.final: dict[str, str] = {}  # a theme's title in the merge, by its id

    def plan(self, order: list[str] | None) -> Plan:
        themes = self._themes(order)
        mine, theirs = self.mine, self.theirs
        stored_actions, stored_targets = _by(theirs.actions, "ref"), _by(theirs.targets, "ref")
        stored_tracked = _by(theirs.tracked, "code")
        actions = tuple(self._action(a, stored_actions.get(a.ref)) for a in mine.actions)
        targets = tuple(self._target(x, stored_targets.get(x.ref)) for x in mine.targets)
        tracked = tuple(self._tracked(x, stored_tracked.get(x.code)) for x in mine.tracked)
        stored = {feedback_key(f.on, f.you_said): f for f in theirs.feedback}
        feedback = tuple(self._take(f, stored.get(feedback_key(f.on, f.you_said)),
                                    (wb.FEEDBACK.name, feedback_key(f.on, f.you_said)))
                         for f in mine.feedback)
        head = {f: getattr(theirs, f) for f in self.keep.get(STRATEGY, ())}
        return replace(mine, themes=themes, actions=actions, targets=targets, tracked=tracked,
                       feedback=feedback, **head)

    def _take(self, x: Any, stored: Any, key: Key, skip: tuple[str, ...] = ()) -> Any:
        wanted = self.keep.get(key, set()) - set(skip)
        if not wanted or stored is None:
            return x
        return replace(x, **{f: getattr(stored, f) for f in wanted})

    def _themes(self, order: list[str] | None) -> tuple[Theme, ...]:
        stored = {theme_id(x): x for x in self.theirs.themes}
        pairs = []
        for x in self.mine.themes:
            i = self.ids[x.title]
            pairs.append((i, self._take(x, stored.get(i), (wb.THEMES.name, (i,)))))
        titles = [x.title for _, x in pairs]
        for n, ((i, new), x) in enumerate(zip(pairs, self.mine.themes, strict=True)):
            if new.title != x.title and titles.count(new.title) > 1:  # given to another too
                pairs[n] = (i, replace(new, title=x.title))
                self.lost.append(Clash((wb.THEMES.name, (i,)), "title", text(x.title),
                                       text(new.title), text(x.title)))
        if order is not None:  # the stored themes in the stored order, in the places they had
            slots = [n for n, (i, _) in enumerate(pairs) if i in order]
            moved = sorted((pairs[n] for n in slots), key=lambda p: order.index(p[0]))
            for n, p in zip(slots, moved, strict=True):
                pairs[n] = p
        self.final = {i: x.title for i, x in pairs}
        return tuple(x for _, x in pairs)

    def _theme(self, key: Key, was: str) -> str:
        """The merge's title of the theme of the action or target `key`, which names `was`
        in the workbook."""
        mine = self.final.get(self.ids.get(was, ""), was)
        if "theme" not in self.keep.get(key, ()):
            return mine
        stored = self.t[key]["theme"]
        if not stored or stored in self.final:
            return self.final.get(stored, "")
        mine_id = self.ids.get(was, "")
        self.lost.append(Clash(key, "theme", mine_id, stored, mine_id))
        return mine

    def _action(self, a: Action, stored: Action | None) -> Action:
        key = (wb.ACTIONS.name, (a.ref,))
        updates = {update_key(a.ref, u.on, u.text): u for u in stored.updates} if stored \
            else {}
        a = replace(self._take(a, stored, key, ("theme",)), theme=self._theme(key, a.theme))
        return replace(a, updates=tuple(
            self._take(u, updates.get(k), (wb.UPDATES.name, k))
            for u, k in ((u, update_key(a.ref, u.on, u.text)) for u in a.updates)))

    def _target(self, x: Target, stored: Target | None) -> Target:
        key = (wb.TARGETS.name, (x.ref,))
        return replace(self._take(x, stored, key, ("theme",)), theme=self._theme(key, x.theme))

    def _tracked(self, x: TrackedMeasure, stored: TrackedMeasure | None) -> TrackedMeasure:
        if stored is None:
            return x
        now = dict(stored.values)
        values = tuple((p, now[p] if "value" in self.keep.get(
            (wb.TRACKED_VALUES.name, (x.code, p)), ()) else v) for p, v in x.values)
        return replace(self._take(x, stored, (wb.TRACKED.name, (x.code,))), values=values)


def _by(items: Iterable[Any], name: str) -> dict[str, Any]:
    return {getattr(x, name): x for x in items}
