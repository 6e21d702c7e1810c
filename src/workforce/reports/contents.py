"""What each section of the quarterly report shows, as data.

A `Line` is a measure and the period it is computed over at each quarter end:

- "year": the 12 months to the quarter end (rates such as turnover, as DfE computes them;
  stock measures are taken at the quarter end whatever the period);
- "quarter": the quarter itself (starters and leavers in the quarter);
- "month": the quarter's last month (supervision "within the month").

Measures the registry does not hold are left out, so the report shows what the engine offers.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.measures import all_measures

PERIOD_WORDS = {"year": "12 months", "quarter": "Quarter", "month": "Month",
                "stock": "At date"}
PERIOD_NOTE = ("Period: 12 months, the 12 months to the quarter end; quarter, the quarter; "
               "month, the quarter's last month; at date, at the quarter end.")


@dataclass(frozen=True)
class Line:
    """A measure in a section's table, over the period `period`."""

    id: str
    period: str = "year"


@dataclass(frozen=True)
class Trend:
    """A line chart of measures (of one unit) over the last eight quarters."""

    key: str
    title: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Split:
    """A measure broken down by `by` at the quarter end, drawn as bars beside its table."""

    key: str
    title: str
    id: str
    by: str
    chart: bool = True


@dataclass(frozen=True)
class Part:
    """A section built from the measures engine."""

    key: str
    title: str
    lead: str
    lines: tuple[Line, ...]
    trends: tuple[Trend, ...] = ()
    splits: tuple[Split, ...] = ()
    by_service: tuple[str, ...] = ()


HEADLINES = (Line("turnover_rate_fte"), Line("agency_rate_fte"), Line("vacancy_rate_fte"),
             Line("M06a"), Line("caseload_fte"), Line("absence_rate_fte"),
             Line("M20", "month"), Line("M21"), Line("M22"), Line("M26"), Line("M30"),
             Line("M45"))

PARTS = (
    Part("stability", "Stability",
         "Turnover, agency workers, vacancies, starters and leavers. DfE's measures count "
         "registered social workers; the others count every staff group.",
         (Line("turnover_rate_fte"), Line("M03"), Line("M04"), Line("agency_rate_fte"),
          Line("M07a"), Line("vacancy_rate_fte"), Line("M10"), Line("M06a"),
          Line("starters_headcount", "quarter"), Line("leavers_headcount", "quarter"),
          Line("M11b")),
         (Trend("rates", "Social worker turnover, agency and vacancy rates",
                ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte")),),
         (Split("reasons", "Social workers leaving in the last 12 months, by reason",
                "leavers_headcount", "leaving_reason"),),
         ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte")),
    Part("caseloads", "Caseloads",
         "How many children each social worker holds, and how often children looked after "
         "change social worker.",
         (Line("caseload_fte"), Line("M15a"), Line("M15b"), Line("case_holders_fte"),
          Line("cases"), Line("M16a"), Line("M16b")),
         (Trend("average", "Average caseload per FTE", ("caseload_fte",)),),
         (),
         ("caseload_fte", "M15b")),
    Part("support", "Support and development",
         "Supervision, appraisal, mandatory training and induction.",
         (Line("M20", "month"), Line("M20a", "month"), Line("M20b"), Line("M21"),
          Line("M21a"), Line("M22"), Line("M23"), Line("M24"), Line("M24a")),
         (Trend("support", "Supervision, appraisal and mandatory training",
                ("M20", "M21", "M22")),),
         (Split("courses", "Mandatory training compliance by course", "M22", "course"),)),
    Part("grow", "Grow our own",
         "Newly qualified social workers' assessed and supported year (ASYE), social work "
         "apprenticeships, progression and early-career retention.",
         (Line("M25"), Line("M25a"), Line("M26"), Line("M26a"), Line("M27"), Line("M28"),
          Line("M28a"), Line("M28b"), Line("M28c"), Line("M29")),
         (Trend("retention", "Early-career retention", ("M26", "M26a")),)),
    Part("wellbeing", "Wellbeing",
         "Sickness absence and the staff survey.",
         (Line("absence_rate_fte"), Line("M17"), Line("M18a"), Line("M18b"),
          Line("working_days_lost_fte"), Line("M19"), Line("M30"), Line("M31")),
         (Trend("absence", "Sickness absence, all staff: short-term and long-term",
                ("M17", "M18a", "M18b")),),
         (),
         ("absence_rate_fte",)),
    Part("profile", "Workforce profile",
         "Who the workforce are. Groups of fewer than five people are suppressed.",
         (Line("M45a"), Line("M45"), Line("M41"), Line("M37"), Line("M37a"), Line("M38"),
          Line("M39"), Line("M40"), Line("M36"), Line("M36a")),
         (),
         (Split("ethnicity", "Headcount by ethnic group", "M45a", "ethnicity_group"),
          Split("age", "Headcount by age band", "M45a", "age_band"),
          Split("sex", "Headcount by sex", "M45a", "sex", chart=False),
          Split("disability", "Headcount by disability", "M45a", "disability", chart=False),
          Split("level", "Headcount by level", "M45a", "level", chart=False))),
)

ANNEX_IDS = ("M06b", "M07a", "M10")
"""Posts by service: establishment and permanent FTE (M06b's parts), agency FTE (M07a's
numerator), vacant FTE, directly employed FTE and the vacancy rate (M10)."""


def available(ids: tuple[str, ...]) -> tuple[str, ...]:
    registry = all_measures()
    return tuple(i for i in ids if i in registry)


def lines_of(part: Part) -> tuple[Line, ...]:
    registry = all_measures()
    return tuple(line for line in part.lines if line.id in registry)


def period_of(measure_id: str, period: str) -> str:
    """How the report describes the period of a measure: stock measures are at the date."""
    m = all_measures().get(measure_id)
    return "stock" if m is not None and m.kind == "stock" else period
