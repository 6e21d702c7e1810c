"""Synthetic people: names, characteristics, ages, qualifications and SWE numbers.

The name lists are short and made up from common British first names and surnames; no real
person is described. Characteristics follow the published shape of the children's social care
workforce: mostly women, a larger minority-ethnic share among practitioners than among managers,
and some "not known" in every characteristic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from workforce.demo.calendar import YEAR, add_years, year_of
from workforce.demo.params import Weighted
from workforce.demo.roles import SW

FIRST_F = ("Amelia", "Sophie", "Emma", "Hannah", "Laura", "Rachel", "Sarah", "Gemma",
           "Charlotte", "Jessica", "Lucy", "Claire", "Zoe", "Natalie", "Kirsty", "Megan",
           "Olivia", "Chloe", "Helen", "Joanne", "Priya", "Aisha", "Fatima", "Nadia", "Amina",
           "Grace", "Blessing", "Chantelle", "Keisha", "Agnieszka", "Siobhan", "Harpreet")
FIRST_M = ("James", "Daniel", "Thomas", "Matthew", "Ryan", "Mark", "David", "Adam", "Luke",
           "Ben", "Craig", "Paul", "Imran", "Arjun", "Tariq", "Samuel", "Emmanuel", "Marcus",
           "Kwame", "Piotr")
LAST = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Patel", "Wright", "Walker", "Evans", "Thompson", "Roberts", "Green", "Hall", "Wood",
        "Hughes", "Edwards", "Turner", "Khan", "Hussain", "Begum", "Ali", "Singh", "Kaur",
        "Okafor", "Mensah", "Campbell", "Clarke", "Murphy", "Kowalski", "Bennett", "Price",
        "Morgan", "Cooper", "Ahmed", "Shah", "Adeyemi", "Francis", "Lewis", "Baker")

ETHNICITY = (("WBRI", 60.0), ("WIRI", 1.0), ("WOTH", 4.0), ("MWBC", 2.0), ("MWBA", 0.6),
             ("MWAS", 1.0), ("MOTH", 1.0), ("AIND", 4.5), ("APKN", 3.5), ("ABAN", 1.0),
             ("AOTH", 1.0), ("BCRB", 5.0), ("BAFR", 6.0), ("BOTH", 1.0), ("CHNE", 0.3),
             ("OOTH", 1.0), ("REFU", 2.0), ("NOBT", 4.0))
_PRACTITIONER = Weighted(ETHNICITY)
_MANAGER = Weighted((c, w * (1.3 if c == "WBRI" else 0.7 if c not in ("REFU", "NOBT") else 1.0))
                    for c, w in ETHNICITY)

UNIVERSITIES = ("University of Birmingham", "Birmingham City University",
                "University of Wolverhampton", "Coventry University", "Staffordshire University",
                "Keele University", "University of Worcester", "Open University",
                "University of Warwick", "Manchester Metropolitan University")

QUAL_ROUTES = Weighted((("undergraduate", 45.0), ("postgraduate", 30.0), ("step_up", 6.0),
                        ("frontline", 7.0), ("apprenticeship", 4.0), ("overseas", 8.0)))
RETIRE_AGES = Weighted(((60, 15), (62, 15), (64, 15), (65, 20), (66, 20), (67, 15)))
FEMALE = {"social_worker": 0.88, "unqualified_practitioner": 0.85, "early_help": 0.86,
          "business_support": 0.85, "other": 0.75}


@dataclass
class Person:
    pid: int
    staff_id: str
    name: str
    birth: int
    sex: str
    ethnicity: str
    disability: str
    retire: int  # the day they retire if still employed
    qual_route: str = "none"
    qual_level: str | None = None
    qual_inst: str | None = None
    qual_date: int | None = None
    swe: str | None = None
    current: list = field(default_factory=list)  # running assignments
    spell: int = 0  # bumped on leaving: stale events for the old spell are ignored
    programmes: list = field(default_factory=list)
    last_role: str = ""
    last_grade: str = ""
    left_to: str | None = None  # leaver destination of the last spell


class People:
    """Makes people and hands out unique staff and SWE numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.all: list[Person] = []
        self._swe: set[int] = set()

    def new(self, day: int, group: str, manager: bool, age: tuple[float, float]) -> Person:
        """A new person aged between `age` years on `day`."""
        r = self.rng
        female = r.random() < FEMALE[group] - (0.08 if manager else 0.0)
        unknown = r.random() < 0.005
        coin = unknown and r.random() < 0.5  # drawn as before, so the rest stays the same
        # The census needs the Sex of every directly employed social worker (from 2024), so
        # only other staff are left with it not known.
        sex = "U" if unknown and group != SW else "F" if female else "M"
        first = r.choice(FIRST_F if sex == "F" or (sex == "U" and coin) else FIRST_M)
        eth = (_MANAGER if manager else _PRACTITIONER)(r)
        u = r.random()
        disability = "Y" if u < (0.05 if manager else 0.085) else "U" if u < 0.18 else "N"
        lo, hi = age
        birth = day - int((lo + (hi - lo) * r.random() ** 1.3) * YEAR)
        retire = birth + int(RETIRE_AGES(r) * YEAR)
        pid = len(self.all)
        p = Person(pid, f"S{100001 + pid:06d}", f"{first} {r.choice(LAST)}", birth, sex, eth,
                   disability, retire)
        self.all.append(p)
        return p

    def qualify(self, p: Person, day: int, route: str | None = None) -> None:
        """Give `p` a social-work qualification dated `day` and an SWE number."""
        r = self.rng
        route = route or QUAL_ROUTES(r)
        p.qual_route = route
        p.qual_level = {"undergraduate": "1", "apprenticeship": "1", "overseas": "3"}.get(
            route, "2")
        p.qual_inst = ("Frontline" if route == "frontline" else "Overseas institution"
                       if route == "overseas" else r.choice(UNIVERSITIES))
        p.qual_date = day
        # Registration numbers rise with the year of first registration (HCPC numbers from the
        # 1990s are short once their leading zeros are removed).
        while True:
            year = max(1990, year_of(day))
            n = 10000 + (year - 1990) * 4000 + r.randrange(4000) + r.randrange(3) * 400_000
            if n not in self._swe:
                self._swe.add(n)
                p.swe = f"SW{n}"
                return

    def qualified_years_ago(self, p: Person, day: int, years: float) -> None:
        """Qualify `p` `years` before `day`, but never before they turned 21."""
        earliest = add_years(p.birth, 21)
        when = max(earliest, day - int(years * YEAR))
        self.qualify(p, min(when, day))
