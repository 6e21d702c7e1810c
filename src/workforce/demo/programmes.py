"""Development and entry programmes: social-work degree apprenticeships, Step Up, Frontline,
the aspiring managers programme and other apprenticeships. (The ASYE starts with each newly
qualified social worker; see `moves.start_asye`.)
"""

from __future__ import annotations

from workforce.demo.calendar import add_months
from workforce.demo.careers import Programme, World, handler
from workforce.demo.hiring import take_vacancy
from workforce.demo.moves import new_spell, start_asye
from workforce.demo.params import APPRENTICE_SHARE
from workforce.demo.people import Person
from workforce.demo.roles import ROLES, SW, UNQ

SW_APPRENTICESHIP = "Social worker (integrated degree) Level 6"
OTHER_APPRENTICESHIPS = (
    (("BS1", "BS2"), "Business administrator (Level 3)", 15, 0.4),
    (("BS3", "EH3", "EH4"), "Team leader or supervisor (Level 3)", 15, 0.3),
    (("TM", "EH4", "BS4"), "Operations or departmental manager (Level 5)", 24, 0.2),
    (("SM", "HoS"), "Senior leader (Level 7)", 24, 0.1),
)


def _programme(w: World, person: Person, kind: str, start: int, months: int,
               standard: str | None = None) -> Programme:
    prog = Programme(person, kind, start, add_months(start, months) - 1, standard)
    w.programmes.append(prog)
    person.programmes.append(prog)
    return prog


def _cohort(w: World, grades: tuple[str, ...], n: int, kind: str) -> list[Person]:
    """Up to `n` different people in post at `grades`, none already on a `kind` programme."""
    pool = list(dict.fromkeys(pid for g in grades for pid in w.by_grade.get(g, {})))
    out: list[Person] = []
    for pid in w.rng.sample(pool, min(len(pool), 3 * n + 3)):
        p = w.people.all[pid]
        if not any(x.kind == kind and x.end is None for x in p.programmes):
            out.append(p)
        if len(out) >= n:
            break
    return out


def _size(w: World, per: float, posts: int, least: int) -> int:
    return max(least, round(posts * per * w.rng.uniform(0.7, 1.3)))


def september(w: World, day: int, sw_posts: int, all_posts: int) -> None:
    """Apprentices, Frontline participants and other apprenticeships start in September."""
    r = w.rng
    teams = w.structure.sw_teams
    for _ in range(_size(w, APPRENTICE_SHARE, sw_posts, 1)):
        w.at(w.clock.next_workday(day + r.randint(0, 20)), "apprentice_start",
             r.choice(teams).code)
    for _ in range(_size(w, 1 / 150, sw_posts, 1)):
        trainee(w, "frontline", w.clock.next_workday(day + r.randint(0, 10)), 12)
    _other_apprenticeships(w, day, all_posts)


@handler("apprentice_start")
def apprentice_start(w: World, team: str) -> None:
    """A social-work degree apprentice starts: often someone already working here as an
    unqualified practitioner, otherwise a new employee."""
    r, start = w.rng, w.day
    inside = _cohort(w, ("SWA", "PA", "FSW", "EH2", "EH3"), 1, "sw_apprenticeship")
    if inside and r.random() < 0.6:
        person = inside[0]
        a = next(x for x in person.current if x.direct)
        old = a.post
        w.change(a, start, post=None, unit=team, role=ROLES["app"], grade="APP", fte=1.0,
                 contract="apprentice")
        w.vacate(old, start)
        w.moves.append((person, start, "apprentice"))
    else:
        person = w.people.new(start, UNQ, False, (22.0, 45.0))
        w.start(person, team, None, ROLES["app"], "APP", 1.0, "apprentice", start)
        new_spell(w, person, start, ROLES["app"])
    prog = _programme(w, person, "sw_apprenticeship", start, 36, SW_APPRENTICESHIP)
    u = r.random()
    if u < 0.76:
        w.at(add_months(start, r.randint(36, 39)), "apprentice_end", prog, person.spell,
             "completed")
    else:
        months = r.randint(3, 30) if u < 0.93 else 36
        w.at(add_months(start, months), "apprentice_end", prog, person.spell,
             "withdrawn" if u < 0.93 else "failed")


def january(w: World, day: int, sw_posts: int, all_posts: int) -> None:
    """Step Up trainees and the aspiring managers cohort start in January."""
    r = w.rng
    for _ in range(_size(w, 1 / 150, sw_posts, 1)):
        trainee(w, "step_up", w.clock.next_workday(day + r.randint(4, 14)), 14)
    start = w.clock.next_workday(day + r.randint(10, 25))
    if start > w.clock.today:
        return
    for p in _cohort(w, ("SSW", "AP", "SW3"), _size(w, 1 / 60, sw_posts, 2),
                     "aspiring_managers"):
        prog = _programme(w, p, "aspiring_managers", start, 12, "Aspiring Team Managers")
        w.at(prog.expected_end, "programme_end", prog, p.spell)
    _other_apprenticeships(w, day, all_posts)


def _other_apprenticeships(w: World, day: int, all_posts: int) -> None:
    r = w.rng
    start = w.clock.next_workday(day + r.randint(5, 25))
    if start > w.clock.today:
        return
    for _ in range(_size(w, 1 / 800, all_posts, 1)):
        grades, standard, months, _ = r.choices(OTHER_APPRENTICESHIPS,
                                                [x[3] for x in OTHER_APPRENTICESHIPS])[0]
        for p in _cohort(w, grades, 1, "other_apprenticeship"):
            prog = _programme(w, p, "other_apprenticeship", start, months, standard)
            w.at(prog.expected_end, "programme_end", prog, p.spell)


def trainee(w: World, kind: str, start: int, months: int) -> None:
    """A Step Up or Frontline trainee: on the programme (not yet employed), then joining as a
    newly qualified social worker if they complete."""
    r = w.rng
    if start > w.clock.today:
        return
    person = w.people.new(start, SW, False, (22.0, 45.0))
    standard = "Postgraduate Diploma in Social Work"
    prog = _programme(w, person, kind, start, months, standard)
    if r.random() < 0.89:
        w.at(prog.expected_end, "trainee_end", prog, "completed")
    else:
        w.at(add_months(start, r.randint(2, months - 2)), "trainee_end", prog, "withdrawn")


@handler("trainee_end")
def trainee_end(w: World, prog: Programme, outcome: str) -> None:
    prog.end, prog.outcome = w.day, outcome
    if outcome == "completed":
        w.people.qualify(prog.person, w.day, prog.kind)
        join = w.day + w.rng.randint(3, 60 if prog.kind == "step_up" else 12)
        w.at(w.clock.next_workday(join), "join_nqsw", prog.person)


@handler("join_nqsw")
def join_nqsw(w: World, person: Person) -> None:
    take_vacancy(w, person, "sw", w.day, "SW1", "1", "nqsw")
    new_spell(w, person, w.day, ROLES["sw"])
    start_asye(w, person, w.day)


@handler("apprentice_end")
def apprentice_end(w: World, prog: Programme, spell: int, outcome: str) -> None:
    person = prog.person
    a = next((x for x in person.current if x.direct and x.role.key == "app"), None)
    if spell != person.spell or prog.end is not None or a is None:
        return
    day = w.day
    prog.end, prog.outcome = day - 1, outcome
    if outcome != "completed":
        w.at(day, "leave", person, spell, "1" if outcome == "withdrawn" else "8")
        return
    w.people.qualify(person, day - 1, "apprenticeship")
    w.end(a, day - 1)
    take_vacancy(w, person, "sw", day, "SW1", "1", "nqsw")
    start_asye(w, person, day)


@handler("programme_end")
def programme_end(w: World, prog: Programme, spell: int) -> None:
    if spell != prog.person.spell or prog.end is not None:
        return
    prog.end = w.day
    completed = w.rng.random() < 0.9
    prog.outcome = "completed" if completed else "withdrawn"
    if completed and prog.kind == "aspiring_managers":
        w.aspiring[prog.person.pid] = None
