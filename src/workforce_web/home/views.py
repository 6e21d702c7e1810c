"""Home: headline figures as at today. A manager's are for their own unit (with the units below
it), the unit the dashboards open on for them; everyone else's are for the whole organisation."""

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
from workforce_web.accounts.models import Role
from workforce_web.bridge import ledger_version
from workforce_web.dashboards import choices
from workforce_web.dashboards.filters import figures_on, unit_names
from workforce_web.formatting import display_value

HEADLINES = ("M45a", "M45", "agency_rate_fte", "vacancy_fte")


def home(request):
    m = require(request)
    today = figures_on(m.role)  # a viewer's at the last month end, as on the dashboards
    context = {"as_at": today, "suppression_rule": rule_text(settings.SUPPRESSION_THRESHOLD),
               "manager": m.role == Role.MANAGER, "unit": "", "cards": []}
    if context["manager"]:
        # As the dashboards do: a manager's figures are for their default unit, never the
        # whole organisation's.
        units = choices.for_member(m, ledger_version(m.organisation))
        context |= {"unit": units.default, "other_units": len(units.options) > 1}
        if not units.default:
            return render(request, "workforce/home.html", context)
        context["unit_name"] = unit_names(measures_cache.org_ledger(m.organisation).unit).get(
            units.default, units.default)
    context["cards"] = _cards(m.organisation, context["unit"], today)
    return render(request, "workforce/home.html", context)


def _cards(org: str, unit: str, today: date) -> list[dict]:
    """The headline figures for `unit` ("" = the whole organisation), fetched as the dashboards
    fetch them: for every unit at once (small numbers suppressed), then the unit picked out."""
    if unit:
        ids = [i for i in HEADLINES if "unit" in get(i).breakdowns]
        rows = measures_cache.results(org, ids, [as_at(today)], ("unit",), suppressed=True)
        rows = rows.filter(pl.col("unit") == unit) if rows.height else rows
    else:
        rows = measures_cache.results(org, HEADLINES, [as_at(today)])
    by_id = {r["id"]: r for r in rows.iter_rows(named=True)}
    return [{"measure": get(mid), "text": display_value(get(mid), by_id.get(mid))}
            for mid in HEADLINES]
