"""Case allocations for looked-after children: who each child's social worker was, and when.

Only children in care are tracked (pseudonymous ids "C000123"), about thirteen per
case-holding post in the children-in-care teams. A child changes social worker when their
worker leaves or moves on (agency workers move on often), when the case is reallocated, and
when they come into care (from an assessment or child protection worker to a children-in-care
worker). That gives roughly a fifth to a quarter of children three or more social workers in
a year, as DfE publishes for councils.
"""

from __future__ import annotations

import random

from workforce.demo.calendar import YEAR
from workforce.demo.frames import Columns
from workforce.demo.roster import Roster

IN_CARE = ("Children in Care Team",)
BEFORE_CARE = ("Assessment Team", "MASH", "Child Protection Team")
LOOKBACK = 400  # days before the history starts, so the first year has full histories


class Stints:
    """Continuous spells of case-holding in a kind of team, indexed by month for picking."""

    def __init__(self, roster: Roster, kinds: tuple[str, ...], lo: int) -> None:
        self.lo = lo
        self.by_month: dict[int, list[list]] = {}
        spans: dict[tuple[int, str], list] = {}
        for a in roster.kept:
            if roster.unit[a.unit].team_kind in kinds and a.role.case_holder:
                end = a.end if a.end is not None else 10**7
                spans.setdefault((a.person.pid, a.unit), []).append(
                    (a.start, end, a.person.staff_id))
        for found in spans.values():
            found.sort()
            cur = None
            for start, end, sid in found:
                if cur is not None and start <= cur[2] + 1:
                    cur[2] = max(cur[2], end)
                    continue
                if cur is not None:
                    self._add(cur)
                cur = [sid, start, end]
            if cur is not None:
                self._add(cur)

    def _add(self, stint: list) -> None:
        first = max(stint[1], self.lo) // 30
        last = min(stint[2], self.lo + 40 * 365) // 30
        for m in range(first, last + 1):
            self.by_month.setdefault(m, []).append(stint)

    def pick(self, r: random.Random, day: int, other: str | None) -> list | None:
        pool = self.by_month.get(day // 30, ())
        for _ in range(25 if pool else 0):
            s = pool[r.randrange(len(pool))]
            if s[1] <= day <= s[2] and s[0] != other:
                return s
        return None


def generate(roster: Roster, rng: random.Random) -> Columns:
    cols = Columns("child_id", "staff_id", "start_date", "end_date", "looked_after")
    clock = roster.clock
    lo = clock.first - LOOKBACK
    care, before = Stints(roster, IN_CARE, lo), Stints(roster, BEFORE_CARE, lo)
    posts = sum(1 for p in roster.structure.posts if p.role.case_holder and
                roster.unit[p.unit].team_kind in IN_CARE)
    stock = max(10, round(13 * posts))
    mean_days = 950.0
    clock_t, n = float(lo - 8 * 365), 0
    while True:
        clock_t += rng.expovariate(stock / mean_days)
        t = int(clock_t)
        if t > clock.today:
            break
        length = _episode(rng)
        if t + length < lo:
            continue
        n += 1
        _child(cols, f"C{n:06d}", t, t + length, care, before, roster, rng)
    return cols


def _episode(r: random.Random) -> int:
    """Days in care: many short episodes, a solid middle, a long tail of children in care
    for years."""
    u = r.random()
    if u < 0.35:
        return r.randint(20, 365)
    if u < 0.75:
        return r.randint(365, 3 * 365)
    return r.randint(3 * 365, int(10 * YEAR))


def _child(cols: Columns, child: str, start: int, end: int, care: Stints, before: Stints,
           roster: Roster, r: random.Random) -> None:
    clock = roster.clock
    t, prev = max(start, clock.first - LOOKBACK), None
    if start >= t and r.random() < 0.6:
        pre = start - r.randint(30, 180)
        s = before.pick(r, pre, None)
        if s is not None:
            cols.add(child, s[0], max(pre, s[1]), min(start - 1, s[2]), False)
            prev = s[0]
    mean_stay = 650 + 300 * clock.tau(t)  # reallocations get rarer as the workforce settles
    while t <= min(end, clock.today):
        s = care.pick(r, t, prev)
        if s is None:
            t += 7
            continue
        stop = min(s[2], end, t + int(r.expovariate(1 / mean_stay)))
        cols.add(child, s[0], t, stop if stop < clock.today else None, True)
        t, prev = stop + 1, s[0]
