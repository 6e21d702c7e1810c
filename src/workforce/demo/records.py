"""The simulated careers as ledger columns: organisation, units, posts, people, assignments
and programmes. Only people with something inside the history (from `clock.first`) are kept;
their earlier assignments are kept too, so length of service is right.
"""

from __future__ import annotations

from workforce.demo.careers import Assignment, World
from workforce.demo.frames import Columns
from workforce.demo.structure import ORGANISATION


def job_title(a: Assignment) -> str:
    if a.role.key == "sw":
        return {"SW1": "Social Worker (ASYE)", "SW3": "Experienced Social Worker"}.get(
            a.grade, "Social Worker")
    return a.role.title


def kept_assignments(w: World) -> list[Assignment]:
    """Every assignment of the people employed at some point in the history."""
    first = w.clock.first
    keep = {a.person.pid for a in w.assignments if a.end is None or a.end >= first}
    return [a for a in w.assignments if a.person.pid in keep]


def kept_programmes(w: World) -> list:
    return [p for p in w.programmes if p.end is None or p.end >= w.clock.first]


def organisation() -> Columns:
    cols = Columns(*ORGANISATION)
    cols.add(*ORGANISATION.values())
    return cols


def units(w: World) -> Columns:
    cols = Columns("code", "name", "kind", "parent")
    for u in w.structure.units:
        cols.add(u.code, u.name, u.kind, u.parent)
    return cols


def posts(w: World) -> Columns:
    cols = Columns("post_id", "unit", "title", "staff_group", "org_role", "grade", "fte",
                   "start_date", "end_date")
    first_in: dict[int, int] = {}
    for a in w.assignments:
        if a.post is not None and a.direct:
            i = a.post.index
            first_in[i] = min(first_in.get(i, a.start), a.start)
    for p in w.structure.posts:
        r = p.role
        start = min(p.start, first_in.get(p.index, p.start))
        cols.add(p.post_id, p.unit, r.title, r.staff_group, r.org_role, r.grade, p.fte, start,
                 p.end)
    return cols


def assignments(kept: list[Assignment]) -> Columns:
    cols = Columns("assignment_id", "staff_id", "unit", "post_id", "contract", "staff_group",
                   "org_role", "job_title", "grade", "fte", "case_holder", "start_date",
                   "end_date", "start_origin", "leaving_reason", "leaver_destination", "agency",
                   "hourly_charge", "project_team")
    for a in sorted(kept, key=lambda x: x.aid):
        r = a.role
        cols.add(f"A{a.aid + 1:07d}", a.person.staff_id, a.unit,
                 a.post.post_id if a.post is not None else None, a.contract, r.staff_group,
                 r.org_role, job_title(a), a.grade, a.fte, r.case_holder, a.start, a.end,
                 a.origin, a.reason, a.destination, a.agency, a.charge,
                 a.project if a.contract == "agency" else None)
    return cols


def people(w: World, pids: dict[int, None]) -> Columns:
    cols = Columns("staff_id", "name", "swe_number", "birth_date", "sex", "ethnicity",
                   "disability", "qual_route", "qual_level", "qual_institution", "qual_date")
    for pid in sorted(pids):
        p = w.people.all[pid]
        cols.add(p.staff_id, p.name, p.swe, p.birth, p.sex, p.ethnicity, p.disability,
                 p.qual_route, p.qual_level, p.qual_inst, p.qual_date)
    return cols


def programmes(progs: list) -> Columns:
    cols = Columns("staff_id", "kind", "start_date", "expected_end_date", "end_date", "outcome",
                   "standard")
    for p in progs:
        cols.add(p.person.staff_id, p.kind, p.start, p.expected_end, p.end, p.outcome,
                 p.standard)
    return cols
