"""Run the career simulation: staff the establishment at the start of a two-year burn-in,
then play events forward to today. The burn-in lets vacancies, agency cover and grades settle
before the history that is shown begins.
"""

from __future__ import annotations

import random

from workforce.demo import agency, hiring, moves, programmes
from workforce.demo.calendar import YEAR, Clock, add_months, day_of, month_start, to_date, year_of
from workforce.demo.careers import World, handler
from workforce.demo.params import Weighted
from workforce.demo.people import People
from workforce.demo.roles import ROLES, Role
from workforce.demo.structure import Post, build

SW_GRADES = Weighted((("SW1", 0.1), ("SW2", 0.3), ("SW3", 0.6)))
SW1_AGES = (23.0, 35.0)
AGES = {"SW2": (23.0, 45.0), "SW3": (26.0, 60.0)}
LEVEL_AGES = {1: (22.0, 62.0), 2: (29.0, 61.0), 3: (32.0, 61.0)}


def simulate(staff: int, rng: random.Random, clock: Clock) -> World:
    """The organisation's careers from the burn-in to today."""
    world = World(rng, clock, build(staff, rng, clock.burn_in), People(rng))
    for post in list(world.structure.posts):
        _staff(world, post)
    day = month_start(clock.burn_in)
    while day <= clock.today:
        world.at(day, "month")
        day = add_months(day, 1)
    world.run()
    return world


def _initial_grade(r: random.Random, role: Role) -> str:
    if role.key == "sw":
        return SW_GRADES(r)
    return hiring.entry_grade(r, role)


def _staff(w: World, post: Post) -> None:
    """Fill `post` (or leave it vacant) as the burn-in starts."""
    r, first, role = w.rng, w.clock.burn_in, post.role
    filled = 0.82 if role.key == "sw" else 0.9 if role.social_work else 0.93
    if r.random() >= filled:
        w.vacate(post, first - r.randint(0, 200))
        return
    grade = _initial_grade(r, role)
    contract = hiring.contract_for(r, role)
    if post.fte <= 0.5 and r.random() < 0.3:
        other = w.pick(w.half.get(role.staff_group, {}))
        if other is not None and all(a.post is not post for a in other.current):
            since = max(a.start for a in other.current)
            w.start(other, post.unit, post, role, grade, post.fte, contract,
                    max(since, first - r.randint(0, 900)))
            return
    ages = SW1_AGES if grade == "SW1" else AGES.get(grade, LEVEL_AGES.get(role.level,
                                                                              (36.0, 61.0)))
    person = w.people.new(first, role.staff_group, role.level >= 3, ages)
    service = int(r.expovariate(1 / 7.0) * YEAR)
    origin = None
    if grade == "SW1":
        start = _last_september(w, first)
        w.people.qualify(person, start - r.randint(30, 75),
                         r.choices(("undergraduate", "postgraduate"), (0.6, 0.4))[0])
        origin = "1"
    else:
        if role.social_work:
            lo, hi = hiring.QUALIFIED_YEARS.get(grade, (3.0, 20.0))
            w.people.qualified_years_ago(person, first, r.uniform(lo, hi))
            assert person.qual_date is not None  # set just above
            service = min(service, first - person.qual_date)
            origin = hiring.ORIGINS(r)
        start = max(first - service, person.birth + int(22 * YEAR) + 1)
    w.start(person, post.unit, post, role, grade, post.fte, contract, start, origin=origin)
    moves.new_spell(w, person, first, role)
    moves.schedule_progress(w, person, grade, first - r.randint(0, 700))
    if grade == "SW1":
        moves.start_asye(w, person, start)


def _last_september(w: World, day: int) -> int:
    year = year_of(day)
    sept = day_of(year if day >= day_of(year, 9, 20) else year - 1, 9, 1)
    return w.clock.next_workday(sept + w.rng.randint(0, 18))


@handler("month")
def month(w: World) -> None:
    day = w.day
    live, sw_posts = w.live_posts(day)
    agency.adjust_extra(w, day, sw_posts)
    m = to_date(day).month
    if m == 1:
        programmes.january(w, day, sw_posts, len(live))
    elif m == 4:
        _establishment(w, day, live)
    elif m == 6:
        hiring.plan_nqsw_cohort(w, day)
    elif m == 9:
        programmes.september(w, day, sw_posts, len(live))


def _establishment(w: World, day: int, live: list[Post]) -> None:
    """Each April a few social-work posts are added and a few vacant support posts deleted;
    midway, fixed-term funded family hub posts are created."""
    r = w.rng
    career = sum(1 for p in live if p.role.key == "sw")
    for _ in range(round(0.012 * career * r.uniform(0.5, 1.5))):
        w.add_post(r.choice(w.structure.sw_teams).code, ROLES["sw"], day)
    vacant = [p for p in live if not p.occupants and not p.role.social_work and p.end is None
              and p.role.level == 1 and p.start < day - 1]
    for post in r.sample(vacant, min(len(vacant), round(0.004 * len(live)))):
        _delete(w, post, day - 1)
    if year_of(day) == year_of(w.clock.first + int(0.45 * (w.clock.today - w.clock.first))):
        teams = [u.code for u in w.structure.units if u.team_kind == "Early Help Team"]
        end = day_of(year_of(w.clock.today) + 2, 3, 31)
        for _ in range(max(2, round(len(live) / 120))):
            w.add_post(r.choice(teams), ROLES["fhp"], day, end)


def _delete(w: World, post: Post, last: int) -> None:
    post.end = last
    w.deleted += 1
    vacancy = w.open_vacancy.pop(post.index, None)
    if vacancy is not None:
        vacancy.end, vacancy.how = last, "deleted"
    w.vacant.get(post.role.key, {}).pop(post.index, None)
    post.version += 1
    agency.release_cover(w, post, last, redeploy=False)
