"""A strategy and its action plan as plain data: what the workbook reads and writes, what the
demo builds and what the web stores.

Records are frozen dataclasses that refer to one another by natural keys (a theme by its
title, an action or target by its reference, a tracked measure by its code), so a plan can
travel through a spreadsheet and back without database ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

ACTION_STATUSES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "blocked": "Blocked",
    "complete": "Complete",
    "cancelled": "Cancelled",
}
RAGS = {"green": "Green", "amber": "Amber", "red": "Red", "blue": "Complete",
        "grey": "Not rated", "none": "No figure"}
OVERRIDE_RAGS = ("green", "amber", "red")
DIRECTIONS = {
    "at_least": "At least the target (higher is better)",
    "at_most": "At most the target (lower is better)",
    "within": "Within a band either side of the target",
}
TRAJECTORIES = {
    "linear": "Linear: a straight line from the baseline through any milestones to the target",
    "stepped": "Stepped: each milestone's value holds from its date until the next",
}
PERIODS = {
    "year": "the 12 months to the date",
    "quarter": "the 3 months to the date",
    "month": "the month to the date",
}
BENCHMARKS = {
    "national": "England average",
    "regional": "regional average",
    "statistical_neighbours": "statistical neighbours' median",
}
FREQUENCIES = {"monthly": "Monthly (2025-09)", "quarterly": "Quarterly (2025-Q3)",
               "yearly": "Yearly (2024-25)"}
POLARITIES = {"up": "Higher is better", "down": "Lower is better"}
UNITS = ("percent", "count", "fte", "days", "cases", "ratio", "score", "pounds", "rate")
REVIEW_STATUSES = {"draft": "Draft", "submitted": "Submitted", "approved": "Approved"}
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
"""Every date in a plan (the strategy's span, actions' start and due dates, targets' baseline,
target and milestone dates, updates and feedback) lies between these. No council's workforce
data in the ledger goes back before 2000 (as the dashboards' as-at dates), a target's chart
works out a figure for every quarter from its baseline (a baseline in year 1 would be 8,000
years of them), and a date in 2120 or 9999 is a typing slip, not a plan."""


def date_problem(day: date | None) -> str | None:
    """What is wrong with a plan's date (outside `EARLIEST`..`LATEST`), or None."""
    if day is None or EARLIEST <= day <= LATEST:
        return None
    return f"Enter a date from {EARLIEST:%-d %B %Y} to {LATEST:%-d %B %Y}"


def added_problem(added: date | None, today: date) -> tuple[str, str] | None:
    """What is wrong with `added` as the day an action was added to the plan, on `today`:
    (what is wrong, what to do), or None. Not after today (the plan says what has happened).
    A day before the strategy's start is not wrong: the action is in every quarter of the
    strategy, as one without a day is (and moving the start later leaves the days already
    given valid, so an unchanged export imports again and the action's form saves)."""
    if added is None or added <= today:
        return None
    return (f"The day added to the plan cannot be after today ({today:%-d %B %Y})",
            "Give the day the action was added to the plan, or leave it empty if it has "
            "been in the plan from the start.")


@dataclass(frozen=True)
class Milestone:
    """A point a trajectory passes through: `value` expected by `on`."""

    on: date
    value: float


@dataclass(frozen=True)
class Target:
    """A measure with a baseline, a goal and a path between them.

    Exactly one of `measure_id` (a registry measure the ledger computes) and `tracked` (the
    code of a tracked measure whose values are entered) is set. The goal is `target_value`;
    when `benchmark` is set the goal is instead that benchmark's latest published figure (so it
    moves when the benchmark data does); when neither is set the goal is "better than the
    baseline". `direction` defaults to the measure's polarity.
    """

    ref: str
    title: str
    measure_id: str | None = None
    tracked: str | None = None
    theme: str = ""
    scope_unit: str = ""
    scope_filter: str = ""
    baseline_value: float | None = None
    baseline_date: date | None = None
    target_value: float | None = None
    target_date: date | None = None
    direction: str = ""
    band: float | None = None
    trajectory: str = "linear"
    milestones: tuple[Milestone, ...] = ()
    tolerance: float = 0.0
    benchmark: str = ""
    period: str = "year"
    note: str = ""


@dataclass(frozen=True)
class Theme:
    """A theme of the strategy ("Leadership and culture") and its objectives or outcomes:
    what will be different. `ref`: the theme's short reference in the plan ("TH1"), which
    keeps a theme renamed in the workbook the same theme (with its actions, targets and
    objectives); "" when not known (an older workbook, a new theme), when the theme is
    found by its title."""

    title: str
    description: str = ""
    objectives: tuple[str, ...] = ()
    ref: str = ""


@dataclass(frozen=True)
class Update:
    """A progress update on an action."""

    on: date
    text: str
    author: str = ""
    evidence: str = ""


DATED_FIELDS = ("due", "rag_override", "status")


@dataclass(frozen=True)
class Dated:
    """A value an action's due date, RAG override or status (`field`, one of `DATED_FIELDS`)
    took, in effect from `on` (the day it was set) until the next one. `value` is the due
    date as ISO text, the RAG set by hand ("" for none, with `reason` when set), or the
    status's code. `on` None: the
    value the action had before its changes were first recorded (older data)."""

    field: str
    on: date | None
    value: str
    reason: str = ""


def settled(dated: Iterable[Dated]) -> tuple[Dated, ...]:
    """`dated` (in the order set) without the values undone on the day they were set: where
    a value set on a day is one the item already took that day (a status changed and
    changed back), the values set in between that day are left out, and the repeat with
    them, so no two are the same. Every day reads as before (`status.dated_on`: a day's
    first value stays, and the value it ends with)."""
    out: list[Dated] = []
    for d in dated:
        if d not in out:
            out.append(d)
            continue
        i = out.index(d)
        out = out[:i + 1] + [x for x in out[i + 1:] if (x.field, x.on) != (d.field, d.on)]
    return tuple(out)


@dataclass(frozen=True)
class Action:
    """An action of the plan. `owner` is a username (who may update it); `owner_name` is
    how the plan names the owner ("Principal social worker"). `dated`: the dated values of
    its due date, RAG override and status, in the order they were set (none for older data).
    `added_on`: the day the action was added to the plan, as the plan gives it (the action
    form, the Actions sheet's "Added to the plan" column), so a quarter that ended before
    then does not show it (`status.in_plan_on`); None: in the plan from the start (older
    data, a plan stored after the fact with no such date). Not the day it was stored: a
    plan typed in or imported today was drawn up long before."""

    ref: str
    theme: str
    title: str
    objective: str = ""
    description: str = ""
    owner: str = ""
    owner_name: str = ""
    lead_unit: str = ""
    start: date | None = None
    due: date | None = None
    status: str = "not_started"
    rag_override: str = ""
    override_reason: str = ""
    updates: tuple[Update, ...] = ()
    dated: tuple[Dated, ...] = ()
    added_on: date | None = None


@dataclass(frozen=True)
class TrackedMeasure:
    """A measure the ledger cannot compute (re-referrals, audits graded good), whose values
    are entered per period. `values` pairs a period label ('2025-Q3') with a value.
    `described` False: a workbook gives only values of this stored measure (it is not on
    the Tracked measures sheet), so its title, definition, unit, polarity and frequency are
    the stored ones as read before the import waited for the plan's lock: they are neither
    stored nor merged, and what is stored by then stays."""

    code: str
    title: str
    definition: str = ""
    unit: str = "percent"
    polarity: str = "up"
    frequency: str = "quarterly"
    values: tuple[tuple[str, float], ...] = ()
    described: bool = True


@dataclass(frozen=True)
class Feedback:
    """A "you said, we did" entry, linked to the actions (by reference) that answer it."""

    on: date
    you_said: str
    we_did: str = ""
    source: str = ""
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Review:
    """A quarterly review: its frozen figures (`review.freeze`) and commentary per theme."""

    period: str
    as_at: date
    forum: str = "Workforce board"
    status: str = "draft"
    snapshot: dict = field(default_factory=dict)
    commentary: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """A whole strategy: the unit of import, export and the demo.

    `last_change`: how far the plan's change history went when it was exported (the number
    of its latest change), so that importing the workbook can tell what the plan has changed
    since (`merge`: an import must not undo those changes); None for a plan not exported
    from the product (the template, the demo, an export from before this was written).

    `gives_added`: whether the plan gives its actions' days added to the plan
    (`Action.added_on`); False for a workbook whose Actions sheet has no "Added to the plan"
    column (written before it had one), whose import keeps the day an action already stored
    has (a new one is in the plan from the start)."""

    organisation: str
    title: str
    start: date | None = None
    end: date | None = None
    summary: str = ""
    themes: tuple[Theme, ...] = ()
    actions: tuple[Action, ...] = ()
    targets: tuple[Target, ...] = ()
    tracked: tuple[TrackedMeasure, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    reviews: tuple[Review, ...] = ()
    last_change: int | None = None
    gives_added: bool = True
