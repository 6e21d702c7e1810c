"""Filling vacancies: planning how and when each vacancy is filled, external appointments,
internal promotions, agency conversions, returners, the September NQSW cohort and second
part-time posts.
"""

from __future__ import annotations

from workforce.demo import params
from workforce.demo.agency import release_cover
from workforce.demo.calendar import day_of, year_of
from workforce.demo.careers import Assignment, World, handler
from workforce.demo.moves import new_spell, schedule_progress, start_asye
from workforce.demo.params import Weighted
from workforce.demo.people import Person
from workforce.demo.roles import BS, ENTRY_GRADES, ROLES, Role
from workforce.demo.structure import Post

ORIGINS = Weighted((("2", 40.0), ("4", 14.0), ("5", 10.0), ("3", 6.0), ("6", 8.0), ("7", 9.0),
                    ("8", 3.0), ("9", 8.0)))
BACK_FROM = {"1": "2", "2": "3", "3": "4", "4": "5", "5": "6", "6": "7"}
QUALIFIED_YEARS = {"SW2": (1.0, 3.0), "SW3": (3.0, 16.0), "SSW": (4.0, 20.0),
                   "AP": (5.0, 22.0), "TM": (6.0, 25.0), "SM": (9.0, 28.0),
                   "HoS": (12.0, 30.0), "AD": (14.0, 32.0)}
AGES = {1: (23.0, 58.0), 2: (27.0, 60.0), 3: (30.0, 60.0), 4: (34.0, 60.0), 5: (38.0, 60.0),
        6: (40.0, 60.0), 7: (42.0, 60.0)}


_ENTRY = {k: Weighted(v) for k, v in ENTRY_GRADES.items()}


def entry_grade(r, role: Role) -> str:
    options = _ENTRY.get(role.key)
    return options(r) if options else role.grade


def contract_for(r, role: Role) -> str:
    u = r.random()
    if u < 0.06:
        return "fixed_term"
    if role.staff_group == BS and u < 0.08:
        return "casual"
    return "permanent"


@handler("vacancy")
def plan(w: World, post: Post, day: int) -> None:
    """Decide how and when a new vacancy will be filled, and whether an agency worker covers
    it meanwhile."""
    r, role, tau = w.rng, post.role, w.clock.tau(day)
    if role.internal and r.random() < role.internal:
        post.fill_day, mode = day + r.randint(21, 90), "internal"
    else:
        share = w.sw_vacant_share(day) if role.social_work else 0.0
        post.fill_day = day + params.vacancy_days(role.staff_group, role.social_work, tau, r,
                                                  share)
        mode = "external"
    if post.end is None or post.fill_day <= post.end:
        w.at(post.fill_day, "fill", post, post.version, mode)
    if post.cover is None and r.random() < params.agency_cover_chance(
            role.social_work, role.staff_group, tau):
        w.at(day + r.randint(0, 28), "cover", post, post.version)


@handler("fill")
def fill(w: World, post: Post, version: int, mode: str) -> None:
    r, day = w.rng, w.day
    if version != post.version or post.occupants or (post.end is not None and day > post.end):
        return
    if mode == "internal" and promote(w, post, day):
        return
    c = post.cover
    if (mode != "nqsw" and c is not None and not w.direct_fte(c.person)
            and r.random() < params.CONVERSION_CHANCE):
        person = c.person
        occupy(w, post, person, day, c.grade, "conversion", "4" if post.role.social_work
               else None)
        new_spell(w, person, day, post.role)
        return
    if post.fte <= 0.5 and mode != "nqsw" and r.random() < 0.35:
        other = w.pick(w.half.get(post.role.staff_group, {}))
        if other is not None and all(a.post is not post for a in other.current):
            occupy(w, post, other, day, entry_grade(r, post.role), "internal", None)
            return
    hire(w, post, day, nqsw=mode == "nqsw")


def occupy(w: World, post: Post, person: Person, day: int, grade: str, how: str,
           origin: str | None, contract: str | None = None) -> Assignment:
    """Start `person` in `post` on `day`, closing its vacancy and ending any agency cover."""
    vacancy = w.open_vacancy.get(post.index)
    if vacancy is not None:
        vacancy.how, vacancy.appointee = how, person
    release_cover(w, post, day - 1, redeploy=how != "conversion")
    if post.end is not None:
        contract = "fixed_term"
    contract = contract or contract_for(w.rng, post.role)
    return w.start(person, post.unit, post, post.role, grade, post.fte, contract, day,
                   origin=origin)


def hire(w: World, post: Post, day: int, nqsw: bool = False) -> Assignment:
    """Appoint a new person from outside."""
    r, role = w.rng, post.role
    nq = nqsw or (role.key == "sw" and r.random() < 0.05)
    grade = "SW1" if nq else entry_grade(r, role)
    age = (22.0, 40.0) if nq else AGES[role.level]
    person = w.people.new(day, role.staff_group, role.level >= 3, age)
    origin = None
    if role.social_work:
        origin = "1" if nq else ORIGINS(r)
        qualify(w, person, day, grade, origin)
    a = occupy(w, post, person, day, grade, "nqsw" if nq else "external", origin)
    new_spell(w, person, day, role)
    schedule_progress(w, person, grade, day)
    if nq:
        start_asye(w, person, day)
    return a


def qualify(w: World, person: Person, day: int, grade: str, origin: str) -> None:
    r = w.rng
    if grade == "SW1":
        year = year_of(day) - (1 if day < day_of(year_of(day), 7, 1) else 0)
        route = r.choices(("undergraduate", "postgraduate"), (0.6, 0.4))[0]
        w.people.qualify(person, min(day - 14, day_of(year, 7, 1) + r.randint(0, 40)), route)
        return
    lo, hi = QUALIFIED_YEARS.get(grade, (3.0, 20.0))
    w.people.qualified_years_ago(person, day, r.uniform(lo, hi))
    if origin == "3":
        person.qual_route, person.qual_level = "overseas", "3"
        person.qual_inst = "Overseas institution"


def promote(w: World, post: Post, day: int) -> bool:
    """Fill `post` by promoting someone from the grade below; False if nobody is free."""
    r, role = w.rng, post.role
    pool: list[int] = []
    for g in role.feeders:
        pool.extend(w.by_grade.get(g, {}))
    if not pool:
        return False
    if role.key == "tm":
        keen = [pid for pid in pool if pid in w.aspiring]
        if keen and r.random() < 0.6:
            pool = keen
    for _ in range(4):
        person = w.people.all[r.choice(pool)]
        a = next(x for x in person.current if x.direct)
        if a.post is not post and not a.post.reserved:
            break
    else:
        return False
    old = a.post
    vacancy = w.open_vacancy.get(post.index)
    if vacancy is not None:
        vacancy.how, vacancy.appointee = "internal", person
    release_cover(w, post, day - 1)
    w.change(a, day, post=post, unit=post.unit, role=role, grade=role.grade,
             fte=min(a.fte, post.fte) if a.fte < old.fte else post.fte)
    w.vacate(old, day)
    w.moves.append((person, day, "promotion"))
    return True


def take_vacancy(w: World, person: Person, key: str, day: int, grade: str, origin: str | None,
                 how: str, create: bool = True) -> Assignment | None:
    """Put `person` into a vacant post of role `key`; when none is vacant, add a post to a
    social-work team if `create`."""
    choices = [i for i in w.vacant.get(key, {})
               if not w.structure.posts[i].reserved and w.structure.posts[i].fte == 1.0]
    if choices:
        post = w.structure.posts[w.rng.choice(choices)]
    elif create:
        post = w.add_post(w.rng.choice(w.structure.sw_teams).code, ROLES[key], day)
    else:
        return None
    return occupy(w, post, person, day, grade, how, origin)


@handler("return")
def come_back(w: World, person: Person, spell: int) -> None:
    """A former employee returns to a vacant post like their old one."""
    if spell != person.spell or person.current or person.retire <= w.day + 365:
        return
    role = ROLES[person.last_role]
    origin = BACK_FROM.get(person.left_to or "", "8") if role.social_work else None
    a = take_vacancy(w, person, role.key, w.day, person.last_grade, origin, "return",
                     create=False)
    if a is not None:
        new_spell(w, person, w.day, role)


def plan_nqsw_cohort(w: World, day: int) -> None:
    """In June, hold some long-running social-work vacancies for the September ASYE cohort."""
    r = w.rng
    year = year_of(day)
    sw_posts = sum(1 for p in w.structure.posts if p.role.key == "sw" and p.end is None)
    n = round(params.NQSW_SHARE * sw_posts * r.uniform(0.8, 1.2))
    sept = day_of(year, 9, 1)
    posts = [w.structure.posts[i] for i in w.vacant.get("sw", {})]
    posts = [p for p in posts if not p.reserved and p.fte == 1.0 and (p.fill_day or 0) > sept]
    for post in r.sample(posts, min(n, len(posts))):
        post.reserved = True
        post.version += 1
        post.fill_day = w.clock.next_workday(sept + r.randint(0, 24))
        w.at(post.fill_day, "fill", post, post.version, "nqsw")
