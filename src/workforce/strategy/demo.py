"""The demo organisation's strategy: four themes, forty actions in mixed states, targets on
real registry measures (one following the England average) and on tracked measures, "you
said, we did" feedback and two approved quarterly reviews. Every action but one is in the
plan from the strategy's start (no day added to the plan: blank, as the form leaves it); that
one was added after the earlier review's quarter, which leaves it out.

Everything is placed relative to `today`, and baselines are measured from the demo ledger at
the strategy's start, so the demo tells a current and consistent story. Goals are set from
the baselines (a third fewer agency workers...), so the RAG mix comes from the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from workforce.ledger import Ledger
from workforce.measures import all_measures
from workforce.measures.windows import add_months, parse_period, quarter_label
from workforce.strategy import demo_content as text
from workforce.strategy.actuals import measure_points, quarter_end
from workforce.strategy.benchmark import Lookup, published_lookup
from workforce.strategy.periods import latest_ended_quarter
from workforce.strategy.plan import (
    Action,
    Dated,
    Feedback,
    Milestone,
    Plan,
    Review,
    Target,
    Theme,
    TrackedMeasure,
    Update,
)
from workforce.strategy.review import freeze_then
from workforce.strategy.status import actions_then, assess_all


@dataclass(frozen=True)
class DemoTarget:
    """A demo target: its goal is a function of the measured baseline. The title may name
    the goal and the target date's year ('{goal:g}% or more by {year}'), so it always says
    what the target holds."""

    ref: str
    theme: int
    measure_id: str
    title: str
    fallback: float  # baseline when the ledger cannot give one
    goal: Callable[[float], float | None]
    tolerance: float = 2.0
    steps: int = 0  # stepped milestones, one per year, when > 0
    benchmark: str = ""
    period: str = "year"
    years: int = 3


TARGETS = (
    DemoTarget("T01", 1, "turnover_rate_fte", "Social worker turnover at or below the England "
               "average", 18.0, lambda b: None, 1.5, benchmark="national"),
    DemoTarget("T02", 1, "agency_rate_fte", "A third fewer agency social workers", 25.5,
               lambda b: round(b * 2 / 3, 1)),
    DemoTarget("T03", 1, "vacancy_rate_fte", "Social worker vacancies halved, year by year",
               20.0, lambda b: round(b / 2, 1), steps=3),
    DemoTarget("T04", 1, "M06a", "A more permanent workforce: {goal:g}% or more by {year}",
               75.0,
               lambda b: 85.0 if b < 83 else min(round(b + 2), 98.0), years=4),
    DemoTarget("T05", 1, "caseload_fte", "Average caseloads down to {goal:g}", 18.6,
               lambda b: 15.0 if b > 16 else round(b - 1, 1), 0.5),
    DemoTarget("T06", 3, "absence_rate_fte", "Sickness absence lower than at the start", 4.0,
               lambda b: None, 0.3),
    DemoTarget("T07", 2, "M20", "Supervision every month for 90% of staff", 70.0,
               lambda b: 90.0, 5.0, period="month"),
    DemoTarget("T08", 0, "M21", "Appraisals for 95% of staff", 80.0, lambda b: 95.0, 5.0),
    DemoTarget("T09", 2, "M22", "Mandatory training compliance at 90%", 75.0,
               lambda b: 90.0, 5.0),
    DemoTarget("T10", 2, "M24", "Every starter inducted within 90 days", 70.0,
               lambda b: 100.0, 10.0),
    DemoTarget("T11", 2, "M47", "Practice observed twice a year for 90% of practitioners",
               60.0, lambda b: 90.0, 5.0, steps=3),
    DemoTarget("T12", 0, "M30", "Engagement score up to {goal:g}", 51.1,
               lambda b: min(round(b + 15), 90.0), 3.0),
    DemoTarget("T13", 3, "M31", "Wellbeing score up to {goal:g}", 80.2,
               lambda b: min(round(b + 8), 95.0), 3.0),
    DemoTarget("T14", 2, "M26", "Three in four early-career social workers still with us "
               "after 2 years", 0.0, lambda b: 75.0, 5.0),
)


TRACKED = (  # code, title, definition, polarity, baseline, goal, tolerance
    ("REREF", "Re-referrals within 12 months", "Referrals in the quarter for children referred "
     "in the 12 months before, as a percentage of all referrals.", "down", 23.0, 18.0, 1.5),
    ("CPREV", "Child protection plans reviewed on time", "Child protection reviews held within "
     "timescale in the quarter, as a percentage of reviews due.", "up", 82.0, 95.0, 3.0),
)


OVERRIDDEN = 15  # late family support workers: the board agreed a new date
ADDED_LATER = 30  # the ASYE academy: added to the plan after the earlier review's quarter


def strategy_start(today: date) -> date:
    """1 April of the financial year before the current one."""
    return date((today.year if today.month >= 4 else today.year - 1) - 1, 4, 1)


def build_demo_strategy(organisation_code: str, ledger: Ledger, today: date,
                        lookup: Lookup | None = None) -> Plan:
    """The demo organisation's whole strategy as plain data (see the module docstring)."""
    start = strategy_start(today)
    end = add_months(start, 36) - timedelta(days=1)
    org = ledger.organisation.filter(ledger.organisation["code"] == organisation_code)
    lookup = lookup or published_lookup(org.row(0, named=True) if org.height else None)
    themes = tuple(Theme(t, d, o) for t, d, o in text.THEMES)
    actions = tuple(_action(i, a, start, today, _units(ledger),
                            added_later(today) if i == ADDED_LATER else None)
                    for i, a in enumerate(text.ACTIONS))
    actions = _numbered(actions)
    targets = (*_targets(ledger, organisation_code, start), *_tracked_targets(start, end))
    tracked = _tracked(start, today)
    plan = Plan(organisation_code, f"Children's workforce strategy {start.year}-"
                f"{str(end.year)[2:]}", start, end, "How we will recruit, keep and grow the "
                "social workers our children need.", themes, actions, targets, tracked,
                _feedback(actions, start))
    return replace(plan, reviews=_reviews(plan, ledger, lookup, today))


def added_later(today: date) -> date:
    """The day the demo's one action added after the plan was drawn up (`ADDED_LATER`) was
    added: the first day of the latest ended quarter, so the earlier of the two reviews
    (`_reviews`) leaves it out and says so, and the later one has it. Never after the day it
    begins (18 months into the strategy, which that day never passes)."""
    return parse_period(latest_ended_quarter(today)).start


def _units(ledger: Ledger) -> list[str]:
    units = ledger.unit
    services = units.filter(units["kind"] == "service")["code"].to_list()
    return services or units["code"].to_list()


def _action(i: int, a: text.DemoAction, start: date, today: date, units: list[str],
            added: date | None) -> Action:
    """The demo's `i`th action, added to the plan on `added` (None for all but one: in the
    plan from the start)."""
    begins, due = add_months(start, a.months[0]), add_months(start, a.months[1])
    status = _status(a.state, begins, due, today)
    updates = tuple(Update(min(add_months(begins, 2 * n + 1), today), line, "lead")
                    for n, line in enumerate(text.UPDATES[: _update_count(status)])
                    if add_months(begins, 2 * n + 1) <= today)
    override = ("amber", "New due date agreed with the board: funding confirmed.") \
        if i == OVERRIDDEN and status not in ("complete", "cancelled") else ("", "")
    # due dates set when the action was added to the plan; the override when the board
    # agreed the new date, on the day the action fell due (or today, if still to come)
    drawn = added or start
    dated = (Dated("due", drawn, due.isoformat()), Dated("rag_override", drawn, ""),
             *((Dated("rag_override", min(today, max(begins, due)), *override),)
               if override[0] else ()))
    return Action(f"A{a.theme + 1}.{i + 1:02d}", text.THEMES[a.theme][0], a.title,
                  text.THEMES[a.theme][2][a.objective], "", a.owner, a.owner_name,
                  units[i % len(units)] if units else "", begins, due, status, *override,
                  updates, dated, added)


def _numbered(actions: tuple[Action, ...]) -> tuple[Action, ...]:
    """Refs numbered within each theme: A1.1, A1.2, ... A2.1."""
    seen: dict[str, int] = {}
    out = []
    for a in actions:
        seen[a.theme] = seen.get(a.theme, 0) + 1
        out.append(replace(a, ref=f"{a.ref.split('.')[0]}.{seen[a.theme]}"))
    return tuple(out)


def _status(state: str, begins: date, due: date, today: date) -> str:
    if state == "cancelled" and begins <= today:
        return "cancelled"
    if begins > today or (state == "slow" and due > today):
        return "not_started"
    if state in ("late", "blocked"):
        return "in_progress" if state == "late" else "blocked"
    return "complete" if due <= today else "in_progress"


def _update_count(status: str) -> int:
    return {"complete": 3, "in_progress": 2, "blocked": 1}.get(status, 0)


def _targets(ledger: Ledger, organisation: str, start: date) -> list[Target]:
    registry = all_measures()
    baseline_on = start - timedelta(days=1)
    out = []
    for d in (t for t in TARGETS if t.measure_id in registry):
        probe = Target(d.ref, d.title, d.measure_id, period=d.period)
        got = measure_points(ledger, organisation, probe, [baseline_on])
        # A zero baseline means the demo ledger holds none of that record kind (no surveys
        # yet, say): fall back to the seed strategies' own baseline.
        measured = got[0].value if got and got[0].value else d.fallback
        out.append(_target(d, round(measured, 1), baseline_on, start))
    return out


def _target(d: DemoTarget, base: float, baseline_on: date, start: date) -> Target:
    theme = text.THEMES[d.theme][0]
    due = add_months(start, 12 * d.years) - timedelta(days=1)
    goal = d.goal(base)
    steps = tuple(Milestone(add_months(baseline_on, 12 * (n + 1)),
                            round(base + (goal - base) * (n + 1) / d.steps, 1))
                  for n in range(d.steps - 1)) if d.steps and goal is not None else ()
    has_baseline = d.measure_id != "M26"  # S1 gives no baseline for early-career retention
    title = d.title.format(goal=goal, year=due.year) if goal is not None else d.title
    return Target(d.ref, title, d.measure_id, None, theme, "", "",
                  base if has_baseline else None, baseline_on if has_baseline else None,
                  goal, due, "", None, "stepped" if steps else "linear", steps, d.tolerance,
                  d.benchmark, d.period)


def _tracked(start: date, today: date) -> tuple[TrackedMeasure, ...]:
    """Quarterly values moving from the baseline towards the goal, with a wobble."""
    out = []
    for code, title, definition, polarity, base, goal, _ in TRACKED:
        values, on, n = [], quarter_end(start), 0
        while on <= today:
            wobble = (-1.2, 0.8, 1.5, -0.4)[n % 4]
            values.append((quarter_label(on),
                           round(base + (goal - base) * n / 14 + wobble, 1)))
            on, n = quarter_end(add_months(on, 3)), n + 1
        out.append(TrackedMeasure(code, title, definition, "percent", polarity, "quarterly",
                                  tuple(values)))
    return tuple(out)


def _tracked_targets(start: date, end: date) -> list[Target]:
    return [Target(f"T{15 + n}", title, tracked=code, theme=text.THEMES[2][0],
                   baseline_value=base, baseline_date=start - timedelta(days=1),
                   target_value=goal, target_date=end, tolerance=tol, period="quarter")
            for n, (code, title, _, _, base, goal, tol) in enumerate(TRACKED)]


def _feedback(actions: Sequence[Action], start: date) -> tuple[Feedback, ...]:
    return tuple(Feedback(add_months(start, 2 + 3 * n), said, did, source,
                          tuple(actions[i].ref for i in refs))
                 for n, (source, said, did, refs) in enumerate(text.FEEDBACK))


def _reviews(plan: Plan, ledger: Ledger, lookup: Lookup, today: date) -> tuple[Review, ...]:
    latest = parse_period(latest_ended_quarter(today)).end
    ends = [quarter_end(add_months(latest, -3)), latest]
    out = []
    for on in [e for e in ends if plan.start and e > plan.start]:
        period = quarter_label(on)
        figures = assess_all(plan, ledger, on, lookup)
        then = actions_then(plan.actions, on, today)  # as a review in the app freezes them
        snap = freeze_then(period, on, figures, then, [t.title for t in plan.themes])
        out.append(Review(period, on, "Workforce strategy board", "approved", snap,
                          dict(text.COMMENTARY)))
    return tuple(out)
