"""The demo's roles, grade ladder and pay scales.

A role is what an establishment post is for (a social worker, a team manager, a business
support officer...). Social-work roles carry a CSWW `OrgRole`; career-grade social workers
progress SW1 (newly qualified, in the ASYE) -> SW2 -> SW3 in the same post.
"""

from __future__ import annotations

from dataclasses import dataclass

SW = "social_worker"
UNQ = "unqualified_practitioner"
EH = "early_help"
BS = "business_support"
OTHER = "other"


@dataclass(frozen=True)
class Role:
    key: str
    title: str
    staff_group: str
    grade: str  # the post's grade
    org_role: str | None = None
    case_holder: bool = False
    level: int = 1  # 1 practitioner ... 7 director: promotions go up this ladder
    feeders: tuple[str, ...] = ()  # grades promoted into this role
    internal: float = 0.0  # chance a vacancy is filled by promoting someone
    part_time: float = 0.1  # share of posts budgeted part-time

    @property
    def social_work(self) -> bool:
        return self.staff_group == SW


ROLES: dict[str, Role] = {r.key: r for r in (
    Role("sw", "Social Worker", SW, "SW3", "5", True, 1, part_time=0.1),
    Role("ssw", "Senior Social Worker", SW, "SSW", "4", True, 2, ("SW3",), 0.6),
    Role("ap", "Advanced Practitioner", SW, "AP", "4", True, 2, ("SW3", "SSW"), 0.5),
    Role("iro", "Independent Reviewing Officer", SW, "AP", "6", False, 2, ("SSW", "AP"), 0.4),
    Role("qa", "Quality Assurance Practitioner", SW, "SSW", "6", False, 2, ("SW3", "SSW"), 0.4),
    Role("pe", "Practice Educator", SW, "AP", "6", False, 2, ("SSW", "AP"), 0.5),
    Role("tm", "Team Manager", SW, "TM", "3", False, 3, ("SSW", "AP"), 0.5, 0.02),
    Role("sm", "Service Manager", SW, "SM", "2", False, 4, ("TM",), 0.5, 0.0),
    Role("psw", "Principal Social Worker", SW, "SM", "2", False, 4, ("TM", "AP"), 0.5, 0.0),
    Role("hos", "Head of Service", SW, "HoS", "1", False, 5, ("SM",), 0.4, 0.0),
    Role("ad", "Assistant Director", SW, "AD", "1", False, 6, ("HoS",), 0.3, 0.0),
    Role("dcs", "Director of Children's Services", OTHER, "DCS", level=7, part_time=0.0),
    Role("swa", "Social Work Assistant", UNQ, "SWA"),
    Role("pa", "Personal Adviser", UNQ, "PA"),
    Role("fsw", "Family Support Worker", UNQ, "FSW"),
    Role("app", "Social Work Degree Apprentice", UNQ, "APP", part_time=0.0),
    Role("eh", "Early Help Practitioner", EH, "EH3", part_time=0.15),
    Role("fhp", "Family Hub Practitioner", EH, "EH3", part_time=0.2),
    Role("ehtm", "Early Help Team Manager", EH, "EH4", level=3, feeders=("EH3",), internal=0.5),
    Role("ehsm", "Early Help Service Manager", EH, "EH5", level=4, feeders=("EH4",),
         internal=0.4, part_time=0.0),
    Role("bso", "Business Support Officer", BS, "BS2", part_time=0.2),
    Role("bstl", "Business Support Team Leader", BS, "BS3", level=3, feeders=("BS2",),
         internal=0.5),
    Role("bsm", "Business Support Manager", BS, "BS4", level=4, feeders=("BS3",), internal=0.4,
         part_time=0.0),
    Role("ea", "Executive Assistant", BS, "BS3", part_time=0.0),
    Role("ld", "Learning and Development Officer", OTHER, "G8"),
    Role("ldm", "Workforce Development Manager", OTHER, "G10", level=3, feeders=("G8",),
         internal=0.3, part_time=0.0),
    Role("analyst", "Performance Analyst", OTHER, "G9"),
)}

SW_GRADE_RANK = {g: i for i, g in enumerate(("SW1", "SW2", "SW3", "SSW", "AP", "TM", "SM",
                                              "HoS", "AD"), start=1)}
"""Social-work grades in promotion order (SW1 is the newly qualified grade, in the ASYE)."""

# In-post progression: (from grade, to grade, months after starting the grade, chance).
PROGRESSION = {"SW2": ("SW3", 18, 36, 0.8), "EH2": ("EH3", 24, 48, 0.5),
               "BS1": ("BS2", 24, 36, 0.5)}

# Grades a new starter can join a role at, with weights (others join at the post's grade).
ENTRY_GRADES = {"sw": (("SW2", 0.3), ("SW3", 0.7)), "eh": (("EH2", 0.5), ("EH3", 0.5)),
                "fhp": (("EH2", 0.6), ("EH3", 0.4)), "bso": (("BS1", 0.5), ("BS2", 0.5))}

# Full-time annual salary at April 2020 rates; uprated by PAY_RISE a year.
SALARY = {
    "APP": 21000, "BS1": 20500, "BS2": 22500, "BS3": 26500, "BS4": 33500, "SWA": 25500,
    "PA": 27000, "FSW": 25000, "EH2": 24500, "EH3": 27500, "EH4": 34500, "EH5": 45000,
    "G8": 32000, "G9": 36000, "G10": 41500, "SW1": 32000, "SW2": 35500, "SW3": 39000,
    "SSW": 42000, "AP": 44500, "TM": 49500, "SM": 58500, "HoS": 70000, "AD": 88000,
    "DCS": 125000,
}
PAY_BASE_YEAR = 2020
PAY_RISE = 0.035
WEEKLY_HOURS = 37.0


def salary(grade: str, year: int, points: int = 0) -> float:
    """Full-time annual salary for `grade` in the pay year starting April `year`; `points` is
    incremental progression within the grade (up to 3 points of 2.5%)."""
    base = SALARY.get(grade, 30000)
    return base * (1 + PAY_RISE) ** (year - PAY_BASE_YEAR) * (1 + 0.025 * min(points, 3))


def hourly_charge(grade: str, year: int, jitter: float) -> float:
    """Agency charge per hour: about £40-£55 for case-holding social workers."""
    if grade in SW_GRADE_RANK:
        base = {"TM": 56.0, "SM": 66.0, "HoS": 78.0, "AD": 90.0}.get(grade, 44.0)
    else:
        base = 21.0
    return round(base * (1 + 0.02 * (year - PAY_BASE_YEAR)) * jitter, 2)
