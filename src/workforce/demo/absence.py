"""Absence: sickness (many short spells, a few long-term ones of four weeks or more),
maternity and other leave, training days and a little unpaid or unauthorised absence.

Sickness comes to about 3.5% of working days, as in DfE's census. People differ: a few have
much more sickness than most. Working days lost are on an FTE basis (working days x FTE).
"""

from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass, field

from workforce.demo import params
from workforce.demo.calendar import YEAR, Clock
from workforce.demo.frames import Columns
from workforce.demo.params import Weighted
from workforce.demo.roster import Roster, Spell

SHORT_DAYS = Weighted(((1, 35), (2, 25), (3, 15), (4, 8), (5, 7), (7, 5), (9, 3), (12, 1),
                       (15, 1)))
OTHER_LEAVE = (  # reason, spells a year, (min, max) working days
    ("TRN", 1.2, (1, 2)), ("OTH", 0.4, (1, 3)), ("UNP", 0.04, (5, 20)), ("PUB", 0.02, (5, 10)),
    ("UNA", 0.03, (1, 1)),
)


@dataclass
class Absences:
    columns: Columns
    away: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    """Per person: (start, end, reason) of maternity and long-term sickness spells."""

    def away_at(self, days: list[int]) -> list[dict[int, str]]:
        """For each of the sorted `days`, who is away on it (person -> MAT or SIC)."""
        out: list[dict[int, str]] = [{} for _ in days]
        for pid, spans in self.away.items():
            for start, end, reason in spans:
                i = bisect_left(days, start)
                while i < len(days) and days[i] <= end:
                    out[i][pid] = reason
                    i += 1
        return out

    def away_on(self, pid: int, day: int) -> str | None:
        spans = self.away.get(pid)
        if spans:
            for start, end, reason in spans:
                if start <= day <= end:
                    return reason
        return None


def generate(roster: Roster, rng: random.Random) -> Absences:
    out = Absences(Columns("staff_id", "start_date", "end_date", "reason", "working_days_lost"))
    clock = roster.clock
    for pid in sorted(roster.spells):
        for spell in roster.spells[pid]:
            _person(out, spell, clock, rng)
    return out


def _person(out: Absences, spell: Spell, clock: Clock, r: random.Random) -> None:
    lo = max(spell.start, clock.first)
    hi = clock.today if spell.end is None else min(spell.end, clock.today)
    if hi < lo:
        return
    p = spell.person
    proneness = r.gammavariate(1.5, 1 / 1.5)
    wanted: list[tuple[int, int, str]] = []  # (start, working days or calendar days, reason)
    short, long_ = params.sickness(clock.tau(lo))
    _poisson(r, lo, hi, short * proneness, wanted, lambda: SHORT_DAYS(r), "SIC")
    _poisson(r, lo, hi, long_ * proneness, wanted, lambda: 20 + int(r.expovariate(1 / 30)),
             "SIC")
    for reason, rate, (a, b) in OTHER_LEAVE:
        _poisson(r, lo, hi, rate, wanted, lambda a=a, b=b: r.randint(a, b), reason)
    if p.sex == "F":
        age = (lo - p.birth) / YEAR
        if 23 < age < 44:
            _poisson(r, lo, hi, 0.05, wanted, lambda: -r.randint(39, 52) * 7, "MAT")
    wanted.sort()
    last = 0
    for start, length, reason in wanted:
        start = clock.next_workday(start)
        if start <= last or start > hi:
            continue
        end = start + (-length) - 1 if length < 0 else clock.after_workdays(start, length)
        ongoing = end > hi and hi == clock.today and (spell.end is None or spell.end > hi)
        end = min(end, hi)
        days = clock.workdays(start, end)
        if days == 0:
            continue
        fte = spell.fte_on(start) or spell.assignments[-1].fte
        out.columns.add(p.staff_id, start, None if ongoing else end, reason,
                        round(days * fte, 2))
        last = end
        if reason == "MAT" or (reason == "SIC" and days >= 20):
            out.away.setdefault(p.pid, []).append((start, end, reason))


def _poisson(r: random.Random, lo: int, hi: int, rate: float, into: list, length, reason: str
             ) -> None:
    if rate <= 0:
        return
    t = lo + int(r.expovariate(rate) * YEAR)
    while t <= hi:
        into.append((t, length(), reason))
        t += int(r.expovariate(rate) * YEAR) + 1
