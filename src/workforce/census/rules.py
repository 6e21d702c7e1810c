"""DfE's business rules for the CSWW return, each named by its code.

DfE publishes its validation rules as a spreadsheet each year; its text could not be obtained
(`../shared/reference/SOURCES.md`). The rules below are the product's own, written from the
2024-25 specification's mandatory items, liia-tools' SWFtools validator and the 2021 guide's
ranges (`domain.md` 1.6, `reforms.md` 5.3). Their codes are ours ("CSWW-E01" errors block
submission, "CSWW-Q01" queries need an explanation) and do not match DfE's numbering; map them
when the spreadsheet is obtained. A rule's docstring is its text and its message.

A header or LA-level rule is `rule(values, ctx)` returning the item(s) at fault (a name, a list
of names, or None when the record passes). A worker rule is `rule(w, ctx)` over a batch of
records (`workers.Items`), returning for each item it checks a polars expression that is true
where a record is at fault; `validate.Checker` turns those into findings record by record.
Cross-record rules are in `returns.py`.
"""

from __future__ import annotations

import polars as pl

from workforce.census.layouts import YEARS, layout
from workforce.census.ruleset import (
    ERROR,
    QUERY,
    RULES,
    Context,
    Faults,
    Rule,
    as_date,
    as_number,
    rule,
    rules_for,
)
from workforce.census.workers import Items

__all__ = ["ERROR", "QUERY", "RULES", "Context", "Rule", "as_date", "as_number", "rule",
           "rules_for"]


# --- The return as a whole ------------------------------------------------------------------

@rule(ERROR, "header")
def CSWW_E01(h: dict[str, str], ctx: Context) -> str | None:
    """The reference date must be 30 September of the collection year."""
    ref = h.get("ReferenceDate")
    return "ReferenceDate" if ref and as_date(ref) != ctx.reference_date else None


@rule(ERROR, "header")
def CSWW_E02(h: dict[str, str], ctx: Context) -> str | None:
    """The header must give the collection (CSWW), the collection year and the LA number."""
    missing = [k for k in ("Collection", "Year", "LEA") if not h.get(k)]
    return missing or None  # type: ignore[return-value]


# --- The LA-level module ----------------------------------------------------------------------

@rule(ERROR, "la")
def CSWW_E03(la: dict[str, str], ctx: Context) -> list[str] | None:
    """Vacancies and agency figures cannot be negative."""
    items = ("NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount")
    return [k for k in items if (as_number(la.get(k)) or 0) < 0] or None


@rule(QUERY, "la")
def CSWW_Q01(la: dict[str, str], ctx: Context) -> str | None:
    """Agency FTE covering vacancies is more than the FTE of vacancies. DfE publishes such
    figures as unreliable: please check both."""
    cover, vac = as_number(la.get("NoAgencyFTE")), as_number(la.get("NumberOfVacancies"))
    return "NoAgencyFTE" if cover is not None and vac is not None and cover > vac else None


# --- Every worker ---------------------------------------------------------------------------
# A worker rule reads a whole batch of records at once (`workers.Items`) and returns, for each
# item it checks, a polars expression that is true where a record is at fault there.

@rule(ERROR)
def CSWW_E10(w: Items, ctx: Context) -> Faults:
    """FTE must be given for every worker (0 for leavers)."""
    return {"FTE": w.missing("FTE")}


@rule(ERROR)
def CSWW_E11(w: Items, ctx: Context) -> Faults:
    """This item is mandatory for directly employed (non-agency) social workers."""
    faults = {k: ~w.agency & w.missing(k) for k in _MANDATORY[ctx.year]}
    if "BaseSalary" in faults:  # a leaver may have no salary
        faults["BaseSalary"] &= ~w.leaver
    return faults


def _mandatory(year: int) -> tuple[str, ...]:
    lay = layout(year)
    items = ("PersonBirthDate", lay.gender_item, "Ethnicity", "QualInst", "QualLevel",
             "StepUpGrad", "OrgRole", "RoleStartDate", "StartOrigin", "FTE30",
             "WorkingDaysLost", "FrontlineGrad", "BaseSalary")
    return tuple(i for i in items if lay.has(i))


_MANDATORY = {year: _mandatory(year) for year in YEARS}


@rule(ERROR)
def CSWW_E12(w: Items, ctx: Context) -> Faults:
    """A worker in post at 30 September must have an FTE above 0."""
    return {"FTE": ~w.leaver & (w.number("FTE") <= 0)}


@rule(ERROR)
def CSWW_E13(w: Items, ctx: Context) -> Faults:
    """A leaver (a worker with a RoleEndDate) must have an FTE of 0."""
    return {"FTE": w.leaver & (w.number("FTE") != 0)}


@rule(ERROR)
def CSWW_E14(w: Items, ctx: Context) -> Faults:
    """RoleEndDate must fall in the census year (1 October to 30 September)."""
    return {"RoleEndDate": ~w.date("RoleEndDate").is_between(ctx.year_start,
                                                             ctx.reference_date)}


@rule(ERROR)
def CSWW_E15(w: Items, ctx: Context) -> Faults:
    """RoleEndDate cannot be before RoleStartDate."""
    return {"RoleEndDate": w.date("RoleEndDate") < w.date("RoleStartDate")}


@rule(ERROR)
def CSWW_E16(w: Items, ctx: Context) -> Faults:
    """RoleStartDate cannot be after the reference date, 30 September."""
    return {"RoleStartDate": w.date("RoleStartDate") > ctx.reference_date}


@rule(ERROR)
def CSWW_E17(w: Items, ctx: Context) -> Faults:
    """StartOrigin must be given when, and only when, RoleStartDate is given."""
    return {"StartOrigin": w.given("StartOrigin") != w.given("RoleStartDate")}


@rule(ERROR)
def CSWW_E18(w: Items, ctx: Context) -> Faults:
    """A leaver must have a ReasonLeave and a LeaverDestination."""
    return {k: w.leaver & w.missing(k) for k in ("ReasonLeave", "LeaverDestination")}


@rule(ERROR)
def CSWW_E19(w: Items, ctx: Context) -> Faults:
    """ReasonLeave and LeaverDestination are only for leavers (workers with a RoleEndDate)."""
    return {k: ~w.leaver & w.given(k) for k in ("ReasonLeave", "LeaverDestination")}


@rule(ERROR)
def CSWW_E20(w: Items, ctx: Context) -> Faults:
    """ReasonAbsence must be given when, and only when, Absat30Sept is 1 (absent)."""
    absent = (w.text("Absat30Sept") == "1").fill_null(False)
    return {"ReasonAbsence": absent != w.given("ReasonAbsence")}


@rule(ERROR)
def CSWW_E21(w: Items, ctx: Context) -> Faults:
    """PersonBirthDate must be before RoleStartDate and before the reference date."""
    born = w.date("PersonBirthDate")
    return {"PersonBirthDate": (born >= ctx.reference_date) | (born >= w.date("RoleStartDate"))}


@rule(ERROR)
def CSWW_E22(w: Items, ctx: Context) -> Faults:
    """Cases, working days lost and pay cannot be negative."""
    return {k: w.number(k) < 0 for k in _NOT_NEGATIVE}


_NOT_NEGATIVE = ("Cases30", "WorkingDaysLost", "BaseSalary", "RRPayments", "OtherPayments")


@rule(ERROR)
def CSWW_E23(w: Items, ctx: Context) -> Faults:
    """FTE30 must be 0 for a worker in post who started after the previous 30 September
    (a starter who has left again carries their FTE at leaving in FTE30, as FTE is 0)."""
    started = w.date("RoleStartDate") >= ctx.year_start
    return {"FTE30": ~w.leaver & started & (w.number("FTE30") != 0)}


# --- Queries: likely mistakes that need an explanation ---------------------------------------

@rule(QUERY)
def CSWW_Q10(w: Items, ctx: Context) -> Faults:
    """The worker is under 20 or over 70 at 30 September: please check the date of birth."""
    born, ref = w.date("PersonBirthDate"), ctx.reference_date
    # Aged 20 by 30 September: born on or before 30 September 20 years earlier; over 70:
    # aged 71, born on or before 30 September 71 years earlier.
    under_20, over_70 = born > ref.replace(year=ref.year - 20), born <= ref.replace(
        year=ref.year - 71)
    return {"PersonBirthDate": (born < ref) & (under_20 | over_70)}


@rule(QUERY)
def CSWW_Q11(w: Items, ctx: Context) -> Faults:
    """More than 40 cases at 30 September: please check the caseload."""
    return {"Cases30": w.number("Cases30") > 40}


@rule(QUERY)
def CSWW_Q12(w: Items, ctx: Context) -> Faults:
    """Working days lost to sickness are more than the working days in the year for this
    FTE (253, or 254 in a leap year, times FTE)."""
    fte = pl.max_horizontal(w.number("FTE").fill_null(0), w.number("FTE30").fill_null(0))
    fte = pl.when(fte == 0).then(1.0).otherwise(fte)
    return {"WorkingDaysLost": w.number("WorkingDaysLost") > ctx.working_days * fte}


@rule(QUERY)
def CSWW_Q13(w: Items, ctx: Context) -> Faults:
    """An agency worker should have ContractWeeks, the length of the contract in weeks."""
    return {"ContractWeeks": w.agency & w.missing("ContractWeeks")}


@rule(QUERY)
def CSWW_Q14(w: Items, ctx: Context) -> Faults:
    """ContractWeeks is over 500 weeks: please check it."""
    return {"ContractWeeks": w.number("ContractWeeks") > 500}


@rule(QUERY)
def CSWW_Q15(w: Items, ctx: Context) -> Faults:
    """A leaver should not have cases at 30 September."""
    return {"Cases30": w.leaver & (w.number("Cases30") > 0)}


@rule(QUERY)
def CSWW_Q16(w: Items, ctx: Context) -> Faults:
    """The SWE number does not start with SW: please check it against the Social Work England
    register."""
    return {"SWENo": w.text("SWENo").str.slice(0, 2).str.to_uppercase() != "SW"}


@rule(QUERY)
def CSWW_Q17(w: Items, ctx: Context) -> Faults:
    """The worker's role is case holder but they held no cases at 30 September."""
    held_none = (w.text("OrgRole") == "5") & (w.text("Cases30") == "0")
    return {"Cases30": ~w.leaver & held_none}
