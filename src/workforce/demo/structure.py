"""The organisation's shape: one directorate, services, teams and their establishment posts.

The default (600 staff) has seven services. Larger organisations get more teams, and the
area-based services (front door, child protection, children in care, early help) are repeated
per locality, so 5,000 staff gives about thirty services and seven hundred teams.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workforce.demo.roles import ROLES, Role

if TYPE_CHECKING:  # careers builds on the structure
    from workforce.demo.careers import Assignment

ORGANISATION = {
    "code": "demo",
    "name": "Northbridge Children's Services (demo)",
    "old_la_code": "999",
    "gss_code": "E06999999",
    "region_code": "E12000005",
    "region_name": "West Midlands",
    "benchmark_la": "333",
}

LOCALITIES = ("North", "South", "East", "West", "Central", "Riverside", "Hillside", "Valley",
              "Coast", "Forest", "Moor", "Harbour")

# Team templates: (role key, posts).
ASSESSMENT = (("tm", 1), ("ssw", 1), ("sw", 5), ("swa", 1))
MASH = (("tm", 1), ("ssw", 2), ("sw", 4), ("swa", 1), ("bso", 1))
CHILD_PROTECTION = (("tm", 1), ("ssw", 1), ("sw", 5), ("swa", 1))
COURT = (("tm", 1), ("ap", 1), ("sw", 5))
CHILDREN_IN_CARE = (("tm", 1), ("ssw", 1), ("sw", 5), ("fsw", 1))
LEAVING_CARE = (("tm", 1), ("sw", 2), ("pa", 4))
FOSTERING = (("tm", 1), ("ssw", 1), ("sw", 4), ("fsw", 1))
REVIEWING = (("tm", 1), ("iro", 6), ("bso", 1))
QUALITY = (("tm", 1), ("qa", 4), ("analyst", 1))
WORKFORCE = (("ldm", 1), ("ld", 3), ("pe", 2))
EARLY_HELP = (("ehtm", 1), ("eh", 6))
BUSINESS = (("bstl", 1), ("bso", 6))


@dataclass(frozen=True)
class ServiceKind:
    code: str
    name: str
    share: float  # share of staff in this kind of service
    teams: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # cycle of (team name, template)
    manager: str
    local: bool


SERVICES = (
    ServiceKind("FDA", "Front Door and Assessment", 0.13,
                (("MASH", MASH), ("Assessment Team", ASSESSMENT),
                 ("Assessment Team", ASSESSMENT)), "sm", True),
    ServiceKind("CPC", "Child Protection and Court", 0.13,
                (("Child Protection Team", CHILD_PROTECTION),
                 ("Child Protection Team", CHILD_PROTECTION), ("Court Team", COURT)), "sm", True),
    ServiceKind("CIC", "Children in Care and Care Leavers", 0.12,
                (("Children in Care Team", CHILDREN_IN_CARE),
                 ("Children in Care Team", CHILDREN_IN_CARE),
                 ("Leaving Care Team", LEAVING_CARE)), "sm", True),
    ServiceKind("FOS", "Fostering and Permanence", 0.05, (("Fostering Team", FOSTERING),),
                "sm", False),
    ServiceKind("SQA", "Safeguarding and Quality Assurance", 0.04,
                (("Independent Reviewing Team", REVIEWING), ("Quality Assurance Team", QUALITY),
                 ("Workforce Development Team", WORKFORCE),
                 ("Independent Reviewing Team", REVIEWING)), "sm", False),
    ServiceKind("EH", "Early Help", 0.28, (("Early Help Team", EARLY_HELP),), "ehsm", True),
    ServiceKind("BS", "Business Support", 0.22, (("Business Support Team", BUSINESS),), "bsm",
                False),
)

DIRECTORATE = "CS"
PROJECT_TEAM = "FDA-PT"


@dataclass
class Unit:
    code: str
    name: str
    kind: str
    parent: str | None
    service_kind: str = ""
    team_kind: str = ""


@dataclass
class Post:
    index: int
    post_id: str
    unit: str
    role: Role
    fte: float
    start: int
    end: int | None = None
    occupants: list = field(default_factory=list)  # direct assignments filling it
    cover: Assignment | None = None  # the agency assignment covering it
    vacant_since: int | None = None
    fill_day: int | None = None
    version: int = 0
    reserved: bool = False


@dataclass
class Structure:
    units: list[Unit]
    posts: list[Post]
    hos_of: dict[str, str]  # service code -> head-of-service post id
    post_by_id: dict[str, Post]

    def units_of_kind(self, team_kind: str) -> list[Unit]:
        return [u for u in self.units if u.team_kind == team_kind]

    @property
    def sw_teams(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "team" and u.service_kind in
                ("FDA", "CPC", "CIC", "FOS") and u.code != PROJECT_TEAM]


def localities(staff: int) -> int:
    return max(1, min(len(LOCALITIES), round(staff / 700)))


def build(staff: int, rng: random.Random, start: int) -> Structure:
    """Units and establishment posts for an organisation of about `staff` people."""
    units = [Unit(DIRECTORATE, "Children's Services", "directorate", None)]
    posts: list[Post] = []
    k = localities(staff)

    def add_post(unit: str, key: str) -> None:
        role = ROLES[key]
        fte = 1.0
        if rng.random() < role.part_time:
            fte = rng.choice((0.5, 0.5, 0.6, 0.8, 0.8))
        n = len(posts)
        posts.append(Post(n, f"P{n + 1:05d}", unit, role, fte, start))

    services: list[Unit] = []
    for kind in SERVICES:
        copies = k if kind.local else 1
        per_team = sum(n for _, t in kind.teams for _, n in t) / len(kind.teams)
        n_teams = max(len(kind.teams) if kind.code == "SQA" else 1,
                      round(kind.share * staff / per_team / copies))
        for c in range(copies):
            code = kind.code + (str(c + 1) if copies > 1 else "")
            name = kind.name + (f" ({LOCALITIES[c]})" if copies > 1 else "")
            svc = Unit(code, name, "service", DIRECTORATE, kind.code)
            units.append(svc)
            services.append(svc)
            for _ in range(1 + n_teams // 9):
                add_post(code, kind.manager)
            counters: dict[str, int] = {}
            for t in range(n_teams):
                team_name, template = kind.teams[t % len(kind.teams)]
                counters[team_name] = counters.get(team_name, 0) + 1
                tcode = f"{code}-{t + 1:02d}"
                label = team_name if team_name == "MASH" else f"{team_name} {counters[team_name]}"
                units.append(Unit(tcode, label, "team", code, kind.code, team_name))
                for key, n in template:
                    for _ in range(n):
                        add_post(tcode, key)
    first_fda = next(s.code for s in services if s.service_kind == "FDA")
    units.append(Unit(PROJECT_TEAM, "Assessment Project Team (managed agency)", "team",
                      first_fda, "FDA", "Project Team"))
    hos_of = _directorate_posts(services, staff, add_post)
    by_id = {p.post_id: p for p in posts}
    hos_posts = [p.post_id for p in posts if p.role.key == "hos"]
    hos_map = {svc: hos_posts[i % len(hos_posts)] for i, svc in enumerate(hos_of)}
    return Structure(units, posts, hos_map, by_id)


def _directorate_posts(services: list[Unit], staff: int, add_post) -> list[str]:
    """Director, assistant directors, heads of service and the principal social worker."""
    social_work = [s.code for s in services if s.service_kind not in ("EH", "BS")]
    for key, n in (("dcs", 1), ("ad", max(1, round(staff / 2500))),
                   ("hos", max(2, math.ceil(len(services) / 3))), ("psw", 1), ("ea", 1)):
        for _ in range(n):
            add_post(DIRECTORATE, key)
    return social_work + [s.code for s in services if s.code not in social_work]
