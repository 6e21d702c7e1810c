"""What happens to people in post: leaving, lateral moves, changes of hours, progression
through the career grades and the ASYE year.

Each of these ends one assignment and starts its successor the next day (`World.change`), so
the spell of employment is unbroken and only leaving makes a leaver.
"""

from __future__ import annotations

from workforce.demo import params
from workforce.demo.agency import release_cover
from workforce.demo.calendar import add_months, day_of
from workforce.demo.careers import Programme, World, handler
from workforce.demo.params import Weighted
from workforce.demo.people import Person
from workforce.demo.roles import PROGRESSION, SW, Role

ECDP_FROM = day_of(2027, 9, 1)  # the Early Career Development Programme replaces the ASYE

REASONS = Weighted((("1", 76.0), ("2", 1.0), ("3", 0.5), ("4", 3.0), ("6", 0.3), ("7", 3.0),
                    ("8", 8.0), ("9", 5.0)))
DESTINATIONS_SW = Weighted((("1", 35.0), ("3", 20.0), ("4", 12.0), ("2", 3.0), ("5", 8.0),
                            ("6", 10.0), ("7", 4.0), ("8", 8.0)))
DESTINATIONS_OTHER = Weighted((("5", 30.0), ("6", 40.0), ("7", 10.0), ("8", 20.0)))
BY_REASON = {"2": ("6", "8"), "3": ("6", "8"), "4": ("8", "6"), "5": ("6",), "6": ("7",),
             "7": ("5",), "9": ("8",)}
MOVABLE = ("sw", "ssw", "ap", "iro", "qa", "swa", "pa", "fsw", "eh", "bso", "ld")


def new_spell(w: World, person: Person, day: int, role: Role) -> None:
    """Schedule the leaving, moving and change-of-hours events of a new spell of employment."""
    sp, group, level, clock = person.spell, role.staff_group, role.level, w.clock
    leave = w.draw_day(day + 1, lambda d: params.leave_rate(group, level, clock.tau(d))
                       * w.wobble(d, group))
    if person.retire <= day:
        person.retire = day + 365 * w.rng.randint(1, 3)
    if leave is None or person.retire < leave:
        w.at(person.retire, "leave", person, sp, "5")
    else:
        w.at(leave, "leave", person, sp, None)
    w.at(w.draw_day(day + 60, lambda d: params.MOVE_RATE[group]), "move", person, sp)
    w.at(w.draw_day(day + 90, lambda d: params.FTE_CHANGE_RATE), "hours", person, sp)


def schedule_progress(w: World, person: Person, grade: str, since: int) -> None:
    """Plan the in-post regrade from `grade` (e.g. SW2 -> SW3) counted from `since`."""
    if grade not in PROGRESSION:
        return
    to, lo, hi, chance = PROGRESSION[grade]
    if w.rng.random() < chance:
        w.at(add_months(since, w.rng.randint(lo, hi)), "progress", person, person.spell, grade,
             to)


def _single(person: Person):
    direct = [a for a in person.current if a.direct]
    return direct[0] if len(direct) == 1 and direct[0].post is not None else None


@handler("leave")
def leave(w: World, person: Person, spell: int, reason: str | None,
          destination: str | None = None) -> None:
    direct = [a for a in person.current if a.direct]
    if spell != person.spell or not direct:
        return
    r, day = w.rng, w.day
    group = direct[0].role.staff_group
    reason = reason or REASONS(r)
    if destination is None:
        table = DESTINATIONS_SW if group == SW else DESTINATIONS_OTHER
        destination = r.choice(BY_REASON[reason]) if reason in BY_REASON else table(r)
    if w.clock.today - day < 45 and r.random() < 0.4:  # HR has not asked yet
        reason, destination = "10", "9"
    for a in direct:
        w.end(a, day)
        a.reason, a.destination = reason, destination
        w.leavers.append(a)
    person.spell += 1
    person.left_to = destination
    for a in direct:
        if a.post is not None:
            w.vacate(a.post, day + 1)
    for prog in person.programmes:
        if prog.end is None:
            prog.end, prog.outcome = max(day, prog.start), "withdrawn"
    if reason in ("1", "8", "9") and r.random() < params.RETURN_CHANCE[group]:
        w.at(day + r.randint(120, 1000), "return", person, person.spell)
    if destination == "3" and group == SW:
        w.agency_pool.append((person, day))


@handler("move")
def move(w: World, person: Person, spell: int) -> None:
    a = _single(person)
    if spell != person.spell or a is None or a.role.key not in MOVABLE:
        return
    r, day = w.rng, w.day
    pool = [i for i in w.vacant.get(a.role.key, {}) if not w.structure.posts[i].reserved
            and w.structure.posts[i].unit != a.unit]
    if pool:
        post = w.structure.posts[r.choice(pool)]
        old = a.post
        vacancy = w.open_vacancy.get(post.index)
        if vacancy is not None:
            vacancy.how, vacancy.appointee = "move", person
        release_cover(w, post, day - 1)
        w.change(a, day, post=post, unit=post.unit, fte=min(a.fte, post.fte))
        w.vacate(old, day)
        w.moves.append((person, day, "move"))
    group = a.role.staff_group
    w.at(w.draw_day(day + 180, lambda d: params.MOVE_RATE[group]), "move", person, spell)


@handler("hours")
def hours(w: World, person: Person, spell: int) -> None:
    a = _single(person)
    if spell != person.spell or a is None:
        return
    r = w.rng
    if a.fte >= a.post.fte:
        lower = [f for f in (0.5, 0.6, 0.7, 0.8, 0.8) if f < a.fte]
        if lower:
            w.change(a, w.day, fte=r.choice(lower))
    else:
        w.change(a, w.day, fte=a.post.fte)
    part = next(x for x in person.current if x.direct).fte < a.post.fte
    rate = params.FTE_BACK_RATE if part else params.FTE_CHANGE_RATE
    w.at(w.draw_day(w.day + 180, lambda d: rate), "hours", person, spell)


@handler("progress")
def progress(w: World, person: Person, spell: int, grade: str, to: str) -> None:
    a = _single(person)
    if spell != person.spell or a is None or a.grade != grade:
        return
    w.change(a, w.day, grade=to)
    schedule_progress(w, person, to, w.day)


def start_asye(w: World, person: Person, day: int) -> Programme:
    """Put a newly qualified social worker on the ASYE (or, from September 2027, the ECDP)."""
    ecdp = day >= ECDP_FROM
    outcome, months = params.asye_plan(w.rng)
    length = 24 if ecdp else 12
    prog = Programme(person, "ecdp" if ecdp else "asye", day, add_months(day, length) - 1)
    w.programmes.append(prog)
    person.programmes.append(prog)
    # On time means by the 12-month point (portfolios go in a little before it).
    finish = add_months(day, months + (12 if ecdp else 0)) - 1
    finish -= w.rng.randint(0, 25) if months == 12 else w.rng.randint(-10, 10)
    w.at(max(day + 300, finish), "asye_end", prog, person.spell, outcome)
    return prog


@handler("asye_end")
def asye_end(w: World, prog: Programme, spell: int, outcome: str) -> None:
    person = prog.person
    if spell != person.spell or prog.end is not None:
        return
    prog.end, prog.outcome = w.day, outcome
    if outcome == "failed":
        w.at(w.day + w.rng.randint(20, 80), "leave", person, spell, "4", "8")
        return
    a = _single(person)
    if a is not None and a.grade == "SW1":
        w.at(w.day + 1, "progress", person, spell, "SW1", "SW2")
