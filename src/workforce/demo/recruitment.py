"""Recruitment campaigns, told backwards from the simulated vacancies.

The simulation knows when each vacancy opened and when (and how) it was filled; this module
writes the campaigns that explain it: failed rounds (not appointed or withdrawn) while a
hard-to-fill post stays vacant, then the round that appoints, approved about two to four
months before the appointee starts. Vacancies still open today have an open campaign, some
with an offer accepted and a start date to come.
"""

from __future__ import annotations

import random

from workforce.demo.careers import Vacancy, World
from workforce.demo.frames import Columns


def campaigns(w: World, rng: random.Random) -> Columns:
    cols = Columns("campaign_id", "unit", "post_id", "staff_group", "approved_date",
                   "advertised_date", "applications", "offer_date", "start_date", "outcome",
                   "appointed_staff_id", "cost")
    clock = w.clock
    for v in w.vacancies:
        end, how = v.end, v.how
        gone = v.post.end
        if gone is not None and gone <= clock.today and (end is None or end > gone):
            end, how = gone, "deleted"
        if end is not None and end < v.start:
            continue
        for row in _rounds(v, end, how, clock.today, rng):
            last = row[4] or row[3] or row[1] or row[0]  # start, offer, advert, approval
            if row[0] <= clock.today and (last >= clock.first or row[5] == "open"):
                cols.add(f"RC{cols.height + 1:06d}", v.post.unit, v.post.post_id,
                         v.post.role.staff_group, *row)
    return cols


def _rounds(v: Vacancy, end: int | None, how: str, today: int, r: random.Random) -> list:
    """Rows (approved, advertised, applications, offer, start, outcome, appointee, cost)."""
    sw = v.post.role.social_work
    rows: list[tuple] = []
    start: int | None
    if end is not None and how != "deleted":
        start = end + 1
        if how == "internal":
            approved = start - r.randint(30, 70)
            advertised = approved + r.randint(3, 10)
            offer = max(advertised + 5, start - r.randint(10, 30))
            return [(approved, advertised, r.randint(1, 5), min(offer, start - 1), start,
                     "appointed", v.appointee.staff_id if v.appointee else None,
                     float(r.randint(0, 250)))]
        span = r.randint(150, 240) if how == "nqsw" else r.randint(55, 125)
        target = start - span
    else:
        start, target = None, (end if end is not None else today) + 10_000
    a = v.start - r.randint(0, 28)
    while target - a > 90 and a <= (end if end is not None else today):
        advertised = a + r.randint(3, 14)
        close = advertised + r.randint(28, 45)
        if end is None and close > today:
            made: int | None = None  # an offer made and not yet started
            if v.post.fill_day is not None and v.post.fill_day - today < 120:
                made = v.post.fill_day - r.randint(14, 60)
                made = made if advertised < made <= today else None
            rows.append((a, advertised if advertised <= today else None,
                         _applications(r, sw, False) if advertised <= today else None, made,
                         None, "open", None, _cost(r, sw)))
            return rows
        deleted = how == "deleted" and end is not None and close >= end
        outcome = "withdrawn" if r.random() < 0.15 or deleted else "not_appointed"
        rows.append((a, advertised, _applications(r, sw, False), None, None, outcome, None,
                     _cost(r, sw)))
        a = close + r.randint(10, 60)
    if start is None:
        return rows
    approved = min(max(a, target), start - 20)
    advertised = approved + r.randint(3, 14)
    offer = max(advertised + 7, start - r.randint(14, 60))
    offer = min(offer, start - 1)
    advertised = min(advertised, offer)
    cost = _cost(r, sw) + (r.randint(2000, 4000) if how == "conversion" else 0)
    applications = r.randint(10, 40) if how == "nqsw" else _applications(r, sw, True)
    rows.append((approved, advertised, applications, offer, start, "appointed",
                 v.appointee.staff_id if v.appointee is not None else None, float(cost)))
    return rows


def _applications(r: random.Random, sw: bool, success: bool) -> int:
    if sw:
        return r.randint(2, 10) if success else r.randint(0, 6)
    return r.randint(8, 60) if success else r.randint(3, 20)


def _cost(r: random.Random, sw: bool) -> float:
    return float(r.randint(600, 2500) if sw else r.randint(100, 600))
