"""The knobs that set the demo's dynamics, as functions of `tau` (0 at the start of the
history, 1 today) so that the organisation visibly improves over the period, as the seed
strategies aim to: turnover, vacancies and agency use fall; supervision and audits improve.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from workforce.demo.roles import BS, EH, OTHER, SW, UNQ


class Rng(random.Random):
    """The generator's random stream: `random.Random` with quicker integer draws (the library's
    go through several layers of calls, and the demo makes millions of them)."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


class Weighted:
    """A fixed weighted choice over `pairs` of (value, weight), cheap to repeat
    (random.choices rebuilds its table on every call)."""

    def __init__(self, pairs) -> None:
        pairs = list(pairs)
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def __call__(self, r: random.Random):
        return self.values[bisect(self.cum, r.random() * self.total)]


def lerp(a: float, b: float, tau: float) -> float:
    return a + (b - a) * tau


# Annual leaving rate of directly employed staff, before the per-year wobble.
def leave_rate(group: str, level: int, tau: float) -> float:
    base = {SW: lerp(0.165, 0.13, tau), UNQ: 0.17, EH: 0.12, BS: 0.13, OTHER: 0.10}[group]
    return base * (0.7 if level >= 3 else 1.0)


MOVE_RATE = {SW: 0.04, UNQ: 0.03, EH: 0.025, BS: 0.025, OTHER: 0.01}
"""Annual rate of lateral moves to a vacant post of the same kind in another team."""
FTE_CHANGE_RATE = 0.03
"""Annual rate of a full-timer going part-time."""
FTE_BACK_RATE = 0.3
"""Annual rate of a part-timer in a full-time post going back to full time."""
RETURN_CHANCE = {SW: 0.08, UNQ: 0.05, EH: 0.05, BS: 0.04, OTHER: 0.03}
"""Chance a leaver comes back later (into a vacant post of the same kind)."""


def vacancy_target(tau: float) -> float:
    """Share of social-work posts the council aims to have vacant (no direct occupant)."""
    return lerp(0.155, 0.085, tau)


def vacancy_days(group: str, social_work: bool, tau: float, r, vacant_share: float = 0.0
                 ) -> int:
    """Days from the first day vacant to the appointee's first day, when recruited externally.

    Social-work posts are hard to fill: a minority fill within four months, the rest wait
    through readvertising. The long tail shortens over the period, and more so when more
    posts are vacant than planned (recruitment effort follows the gap), which keeps a
    small organisation's vacancy rate on its falling path.
    """
    if social_work:
        if r.random() < lerp(0.28, 0.5, tau):
            return r.randint(35, 120)
        effort = min(2.0, max(0.5, vacancy_target(tau) / max(vacant_share, 0.01)))
        return 120 + int(r.expovariate(1 / (lerp(700.0, 340.0, tau) * effort)))
    if r.random() < 0.8:
        return r.randint(30, 110)
    return 110 + int(r.expovariate(1 / 150.0))


def agency_cover_chance(social_work: bool, group: str, tau: float) -> float:
    """Chance a vacancy (or a departing agency worker) gets an agency worker to cover it."""
    if social_work:
        return lerp(0.95, 0.8, tau)
    return 0.12 if group == UNQ else 0.04 if group == BS else 0.0


AGENCY_STAY_DAYS = 330
"""Mean days an agency worker stays on one cover assignment before moving on."""
CONVERSION_CHANCE = 0.15
"""Chance the agency worker covering a post is the one appointed to it (M09)."""


def extra_agency_share(tau: float) -> float:
    """Agency social workers not covering a vacancy (extra capacity, absence cover), as a share
    of the social-work establishment."""
    return lerp(0.12, 0.075, tau)


PROJECT_TEAM_UNTIL = 0.35
"""A managed agency project team works until this point of the history."""
NQSW_SHARE = 0.04
"""Newly qualified social workers recruited each September, per career social-work post."""
APPRENTICE_SHARE = 0.012
"""Social-work degree apprentices starting each September, per social-work post."""


def asye_plan(r) -> tuple[str, int]:
    """Planned ASYE outcome and months to it: most complete in 12 months, some later."""
    u = r.random()
    if u < 0.03:
        return "failed", 12
    if u < 0.13:
        return "completed", r.randint(13, 18)
    return "completed", 12


def sickness(tau: float) -> tuple[float, float]:
    """(short spells a year, long-term spells a year) per person: about 3.5% of working
    days overall, a little more towards the end as nationally."""
    return lerp(2.0, 2.2, tau), lerp(0.075, 0.085, tau)


def supervision_rate(group: str, tau: float, agency: bool) -> float:
    """Chance of at least one recorded one-to-one supervision in a month."""
    base = {SW: lerp(0.78, 0.93, tau), UNQ: lerp(0.72, 0.85, tau), EH: lerp(0.68, 0.82, tau),
            BS: lerp(0.6, 0.75, tau), OTHER: 0.6}[group]
    return base - (0.08 if agency else 0.0)
