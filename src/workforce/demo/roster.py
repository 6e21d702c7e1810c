"""Who was where, when: the lookups the activity generators share.

Built once from the kept assignments: each person's spells of direct employment, who was in
post at each month end, and each unit's line manager on a date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from workforce.demo.careers import Assignment, World
from workforce.demo.people import Person
from workforce.demo.structure import DIRECTORATE

MANAGING = {"tm": 3, "ehtm": 3, "bstl": 3, "ldm": 3, "sm": 4, "ehsm": 4, "bsm": 4, "hos": 5,
            "ad": 6, "dcs": 7}


@dataclass
class Spell:
    """A continuous spell of direct employment (moves and regrades do not break it)."""

    person: Person
    start: int
    end: int | None
    assignments: list[Assignment] = field(default_factory=list)

    def fte_on(self, day: int) -> float:
        return sum(a.fte for a in self.assignments
                   if a.start <= day and (a.end is None or a.end >= day))

    def assignment_on(self, day: int) -> Assignment:
        for a in self.assignments:
            if a.start <= day and (a.end is None or a.end >= day):
                return a
        return self.assignments[-1]


class Roster:
    def __init__(self, w: World, kept: list[Assignment]) -> None:
        self.clock = w.clock
        self.structure = w.structure
        self.kept = kept
        self.parent = {u.code: u.parent for u in w.structure.units}
        self.unit = {u.code: u for u in w.structure.units}
        self.spells = _spells(a for a in kept if a.direct)
        first, today = w.clock.first, w.clock.today
        self.months = w.clock.month_ends(first, today)
        self.at_month: list[list[Assignment]] = [[] for _ in self.months]
        for a in kept:
            lo = bisect_left(self.months, max(a.start, first))
            end = today if a.end is None else min(a.end, today)
            i = lo
            while i < len(self.months) and self.months[i] <= end:
                self.at_month[i].append(a)
                i += 1
        self._managers: dict[str, list[tuple]] = {}
        self._cache: dict[tuple[str, int], tuple] = {}
        self._changes: dict[str, list[int]] = {}
        self._on_post: dict[str, list[Assignment]] = {}
        for a in kept:
            if a.role.key in MANAGING:
                end = a.end if a.end is not None else 10**7
                self._managers.setdefault(a.unit, []).append(
                    (a.start, end, MANAGING[a.role.key], a))
            if a.post is not None:
                self._on_post.setdefault(a.post.post_id, []).append(a)
        for found in self._managers.values():
            found.sort(key=lambda m: (m[0], m[3].aid))

    def month_index(self, day: int) -> int:
        return bisect_left(self.months, day)

    def manager(self, unit: str, day: int, level: int, staff_id: str | None) -> str | None:
        """Staff id of the line manager, on `day`, of someone at `level` in `unit` (never
        `staff_id` themself)."""
        found = self._cached(unit, day, level)
        if found is not None and found == staff_id:
            return self._cached(unit, day, level + 1)
        return found

    def _cached(self, unit: str, day: int, level: int) -> str | None:
        """`_find`, remembered until a manager above `unit` starts or leaves."""
        hit = self._cache.get((unit, level))
        if hit is None or not hit[1] <= day < hit[2]:
            hit = self._cache[(unit, level)] = self.manager_span(unit, day, level)
        return hit[0]

    def manager_span(self, unit: str, day: int, level: int) -> tuple[str | None, int, int]:
        """(manager, first day, day after the last) of the days around `day` on which the
        line manager of someone at `level` in `unit` stays the same."""
        changes = self._changes.get(unit)
        if changes is None:
            changes = self._changes[unit] = self._change_days(unit)
        i = bisect_right(changes, day)
        return (self._find(unit, day, level), changes[i - 1] if i else -1,
                changes[i] if i < len(changes) else 10**8)

    def _change_days(self, unit: str | None) -> list[int]:
        days: set[int] = set()
        while unit is not None:
            hos = self.structure.hos_of.get(unit)
            found = [m[3] for m in self._managers.get(unit, ())] + list(
                self._on_post.get(hos, ()) if hos else ())
            for a in found:
                days.add(a.start)
                if a.end is not None:
                    days.add(a.end + 1)
            unit = self.parent.get(unit) if unit != DIRECTORATE else None
        return sorted(days)

    def _find(self, unit: str | None, day: int, level: int) -> str | None:
        while unit is not None:
            best, best_level = None, 99
            for start, end, lv, a in self._managers.get(unit, ()):
                if start > day:
                    break
                if level < lv < best_level and end >= day:
                    best, best_level = a, lv
            if best is not None:
                return best.person.staff_id
            hos = self.structure.hos_of.get(unit)
            if hos is not None and level < 5:
                for a in self._on_post.get(hos, ()):
                    if a.start <= day and (a.end is None or a.end >= day):
                        return a.person.staff_id
            unit = self.parent.get(unit) if unit != DIRECTORATE else None
        return None


def _spells(direct) -> dict[int, list[Spell]]:
    by_person: dict[int, list[Assignment]] = {}
    for a in direct:
        by_person.setdefault(a.person.pid, []).append(a)
    out: dict[int, list[Spell]] = {}
    for pid, asgs in by_person.items():
        asgs.sort(key=lambda a: a.start)
        spells: list[Spell] = []
        for a in asgs:
            cur = spells[-1] if spells else None
            if cur is not None and (cur.end is None or a.start <= cur.end + 1):
                cur.assignments.append(a)
                if cur.end is not None:
                    cur.end = None if a.end is None else max(cur.end, a.end)
            else:
                spells.append(Spell(a.person, a.start, a.end, [a]))
        out[pid] = spells
    return out
