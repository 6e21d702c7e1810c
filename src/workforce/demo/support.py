"""Support for staff: supervision, appraisals and check-ins, and induction of new starters.

Practitioners (social workers, unqualified practitioners and early help) have mostly monthly
one-to-one supervision with their line manager, with gaps (about 80% of social workers in a
month early on, 90% later), plus team group sessions and occasional reflective supervision.
Nobody is supervised while on maternity or long-term sick leave.
"""

from __future__ import annotations

import random

from workforce.demo import params
from workforce.demo.absence import Absences
from workforce.demo.calendar import add_months, day_of, month_start
from workforce.demo.frames import Columns
from workforce.demo.roles import EH, SW, UNQ
from workforce.demo.roster import Roster

SUPERVISED = (SW, UNQ, EH)


def supervision(roster: Roster, absences: Absences, rng: random.Random) -> Columns:
    cols = Columns("staff_id", "date", "kind", "supervisor_id")
    add, rand, clock, away = cols.add, rng.random, roster.clock, absences.away
    for i, end in enumerate(roster.months):
        start = month_start(end)
        span, mid, last = end - start - 1, start + 14, min(end, clock.today)
        tau = clock.tau(end)
        rates: dict[tuple, float] = {}
        bosses: dict[tuple, str | None] = {}
        seen: set[int] = set()
        teams: dict[str, list] = {}
        for a in roster.at_month[i]:
            p, role = a.person, a.role
            if p.pid in seen or a.start > start + 10 or role.staff_group not in SUPERVISED:
                continue
            seen.add(p.pid)
            spans = away.get(p.pid)
            if spans and any(s <= mid <= e for s, e, _ in spans):
                continue
            sid = p.staff_id
            key = (a.unit, role.level)
            boss = bosses[key] if key in bosses else bosses.setdefault(
                key, roster.manager(a.unit, end, role.level, None))
            if boss == sid:
                boss = roster.manager(a.unit, end, role.level + 1, None)
            key = (role.staff_group, a.direct)
            rate = rates.get(key)
            if rate is None:
                rate = rates[key] = params.supervision_rate(role.staff_group, tau, not a.direct)
            if rand() < rate:
                add(sid, min(clock.next_workday(start + int(rand() * span)), last),
                    "individual", boss)
            if role.staff_group == SW and role.level <= 2:
                teams.setdefault(a.unit, []).append((sid, boss))
                if rand() < 0.08:
                    add(sid, min(clock.next_workday(start + int(rand() * span)), last),
                        "reflective", boss)
        for members in teams.values():
            if rand() < 0.35:
                day = min(clock.next_workday(start + int(rand() * span)), last)
                for sid, boss in members:
                    add(sid, day, "group", boss)
    return cols


def appraisals(roster: Roster, rng: random.Random) -> Columns:
    """An annual appraisal each spring (once in post six months) and an autumn check-in."""
    cols = Columns("staff_id", "date", "kind", "status")
    clock = roster.clock
    for pid in sorted(roster.spells):
        for spell in roster.spells[pid]:
            sid = spell.person.staff_id
            last = clock.today if spell.end is None else min(spell.end, clock.today)
            for year in clock.years():
                due = day_of(year, 5, 15) + rng.randint(-40, 45)
                if spell.start + 182 <= due <= last and due >= clock.first:
                    u, tau = rng.random(), clock.tau(due)
                    if clock.today - due < 40 and u > 0.5:
                        cols.add(sid, due, "annual", "scheduled")
                    elif u < 0.76 + 0.16 * tau:
                        cols.add(sid, due, "annual", "completed")
                    elif u < 0.81 + 0.14 * tau:
                        cols.add(sid, due, "annual", "cancelled")
                check = day_of(year, 11, 10) + rng.randint(-30, 30)
                if (spell.start + 182 <= check <= last and check >= clock.first
                        and rng.random() < 0.6):
                    cols.add(sid, check, "checkin", "completed")
    return cols


def induction(roster: Roster, rng: random.Random) -> Columns:
    """Induction steps for each new starter; most within 90 days, some late or missing."""
    cols = Columns("staff_id", "step", "completed_date", "outcome")
    clock = roster.clock
    for pid in sorted(roster.spells):
        for spell in roster.spells[pid]:
            if spell.start < clock.first - 90:
                continue
            sid, start, tau = spell.person.staff_id, spell.start, clock.tau(spell.start)
            last = clock.today if spell.end is None else min(spell.end, clock.today)

            def add(step: str, day: int, outcome: str = "completed", sid=sid, last=last) -> bool:
                day = clock.next_workday(day)
                if day <= last:
                    cols.add(sid, step, day, outcome)
                    return True
                return False

            if rng.random() < 0.93:
                add("local", start + rng.randint(0, 10))
            if rng.random() < 0.84 + 0.12 * tau:
                late = rng.random() < 0.1 - 0.06 * tau
                day1 = start + (rng.randint(91, 150) if late else rng.randint(2, 40))
                if add("corporate_day1", day1) and rng.random() < 0.8 + 0.12 * tau:
                    add("corporate_day2", day1 + rng.randint(7, 45))
            if spell.assignments[0].contract in ("permanent", "fixed_term", "apprentice"):
                _probation(add, rng, add_months(start, 6))
    return cols


def _probation(add, rng: random.Random, due: int) -> None:
    u = rng.random()
    if u < 0.88:
        add("probation", due, "passed")
    elif u < 0.97:
        if add("probation", due, "extended"):
            add("probation", add_months(due, 3), "passed" if rng.random() < 0.85 else "failed")
    else:
        add("probation", due, "failed")
