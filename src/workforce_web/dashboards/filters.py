"""Dashboard filters, all kept in the URL: unit (with the units below it), role group, the
as-at date, the kind of period for trends, and what to compare with.

Managers may only choose their own units (and those below); a unit outside a user's scope in
the URL is answered with 404, as if it did not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

import polars as pl
from django import forms
from django.http import Http404

from workforce.ledger import codes
from workforce.measures.registry import Measure
from workforce.measures.windows import (
    Window,
    add_months,
    add_years,
    as_at,
    census_year,
    financial_year,
    last_day,
    month_end,
    period_to,
    series,
)
from workforce.reports.labels import unit_names as core_unit_names
from workforce_web.accounts.models import Role
from workforce_web.forms import GovukErrors

PERIODS = {
    "rolling": "Rolling 12 months, month by month",
    "month": "Calendar months",
    "quarter": "Calendar quarters",
    "census": "DfE census years (to 30 September)",
    "financial": "Financial years (to 31 March)",
}
COMPARE = {
    "last_year": "The same periods a year earlier",
    "target": "Target",
    "england": "England",
    "region": "Region",
    "neighbours": "Statistical neighbours (median of 10)",
}
DEFAULT_COMPARE = frozenset({"target", "england", "region", "neighbours"})
COUNTS = {"rolling": 12, "month": 12, "quarter": 8, "census": 5, "financial": 5}


EARLIEST = date(2000, 1, 1)  # no council's workforce data in the ledger goes back further
FUTURE_YEARS = 5  # a dashboard target may be set this far ahead


def latest(today: date | None = None) -> date:
    """The latest date a dashboard target may be reached by: five years from today."""
    return add_years(today or date.today(), FUTURE_YEARS)


def figures_on(role: str, asked: date | None = None, today: date | None = None) -> date:
    """The date of the figures a role sees when it asks for `asked` (default today; pages
    without a date of their own, such as the overview and the strategy's targets, ask for
    today): that date, or for viewers the last month end on or before it that is not after
    today (`windows.month_end`; a month end still to come would be today's figures by another
    name).

    Viewers (aggregates only) see figures at month ends: figures on two days in a row differ
    by the one or two people who left or joined between them, so a viewer comparing the
    profile of a unit on consecutive days could read a leaver's sex, ethnicity, age band and
    disability from the difference. Month ends make that far coarser (a month's joiners and
    leavers move together); it cannot rule it out where a month changes one person."""
    today = today or date.today()
    asked = asked or today
    return month_end(min(asked, today)) if role == Role.VIEWER else asked


def year_earlier(w: Window) -> Window:
    """The same window a year earlier; a window ending at a month end ends at the same month's
    end (29 February 2024 a year before 28 February 2025), so that a viewer's figures are all
    at month ends, never on the day before another (see `figures_on`)."""
    if w.end != last_day(w.end):
        shifted = w.shift_years(-1)
        return Window(shifted.start, shifted.end, w.label)
    end = last_day(add_years(w.end.replace(day=1), -1))
    start = as_at(end).start if w.start == as_at(w.end).start else add_years(w.start, -1)
    return Window(start, end, w.label)


def date_range_words(today: date | None = None) -> str:
    """The dates a target may be reached by, in words."""
    return f"from {EARLIEST:%-d %B %Y} to {latest(today):%-d %B %Y}"


def in_range(day: date) -> bool:
    """Whether a target date lies between EARLIEST and five years from today: before it there
    are no figures, after it no target is planned."""
    return EARLIEST <= day <= latest()


def as_at_words(today: date | None = None) -> str:
    """The dates the dashboards and work lists show figures for, in words."""
    return f"from {EARLIEST:%-d %B %Y} to today, {today or date.today():%-d %B %Y}"


def check_as_at(value: date | None) -> None:
    """An as-at date lies from EARLIEST to today: before it there are no figures (and a page
    of dashes takes seconds to work out); after it nothing has happened yet, so every flow
    would be 0 (a turnover of 0% in 2031 was "Green: target met") and every stock today's."""
    if value is not None and not EARLIEST <= value <= date.today():
        raise forms.ValidationError(f"As at: enter a date {as_at_words()}",
                                    code="out_of_range")


class AsAtField(forms.DateField):
    """An as-at date, with messages that name the field as the page labels it."""

    default_error_messages = {"invalid": "As at: enter a real date, for example 2026-03-31"}
    default_validators = [check_as_at]


class Problems:
    """For a form of filters whose wrong values are left out, their defaults used: `problems`
    lists each error with the field it links to (`ANCHORS`) and what is used instead
    (`INSTEAD`, else `OTHERWISE`)."""

    ANCHORS: dict[str, str] = {}
    INSTEAD: dict[str, str] = {}
    OTHERWISE = "The default is used instead."

    def problems(self) -> list[dict]:
        self.is_valid()  # type: ignore[attr-defined]
        return [{"anchor": self.ANCHORS.get(name, "main-content"), "message": str(e),
                 "instead": self.INSTEAD.get(name, self.OTHERWISE)}
                for name, errors in self.errors.items() for e in errors]  # type: ignore[attr-defined]


class FilterForm(GovukErrors, Problems, forms.Form):
    """Validates the query string; the template draws the fields in GOV.UK style. Every error
    message names its field as the page labels it ('As at', 'Role group', 'Trends by',
    'Compare with'), and `problems` says what is shown instead."""

    unit = forms.CharField(required=False, label="Unit")
    group = forms.ChoiceField(
        required=False, label="Role group",
        choices=[("", "All role groups"), *codes.STAFF_GROUP.items()],
        error_messages={"invalid_choice": "Role group: choose one of the role groups listed"})
    as_at = AsAtField(required=False, label="As at")
    period = forms.ChoiceField(
        required=False, label="Trends by", choices=list(PERIODS.items()),
        error_messages={"invalid_choice": "Trends by: choose one of the periods listed"})
    compare = forms.MultipleChoiceField(
        required=False, label="Compare with", choices=list(COMPARE.items()),
        error_messages={"invalid_choice": "Compare with: choose from the comparisons listed"})

    error_names = {"period": "what trends are by", "compare": "what to compare with"}
    # where each field's error links to (its input; the first checkbox of a group)
    ANCHORS = {"unit": "filter-unit", "group": "filter-group", "as_at": "filter-as_at",
               "period": "filter-period", "compare": f"compare-{next(iter(COMPARE))}"}
    INSTEAD = {"as_at": "Today's date is used instead.",
               "group": "All role groups are shown instead.",
               "period": f"{PERIODS['rolling']} is shown instead.",
               "compare": "The comparisons listed that you chose are kept."}
    OTHERWISE = "The default is shown instead."


@dataclass(frozen=True)
class Filters:
    """A validated choice of what to show."""

    unit: str = ""  # "" = the whole organisation
    group: str = ""  # "" = every staff group
    at: date = field(default_factory=date.today)
    period: str = "rolling"
    compare: frozenset[str] = DEFAULT_COMPARE

    @property
    def by(self) -> tuple[str, ...]:
        return (("unit",) if self.unit else ()) + (("staff_group",) if self.group else ())

    @property
    def headline(self) -> Window:
        """The 12 months to the date: a flow's headline window, and a stock's at its end."""
        return as_at(self.at)

    def headline_of(self, m: Measure) -> Window:
        """The window of `m`'s headline figure: the month to the date for a measure of the
        calendar month (`Measure.period`: supervision within the month), as the strategy and
        the board report compute it; else `headline`."""
        return period_to(m.period, self.at, self.headline.label) if m.period else self.headline

    def windows(self) -> list[Window]:
        """The trend's periods, oldest first, the last ending on or before the date."""
        n = COUNTS[self.period]
        if self.period == "rolling":  # from a month end, every end is a month end
            first = self.at.replace(day=1) if self.at == last_day(self.at) else None
            ends = [last_day(add_months(first, -k)) if first else add_months(self.at, -k)
                    for k in range(n - 1, -1, -1)]
            return [Window(as_at(e).start, e, f"{e:%b %Y}") for e in ends]
        kind = {"month": "monthly", "quarter": "quarterly"}.get(self.period)
        if kind:
            wins = series(kind, add_years(self.at, -3), self.at)[-n:]
            fmt = (lambda w: f"{w.end:%b %Y}") if kind == "monthly" else (
                lambda w: f"{w.end.year} Q{(w.end.month - 1) // 3 + 1}")
            return [Window(w.start, w.end, fmt(w)) for w in wins]
        make = census_year if self.period == "census" else financial_year
        last = self.at.year + (1 if self.period == "financial" and self.at.month > 3 else 0)
        wins = [make(y) for y in range(last - n - 1, last + 1)]
        return [w for w in wins if w.end <= self.at][-n:]

    def query(self, **changes: object) -> str:
        """The query string for these filters (with `changes`), for links and downloads."""
        f = replace(self, **changes)
        pairs = [("unit", f.unit), ("group", f.group), ("as_at", f.at.isoformat()),
                 ("period", f.period)] + [("compare", c) for c in COMPARE if c in f.compare]
        return urlencode([*pairs, ("f", "1")])


def _lookups(units: pl.DataFrame) -> tuple[list[str], dict[str, str], dict]:
    """The unit codes in order, each code's name and each code's parent."""
    codes_ = units["code"].to_list()
    return (codes_, dict(zip(codes_, units["name"].to_list(), strict=True)),
            dict(zip(codes_, units["parent"].to_list(), strict=True)))


def unit_names(units: pl.DataFrame) -> dict[str, str]:
    """Each unit's name as the dashboards show it: units that share a name ("MASH" three times)
    are told apart by their parent's name, and by their code when the parent is shared too
    (the core's `reports.labels.unit_names`, so that a board report names them alike)."""
    return core_unit_names(units)


def unit_options(units: pl.DataFrame, scope: set[str] | None) -> list[dict]:
    """Units in hierarchy order (by the names on the path from the top) with their depth,
    limited to `scope` (None = all); units with the same name are labelled apart."""
    _, names, parent = _lookups(units)
    shown = core_unit_names(units)

    def path(code: str) -> list[str]:
        out, seen = [], set()
        while code is not None and code not in seen and code in names:
            seen.add(code)
            out.append(names[code])
            code = parent.get(code)
        return out[::-1]

    paths = {c: [_natural(n) for n in path(c)] for c in names}
    return [{"code": c, "name": shown[c], "depth": len(paths[c]) - 1,
             "label": "\u2003" * (len(paths[c]) - 1) + shown[c]}
            for c in sorted(names, key=lambda c: (paths[c], c)) if scope is None or c in scope]


def _natural(name: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts "Team 2" before "Team 10" (numbers compared as numbers)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.casefold())
                 for part in re.split(r"(\d+)", name) if part)


def parse(params, options: list[dict], whole_org: bool,
          default_unit: str = "") -> tuple[Filters, FilterForm]:
    """Filters from the query string. A unit not in `options` raises 404; other bad values
    fall back to their defaults and the form carries the errors to show."""
    form = FilterForm(params)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    unit = params.get("unit", default_unit) or ("" if whole_org else default_unit)
    if unit and unit not in {o["code"] for o in options}:
        raise Http404("No such unit in your area.")
    compare = (frozenset(data.get("compare") or (c for c in params.getlist("compare")
                                                 if c in COMPARE))
               if "f" in params else DEFAULT_COMPARE)
    return Filters(unit=unit, group=data.get("group") or "", at=data.get("as_at") or
                   date.today(), period=data.get("period") or "rolling",
                   compare=compare), form
