"""The Tracked measures, Tracked values and Targets sheets read on import (`workbook_read`):
each target checked as the target form checks it, and its milestones warned of.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from workforce.imports.errors import ImportProblem
from workforce.strategy import workbook as wb
from workforce.strategy.plan import Target, Theme, TrackedMeasure
from workforce.strategy.targets import (
    default_period,
    measured_baseline,
    target_problems,
    tracked_info,
)
from workforce.strategy.trajectory import milestone_warnings
from workforce.strategy.workbook_cells import Found
from workforce.strategy.workbook_reader import Reader
from workforce.strategy.workbook_themes import no_theme

TARGET_HINTS = {
    "measure": "Use a measure id that `workforce measures --list` shows (e.g. "
               "turnover_rate_fte, M06a), or a code from the Tracked measures sheet.",
    "benchmark": "Use a DfE indicator's measure (turnover_rate_fte, agency_rate_fte, "
                 "vacancy_rate_fte, caseload_fte, absence_rate_fte...) or give a target value.",
    "scope_unit": "Use a unit code from the organisation's structure, or leave it empty.",
}


def read_tracked(r: Reader, sheets: dict[str, Found]) -> dict[str, TrackedMeasure]:
    """The Tracked measures sheet's measures and, from the Tracked values sheet, their values
    and those of the stored measures it names (`Known.tracked`)."""
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


def _tracked_value(r: Reader, row: int, v: dict[str, Any], known: dict[str, TrackedMeasure],
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


def read_targets(r: Reader, found: Found, themes: dict[str, Theme],
                 tracked: dict[str, TrackedMeasure]) -> list[Target]:
    """The Targets sheet's targets, each checked as the target form checks it
    (`targets.target_problems`), with warnings of its milestones (`_milestones`)."""
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
            no_theme(r, wb.TARGETS.name, row, t.theme)
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
    """`warning` (of `workbook_read.read_workbook`) as a check that stores nothing says it: a
    milestone's hint says it would be stored as given, not that it was imported."""
    if warning.hint == MILESTONE_HINT:
        return replace(warning, hint=CHECK_MILESTONE_HINT)
    return warning


def _milestones(r: Reader, row: int, t: Target, unit: str | None) -> None:
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
