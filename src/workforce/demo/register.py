"""The register of dated events: formal HR cases, compliments and complaints, case audits,
practice observations, recruitment events, course evaluations, and health and safety
incidents and audits. Practice quality improves over the period: more audits are good or
outstanding, more practitioners are observed twice a year, complaints fall.
"""

from __future__ import annotations

import math
import random

from workforce.demo.absence import Absences
from workforce.demo.calendar import day_of, month_start
from workforce.demo.frames import Columns
from workforce.demo.params import Weighted, lerp
from workforce.demo.roles import EH, SW, UNQ
from workforce.demo.roster import Roster
from workforce.demo.structure import DIRECTORATE

HR = Weighted((("disciplinary", 35), ("grievance", 25), ("capability", 15),
               ("attendance", 25)))
HR_DAYS = {"disciplinary": (30, 150), "grievance": (20, 90), "capability": (60, 240),
           "attendance": (60, 200)}
INCIDENTS = Weighted((("violence_aggression", 25), ("verbal_abuse", 30), ("slip_trip_fall", 15),
                      ("lone_working", 15), ("vehicle", 5), ("other", 10)))
EVENTS = (("careers_fair", 2), ("university_event", 5), ("open_day", 9), ("virtual_event", 11))
PRACTICE = (SW, UNQ, EH)


class Register:
    def __init__(self, roster: Roster, rng: random.Random) -> None:
        self.roster, self.r = roster, rng
        self.cols = Columns("event_id", "kind", "date", "end_date", "unit", "staff_id",
                            "category", "value", "on_time")
        self.counts: dict[str, int] = {}

    def add(self, prefix: str, kind: str, day: int, end: int | None = None,
            unit: str | None = None, staff: str | None = None, category: str | None = None,
            value: float | None = None, on_time: bool | None = None) -> None:
        n = self.counts[prefix] = self.counts.get(prefix, 0) + 1
        closed = end if end is not None and end <= self.roster.clock.today else None
        self.cols.add(f"{prefix}{n:06d}", kind, day, closed, unit, staff, category, value,
                      on_time)

    def day_in(self, start: int, end: int) -> int:
        clock = self.roster.clock
        return min(clock.next_workday(self.r.randint(start, end - 2)), clock.today)


def poisson(r: random.Random, lam: float) -> int:
    if lam > 30:
        return max(0, round(r.gauss(lam, math.sqrt(lam))))
    n, p, limit = 0, r.random(), math.exp(-lam)
    while p > limit:
        n += 1
        p *= r.random()
    return n


def generate(roster: Roster, absences: Absences, evaluations: list[tuple],
             rng: random.Random) -> Columns:
    reg = Register(roster, rng)
    for i, end in enumerate(roster.months):
        _month(reg, i, month_start(end), end)
    _attendance_cases(reg, absences)
    _yearly(reg)
    for day, months, rating, course in evaluations:
        reg.add(f"CEV-{course}-", "course_evaluation", day, unit=DIRECTORATE, category=months,
                value=rating)
    return reg.cols


def _month(reg: Register, i: int, start: int, end: int) -> None:
    r, roster = reg.r, reg.roster
    tau = roster.clock.tau(end)
    staff = [a for a in roster.at_month[i] if a.direct]
    practice = [a for a in staff if a.role.staff_group in PRACTICE]
    holders: dict[str, list] = {}
    for a in practice:
        if a.role.case_holder and a.role.staff_group == SW:
            holders.setdefault(a.unit, []).append(a)
    hc = len(staff)
    for _ in range(poisson(r, hc * 0.02 / 12)):
        a, day = r.choice(staff), reg.day_in(start, end)
        kind = HR(r)
        lo, hi = HR_DAYS[kind]
        reg.add("HR", "hr_case", day, day + r.randint(lo, hi), a.unit, a.person.staff_id, kind)
    for kind, rate, named in (("compliment", lerp(1 / 70, 1 / 45, tau), 0.6),
                              ("complaint", lerp(1 / 80, 1 / 130, tau), 0.3)):
        for _ in range(poisson(r, hc * rate) if practice else 0):
            a, day = r.choice(practice), reg.day_in(start, end)
            done = day + r.randint(10, 60) if kind == "complaint" else None
            reg.add("CMP" if kind == "compliment" else "CPL", kind, day, done, a.unit,
                    a.person.staff_id if r.random() < named else None)
    grades = Weighted((("outstanding", lerp(4, 8, tau)), ("good", lerp(38, 56, tau)),
                       ("requires_improvement", lerp(43, 30, tau)),
                       ("inadequate", lerp(15, 6, tau))))
    actions = {"outstanding": (0, 0), "good": (0, 2), "requires_improvement": (1, 4),
               "inadequate": (3, 6)}
    for unit, team in holders.items():
        for _ in range(poisson(r, 1.0)):
            grade, day = grades(r), reg.day_in(start, end)
            n = r.randint(*actions[grade])
            reg.add("AUD", "case_audit", day, day + r.randint(20, 90) if n else None, unit,
                    r.choice(team).person.staff_id, grade, float(n))
        for a in team:
            if a.role.level <= 2 and r.random() < lerp(1.5, 2.3, tau) / 12:
                rating = round(min(5.0, max(1.0, r.gauss(3.8 + 0.3 * tau, 0.6))), 1)
                reg.add("OBS", "practice_observation", reg.day_in(start, end), None, unit,
                        a.person.staff_id, None, rating)
    for _ in range(poisson(r, hc / 250) if staff else 0):
        a, day = r.choice(staff), reg.day_in(start, end)
        on_time = r.random() < lerp(0.7, 0.9, tau)
        closed = day + (r.randint(3, 30) if on_time else r.randint(31, 90))
        reg.add("HSI", "hs_incident", day, closed, a.unit,
                a.person.staff_id if r.random() < 0.5 else None, INCIDENTS(r), None, on_time)


def _attendance_cases(reg: Register, absences: Absences) -> None:
    """About a third of long-term sickness spells lead to a formal attendance case."""
    r, roster = reg.r, reg.roster
    ids = {p.pid: p.staff_id for s in roster.spells.values() for p in [s[0].person]}
    for pid in sorted(absences.away):
        for start, _, reason in absences.away[pid]:
            if reason == "SIC" and r.random() < 0.33:
                day = roster.clock.next_workday(start + r.randint(20, 40))
                if day <= roster.clock.today:
                    a = _assignment(roster, pid, day)
                    reg.add("HR", "hr_case", day, day + r.randint(60, 200),
                            a.unit if a else None, ids[pid], "attendance")


def _assignment(roster: Roster, pid: int, day: int):
    for spell in roster.spells.get(pid, ()):
        if spell.start <= day and (spell.end is None or spell.end >= day):
            return spell.assignment_on(day)
    return None


def _yearly(reg: Register) -> None:
    r, roster = reg.r, reg.roster
    clock = roster.clock
    services = [u.code for u in roster.structure.units if u.kind == "service"]
    size = len(roster.structure.posts)
    for year in clock.years():
        for kind, month in EVENTS[: 3 + (r.random() < 0.5)]:
            day = clock.next_workday(day_of(year, month, r.randint(1, 25)))
            if clock.first <= day <= clock.today:
                reg.add("REV", "recruitment_event", day, None, DIRECTORATE, None, kind,
                        float(round(r.uniform(20, 150) * max(1.0, size / 600) ** 0.5)))
        for month in (3, 9):
            for svc in services:
                day = clock.next_workday(day_of(year, month, r.randint(1, 25)))
                if clock.first <= day <= clock.today:
                    n, tau = r.randint(0, 8), clock.tau(day)
                    on_time = n == 0 or r.random() < lerp(0.65, 0.88, tau)
                    closed = day + (r.randint(14, 60) if on_time else r.randint(61, 150))
                    reg.add("HSA", "hs_audit", day, closed if n else day, svc, None, None,
                            float(n), on_time)
