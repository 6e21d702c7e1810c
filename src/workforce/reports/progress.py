"""The strategy's progress: actions by theme with the overdue ones listed, and the exceptions
(targets off their trajectory), by the strategy's own rules (`workforce.strategy`).

Both are as at the report's quarter end. An action is overdue when it was due on or before
the quarter end and not complete by then; when it was completed is read from its progress
updates (`workforce.strategy.status.actions_then`), and an action closed with no update to
date it is taken as it stands when the report is produced, which the section says without
giving that day as its closing (`undated`). A report on a quarter still running judges its
actions on the day it is produced. An action's due date and a RAG set by hand are those in
effect at the quarter end, from their dated values (a due date moved or a green set in
November does not change the September quarter); only an action with none recorded (older
data, never edited since) is read as it stands today. A quarterly review freezes its
actions with the same reading (`actions_then`), so the two agree.

A quarter shows only the actions that were in the plan by its end (`status.in_plan_on`: an
action is in the plan from the day the plan says it was added to it; one without that day
is in the plan throughout): an action added since is not listed, counted or charted, and
the section says how many were left out so. When none was in the plan by then, though a
plan is recorded now, the section says so in a sentence instead of a table of zeros, as it
does when no action plan has been recorded; a unit's report, which lists only some of the
plan's actions, says it of the actions it lists, not of the whole plan.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from workforce import charts
from workforce.reports import visuals
from workforce.reports.figures import shown, unit_of
from workforce.reports.model import DASH, Cell, Chart, Section, Source, Table, count, rag, text
from workforce.strategy.plan import ACTION_STATUSES, Action, Plan
from workforce.strategy.rag import ActionRag, Assessment, is_overdue
from workforce.strategy.review import TargetFigure, left_out_words, targets_words
from workforce.strategy.status import action_as_at, actions_then, in_plan_on, off_trajectory

UNDATED_NAMED = 5
"""Up to this many closed actions with nothing to date their closing are named by ref."""
RAG_COLUMNS = (("blue", "Complete"), ("green", "On track"), ("amber", "At risk"),
               ("red", "Overdue"), ("grey", "Cancelled"))


def theme_table(plan: Plan, rags: dict[str, ActionRag]) -> Table:
    """Per theme: the number of actions, then how many are complete, on track, at risk,
    overdue and cancelled (by their RAG)."""
    t = Table("themes", "Actions by theme and status", ["Theme", "Actions",
              *[w for _, w in RAG_COLUMNS], "Complete (%)"],
              widths=[30, 9, 10, 10, 9, 10, 11, 11])
    themes = [th.title for th in plan.themes] or sorted({a.theme for a in plan.actions})
    for theme in [*themes, "All themes"]:
        acts = [a for a in plan.actions if theme in (a.theme, "All themes")]
        got = Counter(rags[a.ref].rag for a in acts)
        live = len(acts) - got["grey"]
        share = 100 * got["blue"] / live if live else None
        t.add(Cell(theme), count(len(acts)), *[count(got[r]) for r, _ in RAG_COLUMNS],
              Cell(shown(share, "percent"), share, "percent") if share is not None
              else Cell(DASH))
    t.notes.append("On track: green; at risk: amber (blocked, not started when due to "
                   "start, or set by hand with a reason); overdue: red (past its due date "
                   "and not complete). Complete (%) leaves cancelled actions out.")
    return t


def overdue_table(actions: Sequence[Action], rags: dict[str, ActionRag], on: date) -> Table:
    """Actions past their due date on `on` (the day after the quarter end) and not complete,
    the longest overdue first, with their latest update by then."""
    late = sorted(((a, a.due) for a in actions
                   if a.due is not None and is_overdue(a.status, a.due, on)),
                  key=lambda pair: (pair[1], pair[0].ref))
    t = Table("overdue", "Overdue actions at the quarter end",
              ["Ref", "Action", "Owner", "Due", "Days overdue", "Status then",
               "Latest update by then"],
              widths=[6, 27, 14, 10, 9, 10, 24])
    for a, due in late:
        latest = max(a.updates, key=lambda u: u.on) if a.updates else None
        t.add(Cell(a.ref), Cell(a.title), Cell(a.owner_name or a.owner or DASH), text(due),
              count((on - due).days), Cell(ACTION_STATUSES.get(a.status, a.status)),
              Cell(f"{text(latest.on).text}: {latest.text}" if latest else "None recorded"))
    t.notes.append(f"Days overdue are counted to {on.day} {on:%B %Y}, the first day after "
                   "the quarter's end: an action due on its last day is 1 day overdue.")
    return t


def actions_section(plan: Plan | None, end: date, produced: date,
                    commentary: str = "", for_unit: bool = False) -> Section:
    """The actions by theme and the overdue ones, as at the quarter ending `end` (or on
    `produced` for a quarter still running). `for_unit`: the report is a unit's, and `plan`
    holds only the actions it lists (`goals.for_report`), not the whole plan's."""
    then = actions_then(plan.actions if plan else (), end, produced)
    on, last = then.on, then.last
    when = (f"as at the end of the quarter ({last.day} {last:%B %Y})" if produced > end else
            f"as recorded on {produced.day} {produced:%B %Y}, the quarter's last day"
            if produced == end else
            f"as recorded on {produced.day} {produced:%B %Y}, before the quarter has ended")
    s = Section("actions", "Action plan progress",
                f"Progress of the strategy's actions, by theme, {when}. An action is overdue "
                "when it was due by then and not complete.", commentary=commentary)
    if plan is not None and not plan.actions and for_unit:  # the plan's may be elsewhere
        s.points.append("The action plan has no action that this unit or a unit below it "
                        "leads, nor one without a lead unit.")
        return s
    if plan is None or not plan.actions:
        s.points.append("No strategy or action plan has been recorded.")
        return s
    if not then.actions:  # a plan now, but each of its actions was added since
        by = (f"by the end of the quarter ({last.day} {last:%B %Y})" if produced > end else
              f"by {last.day} {last:%B %Y}")
        s.points.append(f"None of the actions this report lists had been added to the action "
                        f"plan {by}: they were all added since." if for_unit else
                        f"No action had been added to the action plan {by}: the actions "
                        "in it now were all added since.")
        return s
    actions, rags = then.actions, then.rags
    themes = theme_table(replace(plan, actions=actions), rags)
    late = overdue_table(actions, rags, on)
    s.tables += [themes, late] if late.rows else [themes]
    s.charts.append(_themes_chart(themes))
    total = themes.rows[-1]
    left_out = left_out_words(then.later, last)  # on the cover too, with the count
    s.points.append(f"{total[1].text} actions: {total[2].text} complete, {total[3].text} on "
                    f"track, {total[4].text} at risk, {total[5].text} overdue and "
                    f"{total[6].text} cancelled." + (f" {left_out}" if left_out else ""))
    if not late.rows:
        s.points.append("No action was overdue at the end of the quarter." if on > end else
                        "No action is overdue.")
    s.notes.append("Statuses are as they stood then: an action completed (or cancelled) "
                   "since counts from the date of its last progress update; updates posted "
                   f"after {last.day} {last:%B %Y} are left out." + undated(plan.actions, last))
    return s


def undated(actions: Sequence[Action], last: date) -> str:
    """The closed actions with no progress update to date their closing (`action_as_at`), in
    a sentence (with a space before it; "" for none): they count as the plan stood when the
    report was produced, and nothing says when that was, so no date is given (the day the
    report was produced is after the quarter it is about)."""
    found = [a for a in actions if in_plan_on(a, last) and action_as_at(a, last)[1]]
    if not found:
        return ""
    one = len(found) == 1
    named = [f"{a.ref} ({ACTION_STATUSES.get(a.status, a.status).lower()})" for a in found]
    listed = (f"{len(found)} closed actions" if len(found) > UNDATED_NAMED else named[0]
              if one else f"{', '.join(named[:-1])} and {named[-1]}")
    return (f" {listed} {'is' if one else 'are'} counted as the plan stood when this report "
            f"was produced: no progress update says when {'it was' if one else 'they were'} "
            "closed.")


def _themes_chart(themes: Table) -> Chart:
    pts = [{"category": r[0].text, "value": r[-1].value, "text": r[-1].text, "highlight": True}
           for r in themes.rows[:-1]]
    title = "Actions complete by theme (%)"
    spec = visuals.tidy(charts.bars(pts, title=title, unit="percent", height_per_bar=30))
    return Chart("themes", title, spec, spec["description"], themes.key)


def exceptions_section(figures: Sequence[TargetFigure], commentary: str = "",
                       sources: Mapping[str, Source] | None = None) -> Section:
    """Targets amber or red against their trajectory, red first, and the count by status."""
    s = Section("exceptions", "Exceptions: targets off trajectory",
                "Targets behind the path from their baseline to their goal: amber within the "
                "tolerance, red beyond it.", commentary=commentary)
    if not figures:
        s.points.append("No targets have been set.")
        return s
    s.points.append(targets_words([f.assessment.rag for f in figures]))
    t = Table("exceptions", "Targets off trajectory", ["Ref", "Target", "Figure",
              "Expected now", "Goal", "Goal by", "Status", "Why"],
              widths=[6, 28, 8, 9, 8, 9, 9, 23])
    for f in off_trajectory(figures):
        a, unit = f.assessment, unit_of(f.target.measure_id, f.unit)  # cases held: whole
        figure = replace(_value(a.value, unit), source=(sources or {}).get(f.target.ref))
        t.add(Cell(f.target.ref), Cell(f.target.title), figure, _value(a.expected, unit),
              _value(a.goal, unit), _month(f.target.target_date), rag(a.rag),
              Cell(why(a, f.unit, unit)))
    t.notes.append("Figures are suppressed like every figure in this report: a target about "
                   "fewer than five people has no status.")
    s.tables.append(t)
    if not t.rows:
        s.points.append("Every target with a figure is on or ahead of its trajectory.")
    return s


def why(a: Assessment, unit: str, shown_in: str | None = None) -> str:
    """The strategy's reason in a few words, its gap written as the report writes numbers
    (in `shown_in`, the unit the report shows the measure in, when it differs): "1.7 points
    behind the trajectory, beyond the tolerance"."""
    if a.gap is None:
        return a.reason
    gap = shown(abs(a.gap), shown_in or unit).rstrip("%")
    words = {"percent": " points", "cases": " cases", "days": " days",
             "fte": " FTE"}.get(unit, "")
    found = re.match(r"Behind the trajectory by [0-9.e+-]+, (within|outside) the tolerance",
                     a.reason)
    if found:
        where = "within" if found.group(1) == "within" else "beyond"
        return f"{gap}{words} behind the trajectory, {where} the tolerance"
    return re.sub(r"by [0-9.e+-]+", f"by {gap}{words}", a.reason)


def _month(on: date | None) -> Cell:
    return Cell(f"{on:%b %Y}") if on else Cell(DASH)


def _value(v: float | None, unit: str) -> Cell:
    return Cell(shown(v, unit), v, unit) if v is not None else Cell(DASH)
