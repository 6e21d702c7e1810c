"""The target a dashboard compares a measure with: the strategy's, where it has one for the
measure and the chosen scope, else the simple dashboard target, else none.

A strategy target is judged by the strategy module's own rules (`workforce.strategy`): the
value its trajectory expects on the as-at date and its computed RAG (on or ahead of the
trajectory, behind within the tolerance, further behind). The dashboards show both and say
which target it is, so a figure reads the same here as on the strategy pages. A simple
dashboard target is judged with `workforce.benchmarks.rag` against its value.

Only the targets the reader reads are used, as on the strategy pages
(`workforce_web.strategy.access.sees_target`): where a manager's unit has no target, the
page names the strategy's target for the whole organisation or for one of their units, never
another unit's. The page is therefore kept per reader's targets too (`assemble.page_view`).

A unit that covers the whole organisation (every unit lies below it, as a directorate at the
top of the tree does) is the whole organisation by another name: the strategy's targets for
the whole organisation apply to it, and a target set for it applies to the whole organisation,
each judged on the figures of the scope chosen (which differ only by records that name no unit
and by what suppression hides), and saying where the target was set.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from workforce import benchmarks as bm
from workforce.measures import all_measures
from workforce.measures.dimensions import units_below
from workforce.strategy.plan import PERIODS
from workforce.strategy.plan import Target as PlanTarget
from workforce.strategy.rag import expected_value
from workforce.strategy.status import assess_targets
from workforce.strategy.targets import goal_words
from workforce_web.dashboards.filters import Filters, unit_names
from workforce_web.dashboards.models import Target
from workforce_web.dashboards.tables import figure
from workforce_web.measures_cache import org_ledger
from workforce_web.strategy.figures import lookup_for, points_for
from workforce_web.strategy.models import Strategy
from workforce_web.strategy.models import Target as StrategyTarget
from workforce_web.strategy.records import targets_of

SOURCES = {"strategy": "Strategy target", "dashboard": "Dashboard target"}
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "none": "No status"}
STRATEGY_RULES = (
    "Where the strategy sets a target for the measure and the chosen unit and role group, the "
    "dashboards show that target and the strategy's own status: green when the figure is on or "
    "ahead of the target's trajectory (the value it expects on the date), amber when behind by "
    "no more than the target's tolerance, red when further behind; once the target date has "
    "passed, green if met and red if not. A goal of 'better than the baseline' is green only "
    "when strictly better. A unit that covers the whole organisation (every other unit lies "
    "below it) takes the strategy's targets for the whole organisation, judged on its own "
    "figures.",
    "Where the strategy has no target for the measure and scope, a simple dashboard target set "
    "by a workforce lead is used, with the rules below.",
)


@dataclass(frozen=True)
class Goal:
    """A measure's target as the dashboards use it.

    `value` is the figure to reach by `by` (None when a strategy goal follows a benchmark DfE
    has not published). For a strategy target, `expected` is what its trajectory expects on
    the as-at date and `rag`/`reason` its computed status, judged on `judged` (the figure
    over the target's own period, `judged_period`)."""

    value: float | None
    by: date | None
    note: str = ""
    strategy: str = ""
    words: str = ""
    expected: float | None = None
    rag: str = ""
    reason: str = ""
    judged: float | None = None
    judged_suppressed: bool = False
    judged_period: str = ""
    record: PlanTarget | None = None
    polarity: str = ""
    set_for: str = ""  # where a target for an equivalent scope was set, in words

    @property
    def set_note(self) -> str:
        """'Set for the whole organisation, which Children's Services covers', or ''."""
        return f"Set for {self.set_for}" if self.set_for else ""

    @property
    def source(self) -> str:
        return "dashboard" if self.record is None else "strategy"

    @property
    def ref(self) -> str:
        return "" if self.record is None else self.record.ref

    @property
    def from_strategy(self) -> bool:
        return self.record is not None

    @property
    def source_label(self) -> str:
        return f"{SOURCES[self.source]} {self.ref}".strip()

    def expected_on(self, on: date) -> float | None:
        """The strategy trajectory's value on `on` (None for a dashboard target)."""
        if self.record is None:
            return None
        return expected_value(self.record, on, self.value, self.polarity)

    def status(self, value: float | None, polarity: str) -> tuple[str, str]:
        """(rag, reason) for the figure `value`: the strategy's computed status, or the simple
        rule against the dashboard target."""
        if self.from_strategy:
            return self.rag or "none", self.reason
        rag = bm.rag(value, self.value, polarity)
        if rag == "none":
            return rag, "No figure to compare with the target (suppressed or not computable)"
        return rag, bm.RAG_LABELS[rag]


@dataclass(frozen=True)
class Elsewhere:
    """A strategy target on the measure for another scope (the whole organisation, say)."""

    ref: str
    scope: str


def dashboard_goals(org: str) -> dict[str, Goal]:
    """The simple dashboard targets, by measure id."""
    return {t.measure_id: Goal(t.value, t.target_date, t.note)
            for t in Target.objects.filter(organisation=org)}


def strategy_in_use(org: str, on: date) -> Strategy | None:
    """The organisation's strategy running on `on`, else the one that started last."""
    found = list(Strategy.objects.filter(organisation=org))
    running = [s for s in found if (s.start is None or s.start <= on)
               and (s.end is None or on <= s.end)]
    pool = running or found
    return max(pool, key=lambda s: (s.start or date.min, s.pk)) if pool else None


def stamp(org: str) -> str:
    """Names the organisation's strategy targets as they stand, for caches."""
    rows = StrategyTarget.objects.filter(strategy__organisation=org).order_by("pk").values_list()
    strategies = Strategy.objects.filter(organisation=org).order_by("pk").values_list(
        "pk", "start", "end", "title")
    return hashlib.sha256(repr((list(rows), list(strategies))).encode()).hexdigest()[:24]


def applies(t: PlanTarget, filters: Filters, registry: dict | None = None,
            whole: frozenset[str] = frozenset()) -> bool:
    """True when the strategy target is about the scope the filters choose: the same unit (or
    both the whole organisation, or both in `whole`: '' and the units that cover the whole
    organisation, `covering`) and the same role group. DfE's measures count social workers
    only, so for them no role group and 'social workers' are the same."""
    unit = t.scope_unit or ""
    if not t.measure_id or (unit != filters.unit and not {unit, filters.unit} <= whole):
        return False
    group = f"staff_group={filters.group}" if filters.group else ""
    wanted = t.scope_filter.replace(" ", "")
    measure = (registry or all_measures()).get(t.measure_id)
    if measure is not None and measure.family == "dfe" and filters.group == "social_worker":
        return wanted in ("", group)
    return wanted == group


def for_scope(org: str, filters: Filters, *, readable: set[str] | None
              ) -> tuple[dict[str, Goal], dict[str, Elsewhere]]:
    """({measure id: goal}, {measure id: strategy target for another scope}) for the filters:
    the strategy's target where one applies, else the dashboard target. Of the strategy's
    targets only those a reader of the units `readable` reads (`strategy.access.target_units`;
    None: every unit's) are used or named."""
    goals = dashboard_goals(org)
    strategy = strategy_in_use(org, filters.at)
    if strategy is None or (strategy.start is not None and filters.at < strategy.start):
        return goals, {}  # before the strategy starts it has nothing to say (no status)
    registry = all_measures()
    targets = [t for t in targets_of(strategy, readable) if t.measure_id in registry]
    whole = covering(org)
    chosen: dict[str, PlanTarget] = {}
    # the chosen scope's own targets first, then those of a scope that is the same people
    for t in [*(t for t in targets if applies(t, filters, registry)),
              *(t for t in targets if applies(t, filters, registry, whole))]:
        chosen.setdefault(t.measure_id or "", t)
    elsewhere = {t.measure_id or "": Elsewhere(t.ref, _scope_words(t))
                 for t in reversed(targets) if t.measure_id not in chosen}
    if not chosen:
        return goals, elsewhere
    set_for = {m: _set_for(org, t.scope_unit or "", filters.unit) for m, t in chosen.items()
               if (t.scope_unit or "") != filters.unit}
    # a target set for the equivalent scope is judged on the chosen scope's own figures
    chosen = {m: replace(t, scope_unit=filters.unit) for m, t in chosen.items()}
    # only registry measures are chosen, so no tracked measure's values are needed
    figures = assess_targets(chosen.values(), {}, filters.at, points_for(org), lookup_for(org))
    for f in figures:
        t, a = f.target, f.assessment
        m = registry[t.measure_id or ""]
        same = a.on is None or m.kind == "stock" or (
            t.period == (m.period or "year") and a.on == filters.headline_of(m).end)
        fmt = lambda v, u=m.unit: figure(v, u).text  # noqa: E731
        goals[m.id] = Goal(
            a.goal, t.target_date, t.note, strategy=strategy.title,
            words=goal_words(t, m.polarity, a.goal_note, fmt), expected=a.expected,
            rag=a.rag, reason=a.reason, judged=a.value, judged_suppressed=a.suppressed,
            judged_period="" if same else PERIODS.get(t.period, t.period), record=t,
            polarity=m.polarity, set_for=set_for.get(m.id, ""))
    return goals, elsewhere


def covering(org: str) -> frozenset[str]:
    """'' (the whole organisation) and the units every unit lies below (the top unit of a
    tree with one top), whose figures are the whole organisation's."""
    units = org_ledger(org).unit
    codes = set(units["code"].to_list())
    tops = units.filter(units["parent"].is_null())["code"].to_list()
    return frozenset(["", *(u for u in tops if units_below(units, [u]) == codes)])


def _set_for(org: str, scope_unit: str, chosen: str) -> str:
    """Where a target of a scope equivalent to the chosen one was set, in words."""
    names = unit_names(org_ledger(org).unit)
    if scope_unit:
        return f"{names.get(scope_unit, scope_unit)}, which covers the whole organisation"
    return f"the whole organisation, which {names.get(chosen, chosen)} covers"


def whole_organisation(org: str, on: date) -> dict[str, tuple[str, str]]:
    """{measure id: (ref, goal in words)} of the strategy's targets for the whole organisation
    and every role group, for the targets page."""
    strategy = strategy_in_use(org, on)
    registry = all_measures()
    out: dict[str, tuple[str, str]] = {}
    for t in targets_of(strategy) if strategy else []:
        m = registry.get(t.measure_id or "")
        if m is None or t.scope_unit or t.scope_filter or m.id in out:
            continue
        fmt = lambda v, u=m.unit: figure(v, u).text  # noqa: E731
        out[m.id] = (t.ref, goal_words(t, m.polarity, "", fmt))
    return out


def _scope_words(t: PlanTarget) -> str:
    parts = [f"unit {t.scope_unit}" if t.scope_unit else "the whole organisation"]
    if t.scope_filter:
        parts.append(t.scope_filter.replace("staff_group=", "role group "))
    return ", ".join(parts)
