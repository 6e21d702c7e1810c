"""Assemble the quarterly workforce report from a ledger: `build(ledger, Request(...))`.

The figures come from the measures engine in a few batched runs (`figures.Figures`), always
suppressed; the targets and actions from the strategy's plan, judged by the strategy's rules
(a unit's report takes the whole organisation's targets and those of the unit and the units
below it, `goals.for_report`); the comparators from DfE's published figures. Commentary is
passed in per section (the web stores it with the report), so the core never needs the
database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from workforce import benchmarks as bm
from workforce.ledger import Ledger
from workforce.measures.suppression import DEFAULT_THRESHOLD, rule_text
from workforce.measures.windows import parse_period
from workforce.reports import annex, goals, progress, sections, summary
from workforce.reports.contents import PARTS
from workforce.reports.figures import Figures, Run, quarter_ends, quarter_label
from workforce.reports.labels import Labels
from workforce.reports.model import Report, Section
from workforce.runtime import paused_gc
from workforce.strategy.benchmark import published_lookup
from workforce.strategy.plan import Plan

SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    *((p.key, p.title) for p in PARTS),
    ("actions", "Action plan progress"),
    ("exceptions", "Exceptions: targets off trajectory"),
)
"""The sections that take commentary, in report order: (key, title)."""


@dataclass(frozen=True)
class Request:
    """What to report on. `goals` are simple targets (measure id -> value) used where the
    strategy has no target; `commentary` is keyed by section (`SECTIONS`)."""

    period: str
    organisation: str = ""
    unit: str = ""
    plan: Plan | None = None
    goals: Mapping[str, float] = field(default_factory=dict)
    commentary: Mapping[str, str] = field(default_factory=dict)
    threshold: int = DEFAULT_THRESHOLD
    produced: date | None = None
    audience: str = "Workforce committee and board"


def quarter_end_of(period: str) -> date:
    """The end of the quarter `period` names ('2025-Q3'); ValueError for anything else."""
    if "-Q" not in period.upper():
        raise ValueError(f"The report is quarterly: give a quarter such as 2025-Q3, not "
                         f"{period!r}")
    return parse_period(period).end


@paused_gc()
def build(ledger: Ledger, request: Request, run: Run | None = None) -> Report:
    """The report for `request` (see the module docstring); `run` replaces the engine call
    (the web passes its measures cache). The cyclic garbage collector waits meanwhile, as
    it does while the report is printed (`render`)."""
    end = quarter_end_of(request.period)
    org_row = _organisation(ledger, request.organisation)
    fig = Figures(ledger, org_row["code"], request.unit, request.threshold, run)
    own = ledger.for_organisation(org_row["code"])
    labels = Labels.of(own)
    if request.unit and request.unit not in labels.units:
        raise ValueError(f"No unit {request.unit!r} in {org_row['code']}'s data")
    request = replace(request, plan=goals.for_report(request.plan, own.unit, request.unit))
    ends = quarter_ends(end)
    _want(fig, request, ends)
    fig.load()
    scope = labels.label("unit", request.unit) if request.unit else org_row.get("name") or \
        org_row["code"]
    report = _report(request, org_row, scope, end)
    assessed = goals.assess(request.plan, fig, end, published_lookup(org_row))
    targets = goals.goals(assessed, request.goals, fig, end)
    note = request.commentary
    report.sections.append(_summary(fig, ends, targets, org_row, request, note))
    for part in PARTS:
        report.sections.append(sections.build_part(fig, part, ends, targets, labels,
                                                   note.get(part.key, "")))
    report.sections += _plan_sections(request, end, assessed,
                                      goals.sources_of(assessed, fig, end))
    report.sections.append(annex.posts_section(fig, end, labels, scope))
    used = [src for _, src in report.sources()]
    report.definitions = annex.definitions(fig, used, request.plan.tracked if request.plan
                                           else ())
    report.sections.append(annex.definitions_section(report.definitions))
    report.summary = _cover_points(report)
    return report


def _plan_sections(request: Request, end: date, assessed: list, sources: dict
                   ) -> list[Section]:
    """Action plan progress and the exceptions; a unit's report says the plan is the
    organisation's and which of its targets it lists (`goals.for_report`)."""
    note = request.commentary
    today = request.produced or date.today()
    actions = progress.actions_section(request.plan, end, today, note.get("actions", ""),
                                       for_unit=bool(request.unit))
    exceptions = progress.exceptions_section(assessed, note.get("exceptions", ""), sources)
    if request.unit and request.plan is not None:
        actions.notes.append(
            "The strategy and its action plan are the whole organisation's: this unit's "
            "report lists the actions this unit or a unit below it leads, and those with no "
            "lead unit.")
        exceptions.notes.append(
            "The strategy is the whole organisation's: this unit's report lists the whole "
            "organisation's targets and those for this unit and the units below it; a "
            "target's figure is for the unit it names, or the organisation.")
    return [actions, exceptions]


def _want(fig: Figures, request: Request, ends: list[date]) -> None:
    goals.want_targets(request.plan, fig, [ends[0], ends[1], ends[4]])
    fig.want(request.goals, "year", [ends[0], ends[1], ends[4]])
    for line in summary.HEADLINES:
        fig.want([line.id], line.period, [ends[0], ends[1], ends[4]])
    for part in PARTS:
        sections.want_part(fig, part, ends)
    annex.want_posts(fig, ends[0])


def _organisation(ledger: Ledger, code: str) -> dict:
    rows = ledger.organisation.to_dicts()
    if not rows:
        raise ValueError("The data holds no organisation")
    found = [r for r in rows if r["code"] == code] if code else rows[:1]
    if not found:
        raise ValueError(f"No organisation {code!r} in the data")
    return found[0]


def _report(request: Request, org: dict, scope: str, end: date) -> Report:
    start = parse_period(request.period).start
    label = f"{start:%B} to {end:%B %Y}"
    plan = request.plan
    return Report(org["code"], org.get("name") or org["code"], scope,
                  quarter_label(end), label, start, end, request.produced or date.today(),
                  request.threshold, rule_text(request.threshold), request.audience,
                  plan.title if plan else "", about=_about(request, end))



def _summary(fig: Figures, ends: list[date], targets: dict, org: dict, request: Request,
             note: Mapping[str, str]) -> Section:
    lines = summary.headline_lines(targets, fig)
    whole = not request.unit
    b = bm.load() if whole else None
    lead = ("The headline measures: how they have moved since last quarter, their status "
            "against the strategy's targets and how they compare with England and "
            "statistical neighbours." if whole else
            "The headline measures for this unit: how they have moved since last quarter and "
            "their status against any target set for the unit. DfE publishes figures for "
            "whole local authorities only, so there is no comparison with England here.")
    s = Section("summary", "Summary", lead, commentary=note.get("summary", ""))
    s.tables.append(summary.headline_table(fig, lines, ends, targets, b,
                                           summary.la_code(org)))
    s.points = summary.key_points(fig, lines, ends, targets)
    return s


def _cover_points(report: Report) -> list[str]:
    """At a glance: the targets' and actions' counts, then the headline measures off
    target."""
    out = []
    for key in ("exceptions", "actions"):
        found = report.section(key)
        if found and found.points:
            out.append(found.points[0])
    first = report.section("summary")
    return out + (first.points[:2] if first else [])


def _about(request: Request, end: date) -> list[str]:
    return [
        f"Rates such as turnover and sickness absence are over the 12 months to the quarter "
        f"end ({end.day} {end:%B %Y}), as DfE computes them; counts of people and posts are "
        "at the quarter end; starters and leavers are in the quarter; supervision is in the "
        "quarter's last month. Annex B defines every measure.",
        "'Change since last quarter' compares the figures as shown (rounded); better or "
        "worse follows the measure's polarity. '–' means nothing to compute (never zero).",
        "Status is against the strategy's targets: green on or ahead of the trajectory, "
        "amber behind it within the tolerance, red beyond it. Every status is written as a "
        "word as well as shown in colour.",
        rule_text(request.threshold),
    ]
