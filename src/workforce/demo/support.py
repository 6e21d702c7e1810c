"""Support for staff: supervision, appraisals and check-ins, and induction of new starters.

Staff have mostly monthly one-to-one supervision with their line manager, with gaps (about 80%
of social workers in a month early on, 90% later; business support less often), plus group
sessions in social-work teams and occasional reflective supervision. Nobody is supervised while
on maternity or long-term sick leave.
"""

from __future__ import annotations

import random

from workforce.demo import params
from workforce.demo.absence import Absences
from workforce.demo.calendar import add_months, day_of, month_start
from workforce.demo.frames import Columns
from workforce.demo.roles import BS, EH, OTHER, SW, UNQ
from workforce.demo.roster import Roster

SUPERVISED = (SW, UNQ, EH, BS, OTHER)


def supervision(roster: Roster, absences: Absences, rng: random.Random) -> Columns:
    cols = Columns("staff_id", "date", "kind", "supervisor_id")
    add, rand, clock = cols.rows.append, rng.random, roster.clock
    away = absences.away_at([month_start(end) + 14 for end in roster.months])
    facts: dict[int, tuple] = {}  # assignment -> what supervision needs to know, once
    for a in roster.kept:
        if a.role.staff_group in SUPERVISED and a.role.key != "dcs":
            facts[a.aid] = (a.person.pid, a.person.staff_id, a.unit, a.role.level,
                            (a.role.staff_group, a.direct), a.start,
                            a.role.staff_group == SW and a.role.level <= 2)
    bosses: dict[tuple, tuple] = {}  # (unit, level) -> (manager, valid from, valid to)
    for i, end in enumerate(roster.months):
        start = month_start(end)
        days = [d for d in range(start, min(end, clock.today) + 1) if clock.is_workday(d)]
        n, gone, tau = len(days), away[i], clock.tau(end)
        rates = {k: params.supervision_rate(k[0], tau, not k[1])
                 for k in ((g, d) for g in SUPERVISED for d in (True, False))}
        seen: set[int] = set()
        teams: dict[str, list] = {}
        for a in roster.at_month[i]:
            fact = facts.get(a.aid)
            if fact is None:
                continue
            pid, sid, unit, level, key, began, practitioner = fact
            if pid in seen or began > start + 10:
                continue
            seen.add(pid)
            if pid in gone:
                continue
            known = bosses.get((unit, level))
            if known is None or not known[1] <= end < known[2]:
                known = bosses[(unit, level)] = roster.manager_span(unit, end, level)
            boss = known[0]
            if boss == sid:
                boss = roster.manager(unit, end, level + 1, None)
            if rand() < rates[key]:
                add((sid, days[int(rand() * n)], "individual", boss))
            if practitioner:
                teams.setdefault(unit, []).append((sid, boss))
                if rand() < 0.08:
                    add((sid, days[int(rand() * n)], "reflective", boss))
        for members in teams.values():
            if rand() < 0.35:
                day = days[int(rand() * n)]
                for sid, boss in members:
                    add((sid, day, "group", boss))
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
