"""The career simulation's state and its primitive operations.

The demo runs an event simulation over days (as integers): people join, leave, move, are
promoted and change hours; posts fall vacant, are covered by agency workers and are filled.
Handlers for each kind of event live in the modules named by their noun (hiring, moves,
agency, programmes) and register themselves by name in `HANDLERS`, so modules never import
each other in a circle. Every random draw comes from the one `random.Random` the world holds.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass

from workforce.demo.calendar import YEAR, Clock
from workforce.demo.people import People, Person
from workforce.demo.roles import ROLES, SW, Role
from workforce.demo.structure import Post, Structure

HANDLERS: dict[str, Callable] = {}


def handler(name: str) -> Callable[[Callable], Callable]:
    """Register `fn(world, *args)` as the handler of events called `name`."""
    def register(fn: Callable) -> Callable:
        HANDLERS[name] = fn
        return fn
    return register


@dataclass(slots=True)
class Assignment:
    aid: int
    person: Person
    unit: str
    post: Post | None
    role: Role
    grade: str
    fte: float
    contract: str
    start: int
    end: int | None = None
    origin: str | None = None
    reason: str | None = None
    destination: str | None = None
    agency: str | None = None
    charge: float | None = None
    project: bool = False

    @property
    def direct(self) -> bool:
        return self.contract != "agency"


@dataclass(slots=True)
class Programme:
    person: Person
    kind: str
    start: int
    expected_end: int
    standard: str | None = None
    end: int | None = None
    outcome: str = "in_progress"


@dataclass(slots=True)
class Vacancy:
    post: Post
    start: int
    end: int | None = None  # last vacant day
    how: str = ""  # external, internal, nqsw, conversion, return, move, deleted
    appointee: Person | None = None


class World:
    """Everyone, every post and assignment, the event queue and the indexes hiring uses."""

    def __init__(self, rng: random.Random, clock: Clock, structure: Structure,
                 people: People) -> None:
        self.rng, self.clock, self.structure, self.people = rng, clock, structure, people
        self.day = clock.burn_in
        self.assignments: list[Assignment] = []
        self.programmes: list[Programme] = []
        self.vacancies: list[Vacancy] = []
        self.leavers: list[Assignment] = []
        self.moves: list[tuple[Person, int, str]] = []
        self.vacant: dict[str, dict[int, None]] = {}  # role key -> vacant post indexes
        self.by_grade: dict[str, dict[int, None]] = {}  # grade -> people in one direct post
        self.half: dict[str, dict[int, None]] = {}  # staff group -> people in one 0.5 post
        self._indexed: dict[int, tuple[str | None, str | None]] = {}
        self.open_vacancy: dict[int, Vacancy] = {}  # post index -> its open vacancy
        self.aspiring: dict[int, None] = {}  # completed the aspiring managers programme
        self.agency_pool: list[tuple[Person, int]] = []  # ex-staff now with an agency
        self.extra: list[Assignment] = []  # agency workers not covering a vacancy
        self._wobble = [rng.uniform(0.93, 1.07)
                        for _ in range((clock.today - clock.burn_in) // 365 + 1)]
        self.deleted = 0  # posts deleted so far
        self._live: tuple | None = None
        self._queue: list[tuple[int, int, str, tuple]] = []
        self._seq = 0

    # --- the event queue ---------------------------------------------------------------
    def at(self, day: int | None, name: str, *args) -> None:
        """Schedule event `name` on `day` (ignored when after today or None)."""
        if day is None or day > self.clock.today:
            return
        self._seq += 1
        heapq.heappush(self._queue, (day, self._seq, name, args))

    def run(self) -> None:
        q = self._queue
        while q:
            day, _, name, args = heapq.heappop(q)
            self.day = day
            HANDLERS[name](self, *args)

    def draw_day(self, start: int, rate: Callable[[int], float]) -> int | None:
        """First day of a Poisson process from `start` whose annual rate on day d is rate(d)
        (taken as constant over each year); None when after today."""
        e = self.rng.expovariate(1.0)
        t = start
        while t <= self.clock.today:
            r = rate(t)
            h = r * 365 / YEAR
            if e <= h:
                return t + int(e / r * YEAR) if r > 0 else None
            e -= h
            t += 365
        return None

    # --- assignments -------------------------------------------------------------------
    def start(self, person: Person, unit: str, post: Post | None, role: Role, grade: str,
              fte: float, contract: str, day: int, **extra) -> Assignment:
        a = Assignment(len(self.assignments), person, unit, post, role, grade, fte, contract,
                       day, **extra)
        self.assignments.append(a)
        person.current.append(a)
        person.last_role, person.last_grade = role.key, grade
        self._link(a, day)
        self._reindex(person)
        return a

    def end(self, a: Assignment, day: int) -> None:
        a.end = day
        a.person.current.remove(a)
        self._unlink(a)
        self._reindex(a.person)

    def change(self, a: Assignment, day: int, **fields) -> Assignment:
        """End `a` the day before `day` and start its successor with `fields` changed (a move,
        promotion, regrade or change of hours). Posts left behind are not vacated here."""
        if a.start < day:
            self.end(a, day - 1)
            keep = {"unit": a.unit, "post": a.post, "role": a.role, "grade": a.grade,
                    "fte": a.fte, "contract": a.contract, "agency": a.agency,
                    "charge": a.charge, "project": a.project, **fields}
            return self.start(a.person, keep.pop("unit"), keep.pop("post"), keep.pop("role"),
                              keep.pop("grade"), keep.pop("fte"), keep.pop("contract"), day,
                              **keep)
        # Changed on its first day: amend it rather than leave a zero-length assignment.
        old_post, new_post = a.post, fields.get("post", a.post)
        if new_post is not old_post:
            self._unlink(a)
        for k, v in fields.items():
            setattr(a, k, v)
        if new_post is not old_post:
            self._link(a, day)
        self._reindex(a.person)
        return a

    def _link(self, a: Assignment, day: int) -> None:
        if a.post is None:
            return
        if a.direct:
            a.post.occupants.append(a)
            self._close_vacancy(a.post, day)
        else:
            a.post.cover = a

    def _unlink(self, a: Assignment) -> None:
        if a.post is None:
            return
        if a.direct:
            a.post.occupants.remove(a)
        elif a.post.cover is a:
            a.post.cover = None

    def add_post(self, unit: str, role: Role, day: int, end: int | None = None,
                 fte: float = 1.0) -> Post:
        """Add an establishment post from `day` (growth, or a funded fixed-term post)."""
        posts = self.structure.posts
        post = Post(len(posts), f"P{len(posts) + 1:05d}", unit, role, fte, day, end)
        posts.append(post)
        self.structure.post_by_id[post.post_id] = post
        self.vacate(post, day)
        return post

    def live_posts(self, day: int) -> tuple[list[Post], int]:
        """Posts in the establishment on `day` and how many are social-work posts (cached until
        posts are added or deleted)."""
        key = (len(self.structure.posts), self.deleted)  # posts only end by being deleted
        if self._live is None or self._live[0] != key:
            live = [p for p in self.structure.posts if p.end is None or p.end >= day]
            self._live = (key, live, sum(1 for p in live if p.role.social_work))
        return self._live[1], self._live[2]

    def sw_vacant_share(self, day: int) -> float:
        """Share of social-work posts with no direct occupant on `day`."""
        _, sw_posts = self.live_posts(day)
        vacant = sum(len(v) for k, v in self.vacant.items() if ROLES[k].social_work)
        return vacant / max(1, sw_posts)

    def wobble(self, day: int, group: str) -> float:
        """This year's departure from the trend (social workers only)."""
        if group != SW:
            return 1.0
        i = (day - self.clock.burn_in) // 365
        return self._wobble[i] if 0 <= i < len(self._wobble) else 1.0

    def direct_fte(self, person: Person) -> float:
        return sum(a.fte for a in person.current if a.direct)

    # --- vacancies ---------------------------------------------------------------------
    def vacate(self, post: Post, day: int) -> None:
        """`post` has no direct occupant from `day`: open a vacancy and plan its filling."""
        if post.occupants or (post.end is not None and day > post.end):
            return
        post.vacant_since = day
        post.version += 1
        post.reserved = False
        self.vacant.setdefault(post.role.key, {})[post.index] = None
        v = Vacancy(post, day)
        self.vacancies.append(v)
        self.open_vacancy[post.index] = v
        HANDLERS["vacancy"](self, post, day)

    def _close_vacancy(self, post: Post, day: int) -> None:
        v = self.open_vacancy.pop(post.index, None)
        if v is not None:
            v.end = day - 1
            v.how = v.how or "external"
        self.vacant.get(post.role.key, {}).pop(post.index, None)
        post.vacant_since = None
        post.version += 1

    # --- indexes for finding candidates -------------------------------------------------
    def _reindex(self, person: Person) -> None:
        old_grade, old_half = self._indexed.pop(person.pid, (None, None))
        if old_grade is not None:
            self.by_grade[old_grade].pop(person.pid, None)
        if old_half is not None:
            self.half[old_half].pop(person.pid, None)
        direct = [a for a in person.current if a.direct]
        if len(direct) != 1:
            return
        a = direct[0]
        grade = a.grade if a.post is not None else None
        # Two part-time posts at once are kept to support roles, whose careers stay simple.
        half = (a.role.staff_group if a.post is not None and a.fte <= 0.5
                and not a.role.social_work else None)
        if grade is not None:
            self.by_grade.setdefault(grade, {})[person.pid] = None
        if half is not None:
            self.half.setdefault(half, {})[person.pid] = None
        self._indexed[person.pid] = (grade, half)

    def pick(self, pool: dict[int, None]) -> Person | None:
        if not pool:
            return None
        return self.people.all[self.rng.choice(list(pool))]
