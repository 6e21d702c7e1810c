"""Writing the action-plan workbook: the blank template with notes, and the export of a
whole plan (which the import reads back unchanged).

The export adds what people want to read but the import ignores: the computed RAG of each
action and target, the reviews with their frozen figures and commentary, and the change
history. Targets' figures are written as the strategy pages show them: rounded to their
unit's decimal places (as numbers), 'c' where hidden, the RAG by its label.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from workforce.charts.style import DECIMALS
from workforce.measures.formulas import round_half_away
from workforce.measures.suppression import MARKER
from workforce.spreadsheet import workbook
from workforce.strategy import workbook as wb
from workforce.strategy.merge import fields
from workforce.strategy.plan import RAGS, Plan, settled
from workforce.strategy.rag import ActionRag, decimals
from workforce.strategy.review import TargetFigure, commentary_title

CODES_AS_WRITTEN = ("period", "unit", "frequency")  # their labels are sentences, not names


@dataclass(frozen=True)
class Extras:
    """Export-only figures: RAG per action ref, figure (with its unit and assessment) per
    target ref, history rows."""

    actions: Mapping[str, ActionRag] = field(default_factory=dict)
    targets: Mapping[str, TargetFigure] = field(default_factory=dict)
    history: Sequence[Mapping[str, Any]] = ()


def template() -> bytes:
    """The blank workbook: a Read me sheet, then every sheet with its header and notes."""
    return _write({s.name: [] for s in wb.SHEETS}, wb.SHEETS)


def export(plan: Plan, extras: Extras | None = None) -> bytes:
    """The whole plan as a workbook; one that records its last change (an export of the
    stored plan) keeps the values it wrote on a very hidden sheet (`exported`)."""
    return _write(_rows(plan, extras or Extras()), wb.EXPORT_SHEETS,
                  plan if plan.last_change is not None else None)


def _write(rows: Mapping[str, list[dict]], sheets: Sequence[wb.Sheet],
           base: Plan | None = None) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True})
    fmt = {"head": book.add_format({"bold": True, "bg_color": "#f3f2f1", "border": 1,
                                    "text_wrap": True, "valign": "top"}),
           "date": book.add_format({"num_format": "dd/mm/yyyy"}),
           "wrap": book.add_format({"text_wrap": True, "valign": "top"})}
    _read_me(book, fmt, sheets)
    for sheet in sheets:
        _sheet(book, fmt, sheet, rows.get(sheet.name, []))
    if base is not None:
        exported(book, base)
    book.close()
    return buffer.getvalue()


CHUNK = 32_000
"""The most characters written to one cell of the exported values (Excel holds 32,767)."""


def exported(book: Any, plan: Plan) -> None:
    """The sheet of the values the export wrote (`wb.EXPORTED`, `merge.fields`), very hidden
    (only a macro shows it) and protected, as text that Excel leaves as it is: JSON in ASCII
    (no control characters), split over cells of `CHUNK` characters."""
    ws = book.add_worksheet(wb.EXPORTED)
    ws.very_hidden()
    ws.protect()
    ws.write_row(0, 0, ["Sheet", "Key", "Values"])
    ws.write_string(1, 0, "Last change")
    ws.write_string(1, 2, str(plan.last_change))
    for r, ((sheet, key), values) in enumerate(sorted(fields(plan).items()), start=2):
        ws.write_string(r, 0, sheet)
        ws.write_string(r, 1, json.dumps(list(key)))
        data = json.dumps(values, sort_keys=True)
        for c, i in enumerate(range(0, len(data), CHUNK), start=2):
            ws.write_string(r, c, data[i:i + CHUNK])


def _read_me(book: Any, fmt: dict, sheets: Sequence[wb.Sheet]) -> None:
    ws = book.add_worksheet("Read me")
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 90, fmt["wrap"])
    ws.write(0, 0, "Action plan workbook", book.add_format({"bold": True, "font_size": 14}))
    ws.write(1, 0, "Fill in one sheet per kind of record. Row 1 of each sheet is the header; "
                   "columns marked * must be filled in. A file with any problem is not "
                   "imported at all: fix the rows listed and import it again. Importing the "
                   "same file twice changes nothing.")
    r = 3
    for sheet in sheets:
        ws.write(r, 0, sheet.name, fmt["head"])
        ws.write(r, 2, sheet.note, fmt["head"])
        r += 1
        for col in sheet.columns:
            ws.write(r, 1, col.header + (" *" if col.required else ""))
            ws.write(r, 2, _note(col))
            r += 1
        r += 1


def _note(col: wb.Col) -> str:
    text = col.note
    if col.choices:
        shown = col.choices if col.field in CODES_AS_WRITTEN else {
            wb.short_label(v): v for v in col.choices.values()}
        text += " Allowed: " + "; ".join(
            k if col.field not in CODES_AS_WRITTEN else f"{k} ({v})" for k, v in shown.items())
    if col.export_only:
        text += " Written by the export; ignored on import."
    return text.strip()


def _sheet(book: Any, fmt: dict, sheet: wb.Sheet, rows: list[dict]) -> None:
    ws = book.add_worksheet(sheet.name)
    ws.freeze_panes(1, 0)
    for c, col in enumerate(sheet.columns):
        ws.write(0, c, col.header + (" *" if col.required else ""), fmt["head"])
        ws.set_column(c, c, 14 if col.kind in ("date", "number") else 26)
        if _note(col):
            ws.write_comment(0, c, _note(col), {"x_scale": 2, "y_scale": 1.5})
        if col.choices and not col.export_only:
            ws.data_validation(1, c, 1000, c, {"validate": "list", "source": _allowed(col),
                                               "error_type": "warning"})
    for r, row in enumerate(rows, start=1):
        for c, col in enumerate(sheet.columns):
            _cell(ws, fmt, r, c, col, row.get(col.field))


def _allowed(col: wb.Col) -> list[str]:
    if col.field in CODES_AS_WRITTEN:
        return list(col.choices)
    return [wb.short_label(v) for v in col.choices.values()]


def _cell(ws: Any, fmt: dict, r: int, c: int, col: wb.Col, value: Any) -> None:
    if value is None or value == "" or value == ():
        return
    if isinstance(value, date):
        ws.write_datetime(r, c, value, fmt["date"])
    elif col.kind == "choice" and col.field not in CODES_AS_WRITTEN:
        ws.write(r, c, wb.short_label(col.choices.get(value, value)))
    elif col.kind == "refs":
        ws.write(r, c, ", ".join(value))
    elif col.kind == "milestones":
        ws.write(r, c, "; ".join(f"{m.on.isoformat()}={m.value:g}" for m in value))
    else:
        ws.write(r, c, value)


def _rows(plan: Plan, extras: Extras) -> dict[str, list[dict]]:
    return {
        wb.STRATEGY.name: [{"title": plan.title, "start": plan.start, "end": plan.end,
                            "summary": plan.summary, "last_change": plan.last_change}],
        wb.THEMES.name: [asdict(t) for t in plan.themes],
        wb.OBJECTIVES.name: [{"theme": t.title, "title": o} for t in plan.themes
                             for o in t.objectives],
        wb.ACTIONS.name: [_action_row(a, extras.actions.get(a.ref)) for a in plan.actions],
        wb.UPDATES.name: [{"action": a.ref, **asdict(u)} for a in plan.actions
                          for u in a.updates],
        wb.ACTION_DATES.name: [{"action": a.ref, "field": d.field, "on": d.on,
                                "reason": d.reason,
                                "value": _dated_value(d)}
                               for a in plan.actions for d in settled(a.dated)],
        wb.TARGETS.name: [_target_row(t, extras.targets.get(t.ref)) for t in plan.targets],
        wb.TRACKED.name: [asdict(m) for m in plan.tracked],
        wb.TRACKED_VALUES.name: [{"measure": m.code, "period": p, "value": v}
                                 for m in plan.tracked for p, v in m.values],
        wb.FEEDBACK.name: [asdict(f) | {"actions": f.actions} for f in plan.feedback],
        wb.REVIEWS.name: [{"period": r.period, "forum": r.forum, "status": r.status,
                           "as_at": r.as_at, "theme": commentary_title(key),
                           "commentary": text}
                          for r in plan.reviews for key, text in r.commentary.items()],
        wb.REVIEW_FIGURES.name: [_frozen_row(r.period, t) for r in plan.reviews
                                 for t in r.snapshot.get("targets", [])],
        wb.HISTORY.name: [dict(h) for h in extras.history],
    }


def _dated_value(d: Any) -> str:
    """A dated value as the Action dates sheet writes it: a RAG or a status by its name, as
    the Actions sheet writes it."""
    names = wb.ACTIONS.col(d.field).choices
    return wb.short_label(names[d.value]) if d.value in names else d.value


def _action_row(action: Any, rag: ActionRag | None) -> dict:
    row = {k: v for k, v in asdict(action).items() if k not in ("updates", "dated")}
    if rag is not None:
        row.update(rag=rag.rag.title() if rag.rag != "blue" else "Complete",
                   rag_reason=rag.reason)
    return row


def _target_row(target: Any, f: TargetFigure | None) -> dict:
    """The target, with its figure, date, expected value and RAG as the strategy pages show
    them (`_shown`)."""
    row = asdict(target) | {"milestones": target.milestones}
    if f is not None:
        a, dp = f.assessment, decimals(target, f.unit)
        row.update(value=_shown(a.value, dp, a.suppressed), as_at=a.on,
                   expected=_shown(a.expected, dp), rag=_rag_label(a.rag))
    return row


def _frozen_row(period: str, frozen: Mapping[str, Any]) -> dict:
    """A review's frozen figure as the review's page shows it."""
    dp = DECIMALS.get(frozen.get("unit") or "", 1)
    on = frozen.get("on")
    return {**frozen, "period": period, "on": date.fromisoformat(on) if on else None,
            "value": _shown(frozen.get("value"), dp, bool(frozen.get("suppressed"))),
            "expected": _shown(frozen.get("expected"), dp),
            "rag": _rag_label(frozen.get("rag") or "none")}


def _shown(value: float | None, dp: int, suppressed: bool = False) -> float | str | None:
    """A figure as the pages show it: rounded half away from zero to `dp` places (a number
    still), 'c' when hidden as about too few people."""
    return MARKER if suppressed else round_half_away(value, dp)


def _rag_label(rag: str) -> str:
    """A target's RAG as the pages label it ('No figure' for none)."""
    return RAGS.get(rag, rag.title())
