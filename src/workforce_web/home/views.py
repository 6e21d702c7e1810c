"""Home: headline figures for the organisation, as at today."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.shortcuts import render

from workforce.measures import get
from workforce.measures.suppression import rule_text
from workforce.measures.windows import as_at
from workforce_web import measures_cache
from workforce_web.accounts.access import require
from workforce_web.formatting import display_value

HEADLINES = ("M45a", "M45", "agency_rate_fte", "vacancy_fte")


def home(request):
    m = require(request)
    today = date.today()
    rows = measures_cache.results(m.organisation, HEADLINES, [as_at(today)])
    by_id = {r["id"]: r for r in rows.iter_rows(named=True)}
    cards = []
    for mid in HEADLINES:
        measure, row = get(mid), by_id.get(mid)
        cards.append({"measure": measure, "text": display_value(measure, row)})
    return render(request, "workforce/home.html",
                  {"cards": cards, "as_at": today,
                   "suppression_rule": rule_text(settings.SUPPRESSION_THRESHOLD)})
