"""Agency workers: covering vacant posts (same post_id, contract "agency"), extra capacity
without a post, and a managed project team early in the history.

Agency use falls over the period (params): fewer vacancies are covered, the extra capacity
shrinks and the project team is stood down, so the agency share of social-work FTE falls from
about a fifth towards an eighth.
"""

from __future__ import annotations

from workforce.demo import params
from workforce.demo.calendar import year_of
from workforce.demo.careers import Assignment, World, handler
from workforce.demo.people import Person
from workforce.demo.roles import ROLES, Role, hourly_charge
from workforce.demo.structure import PROJECT_TEAM, Post

AGENCIES = ("Brightpath Social Care", "Meridian Locums", "Kestrel Recruitment",
            "Harbourside Social Work", "Oakline Staffing", "Northway Professional Services")
COOL_OFF = 92  # days before a former employee may come back through an agency


def agency_person(w: World, role: Role, day: int) -> Person:
    """A former employee now with an agency (sometimes), else a new agency worker."""
    r = w.rng
    if role.social_work and w.agency_pool and r.random() < 0.2:
        for i, (p, left) in enumerate(w.agency_pool[:10]):
            if day - left >= COOL_OFF and not p.current and p.retire > day + 365:
                del w.agency_pool[i]
                return p
    p = w.people.new(day, role.staff_group, role.level >= 3, (26.0, 62.0))
    if role.social_work:
        w.people.qualified_years_ago(p, day, r.uniform(3.0, 20.0))
    return p


def start_agency(w: World, person: Person, unit: str, post: Post | None, role: Role,
                 grade: str, fte: float, day: int, stay: int, project: bool = False
                 ) -> Assignment:
    r = w.rng
    charge = hourly_charge(grade, year_of(day), r.uniform(0.9, 1.12)) + (6.0 if project else 0)
    a = w.start(person, unit, post, role, grade, fte, "agency", day, agency=r.choice(AGENCIES),
                charge=round(charge, 2), project=project)
    w.at(day + stay, "agency_end", a)
    return a


def _stay(w: World) -> int:
    return max(30, int(w.rng.expovariate(1 / params.AGENCY_STAY_DAYS)))


@handler("cover")
def cover(w: World, post: Post, version: int) -> None:
    day = w.day
    if version != post.version or post.occupants or post.cover is not None:
        return
    if (post.end is not None and day > post.end) or (
            post.fill_day is not None and post.fill_day - day < 14):
        return
    grade = "SW3" if post.role.key == "sw" else post.role.grade
    person = agency_person(w, post.role, day)
    start_agency(w, person, post.unit, post, post.role, grade, post.fte, day, _stay(w))


@handler("agency_end")
def agency_end(w: World, a: Assignment) -> None:
    if a.end is not None:
        return
    w.end(a, w.day)
    post = a.post
    if post is not None and not post.occupants and w.rng.random() < params.agency_cover_chance(
            post.role.social_work, post.role.staff_group, w.clock.tau(w.day)):
        w.at(w.day + w.rng.randint(5, 30), "cover", post, post.version)


def release_cover(w: World, post: Post, day: int, redeploy: bool = True) -> None:
    """End the agency cover of `post` on `day` (the day before its new occupant starts); the
    agency worker sometimes moves straight on to cover another vacancy."""
    c = post.cover
    if c is None:
        return
    w.end(c, max(day, c.start))
    if redeploy and w.rng.random() < 0.3:
        for i in list(w.vacant.get(post.role.key, {}))[:8]:
            other = w.structure.posts[i]
            if other.cover is None and not other.reserved and other is not post:
                start_agency(w, c.person, other.unit, other, other.role, c.grade, other.fte,
                             max(day, c.start) + 1, _stay(w))
                return


def adjust_extra(w: World, day: int, sw_posts: int) -> None:
    """Keep the agency workers who cover no vacancy near their target for the month, and the
    project team at strength until it is stood down."""
    r, tau = w.rng, w.clock.tau(day)
    w.extra = [a for a in w.extra if a.end is None]
    extra = [a for a in w.extra if not a.project]
    target = round(params.extra_agency_share(tau) * sw_posts)
    teams = w.structure.sw_teams
    for _ in range(max(0, target - len(extra))):
        if r.random() < 0.8:
            key = r.choices(("sw", "ssw", "tm"), (0.88, 0.08, 0.04))[0]
            _extra(w, r.choice(teams).code, ROLES[key], day + r.randint(0, 20), _stay(w))
    project_end = w.clock.first + int(params.PROJECT_TEAM_UNTIL * (w.clock.today - w.clock.first))
    if day < project_end:
        team = [a for a in w.extra if a.project]
        size = max(4, round(sw_posts * 0.025))
        for i in range(size - len(team)):
            key = "tm" if i == 0 and not any(a.role.key == "tm" for a in team) else "sw"
            start = day + r.randint(0, 20)
            _extra(w, PROJECT_TEAM, ROLES[key], start,
                   min(_stay(w), max(1, project_end - start)), project=True)


def _extra(w: World, unit: str, role: Role, day: int, stay: int, project: bool = False) -> None:
    if day > w.clock.today:
        return
    grade = "SW3" if role.key == "sw" else role.grade
    person = agency_person(w, role, day)
    if person.current:
        return
    w.extra.append(start_agency(w, person, unit, None, role, grade, 1.0, day, stay, project))

