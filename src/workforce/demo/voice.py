"""What staff say: exit, movement and stay interviews, and the annual staff survey.

Exit interviews reach about three leavers in five, coded with up to three reasons (workload
first for social workers). Survey results are aggregates per service and for the directorate,
never below five respondents, and improve over the period.
"""

from __future__ import annotations

import random

from workforce.demo.calendar import day_of
from workforce.demo.careers import World
from workforce.demo.frames import Columns
from workforce.demo.params import Weighted
from workforce.demo.roles import SW
from workforce.demo.roster import Roster
from workforce.demo.structure import DIRECTORATE

RESIGNED_SW = Weighted((("workload", 26), ("career", 16), ("management", 12), ("pay", 10),
                        ("agency", 8), ("relocation", 7), ("flexibility", 7), ("wellbeing", 8),
                        ("travel", 3), ("culture", 3)))
RESIGNED = Weighted((("pay", 18), ("career", 18), ("workload", 12), ("management", 12),
                     ("relocation", 10), ("flexibility", 12), ("wellbeing", 8), ("travel", 6),
                     ("culture", 4)))
STAYING = Weighted((("learning", 20), ("management", 25), ("flexibility", 20), ("culture", 15),
                    ("career", 10), ("pay", 5), ("workload", 5)))
MOVING = Weighted((("career", 50), ("learning", 20), ("management", 15), ("travel", 15)))
THEMES = {  # theme: (favourable % at the start, rise over the period)
    "engagement": (56.0, 12.0), "wellbeing": (76.0, 7.0), "induction": (74.0, 10.0),
    "supervision": (70.0, 12.0), "workload": (42.0, 12.0),
}


def _reasons(r: random.Random, first: str, table: Weighted) -> tuple:
    out = [first]
    for chance in (0.6, 0.3):
        if r.random() < chance:
            extra = table(r)
            if extra not in out:
                out.append(extra)
    return tuple(out + [None] * (3 - len(out)))


def interviews(w: World, roster: Roster, rng: random.Random) -> Columns:
    cols = Columns("staff_id", "kind", "date", "reason_1", "reason_2", "reason_3",
                   "would_return")
    clock, seen = roster.clock, set()
    for a in w.leavers:
        end = a.end
        key = (a.person.pid, end)
        if end is None or end < clock.first or key in seen \
                or rng.random() > 0.5 + 0.2 * clock.tau(end):
            continue
        seen.add(key)
        day = max(a.start, end - rng.randint(0, 14))
        if a.reason == "5":
            reasons = ("retirement", None, None)
        elif a.reason in ("1", "8", "9", "10"):
            table = RESIGNED_SW if a.role.staff_group == SW else RESIGNED
            reasons = _reasons(rng, table(rng), table)
        else:
            reasons = ("other", None, None)
        cols.add(a.person.staff_id, "exit", day, *reasons, rng.random() < 0.55)
    for person, day, _ in w.moves:
        if clock.first <= day and rng.random() < 0.3 and (person.pid, day) not in seen:
            seen.add((person.pid, day))
            cols.add(person.staff_id, "movement", max(clock.first, day - rng.randint(0, 20)),
                     *_reasons(rng, MOVING(rng), MOVING), None)
    for year in clock.years():
        i = roster.month_index(day_of(year, 6, 30))
        if i >= len(roster.months) or roster.months[i] > clock.today:
            continue
        done = set()
        for a in roster.at_month[i]:
            chance = 0.1 if a.role.staff_group == SW else 0.04
            if a.direct and a.person.pid not in done and rng.random() < chance:
                done.add(a.person.pid)
                day = clock.next_workday(roster.months[i] - rng.randint(2, 25))
                if day <= clock.today:
                    cols.add(a.person.staff_id, "stay", day,
                             *_reasons(rng, STAYING(rng), STAYING), None)
    return cols


def survey(roster: Roster, rng: random.Random) -> Columns:
    cols = Columns("unit", "survey", "date", "theme", "respondents", "favourable_pct")
    clock = roster.clock
    services = [u for u in roster.structure.units if u.kind == "service"]
    effect = {u.code: rng.uniform(-4.0, 4.0) for u in services}
    for year in clock.years():
        close = day_of(year, 11, 30)
        if not clock.first <= close <= clock.today:
            continue
        i = roster.month_index(close)
        staff: dict[str | None, set[int]] = {}
        for a in roster.at_month[i]:
            if a.direct:
                svc = a.unit if roster.unit[a.unit].kind == "service" else roster.parent[a.unit]
                staff.setdefault(svc, set()).add(a.person.pid)
        everyone = len({a.person.pid for a in roster.at_month[i] if a.direct})
        tau = clock.tau(close)
        name = f"Staff survey {year}"
        for code, headcount in [(u.code, len(staff.get(u.code, ()))) for u in services] + [
                (DIRECTORATE, everyone)]:
            respondents = round(headcount * rng.uniform(0.45, 0.7))
            if respondents < 5:
                continue
            hot = roster.unit[code].service_kind in ("FDA", "CPC") if code in roster.unit else 0
            for theme, (base, rise) in THEMES.items():
                pct = base + rise * tau + effect.get(code, 0.0) + rng.gauss(0, 2.0)
                if theme == "workload" and hot:
                    pct -= 6.0
                cols.add(code, name, close, theme, respondents,
                         round(min(100.0, max(0.0, pct)), 1))
    return cols
