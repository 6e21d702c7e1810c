"""DfE's children's social work workforce indicators (domain.md 2.2), for any window.

The ids are DfE's column names in `csww_indicators_*.csv`, so a computed figure joins its
published benchmark directly. The population is child and family social workers (staff group
`social_worker`): "in post" means directly employed (the contracts in `codes.DIRECT_CONTRACTS`)
on the window end; agency workers are counted apart and never as in post. For a census year
window (`windows.census_year`) these are DfE's figures; for other windows stocks are taken at
the window end and flows over the window. How vacancies, agency cover, case holders and
working days lost are derived from the ledger is documented in `establishment`, `cases` and
`sickness`.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import indicators as ind
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS, UNIT_DIMENSIONS
from workforce.measures.registry import Headline, hidden_with, series_measure

SW = "social_worker"
COLUMNS = ("inpost_fte", "inpost_headcount", "starters_fte", "starters_headcount", "leavers_fte",
           "leavers_headcount", "turnover_rate_fte", "turnover_rate_headcount", "agency_fte",
           "agency_headcount", "agency_rate_fte", "agency_rate_headcount", "agency_cover_fte",
           "agency_cover_rate_fte", "vacancy_fte", "vacancy_rate_fte",
           "vacancy_agency_cover_rate_fte", "case_holders_fte", "cases", "caseload_fte",
           "working_days_lost_fte", "absence_rate_fte")
"""DfE's value columns, in the order of the published indicators file."""
SOURCE = "DfE CSWW methodology (children's social work workforce statistics)"
STAFF = (*ALL_PERSON_DIMENSIONS, "service_band")
STARTER = (*STAFF, "start_origin")
LEAVER = (*STAFF, "leaving_reason", "leaver_destination")
POSTS = (*UNIT_DIMENSIONS, "org_role", "grade", "level")
Frame = pl.DataFrame
By = Sequence[str]


def dfe(id: str, title: str, formula: str, unit: str, polarity: str, kind: str,
        breakdowns: tuple[str, ...] = STAFF, **extra: object):  # noqa: ANN201
    """Declare a DfE indicator (family "dfe")."""
    return series_measure(id=id, title=title, formula=formula, unit=unit, polarity=polarity,
                          kind=kind, source=SOURCE, breakdowns=breakdowns, family="dfe",
                          tags=("dfe",), **extra)


# The social workers in post are the FTE in post's (M45) and the headcount's (M45a) cells
# by staff group for social workers, which pages show beside them: hidden wherever those
# cells are (`Headline`), or the whole workforce's figure less the social workers' told a
# team's one business-support officer's FTE (a reviewer's ledger)
@dfe("inpost_fte", "Social workers in post (FTE)", "Σ FTE of directly employed SW assignments "
     "on the date", "fte", "up", "stock",
     headline=Headline("staff_group", (SW,), base="M45"))
def inpost_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Full-time equivalent of the directly employed child and family social workers in post
    on the date, summed over their assignments (a person with two part-time posts counts
    both). Agency workers are not in post."""
    return ind.inpost(ledger, wins, by, SW)


@dfe("inpost_headcount", "Social workers in post (headcount)", "distinct people in post",
     "count", "up", "stock", headline=Headline("staff_group", (SW,)))
def inpost_headcount(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Number of directly employed child and family social workers in post on the date, each
    person counted once, in their more senior role."""
    return ind.inpost(ledger, wins, by, SW, "headcount")


@dfe("starters_fte", "Social work starters (FTE)", "Σ FTE of assignments starting a spell",
     "fte", "neutral", "flow", STARTER)
def starters_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE of the directly employed social workers who started in the window: people who were
    not directly employed social workers the day before (new joiners, returners, agency
    workers taking a direct post, staff moving into social work). Team moves, promotions
    and FTE changes are not starts."""
    return ind.flow(ledger, wins, by, SW, "starters")


@dfe("starters_headcount", "Social work starters (headcount)", "distinct (person, start date)",
     "count", "neutral", "flow", STARTER)
def starters_headcount(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Number of directly employed social workers who started in the window, de-duplicated
    on the person and start date."""
    return ind.flow(ledger, wins, by, SW, "starters", "headcount")


@dfe("leavers_fte", "Social work leavers (FTE)", "Σ FTE at leaving of assignments ending a "
     "spell", "fte", "down", "flow", LEAVER)
def leavers_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE, at leaving, of the directly employed social workers who left in the window: whose
    last day as a directly employed social worker fell in it (including moves to a non-social
    work role in the council, and starters who left again). A leaver who returns counts as a
    leaver and later as a starter."""
    return ind.flow(ledger, wins, by, SW, "leavers")


@dfe("leavers_headcount", "Social work leavers (headcount)", "distinct (person, leaving date)",
     "count", "down", "flow", LEAVER)
def leavers_headcount(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Number of directly employed social workers who left in the window, de-duplicated on the
    person and leaving date."""
    return ind.flow(ledger, wins, by, SW, "leavers", "headcount")


@dfe("turnover_rate_fte", "Social worker turnover rate (FTE)",
     "leavers_fte ÷ inpost_fte × 100", "percent", "down", "flow")
def turnover_rate_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE of social workers who left in the window as a percentage of the FTE in post at its
    end (DfE's end-of-year denominator). Agency workers and internal moves are not turnover."""
    return ind.turnover(ledger, wins, by, SW)


@dfe("turnover_rate_headcount", "Social worker turnover rate (headcount)",
     "leavers_headcount ÷ inpost_headcount × 100", "percent", "down", "flow")
def turnover_rate_headcount(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Social workers who left in the window as a percentage of the headcount in post at its
    end."""
    return ind.turnover(ledger, wins, by, SW, "headcount")


@dfe("agency_fte", "Agency social workers (FTE)", "Σ FTE of agency SW assignments on the date",
     "fte", "down", "stock")
def agency_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE of agency child and family social workers (not paid directly by the council) on
    the date."""
    return ind.agency(ledger, wins, by, SW)


@dfe("agency_headcount", "Agency social workers (headcount)", "agency SW assignments on the "
     "date", "count", "down", "stock")
def agency_headcount(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Number of agency social worker records on the date (DfE does not de-duplicate agency
    records: one per assignment)."""
    return ind.agency(ledger, wins, by, SW, "headcount")


@dfe("agency_rate_fte", "Agency worker rate (FTE)", "agency_fte ÷ (agency_fte + inpost_fte) "
     "× 100", "percent", "down", "stock")
def agency_rate_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Agency social worker FTE as a percentage of all social worker FTE on the date (agency
    plus directly employed)."""
    return ind.agency_rate(ledger, wins, by, SW)


@dfe("agency_rate_headcount", "Agency worker rate (headcount)",
     "agency_headcount ÷ (agency_headcount + inpost_headcount) × 100", "percent", "down",
     "stock")
def agency_rate_headcount(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Agency social worker records as a percentage of agency records plus the directly
    employed headcount on the date."""
    return ind.agency_rate(ledger, wins, by, SW, "headcount")


@dfe("agency_cover_fte", "Agency workers covering vacancies (FTE)", "Σ over vacant SW posts "
     "of min(vacant FTE, agency FTE on the post)", "fte", "neutral", "stock", POSTS)
def agency_cover_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE of agency social workers covering vacant establishment posts on the date (census
    item NoAgencyFTE): agency assignments linked to a vacant post, at most the post's vacant
    FTE."""
    return ind.agency_cover(ledger, wins, by, SW)


@dfe("agency_cover_rate_fte", "Agency cover rate (FTE)", "agency_cover_fte ÷ agency_fte × 100",
     "percent", "neutral", "stock", POSTS)
def agency_cover_rate_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """The share of agency social worker FTE that covers vacancies on the date."""
    return ind.agency_cover_rate(ledger, wins, by, SW)


# its denominator is agency_fte's figure: shown where agency_fte hides it (as a complement),
# it told two agency social workers' FTE by subtraction from their service's
hidden_with("agency_cover_rate_fte", ["agency_fte"])


@dfe("vacancy_fte", "Social worker vacancies (FTE)", "Σ over SW posts of max(0, post FTE − "
     "FTE of direct assignments filling it)", "fte", "down", "stock", POSTS)
def vacancy_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Vacant FTE of the social worker establishment on the date (census item
    NumberOfVacancies), including posts not being recruited to and posts covered by agency
    workers."""
    return ind.vacancy(ledger, wins, by, SW)


@dfe("vacancy_rate_fte", "Vacancy rate (FTE)", "vacancy_fte ÷ (vacancy_fte + inpost_fte) × 100",
     "percent", "down", "stock", POSTS)
def vacancy_rate_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Vacant social worker FTE as a percentage of vacant plus directly employed FTE in post
    on the date."""
    return ind.vacancy_rate(ledger, wins, by, SW)


@dfe("vacancy_agency_cover_rate_fte", "Vacancies covered by agency workers (FTE)",
     "agency_cover_fte ÷ vacancy_fte × 100", "percent", "neutral", "stock", POSTS)
def vacancy_agency_cover_rate_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """The share of vacant social worker FTE covered by agency workers on the date."""
    return ind.vacancy_cover_rate(ledger, wins, by, SW)


@dfe("case_holders_fte", "Case-holding social workers (FTE)", "Σ FTE of SWs (incl. agency) "
     "with ≥ 1 case", "fte", "neutral", "stock")
def case_holders_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE of the social workers, directly employed or agency and whatever their role, who
    held at least one case on the date (latest caseload snapshot within 31 days)."""
    return ind.case_holder_fte(ledger, wins, by, SW)


@dfe("cases", "Cases held by social workers", "Σ cases of case holders", "cases", "neutral",
     "stock")
def cases(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Number of cases (each child separately) held by social workers on the date."""
    return ind.cases(ledger, wins, by, SW)


@dfe("caseload_fte", "Average caseload (FTE)", "cases ÷ case_holders_fte", "cases", "down",
     "stock")
def caseload_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Average number of cases per full-time equivalent case-holding social worker on the
    date. It does not capture how complex the cases are."""
    return ind.caseload(ledger, wins, by, SW)


@dfe("working_days_lost_fte", "Working days lost to sickness (FTE)", "Σ sickness working "
     "days lost, pro-rated to the window", "days", "down", "flow")
def working_days_lost_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Working days lost to sickness absence by directly employed social workers in the
    window, on an FTE basis; absences crossing the window edge count for the part inside."""
    return ind.working_days_lost(ledger, wins, by, SW)


@dfe("absence_rate_fte", "Sickness absence rate (FTE)", "working_days_lost_fte ÷ (inpost_fte "
     "× W) × 100, W = 253 (254 with a 29 February) per year", "percent", "down", "flow")
def absence_rate_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Working days lost to sickness as a percentage of the working days available: FTE in
    post at the window end × W, where W is 253 working days a year, or 254 when the window
    contains 29 February (DfE's convention, not the real calendar). Windows shorter or longer
    than a year get W in proportion."""
    return ind.absence_rate(ledger, wins, by, SW)
