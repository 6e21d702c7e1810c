"""DfE's business rules for the CSWW return, each named by its code.

DfE publishes its validation rules as a spreadsheet each year; its text could not be obtained
(`../shared/reference/SOURCES.md`). The rules below are the product's own, written from the
2024-25 specification's mandatory items, liia-tools' SWFtools validator and the 2021 guide's
ranges (`domain.md` 1.6, `reforms.md` 5.3). Their codes are ours ("CSWW-E01" errors block
submission, "CSWW-Q01" queries need an explanation) and do not match DfE's numbering; map them
when the spreadsheet is obtained. A rule's docstring is its text and its message.

A worker rule is `rule(values, ctx)` returning the item(s) at fault (a name, a list of names,
or None when the record passes). Cross-record rules are in `returns.py`.
"""

from __future__ import annotations

from workforce.census.layouts import YEARS, layout
from workforce.census.ruleset import (
    ERROR,
    QUERY,
    RULES,
    Context,
    Rule,
    as_date,
    as_number,
    rule,
    rules_for,
)

__all__ = ["ERROR", "QUERY", "RULES", "Context", "Rule", "as_date", "as_number", "rule",
           "rules_for"]


def _agency(w: dict[str, str]) -> bool:
    return w.get("AgencyWorker") == "1"


def _leaver(w: dict[str, str]) -> bool:
    return bool(w.get("RoleEndDate"))


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

@rule(ERROR)
def CSWW_E10(w: dict[str, str], ctx: Context) -> str | None:
    """FTE must be given for every worker (0 for leavers)."""
    return None if w.get("FTE") else "FTE"


@rule(ERROR)
def CSWW_E11(w: dict[str, str], ctx: Context) -> list[str] | None:
    """This item is mandatory for directly employed (non-agency) social workers."""
    if _agency(w):
        return None
    needed = _MANDATORY[ctx.year]
    missing = [k for k in needed if not w.get(k)]
    if "BaseSalary" in missing and _leaver(w):
        missing.remove("BaseSalary")
    return missing or None


def _mandatory(year: int) -> tuple[str, ...]:
    lay = layout(year)
    items = ("PersonBirthDate", lay.gender_item, "Ethnicity", "QualInst", "QualLevel",
             "StepUpGrad", "OrgRole", "RoleStartDate", "StartOrigin", "FTE30",
             "WorkingDaysLost", "FrontlineGrad", "BaseSalary")
    return tuple(i for i in items if lay.has(i))


_MANDATORY = {year: _mandatory(year) for year in YEARS}


@rule(ERROR)
def CSWW_E12(w: dict[str, str], ctx: Context) -> str | None:
    """A worker in post at 30 September must have an FTE above 0."""
    fte = as_number(w.get("FTE"))
    return "FTE" if not _leaver(w) and fte is not None and fte <= 0 else None


@rule(ERROR)
def CSWW_E13(w: dict[str, str], ctx: Context) -> str | None:
    """A leaver (a worker with a RoleEndDate) must have an FTE of 0."""
    fte = as_number(w.get("FTE"))
    return "FTE" if _leaver(w) and fte not in (None, 0) else None


@rule(ERROR)
def CSWW_E14(w: dict[str, str], ctx: Context) -> str | None:
    """RoleEndDate must fall in the census year (1 October to 30 September)."""
    end = as_date(w.get("RoleEndDate"))
    return "RoleEndDate" if end and not ctx.year_start <= end <= ctx.reference_date else None


@rule(ERROR)
def CSWW_E15(w: dict[str, str], ctx: Context) -> str | None:
    """RoleEndDate cannot be before RoleStartDate."""
    start, end = as_date(w.get("RoleStartDate")), as_date(w.get("RoleEndDate"))
    return "RoleEndDate" if start and end and end < start else None


@rule(ERROR)
def CSWW_E16(w: dict[str, str], ctx: Context) -> str | None:
    """RoleStartDate cannot be after the reference date, 30 September."""
    start = as_date(w.get("RoleStartDate"))
    return "RoleStartDate" if start and start > ctx.reference_date else None


@rule(ERROR)
def CSWW_E17(w: dict[str, str], ctx: Context) -> str | None:
    """StartOrigin must be given when, and only when, RoleStartDate is given."""
    return "StartOrigin" if bool(w.get("StartOrigin")) != bool(w.get("RoleStartDate")) else None


@rule(ERROR)
def CSWW_E18(w: dict[str, str], ctx: Context) -> list[str] | None:
    """A leaver must have a ReasonLeave and a LeaverDestination."""
    if not _leaver(w):
        return None
    return [k for k in ("ReasonLeave", "LeaverDestination") if not w.get(k)] or None


@rule(ERROR)
def CSWW_E19(w: dict[str, str], ctx: Context) -> list[str] | None:
    """ReasonLeave and LeaverDestination are only for leavers (workers with a RoleEndDate)."""
    if _leaver(w):
        return None
    return [k for k in ("ReasonLeave", "LeaverDestination") if w.get(k)] or None


@rule(ERROR)
def CSWW_E20(w: dict[str, str], ctx: Context) -> str | None:
    """ReasonAbsence must be given when, and only when, Absat30Sept is 1 (absent)."""
    absent = w.get("Absat30Sept") == "1"
    return "ReasonAbsence" if absent != bool(w.get("ReasonAbsence")) else None


@rule(ERROR)
def CSWW_E21(w: dict[str, str], ctx: Context) -> str | None:
    """PersonBirthDate must be before RoleStartDate and before the reference date."""
    born, start = as_date(w.get("PersonBirthDate")), as_date(w.get("RoleStartDate"))
    if born and (born >= ctx.reference_date or (start and born >= start)):
        return "PersonBirthDate"
    return None


@rule(ERROR)
def CSWW_E22(w: dict[str, str], ctx: Context) -> list[str] | None:
    """Cases, working days lost and pay cannot be negative."""
    # Only a text starting with a minus sign can be negative: the common case stays cheap.
    return [k for k in _NOT_NEGATIVE if (v := w.get(k)) and v[0] == "-"
            and (as_number(v) or 0) < 0] or None


_NOT_NEGATIVE = ("Cases30", "WorkingDaysLost", "BaseSalary", "RRPayments", "OtherPayments")


@rule(ERROR)
def CSWW_E23(w: dict[str, str], ctx: Context) -> str | None:
    """FTE30 must be 0 for a worker in post who started after the previous 30 September
    (a starter who has left again carries their FTE at leaving in FTE30, as FTE is 0)."""
    start, fte30 = as_date(w.get("RoleStartDate")), as_number(w.get("FTE30"))
    in_post = not _leaver(w)
    return "FTE30" if in_post and start and start >= ctx.year_start and fte30 else None


# --- Queries: likely mistakes that need an explanation ---------------------------------------

@rule(QUERY)
def CSWW_Q10(w: dict[str, str], ctx: Context) -> str | None:
    """The worker is under 20 or over 70 at 30 September: please check the date of birth."""
    born = as_date(w.get("PersonBirthDate"))
    if not born or born >= ctx.reference_date:
        return None
    ref = ctx.reference_date
    age = ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))
    return "PersonBirthDate" if age < 20 or age > 70 else None


@rule(QUERY)
def CSWW_Q11(w: dict[str, str], ctx: Context) -> str | None:
    """More than 40 cases at 30 September: please check the caseload."""
    return "Cases30" if (as_number(w.get("Cases30")) or 0) > 40 else None


@rule(QUERY)
def CSWW_Q12(w: dict[str, str], ctx: Context) -> str | None:
    """Working days lost to sickness are more than the working days in the year for this
    FTE (253, or 254 in a leap year, times FTE)."""
    days = as_number(w.get("WorkingDaysLost")) or 0
    fte = max(as_number(w.get("FTE")) or 0, as_number(w.get("FTE30")) or 0) or 1.0
    return "WorkingDaysLost" if days > ctx.working_days * fte else None


@rule(QUERY)
def CSWW_Q13(w: dict[str, str], ctx: Context) -> str | None:
    """An agency worker should have ContractWeeks, the length of the contract in weeks."""
    return "ContractWeeks" if _agency(w) and not w.get("ContractWeeks") else None


@rule(QUERY)
def CSWW_Q14(w: dict[str, str], ctx: Context) -> str | None:
    """ContractWeeks is over 500 weeks: please check it."""
    return "ContractWeeks" if (as_number(w.get("ContractWeeks")) or 0) > 500 else None


@rule(QUERY)
def CSWW_Q15(w: dict[str, str], ctx: Context) -> str | None:
    """A leaver should not have cases at 30 September."""
    return "Cases30" if _leaver(w) and (as_number(w.get("Cases30")) or 0) > 0 else None


@rule(QUERY)
def CSWW_Q16(w: dict[str, str], ctx: Context) -> str | None:
    """The SWE number does not start with SW: please check it against the Social Work England
    register."""
    swe = w.get("SWENo", "")
    return "SWENo" if swe and swe[:2].upper() != "SW" else None


@rule(QUERY)
def CSWW_Q17(w: dict[str, str], ctx: Context) -> str | None:
    """The worker's role is case holder but they held no cases at 30 September."""
    in_post = not _leaver(w)
    return "Cases30" if in_post and w.get("OrgRole") == "5" and w.get("Cases30") == "0" else None
