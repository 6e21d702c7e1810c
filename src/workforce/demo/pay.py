"""Pay: a snapshot each 31 March for gender pay-gap reporting, pay on appointment, and
incentive payments.

Pay is also recorded on the day each spell of employment starts (unless that is a 31 March,
when the snapshot already records it), as an HR system does on appointment: so pay is known
for someone who joins after one 31 March and leaves before the next (the census needs their
BaseSalary at 30 September). The gender pay gap reads the 31 March snapshots only.

A recruitment and retention scheme starts a quarter of the way into the history: a £3,000
golden hello for experienced social workers joining, a £1,500 retention payment two years on,
£1,000 for completing the ASYE, and a £2,000 market supplement for case holders in the front
door and child protection services. The pay gap comes mostly from more men in senior grades,
with a small gap within grades.
"""

from __future__ import annotations

import random
from datetime import date

from workforce.demo.absence import Absences
from workforce.demo.calendar import add_months, day_of
from workforce.demo.careers import Programme
from workforce.demo.frames import Columns
from workforce.demo.roles import SW, WEEKLY_HOURS, salary
from workforce.demo.roster import Roster, Spell

WEEKS = 52.1775
EXPERIENCED = ("2", "3", "4", "5")
SUPPLEMENT_SERVICES = ("FDA", "CPC")


def scheme_start(roster: Roster) -> int:
    c = roster.clock
    return c.first + (c.today - c.first) // 4


def payments(roster: Roster, programmes: list[Programme], rng: random.Random) -> Columns:
    cols = Columns("staff_id", "kind", "date", "amount")
    clock, launch = roster.clock, scheme_start(roster)
    for pid in sorted(roster.spells):
        for spell in roster.spells[pid]:
            first = spell.assignments[0]
            last = clock.today if spell.end is None else min(spell.end, clock.today)
            sid = spell.person.staff_id
            if first.role.staff_group != SW or spell.start < launch:
                continue
            if first.origin in EXPERIENCED and rng.random() < 0.8:
                paid = clock.next_workday(spell.start + rng.randint(25, 40))
                if paid <= last:
                    cols.add(sid, "golden_hello", paid, 3000.0)
                    kept = clock.next_workday(add_months(spell.start, 24))
                    if kept <= last:
                        cols.add(sid, "retention", kept, 1500.0)
            if first.origin == "3" and spell.start + 14 <= last:
                cols.add(sid, "relocation", spell.start + 14, 2000.0)
    for prog in programmes:
        if (prog.kind in ("asye", "ecdp") and prog.outcome == "completed"
                and prog.end is not None and prog.end >= launch):
            paid = clock.next_workday(prog.end + rng.randint(10, 30))
            if paid <= clock.today and _employed(roster, prog.person.pid, paid):
                cols.add(prog.person.staff_id, "nqsw", paid, 1000.0)
    for year in clock.years():
        day = clock.next_workday(day_of(year, 4, 1))
        if not launch <= day <= clock.today:
            continue
        for a in roster.at_month[roster.month_index(day)]:
            if (a.direct and a.role.case_holder and a.grade in ("SW2", "SW3", "SSW")
                    and roster.unit[a.unit].service_kind in SUPPLEMENT_SERVICES
                    and a.start <= day):
                cols.add(a.person.staff_id, "market_supplement", day, 2000.0)
    return _unique(cols)


def _employed(roster: Roster, pid: int, day: int) -> bool:
    return any(s.start <= day and (s.end is None or s.end >= day)
               for s in roster.spells.get(pid, ()))


def _unique(cols: Columns) -> Columns:
    out = Columns(*cols.names)
    seen: set[tuple] = set()
    for row in cols.rows:
        if row[:3] not in seen:
            seen.add(row[:3])
            out.add(*row)
    return out


def pay(roster: Roster, absences: Absences, payments_cols: Columns, rng: random.Random
        ) -> Columns:
    cols = Columns("staff_id", "snapshot_date", "hourly_pay", "weekly_hours", "bonus_12m",
                   "full_pay", "base_salary")
    clock = roster.clock
    supplement: dict[str, list[int]] = {}
    for sid, kind, day, _ in payments_cols.rows:
        if kind == "market_supplement":
            supplement.setdefault(sid, []).append(day)
    for year in clock.years():
        snap = day_of(year, 3, 31)
        if not clock.first <= snap <= clock.today:
            continue
        for pid in sorted(roster.spells):
            for spell in roster.spells[pid]:
                if spell.start <= snap and (spell.end is None or spell.end >= snap):
                    _snapshot(cols, spell, snap, year, absences, supplement, rng)
    for pid in sorted(roster.spells):
        for spell in roster.spells[pid]:
            start = date.fromordinal(spell.start)
            if clock.first <= spell.start <= clock.today and (start.month, start.day) != (3, 31):
                # The pay year runs from April: the snapshot that closes it is next 31 March.
                closes = start.year + (start.month > 3)
                _snapshot(cols, spell, spell.start, closes, absences, supplement, None)
    return cols


def _snapshot(cols: Columns, spell: Spell, snap: int, year: int, absences: Absences,
              supplement: dict[str, list[int]], r: random.Random | None) -> None:
    """Pay on day `snap` in the pay year that closes on 31 March `year`; with `r`, a bonus
    for a few (none on appointment, which also draws nothing from the generator's stream)."""
    p = spell.person
    now = [a for a in spell.assignments if a.start <= snap and (a.end is None or a.end >= snap)]
    fte = sum(a.fte for a in now)
    if not now or fte <= 0:
        return
    annual = 0.0
    for a in now:
        since = a.start
        for b in spell.assignments:
            if b.grade == a.grade and b.start < since and (b.end or 0) >= since - 1:
                since = b.start
        points = int((snap - since) / 365)
        annual += salary(a.grade, year - 1, points) * a.fte
    annual /= fte
    if p.sex == "M":  # men sit a little higher up their grades' spine points
        annual *= 1.03
    # A market supplement paid in the year to the snapshot is an allowance: ordinary pay.
    paid = any(snap - 365 < d <= snap for d in supplement.get(p.staff_id, ()))
    ordinary = annual + (2000.0 if paid else 0.0)
    away = absences.away_on(p.pid, snap)
    bonus = round(r.uniform(100, 500), 2) if r is not None and r.random() < 0.03 else 0.0
    cols.add(p.staff_id, snap, round(ordinary / WEEKS / WEEKLY_HOURS, 2),
             round(WEEKLY_HOURS * fte, 2), bonus, away is None, round(annual * fte, 2))
