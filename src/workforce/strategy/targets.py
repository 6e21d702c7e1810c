"""What a target is measured in, and the rules a target must keep.

`measure_info` describes the measure behind a target, from the registry or from a tracked
measure, in one shape. `target_problems` lists what is wrong with a target as (field,
message) pairs; the workbook import and the web forms both use it, so a target is checked the
same way wherever it comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date

from workforce.strategy.benchmark import has_benchmark
from workforce.strategy.plan import (
    BENCHMARKS,
    DIRECTIONS,
    PERIODS,
    TRAJECTORIES,
    Target,
    TrackedMeasure,
)
from workforce.strategy.rag import direction_of
from workforce.wording import day


@dataclass(frozen=True)
class MeasureInfo:
    """The measure behind a target: a registry measure or a tracked one."""

    id: str
    title: str
    unit: str
    polarity: str
    definition: str = ""
    breakdowns: tuple[str, ...] = ()
    tracked: bool = False
    signed: bool = False  # a gap or a change, which can be below 0 (registry tag "signed")


def registry_info(measure_id: str) -> MeasureInfo | None:
    """The registry measure `measure_id`, or None when there is none."""
    from workforce.measures import all_measures

    m = all_measures().get(measure_id)
    if m is None:
        return None
    return MeasureInfo(m.id, m.title, m.unit, m.polarity, m.definition, tuple(m.breakdowns),
                       signed="signed" in m.tags)


def tracked_info(t: TrackedMeasure) -> MeasureInfo:
    return MeasureInfo(t.code, t.title, t.unit, t.polarity, t.definition, (), tracked=True)


def default_period(measure_id: str | None) -> str:
    """The period a new target on `measure_id` covers unless told otherwise: the one the
    measure declares (`Measure.period`: supervision within the month, M20 and M20a, is
    "month", shown over the month to a date everywhere: `windows.period_to`), else the 12
    months to the date ("year")."""
    from workforce.measures import all_measures

    found = all_measures().get(measure_id or "")
    return found.period if found is not None and found.period else "year"


def measure_info(target: Target, tracked: Mapping[str, TrackedMeasure]) -> MeasureInfo | None:
    """The measure behind `target`; None when it names no known measure."""
    if target.measure_id:
        return registry_info(target.measure_id)
    found = tracked.get(target.tracked or "")
    return tracked_info(found) if found else None


def measured_baseline(t: Target) -> bool:
    """True when the baseline is to be measured from the ledger at its date (a registry
    measure with a baseline date and no value)."""
    return bool(t.measure_id) and t.baseline_date is not None and t.baseline_value is None


def target_problems(target: Target, info: MeasureInfo | None,
                    units: Collection[str] | None = None, *,
                    unknown: Collection[str] = ()) -> list[tuple[str, str]]:
    """(field, message) for each rule `target` breaks; empty when it is sound.

    `unknown` names fields of `target` whose value is not known (a form could not read them):
    a rule that reads any of them is left out, so it cannot add a misleading second message
    to the field's own. `info` counts as read from `measure_id` and `tracked`."""
    out = _measure_problems(target, info, units)
    if info is not None:  # an unknown measure would only set off more problems
        out += _goal_problems(target, info)
    out += _date_problems(target)
    return [(name, message) for name, message, reads in out if not set(reads) & set(unknown)]


MEASURE = ("measure_id", "tracked")
"""What a target's measure, and so `info`, is read from."""

Problem = tuple[str, str, tuple[str, ...]]
"""A rule's (field, message, the fields of the target the rule reads)."""


def _measure_problems(t: Target, info: MeasureInfo | None,
                      units: Collection[str] | None) -> list[Problem]:
    if bool(t.measure_id) == bool(t.tracked):
        return [("measure", "Give either a measure from the registry or a tracked measure",
                 MEASURE)]
    if info is None:
        name = t.measure_id or t.tracked
        where = "in the registry" if t.measure_id else "among the tracked measures"
        return [("measure", f"There is no measure {name!r} {where}", MEASURE)]
    out: list[Problem] = []
    unit = ("scope_unit", *MEASURE)
    if t.scope_unit and info.tracked:
        out.append(("scope_unit", "A tracked measure is for the whole organisation", unit))
    elif t.scope_unit and "unit" not in info.breakdowns:
        out.append(("scope_unit", f"{info.title} cannot be broken down by unit", unit))
    elif t.scope_unit and units is not None and t.scope_unit not in units:
        out.append(("scope_unit", f"There is no unit {t.scope_unit!r}", unit))
    if t.scope_filter:
        dim, eq, value = t.scope_filter.partition("=")
        if not eq or not value.strip():
            out.append(("scope_filter", "Write the filter as breakdown=value, e.g. "
                                        "staff_group=social_worker", ("scope_filter",)))
        elif dim.strip() not in info.breakdowns:
            out.append(("scope_filter", f"{info.title} cannot be broken down by "
                                        f"{dim.strip()!r}", ("scope_filter", *MEASURE)))
    if t.period not in PERIODS:
        out.append(("period", f"{t.period!r} is not a period: use {', '.join(PERIODS)}",
                    ("period",)))
    return out


def _goal_problems(t: Target, info: MeasureInfo | None) -> list[Problem]:
    out: list[Problem] = []
    if t.direction and t.direction not in DIRECTIONS:
        out.append(("direction", f"{t.direction!r} is not a direction: use "
                                 f"{', '.join(DIRECTIONS)}", ("direction",)))
    if not t.direction and info is not None and info.polarity not in ("up", "down"):
        out.append(("direction", f"{info.title} has no better way: choose a direction",
                    ("direction", *MEASURE)))
    if t.direction == "within" and (t.band is None or t.band < 0):
        out.append(("band", "A 'within' target needs the band either side of the target",
                    ("band", "direction")))
    if t.trajectory not in TRAJECTORIES:
        out.append(("trajectory", f"{t.trajectory!r} is not a trajectory: use linear or "
                                  "stepped", ("trajectory",)))
    if t.tolerance < 0:
        out.append(("tolerance", "The tolerance cannot be negative", ("tolerance",)))
    if t.benchmark:
        if t.benchmark not in BENCHMARKS:
            out.append(("benchmark", f"{t.benchmark!r} is not a benchmark: use "
                                     f"{', '.join(BENCHMARKS)}", ("benchmark",)))
        elif not t.measure_id or not has_benchmark(t.measure_id):
            out.append(("benchmark", "DfE publishes no benchmark for this measure",
                        ("benchmark", *MEASURE)))
        if t.target_value is not None:
            out.append(("target_value", "Give a target value or a benchmark, not both",
                        ("target_value", "benchmark")))
    elif t.target_value is None and t.baseline_value is None and not measured_baseline(t):
        out.append(("target_value", "Give a target value, a benchmark, or a baseline to "
                                    "improve on", ("target_value", "benchmark",
                                                   "baseline_value", "baseline_date",
                                                   *MEASURE)))
    if info is not None:
        for name in ("baseline_value", "target_value"):
            problem = value_problem(getattr(t, name), info)
            if problem:
                out.append((name, problem, (name, *MEASURE)))
        bad = [(m.on, p) for m in t.milestones if (p := value_problem(m.value, info))]
        if bad:
            out.append(("milestones", f"The milestone of {bad[0][0]:%-d %B %Y}: {bad[0][1]}",
                        ("milestones", *MEASURE)))
    return out


CEILING = 1_000_000_000
"""The largest figure a target may name that is not a percentage: far above any council's
headcount, FTE, caseload, days or pounds, and small enough to chart."""


def value_range(unit: str, signed: bool) -> tuple[float, float]:
    """The figures a target may name for a measure of `unit`: a percentage from 0 to 100,
    anything else from 0 to `CEILING`; as far below 0 when it is `signed`."""
    top = 100 if unit == "percent" else CEILING
    return (-top if signed else 0, top)


def value_problem(v: float | None, info: MeasureInfo) -> str | None:
    """What is wrong with a figure a target names for a measure of `info`'s unit: a
    percentage from 0 to 100, anything else from 0 to `CEILING`; below 0 (to minus as much)
    only for a measure that is a gap or a change (`signed`) or a tracked measure (whose sign
    the product does not know). None when it is sound."""
    if v is None:
        return None
    low, top = value_range(info.unit, info.signed or info.tracked)
    if low <= v <= top:
        return None
    if info.unit == "percent":
        return f"{v:g} is not a percentage between {low:g} and 100"
    return f"{v:g} is not a figure this measure can take: enter one from {low:,} to {top:,}"


def _date_problems(t: Target) -> list[Problem]:
    out: list[Problem] = []
    baseline = ("baseline_value", "baseline_date")
    if t.baseline_value is not None and t.baseline_date is None:
        out.append(("baseline_date", "Give the baseline's date with its value", baseline))
    if t.baseline_date is not None and t.baseline_value is None and not t.measure_id:
        out.append(("baseline_value", "Give the baseline's value: only a registry measure's "
                                      "baseline can be measured from the data",
                    (*baseline, *MEASURE)))
    if t.baseline_date and t.target_date and t.target_date <= t.baseline_date:
        out.append(("target_date", "The target date must come after the baseline date",
                    ("baseline_date", "target_date")))
    if t.milestones and t.target_date is None:
        out.append(("milestones", "Milestones need a target date",
                    ("milestones", "target_date")))
    return out


def goal_words(target: Target, polarity: str, goal_note: str = "",
               fmt: Callable[[float], str] = "{:g}".format) -> str:
    """The goal in words: "At or below the England average (England 2025: 11.8) by 31 March
    2028", "At least 85 by ...", "Within 3 either side of 16", "Better than the baseline"."""
    direction = direction_of(target, polarity)
    if target.benchmark:
        side = {"at_most": "At or below", "at_least": "At or above"}.get(direction, "Around")
        text = f"{side} the {BENCHMARKS.get(target.benchmark, target.benchmark)}"
        text += f" ({goal_note})" if goal_note else ""
    elif target.target_value is None:
        text = "Better than the baseline"
    elif direction == "within":
        text = f"Within {fmt(target.band or 0)} either side of {fmt(target.target_value)}"
    else:
        text = f"{'At least' if direction == 'at_least' else 'At most'} " \
               f"{fmt(target.target_value)}"
    when = target.target_date
    return f"{text} by {when.day} {when:%B %Y}" if when else f"{text}, at all times"


def figure_covers(target: Target, on: date) -> str:
    """What a target's figure dated `on` covers, for wherever a latest figure is shown (the
    same measure's dashboard card may show another period to the same day): "the month to
    7 December 2026" (a flow, over the target's period), "as at 7 December 2026"
    (a stock, such as a headcount, whatever the period), "the value entered for the period
    to 30 September 2025" (a tracked measure)."""
    if target.tracked:
        return f"the value entered for the period to {day(on)}"
    from workforce.measures import all_measures

    found = all_measures().get(target.measure_id or "")
    if found is not None and found.kind == "stock":
        return f"as at {day(on)}"
    return PERIODS.get(target.period, PERIODS["year"]).replace("the date", day(on))
