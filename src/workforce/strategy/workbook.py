"""The action-plan workbook: its sheets and columns, declared once.

The template, the import and the export all read these declarations, so the notes in the
template are the rules the import applies. Columns marked `export_only` are written by the
export for people to read (computed RAG, latest figure) and ignored on import, so an exported
plan can be imported again unchanged.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from workforce.strategy.plan import (
    ACTION_STATUSES,
    BENCHMARKS,
    DIRECTIONS,
    FREQUENCIES,
    OVERRIDE_RAGS,
    PERIODS,
    POLARITIES,
    TRAJECTORIES,
    UNITS,
)


@dataclass(frozen=True)
class Col:
    """A column: its header, the record field it fills, its kind and its note. `aliases`:
    other headers the import reads as this column (the export writes `header`)."""

    header: str
    field: str
    kind: str = "text"  # text, date, number, choice, refs, milestones
    required: bool = False
    note: str = ""
    choices: Mapping[str, str] = dataclasses.field(default_factory=dict)  # (`field` is ours)
    export_only: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    name: str
    note: str
    columns: tuple[Col, ...]
    required: bool = False
    export_only: bool = False

    def importable(self) -> tuple[Col, ...]:
        return tuple(c for c in self.columns if not c.export_only)

    def col(self, fld: str) -> Col:
        """The column that fills the record field `fld`."""
        return next(c for c in self.columns if c.field == fld)


def short_label(label: str) -> str:
    """A choice's name without its explanation: "Linear: a straight line..." -> "Linear"."""
    return re.split(r":| \(", label)[0].strip()


DATE_NOTE = "A date (31/03/2026 or 2026-03-31)."
SHOWN_NOTE = ("The figure the strategy pages show on the day of export (for a viewer, at the "
              "last month end), rounded as they show it; c where it is about too few people "
              "to show.")
RAG_CHOICES = {r: r.title() for r in OVERRIDE_RAGS}

STRATEGY = Sheet("Strategy", "One row: the strategy's title and the period it covers.", (
    Col("Title", "title", required=True,
        note="E.g. Children's workforce strategy 2025-28. An export is imported into the "
             "strategy it was exported from, even one renamed since: a title changed here "
             "is refused unless you choose to replace the changes made since the export, "
             "when it renames it. To start a new strategy from an export, give it a new "
             "title and empty the Last change cell."),
    Col("Start", "start", "date", note=DATE_NOTE),
    Col("End", "end", "date", note=DATE_NOTE),
    Col("Summary", "summary", note="A sentence or two on what the strategy is for."),
    Col("Last change", "last_change", "number",
        note="Written by the export: the number of the plan's last change in its history "
             "when the workbook was exported (the export also keeps the values it wrote, on "
             "a hidden sheet). An import stores what the workbook changed and keeps what the "
             "plan changed since; it refuses the workbook when it would change a value the "
             "plan has changed since, as it would undo that change, unless told to replace "
             "it. Leave it empty in a new plan."),
), required=True)

THEMES = Sheet("Themes", "One row per theme, in the order to show them.", (
    Col("Ref", "ref", note="The theme's reference, written by the export (e.g. TH1): a theme "
                           "renamed here keeps its actions, targets and objectives, and the "
                           "other sheets may still name it by its old title. Leave it empty "
                           "for a new theme; a theme without one is found by its title."),
    Col("Theme", "title", required=True, note="E.g. Leadership and culture."),
    Col("Description", "description"),
), required=True)

OBJECTIVES = Sheet("Objectives", "What will be different: one row per objective or outcome.", (
    Col("Theme", "theme", required=True, note="A theme from the Themes sheet."),
    Col("Objective", "title", required=True, note="E.g. Every social worker has a manageable "
                                                  "caseload."),
))

ACTIONS = Sheet("Actions", "One row per action.", (
    Col("Ref", "ref", required=True, note="A short unique reference, e.g. A1.3."),
    Col("Theme", "theme", required=True, note="A theme from the Themes sheet."),
    Col("Objective", "objective", note="An objective of that theme (Objectives sheet)."),
    Col("Action", "title", required=True),
    Col("Description", "description"),
    Col("Owner", "owner", note="Username of the person who updates the action (they may then "
                               "update it themselves)."),
    Col("Owner name", "owner_name", note="How the plan names the owner, e.g. Principal social "
                                         "worker."),
    Col("Lead unit", "lead_unit", note="Unit code of the leading service or team."),
    Col("Start", "start", "date", note=DATE_NOTE),
    Col("Due", "due", "date", note=DATE_NOTE),
    Col("Status", "status", "choice", note="Default: Not started.", choices=ACTION_STATUSES),
    Col("RAG override", "rag_override", "choice", note="Leave empty to use the computed RAG.",
        choices=RAG_CHOICES),
    Col("Override reason", "override_reason", note="Required with an override."),
    Col("Added to the plan", "added_on", "date",
        note=f"{DATE_NOTE} The day the action was added to the plan: a quarter's review and "
             "board report list only the actions added by the quarter's end. Leave it empty "
             "for an action in the plan from the start; a day before the strategy's start "
             "is in every quarter of it. Not after today. A workbook without this column "
             "leaves the day an action already stored has.",
        aliases=("Added to the plan on",)),  # as the action form and its history name it
    Col("RAG", "rag", export_only=True, note="Computed RAG on the day of export."),
    Col("RAG reason", "rag_reason", export_only=True),
), required=True)

UPDATES = Sheet("Progress updates", "Progress updates on actions, newest last.", (
    Col("Action", "action", required=True, note="The action's Ref."),
    Col("Date", "on", "date", required=True, note=DATE_NOTE),
    Col("Update", "text", required=True),
    Col("Author", "author"),
    Col("Evidence link", "evidence", note="A web address (https://...)."),
))

DATED_CHOICES = {"due": "Due date", "rag_override": "RAG override", "status": "Status"}
ACTION_DATES = Sheet(
    "Action dates", "Each action's due dates, RAG overrides and statuses over time, with the "
    "day each "
    "was set, so that a quarter's review reads the values in effect then. The export writes "
    "them; an import adds those not stored yet (none is removed), and dates a change made on "
    "the Actions sheet the day it is imported.", (
        Col("Action", "action", required=True, note="The action's Ref."),
        Col("Item", "field", "choice", required=True, choices=DATED_CHOICES),
        Col("Value", "value", note="The due date (a date), the RAG set by hand (Red, Amber "
                                   "or Green; empty for none), or the status."),
        Col("Reason", "reason", note="Why the RAG was set by hand."),
        Col("Set on", "on", "date", note=f"{DATE_NOTE} Empty: the value the action had before "
                                         "its changes were first recorded."),
    ))

TARGETS = Sheet("Targets", "One row per target: a measure with a baseline, a goal and a "
                           "trajectory.", (
    Col("Ref", "ref", required=True, note="A short unique reference, e.g. T01."),
    Col("Theme", "theme", note="A theme from the Themes sheet (optional)."),
    Col("Target", "title", required=True, note="E.g. Agency rate down to 16.7% by 2028."),
    Col("Measure", "measure_id", note="A measure id from the registry (turnover_rate_fte, M06, "
                                      "M20...). Give this or a tracked measure."),
    Col("Tracked measure", "tracked", note="A code from the Tracked measures sheet (or one "
                                           "already in the product)."),
    Col("Scope unit", "scope_unit", note="Unit code; empty for the whole organisation."),
    Col("Scope filter", "scope_filter", note="breakdown=value, e.g. staff_group=social_worker."),
    Col("Baseline", "baseline_value", "number", note="Percentages as numbers: 75 for 75%."),
    Col("Baseline date", "baseline_date", "date", note=DATE_NOTE),
    Col("Target value", "target_value", "number", note="Empty with a benchmark, or to mean "
                                                       "'better than the baseline'."),
    Col("Target date", "target_date", "date", note=DATE_NOTE),
    Col("Direction", "direction", "choice", note="Empty: from the measure (which way is "
                                                 "better).", choices=DIRECTIONS),
    Col("Band", "band", "number", note="For 'within' targets: how far either side counts."),
    Col("Trajectory", "trajectory", "choice", note="Default: linear.", choices=TRAJECTORIES),
    Col("Milestones", "milestones", "milestones", note="date=value; date=value, e.g. "
                                                       "2026-03-31=20; 2027-03-31=18."),
    Col("Tolerance", "tolerance", "number", note="How far behind the trajectory is still "
                                                 "amber, in the measure's unit. Default 0."),
    Col("Benchmark", "benchmark", "choice", note="The goal is this published DfE figure "
                                                 "(it moves when DfE publishes).",
        choices=BENCHMARKS),
    Col("Period", "period", "choice", note="What each figure covers. Default: the measure's "
        "own period (the month for supervision within the month), otherwise year.",
        choices=PERIODS),
    Col("Note", "note"),
    Col("Latest figure", "value", export_only=True, note=SHOWN_NOTE),
    Col("As at", "as_at", export_only=True, note="The date the figure is for."),
    Col("Expected", "expected", export_only=True, note="What the trajectory expects on that "
                                                       "date, rounded as the figure."),
    Col("RAG", "rag", export_only=True, note="The RAG the strategy pages show."),
))

TRACKED = Sheet("Tracked measures", "Measures the product cannot compute, whose values you "
                                    "enter (re-referrals, audits graded good...).", (
    Col("Code", "code", required=True, note="A short unique code, e.g. REREF."),
    Col("Title", "title", required=True),
    Col("Definition", "definition"),
    Col("Unit", "unit", "choice", note="Default: percent.", choices={u: u for u in UNITS}),
    Col("Polarity", "polarity", "choice", note="Default: up.", choices=POLARITIES),
    Col("Frequency", "frequency", "choice", note="Default: quarterly.", choices=FREQUENCIES),
))

TRACKED_VALUES = Sheet("Tracked values", "One row per tracked measure and period.", (
    Col("Measure", "measure", required=True, note="A tracked measure's code."),
    Col("Period", "period", required=True, note="2025-Q3, 2025-09, 2024-25 or census-2025."),
    Col("Value", "value", "number", required=True),
))

FEEDBACK = Sheet("Feedback", "\"You said, we did\".", (
    Col("Date", "on", "date", required=True, note=DATE_NOTE),
    Col("You said", "you_said", required=True),
    Col("We did", "we_did"),
    Col("Source", "source", note="E.g. staff survey 2025, practice week."),
    Col("Actions", "actions", "refs", note="Refs of the actions that answer it: A1.2, A3.1."),
))

REVIEWS = Sheet("Reviews", "Quarterly reviews and their commentary (export only).", (
    Col("Period", "period"), Col("Forum", "forum"), Col("Status", "status"),
    Col("As at", "as_at"), Col("Theme", "theme"), Col("Commentary", "commentary"),
), export_only=True)

REVIEW_FIGURES = Sheet("Review figures", "Figures frozen in each review (export only).", (
    Col("Period", "period"), Col("Ref", "ref"), Col("Target", "title"),
    Col("Figure", "value"), Col("As at", "on"), Col("Expected", "expected"),
    Col("RAG", "rag"),
), export_only=True)

HISTORY = Sheet("Change history", "Who changed what, and when (export only).", (
    Col("When", "at"), Col("Who", "who"), Col("Item", "item"), Col("Change", "summary"),
), export_only=True)

EXPORTED = "Exported values"
"""The export's very hidden sheet of the values it wrote (`merge.fields`), which an import
compares with the workbook's and the plan's (`merge.merge`): a header row, a row with the
export's last change, then one row per record (its sheet, its key as JSON, its values as
JSON, over as many cells as they take)."""

SHEETS = (STRATEGY, THEMES, OBJECTIVES, ACTIONS, UPDATES, ACTION_DATES, TARGETS, TRACKED,
          TRACKED_VALUES, FEEDBACK)
EXPORT_SHEETS = (*SHEETS, REVIEWS, REVIEW_FIGURES, HISTORY)
