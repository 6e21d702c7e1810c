"""Caseloads: a month-end snapshot of the cases each case-holding social worker holds.

Each team has its own pressure (most average 15-20 cases per FTE, a few run at 25-30), and
caseloads ease over the period. Newly qualified social workers in their ASYE are protected,
new starters build up over their first two months, and nobody holds cases on maternity leave.
"""

from __future__ import annotations

import math
import random

from workforce.demo.absence import Absences
from workforce.demo.frames import Columns
from workforce.demo.roles import SW
from workforce.demo.roster import Roster

ROLE_LOAD = {"SW1": 0.62, "SW2": 0.97, "SW3": 1.05, "SSW": 0.85, "AP": 0.55}
BUSY = ("Assessment Team", "Child Protection Team", "Children in Care Team")
TEAM_LOAD = {"Court Team": 0.85, "Fostering Team": 0.8, "Leaving Care Team": 1.05,
             "MASH": 0.75, "Project Team": 1.0}


def team_pressure(roster: Roster, rng: random.Random) -> dict[str, float]:
    """Mean cases per FTE for each team: most 16-22, about one busy team in eight at 29-34
    (before the roles' and the period's adjustments)."""
    teams = [u for u in roster.structure.units if u.kind == "team"]
    busy = [u for u in teams if u.team_kind in BUSY]
    hot = {u.code for u in rng.sample(busy, min(len(busy), 1 + len(busy) // 8))}
    out = {}
    for u in teams:
        base = rng.uniform(29.0, 34.0) if u.code in hot else rng.gauss(20.5, 2.0)
        out[u.code] = base * TEAM_LOAD.get(u.team_kind, 1.0)
    return out


def generate(roster: Roster, absences: Absences, rng: random.Random) -> Columns:
    cols = Columns("staff_id", "date", "cases")
    add, rand, exp = cols.rows.append, rng.random, math.exp
    pressure = team_pressure(roster, rng)
    facts = {a.aid: (a.person.pid, a.person.staff_id, a.start, a.direct,
                     pressure.get(a.unit, 18.0) * ROLE_LOAD.get(a.grade, 1.0) * a.fte)
             for a in roster.kept if a.role.case_holder and a.role.staff_group == SW}
    away = absences.away_at(roster.months)
    noise: dict[int, float] = {}
    clock = roster.clock
    for i, day in enumerate(roster.months):
        trend = 1.06 - 0.12 * clock.tau(day)
        held: dict[int, list] = {}
        gone = away[i]
        for a in roster.at_month[i]:
            fact = facts.get(a.aid)
            if fact is None:
                continue
            pid, sid, start, direct, base = fact
            why = gone.get(pid) if direct else None
            if why == "MAT":
                continue
            # An AR(1) wobble per person; three uniforms make a cheap near-normal draw.
            x = 0.7 * noise.get(pid, 0.0) + (rand() + rand() + rand() - 1.5) * 0.2
            noise[pid] = x
            months_in = (day - start) / 30.4
            ramp = 0.4 if months_in < 1 else 0.75 if months_in < 2 else 1.0
            if why == "SIC":
                ramp *= 0.5
            entry = held.get(pid)
            if entry is None:
                entry = held[pid] = [sid, 0.0]
            entry[1] += base * trend * ramp * exp(x)
        for sid, load in held.values():
            add((sid, day, max(0, round(load))))
    return cols
