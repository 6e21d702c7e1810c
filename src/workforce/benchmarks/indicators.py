"""What DfE's published indicators are: title, unit, which way is better, and the period.

The product's DfE-comparable measures carry the same ids as DfE's columns (`turnover_rate_fte`
and so on), so a measure id names its benchmark directly. DfE's own children-looked-after
figure (3 or more social workers in the year to 31 March) is the benchmark of measure M16a,
which computes it the same way over the same year.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.benchmarks.source import CLA_INDICATOR


@dataclass(frozen=True)
class Indicator:
    """One published DfE indicator."""

    id: str
    title: str
    unit: str  # "percent", "fte", "count", "cases", "days"
    polarity: str  # "up", "down" or "neutral", as in the measure registry
    period: str = "census year to 30 September"


_CSWW = (
    Indicator("inpost_fte", "Social workers in post (FTE)", "fte", "neutral"),
    Indicator("inpost_headcount", "Social workers in post (headcount)", "count", "neutral"),
    Indicator("starters_fte", "Starters (FTE)", "fte", "neutral"),
    Indicator("starters_headcount", "Starters (headcount)", "count", "neutral"),
    Indicator("leavers_fte", "Leavers (FTE)", "fte", "neutral"),
    Indicator("leavers_headcount", "Leavers (headcount)", "count", "neutral"),
    Indicator("turnover_rate_fte", "Turnover rate (FTE)", "percent", "down"),
    Indicator("turnover_rate_headcount", "Turnover rate (headcount)", "percent", "down"),
    Indicator("agency_fte", "Agency workers (FTE)", "fte", "down"),
    Indicator("agency_headcount", "Agency workers (headcount)", "count", "down"),
    Indicator("agency_rate_fte", "Agency worker rate (FTE)", "percent", "down"),
    Indicator("agency_rate_headcount", "Agency worker rate (headcount)", "percent", "down"),
    Indicator("agency_cover_fte", "Agency workers covering vacancies (FTE)", "fte", "neutral"),
    Indicator("agency_cover_rate_fte", "Agency cover rate (FTE)", "percent", "neutral"),
    Indicator("vacancy_fte", "Vacancies (FTE)", "fte", "down"),
    Indicator("vacancy_rate_fte", "Vacancy rate (FTE)", "percent", "down"),
    Indicator("vacancy_agency_cover_rate_fte", "Vacancies covered by agency workers (FTE)",
              "percent", "neutral"),
    Indicator("case_holders_fte", "Case-holding social workers (FTE)", "fte", "neutral"),
    Indicator("cases", "Cases held", "count", "neutral"),
    Indicator("caseload_fte", "Average caseload (FTE)", "cases", "down"),
    Indicator("working_days_lost_fte", "Working days lost to sickness (FTE)", "days", "down"),
    Indicator("absence_rate_fte", "Sickness absence rate (FTE)", "percent", "down"),
)
CLA = Indicator(CLA_INDICATOR,
                "Children looked after with 3 or more social workers in the year", "percent",
                "down", "year to 31 March")

INDICATORS: dict[str, Indicator] = {i.id: i for i in (*_CSWW, CLA)}
CSWW_COLUMNS: tuple[str, ...] = tuple(i.id for i in _CSWW)
HEADLINE_COLUMNS = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte",
                    "caseload_fte", "absence_rate_fte")
"""A newer DfE file must carry at least these columns to be loaded."""

MEASURE_BENCHMARK = {"M16a": CLA_INDICATOR}
"""Measures whose id is not a DfE column but which DfE publishes a benchmark for."""


def indicator_for(measure_id: str) -> Indicator | None:
    """The DfE indicator a measure is benchmarked against, or None when DfE publishes none."""
    return INDICATORS.get(MEASURE_BENCHMARK.get(measure_id, measure_id))
