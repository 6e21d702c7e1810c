"""People list and person record. Only roles that see person-level data; managers see the people
in post today in their units and the units below them; every view is audited.

Units are named, ordered and chosen as on the dashboards (`unit_options`, `unit_names`): units
that share a name are told apart, a unit includes the units below it, and a unit outside the
user's area is answered with 404, as if it did not exist. A list page's audit entry names the
people it showed (`audit_people`), and a refused look is recorded too (`refusals_audited`)."""

from __future__ import annotations

import polars as pl
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from workforce.ledger import codes
from workforce.measures.dimensions import units_below
from workforce_web.accounts.access import (
    audit,
    audit_people,
    in_post_today,
    refusals_audited,
    require,
    units_in_scope,
)
from workforce_web.accounts.models import PERSON_LEVEL_ROLES
from workforce_web.dashboards.filters import unit_names, unit_options
from workforce_web.measures_cache import org_ledger

PAGE_SIZE = 50


def _current(org: str, scope: set[str] | None) -> pl.DataFrame:
    ledger = org_ledger(org)
    current = in_post_today(ledger.assignment, scope)
    return (current.join(ledger.person.select("staff_id", "name"), on="staff_id", how="left")
            .sort("name", "staff_id"))


def _label(mapping: dict[str, str], code: str | None) -> str:
    return "" if code is None else mapping.get(code, code)


@refusals_audited("view_people_list",
                  lambda request: f"unit={request.GET.get('unit') or 'all'}")
def people_list(request):
    m = require(request, *PERSON_LEVEL_ROLES)
    scope = units_in_scope(m)
    ledger = org_ledger(m.organisation)
    options = unit_options(ledger.unit, scope)
    unit = request.GET.get("unit", "")
    if unit and unit not in {o["code"] for o in options}:
        raise Http404("No such unit in your area.")
    rows = _current(m.organisation, scope)
    if unit:
        rows = rows.filter(pl.col("unit").is_in(list(units_below(ledger.unit, [unit]))))
    page = Paginator(rows.to_dicts(), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_people(request, "view_people_list", f"unit={unit or 'all'} page={page.number}",
                 [r["staff_id"] for r in page.object_list])
    names = unit_names(ledger.unit)
    for r in page.object_list:
        r["unit_name"] = _label(names, r["unit"])
        r["contract_label"] = _label(codes.CONTRACT, r["contract"])
    return render(request, "workforce/people_list.html", {
        "page": page, "unit": unit, "units": options, "total": rows.height,
        "unit_name": next((o["name"] for o in options if o["code"] == unit), ""),
    })


@refusals_audited("view_person", lambda request, staff_id: staff_id)
def person_detail(request, staff_id: str):
    m = require(request, *PERSON_LEVEL_ROLES)
    ledger = org_ledger(m.organisation)
    person = ledger.person.filter(pl.col("staff_id") == staff_id)
    assignments = ledger.assignment.filter(pl.col("staff_id") == staff_id).sort("start_date")
    scope = units_in_scope(m)
    if person.is_empty() or (scope is not None
                             and in_post_today(assignments, scope).is_empty()):
        raise Http404("No such person in your area.")
    audit(request, "view_person", staff_id)
    p = person.row(0, named=True)
    names = unit_names(ledger.unit)
    shown = [_shown(a, names, scope) for a in assignments.iter_rows(named=True)]
    return render(request, "workforce/person_detail.html", {
        "person": p, "assignments": shown, "outside": not all(a["in_area"] for a in shown),
        "ethnicity": codes.ETHNICITY.get(p["ethnicity"], p["ethnicity"]),
        "sex": codes.SEX.get(p["sex"], p["sex"]),
    })


def _shown(a: dict, names: dict[str, str], scope: set[str] | None) -> dict:
    """What the record shows of assignment `a`. An assignment in a unit outside a manager's
    area (the person's history before they joined it) shows only the unit's name, the role
    and the dates: nothing else of it reaches the page."""
    role = (_label(codes.ORG_ROLE, a["org_role"]) if a["org_role"]
            else _label(codes.STAFF_GROUP, a["staff_group"]))
    shown = {"unit": _label(names, a["unit"]), "job_title": a["job_title"], "role": role,
             "start_date": a["start_date"], "end_date": a["end_date"],
             "in_area": scope is None or a["unit"] in scope}
    if shown["in_area"]:
        shown |= {"grade": a["grade"], "fte": a["fte"],
                  "contract": _label(codes.CONTRACT, a["contract"])}
    return shown
