"""Home: headline figures as at today. A manager's are for their own units (each with the units
below it): one set of figures for each unit their membership names, the first the unit the
dashboards open on for them, each linking to the dashboards for it; everyone else's are for the
whole organisation. Each card says whom it counts, so that the headcount (directly employed
people, once each) is not read against the People page's count of assignments in post, agency
workers' included."""

from __future__ import annotations

from datetime import date

import polars as pl
from django.conf import settings
from django.shortcuts import render

from workforce.measures import get
from workforce.measures.suppression import rule_text
from workforce.measures.windows import as_at
from workforce_web import measures_cache
from workforce_web.accounts.access import require
from workforce_web.accounts.models import PERSON_LEVEL_ROLES, Role
from workforce_web.bridge import ledger_version
from workforce_web.dashboards import choices
from workforce_web.dashboards.filters import figures_on
from workforce_web.formatting import display_value

HEADLINES = ("M45a", "M45", "agency_rate_fte", "vacancy_fte")
COUNTS = {  # who each card counts, in a line under its title
    "M45a": "Directly employed people, each counted once; agency workers not included",
    "M45": "Directly employed staff; agency workers not included",
    "agency_rate_fte": "Agency social workers' share of all social worker FTE",
    "vacancy_fte": "Vacant social worker posts, including those agency workers cover",
}


def home(request):
    m = require(request)
    today = figures_on(m.role)  # a viewer's at the last month end, as on the dashboards
    context = {"as_at": today, "suppression_rule": rule_text(settings.SUPPRESSION_THRESHOLD),
               "manager": m.role == Role.MANAGER, "unit": "", "cards": [], "sections": [],
               "sees_people": m.role in PERSON_LEVEL_ROLES}
    if context["manager"]:
        # As the dashboards do: a manager's figures are for their units, never the whole
        # organisation's; one set for each unit their membership names (the dashboards' unit
        # choices, `choices.for_member`), in its order, the first the dashboards' default.
        units = choices.for_member(m, ledger_version(m.organisation))
        names = {o["code"]: o["name"] for o in units.options}
        own = list(dict.fromkeys(u for u in m.units if u in names))
        context |= {"unit": units.default, "other_units": len(units.options) > 1}
        if not own:
            return render(request, "workforce/home.html", context)
        cards = _unit_cards(m.organisation, own, today)
        context["sections"] = [{"unit": u, "name": names[u], "cards": cards[u]} for u in own]
        context |= {"unit_name": names[own[0]], "cards": context["sections"][0]["cards"]}
        return render(request, "workforce/home.html", context)
    context["cards"] = _cards(m.organisation, today)
    return render(request, "workforce/home.html", context)


def _cards(org: str, today: date) -> list[dict]:
    """The headline figures for the whole organisation."""
    return _as_cards(measures_cache.results(org, HEADLINES, [as_at(today)]))


def _unit_cards(org: str, units: list[str], today: date) -> dict[str, list[dict]]:
    """The headline figures for each of `units`, fetched as the dashboards fetch them: for
    every unit at once (small numbers suppressed), then each unit picked out."""
    ids = [i for i in HEADLINES if "unit" in get(i).breakdowns]
    rows = measures_cache.results(org, ids, [as_at(today)], ("unit",), suppressed=True)
    return {u: _as_cards(rows.filter(pl.col("unit") == u) if rows.height else rows)
            for u in units}


def _as_cards(rows: pl.DataFrame) -> list[dict]:
    by_id = {r["id"]: r for r in rows.iter_rows(named=True)}
    return [{"measure": get(mid), "text": display_value(get(mid), by_id.get(mid)),
             "counts": COUNTS[mid]} for mid in HEADLINES]
