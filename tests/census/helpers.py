"""Helpers for census tests: write returns from plain records, validate with xmlschema."""

from __future__ import annotations

import io
from pathlib import Path

import xmlschema

from workforce.census.layouts import layout
from workforce.census.write import write_xml

SCHEMAS = Path(__file__).resolve().parents[2] / "src" / "workforce" / "census" / "schemas"


def xsd(year: int) -> xmlschema.XMLSchema:
    """The shipped (corrected) schema for `year`, read by xmlschema."""
    return xmlschema.XMLSchema(str(SCHEMAS / f"csww_schema_{year}.xsd"))


def xsd_errors(path: Path, year: int) -> list[str]:
    return [f"{e.path}: {e.reason}" for e in xsd(year).iter_errors(str(path))]


def write(path: Path, year: int, workers: list[dict], la: dict | None = None,
          lea: str = "333") -> Path:
    lay = layout(year)
    la = la or {"NumberOfVacancies": 2.0, "NoAgencyFTE": 0.0, "NoAgencyHeadcount": 0,
                **({"RecruitmentBonus": "0", "RetentionBonus": "0", "PerformanceAward": "0",
                    "CarAllowance": "0", "RelocationPackage": "0", "RegionalWeighting": "0",
                    "CostSWE": "0", "CostDBS": "0", "OtherAllowances": "None"}
                   if year >= 2025 else {})}
    buf = io.BytesIO()
    write_xml(buf, lay, lea, la, workers)
    path.write_bytes(buf.getvalue())
    return path


def worker(year: int, swe: str, **changes: object) -> dict:
    """A valid directly employed worker in post for `year`, with `changes` (None removes)."""
    w: dict = dict(AgencyWorker="0", SWENo=swe, FTE=1.0, PersonBirthDate="1980-01-01",
                   Ethnicity="WBRI", QualLevel="1", StepUpGrad="0", OrgRole="5",
                   RoleStartDate="2019-01-01", StartOrigin="2", FTE30=1.0, Cases30=10,
                   WorkingDaysLost=2.0, FrontlineGrad="0", Absat30Sept="0")
    if year >= 2024:
        w["Sex"] = "F"
    else:
        w["GenderCurrent"] = "2"
    if year < 2025:
        w["QualInst"] = "University of Somewhere"
    else:
        w.update(BaseSalary=40000.0, RRPayments=0.0, OtherPayments=0.0)
    w.update(changes)
    return {k: v for k, v in w.items() if v is not None}


def agency(swe: str, **changes: object) -> dict:
    w: dict = dict(AgencyWorker="1", SWENo=swe, FTE=1.0, OrgRole="5", Cases30=12,
                   ContractWeeks=26.0, QualInst="University of Elsewhere")
    w.update(changes)
    return {k: v for k, v in w.items() if v is not None}
