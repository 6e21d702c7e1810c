"""Headline figures: the value at the date, a year earlier, the direction of travel, the target
status and, for measures DfE publishes, England, the region, the statistical neighbours and the
organisation's place among local authorities. The overview shows them as cards; every page
lists its other measures the same way in one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from workforce import benchmarks as bm
from workforce.measures import Measure, all_measures
from workforce.measures.windows import Window, month_end
from workforce_web.dashboards import benchmark_block, goals, labels
from workforce_web.dashboards.filters import year_earlier
from workforce_web.dashboards.goals import Elsewhere, Goal
from workforce_web.dashboards.pages import about
from workforce_web.dashboards.scope import Scope, index, rows
from workforce_web.dashboards.tables import (
    NOT_COMPUTABLE,
    Cell,
    Table,
    figure,
    heading_unit,
    says_unit,
    unit_word,
)

TRAVEL_RULE = ("Direction of travel compares the figure at the date with the figure a year "
               "earlier, as shown (rounded); better or worse follows the measure's polarity "
               "(whether higher or lower is better), the same way on every page.")
NO_TARGET = "No target set"
NOT_COMPARED = "Not compared (Target is not ticked)"


@dataclass
class Headline:
    """One measure's headline figures."""

    measure: Measure
    label: str
    now: Cell
    before: Cell
    travel: bm.Travel
    goal: Goal | None
    rag: str
    reason: str = ""
    expected: Cell | None = None
    elsewhere: Elsewhere | None = None
    year: int | None = None
    own_year: Cell | None = None
    england: Cell | None = None
    region: Cell | None = None
    region_name: str = "Region"
    neighbours: Cell | None = None
    placement: str = ""
    place: bm.Placement | None = None
    group: str = ""
    at: date | None = None  # the as-at date of `now`
    compared: bool = True  # False when "Target" is not ticked: no target is looked for

    @property
    def about(self) -> dict:
        return about(self.measure)

    @property
    def abouts(self) -> list[dict]:
        return [self.about]

    @property
    def who(self) -> str:
        """Who the measure counts, capitalised for a card ('Social workers'), or ''."""
        words = labels.population(self.measure, self.group)
        return words[:1].upper() + words[1:]

    @property
    def when(self) -> str:
        """What the figure covers: 'On 6 Dec 2026' for a stock, 'The 12 months to 6 Dec 2026'
        for a flow (a strategy target judged on another period says so in its status), so
        that a card is not read as the month's figure the strategy pages show."""
        if self.at is None:
            return ""
        if self.measure.period:
            return month_words(self.at, "%b")
        day = f"{self.at:%-d %b %Y}"
        return f"On {day}" if self.measure.kind == "stock" else f"The 12 months to {day}"

    @property
    def as_at_words(self) -> str:
        """What a panel's figure line says it covers: 'as at 7 December 2026', or for a
        measure of the calendar month 'in November 2026, the last whole month to 7 December
        2026' (the month to the date holds the end of that month alone)."""
        if self.at is None:
            return ""
        if self.measure.period:
            return f"in {month_words(self.at, '%B')}"
        return f"as at {self.at:%-d %B %Y}"

    @property
    def travel_text(self) -> str:
        return labels.travel(self.travel, self.measure.polarity)

    @property
    def travel_line(self) -> str:
        """'Down (better) since a year earlier (15.1%)', as cards and panels say it."""
        before = self.before.text + ("%" if self.measure.unit == "percent"
                                     and self.before.number is not None else "")
        return labels.since(self.travel, self.measure.polarity, before)

    @property
    def goal_text(self) -> str:
        return figure(self.goal.value, self.measure.unit).text if self.goal else ""

    @property
    def target_text(self) -> str:
        """The target in words with where it comes from ('Not compared' when "Target" is
        not ticked: 'No target set' read as if the measure had none)."""
        return target_words(self.goal, self.measure) if self.compared else NOT_COMPARED

    @property
    def rag_label(self) -> str:
        return goals.RAG_WORDS.get(self.rag, "No status")

    @property
    def status_text(self) -> str:
        if not self.compared:
            return NOT_COMPARED
        return status_words(self.goal, self.rag, self.reason, self.measure)

    @property
    def status_detail(self) -> str:
        return status_detail(self.goal, self.rag, self.reason, self.measure)


def month_words(at: date, month_format: str) -> str:
    """The calendar month a measure of the month (`Measure.period`) gives as at `at`: 'September
    2025' on its last day, else 'November 2026, the last whole month to 7 Dec 2026' (the
    month to the date holds the end of that month alone); `month_format` writes the date's
    month ('%b' or '%B')."""
    month = month_end(at)
    if month == at:
        return f"{at:%B %Y}"
    return f"{month:%B %Y}, the last whole month to {at:%-d {month_format} %Y}"


def target_words(goal: Goal | None, m: Measure) -> str:
    """'At most 15.0 by 31 March 2028 (strategy target T05)', '12.0 by 31 March 2027
    (dashboard target)', or 'No target set'."""
    if goal is None:
        return NO_TARGET
    if goal.from_strategy:
        where = f"; {goal.set_note[:1].lower()}{goal.set_note[1:]}" if goal.set_for else ""
        return f"{goal.words} (strategy target {goal.ref}{where})"
    shown = figure(goal.value, m.unit).text
    return f"{shown} by {goal.by:%-d %B %Y} (dashboard target)" if goal.by else \
        f"{shown} (dashboard target)"


def status_detail(goal: Goal | None, rag: str, reason: str, m: Measure) -> str:
    """Why the status is what it is: 'On or ahead of the trajectory', 'Near target'; a
    strategy target judged over another period than the headline says so, with its figure."""
    if goal is None:
        return ""
    text = reason[:1].upper() + reason[1:]
    if goal.from_strategy and goal.judged_period and rag not in ("", "none"):
        judged = "c" if goal.judged_suppressed else figure(goal.judged, m.unit).text
        text += f" (judged on {goal.judged_period}: {judged})"
    return text


def status_words(goal: Goal | None, rag: str, reason: str, m: Measure) -> str:
    """'Green: on or ahead of the trajectory', 'Amber: near target', 'No status', 'No status
    (not shown: the figure is about too few people, or would let such a figure be worked
    out)'."""
    colour = goals.RAG_WORDS.get(rag or "none", "No status")
    detail = status_detail(goal, rag, reason, m)
    if not detail:
        return colour
    detail = f"{detail[:1].lower()}{detail[1:]}"
    # a reason with a colon of its own ('Not shown: ...') goes in brackets, not after another
    return f"{colour} ({detail})" if ":" in reason else f"{colour}: {detail}"


def headlines(scope: Scope, ids: tuple[str, ...], benchmarks: bool) -> list[Headline]:
    """Headline figures for the measures in `ids` that the registry holds."""
    registry = all_measures()
    ms = [registry[i] for i in ids if i in registry]
    found = _found(scope, ms)
    out = []
    group = scope.filters.group
    for m in ms:
        now = scope.filters.headline_of(m)
        before = year_earlier(now)
        a = _cell(found.get((m.id, now.start, now.end)), m.unit)
        b = _cell(found.get((m.id, before.start, before.end)), m.unit)
        goal = scope.targets.get(m.id) if "target" in scope.filters.compare else None
        rag, reason = goal.status(a.number, m.polarity) if goal else ("none", "")
        h = Headline(m, labels.name(m, group), a, b, bm.travel(a.number, b.number, m.polarity),
                     goal, rag, reason, group=group, at=now.end,
                     expected=figure(goal.expected, m.unit) if goal and goal.from_strategy
                     else None, elsewhere=None if goal else scope.elsewhere.get(m.id),
                     compared="target" in scope.filters.compare)
        indicator = bm.indicator_for(m.id)
        if benchmarks and indicator:
            _add_benchmarks(scope, h, indicator)
        out.append(h)
    return out


def _found(scope: Scope, ms: list[Measure]) -> dict[tuple, dict]:
    """The rows of `ms` at their headline windows and a year earlier (`headline_windows`),
    one engine call per set of windows (a month's measure does not make the others'
    figures computed over its month too)."""
    sets: dict[tuple[Window, ...], list[str]] = {}
    for m in ms:
        sets.setdefault(tuple(headline_windows(scope, m)), []).append(m.id)
    found: dict[tuple, dict] = {}
    for wins, ids in sets.items():
        found.update(index(rows(scope, ids, list(wins))))
    return found


def headline_windows(scope: Scope, m: Measure) -> list[Window]:
    """`m`'s headline window (`Filters.headline_of`) and the same a year earlier."""
    now = scope.filters.headline_of(m)
    return [now, year_earlier(now)]


def _cell(row: dict | None, unit: str) -> Cell:
    return figure(None, unit) if row is None else figure(row["value"], unit,
                                                        bool(row["suppressed"]))


def _add_benchmarks(scope: Scope, h: Headline, indicator: bm.Indicator) -> None:
    comp, h.region_name = benchmark_block.comparators_for(scope, indicator)
    comp = comp.filter(pl.col("england").is_not_null())
    if comp.is_empty():
        return
    r = comp.row(-1, named=True)
    unit = h.measure.unit
    h.year = r["year"]
    h.england, h.region = figure(r["england"], unit), figure(r["region"], unit)
    h.neighbours = figure(r["neighbours"], unit)
    win = benchmark_block.windows(indicator, [r["year"]])
    own = index(rows(scope, [h.measure.id], win)).get((h.measure.id, win[0].start, win[0].end))
    h.own_year = _cell(own, unit)
    h.place = benchmark_block.place_own(scope, h.measure, indicator, h.year, h.own_year)
    h.placement = benchmark_block.sentence(h.place, h.own_year, unit)


def position(p: bm.Placement | None) -> str:
    """'Second-lowest 25%; ranked 72 of 148 (1 = lowest); 5 of 11 with its neighbours', or
    '–' (for a unit or role group: DfE publishes whole authorities only)."""
    if p is None:
        return NOT_COMPUTABLE
    text = (f"{p.quartile_text.replace(' of local authorities', '').capitalize()}; "
            f"ranked {p.rank} of {p.of} (1 = {p.best_is})")
    if p.rank_neighbours:
        text += f"; {p.rank_neighbours} of {p.of_neighbours} with its neighbours"
    return text


def _measure_cell(h: Headline) -> Cell:
    """'Vacancy rate (FTE), all staff (%)' with the measure's id ('M10') under it; no unit
    added when the measure's title already ends with it ('Starters (FTE)')."""
    said = heading_unit(h.measure)
    unit = "" if says_unit(h.measure.title, said) else unit_word(said)
    return Cell(f"{h.label} ({unit})" if unit else h.label, hint=h.measure.id)


def table(items: list[Headline], caption: str) -> Table:
    """The headline figures against target (the overview's, or a page's other measures). The
    columns are the same whatever the filters (a trajectory column with a dash where no
    strategy target is shown), so that downloads for different units line up."""
    t = Table(caption, ["Measure", "At the date", "A year earlier", "Direction of travel",
                        "Target", "Trajectory now", "Status"])
    for h in items:
        t.add(_measure_cell(h), h.now, h.before, h.travel_text, h.target_text,
              h.expected or Cell(NOT_COMPUTABLE), h.status_text)
    t.notes = [TRAVEL_RULE, "Target: the strategy's target for the measure and the chosen unit "
               "and role group where it has one (judged against its trajectory by the "
               "strategy's rules), else the simple dashboard target.",
               "Trajectory now: the value the strategy target's trajectory sets for the date; "
               "none where the measure has no strategy target."]
    return t


def benchmark_table(items: list[Headline], caption: str) -> Table | None:
    """The headline measures DfE publishes, against England, the region and the statistical
    neighbours, with the organisation's place among local authorities; None when none has
    published figures."""
    shown = [h for h in items if h.year]
    if not shown:
        return None
    region = next((h.region_name for h in shown if h.region_name), "Region")
    t = Table(caption, ["Measure", "DfE year", "Your figure", "England", region,
                        "Neighbours (median)", "Position among local authorities"])
    for h in shown:
        t.add(_measure_cell(h), str(h.year), *(c or Cell(NOT_COMPUTABLE) for c in (
            h.own_year, h.england, h.region, h.neighbours)), position(h.place))
    t.notes = ["Your figure is computed for DfE's period (census year to 30 September, or the "
               "year to 31 March for children looked after). Quartiles and ranks place it among "
               "local authorities' published figures, so they are shown for the whole "
               "organisation only; rank 1 is the best for the measure."]
    return t
