"""Learning: the course catalogue, completions (with expiry) and follow-up evaluations.

Mandatory courses are renewed when they expire, mostly on time, sometimes late, so compliance
sits in the high eighties. Optional and intervention-specific courses are taken now and then,
mostly by practitioners, and rated out of 5; intervention courses are evaluated again 3, 6 or
12 months later.
"""

from __future__ import annotations

import random

from workforce.demo.calendar import add_months
from workforce.demo.frames import Columns
from workforce.demo.roles import EH, SW, UNQ
from workforce.demo.roster import Roster, Spell

# code, title, mandatory, audience (None: everyone), validity months, intervention-specific
COURSES = (
    ("SAFEGUARD", "Safeguarding children and young people", True, None, 36, False),
    ("DATAPROT", "Data protection and information governance", True, None, 12, False),
    ("CYBER", "Cyber security awareness", True, None, 12, False),
    ("EDI", "Equality, diversity and inclusion", True, None, 36, False),
    ("HEALTHSAFE", "Health and safety at work", True, None, 36, False),
    ("DOMABUSE", "Domestic abuse and coercive control", True, SW, 36, False),
    ("EXPLOIT", "Child exploitation and contextual safeguarding", True, SW, 24, False),
    ("RECORDING", "Recording and case notes", True, SW, None, False),
    ("LONEWORK", "Lone working and personal safety", True, EH, 24, False),
    ("SIGNSAFE", "Signs of Safety practice model", False, None, None, True),
    ("MOTINT", "Motivational interviewing", False, None, None, True),
    ("SYSTEMIC", "Systemic practice foundation", False, None, None, True),
    ("TRAUMA", "Trauma-informed practice", False, None, None, True),
    ("DDP", "Dyadic developmental practice", False, None, None, True),
    ("PAMS", "Parenting assessment (PAMS)", False, None, None, True),
    ("COURTSKILL", "Court skills and giving evidence", False, SW, None, False),
    ("PRACTEDU", "Practice educator (stage 1)", False, SW, None, False),
    ("LEADESS", "Leadership essentials", False, None, None, False),
)
INTERVENTIONS = [c[0] for c in COURSES if c[5]]
OPTIONAL_RATE = {SW: 0.9, UNQ: 0.6, EH: 0.6}
HISTORY_BEFORE = 3 * 365  # completions this long before the history are kept (compliance)


def courses() -> Columns:
    cols = Columns("code", "title", "mandatory", "audience", "validity_months",
                   "intervention_specific")
    for row in COURSES:
        cols.add(*row)
    return cols


def training(roster: Roster, rng: random.Random) -> Columns:
    cols = Columns("staff_id", "course", "completed_date", "expiry_date", "rating")
    for pid in sorted(roster.spells):
        for spell in roster.spells[pid]:
            _mandatory(cols, spell, roster, rng)
            _optional(cols, spell, roster, rng)
    return cols


def _rating(r: random.Random, chance: float) -> float | None:
    if r.random() >= chance:
        return None
    return round(min(5.0, max(1.0, r.gauss(4.1, 0.6))), 1)


def _mandatory(cols: Columns, spell: Spell, roster: Roster, r: random.Random) -> None:
    clock = roster.clock
    last = clock.today if spell.end is None else min(spell.end, clock.today)
    lo = clock.first - HISTORY_BEFORE
    if last < lo:
        return
    sid = spell.person.staff_id
    for code, _, mandatory, audience, months, _ in COURSES:
        if not mandatory:
            continue
        since = spell.start if audience is None else next(
            (a.start for a in spell.assignments if a.role.staff_group == audience), None)
        if since is None:
            continue
        if r.random() < 0.03:
            continue  # never done: a compliance gap that stays open
        day = since + (r.randint(5, 80) if r.random() < 0.88 else r.randint(90, 240))
        if months is not None and day < lo:
            day = lo - r.randint(0, months * 30)  # the course's phase before the history
            day = max(day, since)
        while True:
            day = clock.next_workday(day)
            if day > last:
                break
            expiry = add_months(day, months) if months is not None else None
            if day >= lo or expiry is None:
                cols.add(sid, code, day, expiry, _rating(r, 0.5))
            if expiry is None:
                break
            u = r.random()
            if u < 0.75:
                day = expiry - r.randint(0, 45)
            elif u < 0.97:
                day = expiry + r.randint(15, 200)
            else:
                break


def _optional(cols: Columns, spell: Spell, roster: Roster, r: random.Random) -> None:
    clock = roster.clock
    lo = max(spell.start, clock.first)
    hi = clock.today if spell.end is None else min(spell.end, clock.today)
    group = spell.assignments[-1].role.staff_group
    rate = OPTIONAL_RATE.get(group, 0.25)
    taken: set[tuple[str, int]] = set()
    t = lo + int(r.expovariate(rate) * 365)
    while t <= hi:
        a = spell.assignment_on(t)
        if a.role.level >= 3 and r.random() < 0.4:
            code = "LEADESS"
        elif a.role.staff_group == SW and r.random() < 0.2:
            code = r.choice(("COURTSKILL", "PRACTEDU"))
        elif a.role.staff_group in (SW, UNQ, EH):
            code = r.choice(INTERVENTIONS)
        else:
            code = "LEADESS" if r.random() < 0.3 else r.choice(("TRAUMA", "SIGNSAFE"))
        day = clock.next_workday(t)
        if day <= hi and (code, day) not in taken:
            taken.add((code, day))
            cols.add(spell.person.staff_id, code, day, None, _rating(r, 0.85))
        t += int(r.expovariate(rate) * 365) + 1


def evaluations(training_cols: Columns, roster: Roster, rng: random.Random) -> list[tuple]:
    """Follow-up evaluations of intervention courses: (date, months after, rating, course) for
    60% of quarterly deliveries at first, 85% by the end."""
    deliveries: dict[tuple[str, int], list[float]] = {}
    for _, code, day, _, rating in training_cols.rows:
        if code in INTERVENTIONS and day >= roster.clock.first:
            deliveries.setdefault((code, day // 91), []).append(rating or 4.0)
    out = []
    clock = roster.clock
    for (code, quarter), ratings in sorted(deliveries.items()):
        if rng.random() < 0.6 + 0.25 * clock.tau(quarter * 91):
            months = rng.choice((3, 6, 12))
            day = add_months(quarter * 91 + 45, months)
            if day <= roster.clock.today:
                value = sum(ratings) / len(ratings) + rng.uniform(-0.5, 0.3)
                out.append((day, str(months), round(min(5.0, max(1.0, value)), 1), code))
    return out
