"""DfE's workforce formulas, defined once (domain.md 2.2).

Each formula is a `Formula`: named parts, a numerator and a denominator built from them, and a
scale (100 for percentages). Call it on plain numbers to get the value, or None when the
denominator is 0 ("cannot compute", never a silent 0); `Formula.exprs` builds the same
arithmetic as polars expressions, which is how the measures use it, so the published-figures
test and the measures run through the same definition.

Rounding is for presentation only: `round_half_away` is DfE's `true_round` (half away from
zero), not Python's round-half-even.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

import polars as pl

_NUDGE = math.sqrt(2.220446049250313e-16)  # R's sqrt(.Machine$double.eps)
DFE_WORKING_YEAR = 253
"""DfE's working days in a census year: 365 - 104 weekend days - 8 bank holidays. It does not
follow the real calendar (2021-22 had 10 weekday bank holidays and still fits 253)."""


@dataclass(frozen=True)
class Formula:
    """value = numerator(parts) / denominator(parts) * scale, None when the denominator is 0."""

    name: str
    parts: tuple[str, ...]
    numerator: Callable[..., Any]
    denominator: Callable[..., Any]
    scale: float = 100.0

    def __call__(self, *values: float | None) -> float | None:
        if any(v is None for v in values):
            return None
        den = self.denominator(*values)
        if not den or den <= 0:
            return None
        return self.numerator(*values) / den * self.scale

    def exprs(self, *cols: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
        """(numerator, denominator, value) as polars expressions over the part columns."""
        num, den = self.numerator(*cols), self.denominator(*cols)
        value = pl.when(den > 0).then(num / den * self.scale).otherwise(None)
        return num.cast(pl.Float64), den.cast(pl.Float64), value.cast(pl.Float64)


def _first(a: Any, *_: Any) -> Any:
    return a


def _second(_: Any, b: Any, *__: Any) -> Any:
    return b


def _sum_two(a: Any, b: Any, *_: Any) -> Any:
    return a + b


PERCENT = Formula("percent", ("part", "whole"), _first, _second)
RATIO = Formula("ratio", ("numerator", "denominator"), _first, _second, scale=1.0)
TURNOVER = Formula("turnover rate", ("leavers", "inpost"), _first, _second)
AGENCY = Formula("agency rate", ("agency", "inpost"), _first, _sum_two)
AGENCY_COVER = Formula("agency cover rate", ("agency_cover", "agency"), _first, _second)
VACANCY = Formula("vacancy rate", ("vacancy", "inpost"), _first, _sum_two)
VACANCY_AGENCY_COVER = Formula("vacancy agency-cover rate", ("agency_cover", "vacancy"),
                               _first, _second)
CASELOAD = Formula("caseload", ("cases", "case_holders"), _first, _second, scale=1.0)
VACANCY_LOCAL = Formula("vacancy rate (local: ÷ FTE in post)", ("vacancy", "inpost"), _first,
                        _second)
PER_AVERAGE = Formula("per average headcount", ("count", "at_start", "at_end"), _first,
                      lambda _, s, e: (s + e) / 2)
DAYS_PER_FTE = Formula("days lost per FTE", ("days_lost", "average_fte"), _first, _second,
                       scale=1.0)
ABSENCE = Formula("absence rate", ("days_lost", "inpost", "working_days"), _first,
                  lambda _, fte, w: fte * w)


def percent(part: float | None, whole: float | None) -> float | None:
    """part ÷ whole × 100."""
    return PERCENT(part, whole)


def turnover_rate(leavers: float | None, inpost: float | None) -> float | None:
    """Leavers ÷ in post at the end of the year × 100 (FTE or headcount alike)."""
    return TURNOVER(leavers, inpost)


def agency_rate(agency: float | None, inpost: float | None) -> float | None:
    """Agency ÷ (agency + directly employed in post) × 100."""
    return AGENCY(agency, inpost)


def agency_cover_rate(agency_cover: float | None, agency: float | None) -> float | None:
    """Agency FTE covering vacancies ÷ all agency FTE × 100."""
    return AGENCY_COVER(agency_cover, agency)


def vacancy_rate(vacancy: float | None, inpost: float | None) -> float | None:
    """Vacant FTE ÷ (vacant + directly employed FTE in post) × 100."""
    return VACANCY(vacancy, inpost)


def vacancy_agency_cover_rate(agency_cover: float | None, vacancy: float | None) -> float | None:
    """Agency FTE covering vacancies ÷ vacant FTE × 100 (can exceed 100: DfE flags it `u`)."""
    return VACANCY_AGENCY_COVER(agency_cover, vacancy)


def caseload(cases: float | None, case_holder_fte: float | None) -> float | None:
    """Cases ÷ FTE of the workers holding at least one case."""
    return CASELOAD(cases, case_holder_fte)


def vacancy_rate_local(vacancy: float | None, inpost: float | None) -> float | None:
    """Local variant (Sefton, domain.md 2.7): vacant FTE ÷ FTE in post × 100. Not DfE's."""
    return VACANCY_LOCAL(vacancy, inpost)


def per_average_headcount(count: float | None, at_start: float | None,
                          at_end: float | None) -> float | None:
    """count ÷ ((headcount at start + headcount at end) ÷ 2) × 100: CIPD crude wastage when
    the count is leavers."""
    return PER_AVERAGE(count, at_start, at_end)


def days_lost_per_fte(days_lost: float | None, average_fte: float | None) -> float | None:
    """Working days lost ÷ average FTE over the period (local-government style)."""
    return DAYS_PER_FTE(days_lost, average_fte)


def working_year(census_year: int) -> int:
    """W for a census year ending 30 September `census_year`: 253, or 254 when it includes
    29 February."""
    leap = census_year % 4 == 0 and (census_year % 100 != 0 or census_year % 400 == 0)
    return DFE_WORKING_YEAR + leap


def leap_days(start: date, end: date) -> int:
    """Number of 29 Februaries in [start, end]."""
    count = 0
    for year in range(start.year, end.year + 1):
        if working_year(year) == DFE_WORKING_YEAR + 1 and start <= date(year, 2, 29) <= end:
            count += 1
    return count


def working_days(start: date, end: date) -> float:
    """DfE-style W for any window: every day counts 253/365 of a working day and each
    29 February adds a whole one. Exactly 253 or 254 for any 12-month window, so a census
    year gets DfE's W; other windows get W in proportion to their length."""
    days = (end - start).days + 1
    leaps = leap_days(start, end)
    return (days - leaps) * DFE_WORKING_YEAR / 365 + leaps


def absence_rate(days_lost: float | None, inpost_fte: float | None,
                 census_year: int | None = None, *, working: float | None = None) -> float | None:
    """Working days lost ÷ (FTE in post × W) × 100, W = `working` or W of `census_year`."""
    w = working if working is not None else (working_year(census_year) if census_year else None)
    return ABSENCE(days_lost, inpost_fte, w)


@overload
def round_half_away(x: float, dp: int = 1) -> float: ...
@overload
def round_half_away(x: None, dp: int = 1) -> None: ...
@overload
def round_half_away(x: float | None, dp: int = 1) -> float | None: ...
def round_half_away(x: float | None, dp: int = 1) -> float | None:
    """Round half away from zero to `dp` places exactly as DfE's `true_round` does:
    trunc(|x| × 10^dp + 0.5 + √ε) ÷ 10^dp with x's sign. The √ε (1.5e-8) nudge makes a
    float that should be a half, such as 115 ÷ 400 × 100 = 28.749999999999996, round up
    (28.8) as the decimal arithmetic would; 2.25 -> 2.3, -2.25 -> -2.3, 2.675 -> 2.68."""
    if x is None:
        return None
    if not math.isfinite(x) or abs(x) >= _WHOLE:  # nothing after the point to round
        return x
    scale = 10**dp
    return math.copysign(math.floor(abs(x) * scale + 0.5 + _NUDGE) / scale, x)


_WHOLE = 2.0**52
"""From here on every float is a whole number (and 1e308 times 10 would overflow)."""
