"""Dashboard pages and their downloads. Every view looks up, authorises, makes one call and
renders; every download is audited.

Viewers, managers, workforce leads and admins all see dashboards of their own organisation;
managers only for their own units (and those below). Aggregates are always suppressed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from workforce.benchmarks import RAG_RULES
from workforce.measures.suppression import rule_text
from workforce_web.accounts.access import audit, require
from workforce_web.accounts.models import Role
from workforce_web.bridge import ledger_version
from workforce_web.dashboards import assemble, choices, filters
from workforce_web.dashboards.goals import STRATEGY_RULES
from workforce_web.dashboards.pages import BY_SLUG, PAGES
from workforce_web.dashboards.summary import TRAVEL_RULE
from workforce_web.dashboards.tables import Table, to_csv, to_xlsx

TYPES = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _view(request, slug: str):
    m = require(request)
    if slug not in BY_SLUG:
        raise Http404("No such dashboard.")
    version = ledger_version(m.organisation)
    units = choices.for_member(m, version)
    if not units.whole_org and not units.options:  # a manager given no units yet
        raise PermissionDenied("Your account has no units yet: ask your workforce lead to "
                               "add the units you manage.")
    chosen, form = filters.parse(request.GET, units.options, units.whole_org, units.default)
    chosen = replace(chosen, at=filters.figures_on(m.role, chosen.at))  # viewers: month ends
    return m, units, form, assemble.page_view(m.organisation, slug, chosen, version,
                                              readable=units.scope)


def dashboard(request, slug: str = "overview"):
    m, units, form, view = _view(request, slug)
    template = "dashboards/overview.html" if slug == "overview" else "dashboards/page.html"
    return render(request, template, {
        "view": view, "f": view.scope.filters, "form": form, "units": units,
        "unit_select": units.select_html(view.scope.filters.unit), "pages": PAGES,
        "periods": filters.PERIODS, "compare_choices": filters.COMPARE,
        "groups": form.fields["group"].choices,
        "suppression_rule": rule_text(settings.SUPPRESSION_THRESHOLD),
        "hidden_because": hidden_because(settings.SUPPRESSION_THRESHOLD),
        "rag_rules": RAG_RULES, "strategy_rules": STRATEGY_RULES, "travel_rule": TRAVEL_RULE,
        "can_edit": m.can_edit, "date_range": filters.as_at_words(),
        "month_ends": m.role == Role.VIEWER})


def hidden_because(threshold: int) -> str:
    """Why a figure is hidden, in a clause (`suppression.rule_text` says it at length): a
    figure about few people, or one hidden with it so that it cannot be worked out."""
    return (f"it would describe fewer than {threshold} people, or would let such a figure be "
            "worked out from others shown")


def download(request, slug: str, key: str, fmt: str):
    _, _, _, view = _view(request, slug)
    table = view.table(key)
    if table is None or fmt not in TYPES:
        raise Http404("No such table.")
    audit(request, "export_dashboard", f"{slug}/{key}.{fmt}")
    return table_response(table, download_name(slug, key, view.scope.filters), fmt, view.key)


def download_name(slug: str, key: str, chosen: filters.Filters) -> str:
    """A download's file name says what it holds: the page and table, then the unit (none:
    the whole organisation), the staff group and the date, so that downloads for different
    units or dates can be told apart (`profile-sex-bars-FDA-social_worker-2026-11-30`)."""
    return file_name(slug, key, chosen.unit, chosen.group, chosen.at.isoformat())


def file_name(*parts: str) -> str:
    """The parts that are not empty joined by '-', each with anything but letters, digits,
    '_', '.' and '-' made '_' (a unit code goes into a file name as it is)."""
    return "-".join(re.sub(r"[^A-Za-z0-9_.-]+", "_", p) for p in parts if p)


_FILES: dict[tuple, str | bytes] = {}


def table_response(table: Table, name: str, fmt: str, memo: str = "") -> HttpResponse:
    """A table as a CSV or XLSX attachment (kept per `memo` key when one is given)."""
    key = (memo, name, fmt)
    body = _FILES.get(key) if memo else None
    if body is None:
        body = to_csv(table) if fmt == "csv" else to_xlsx(table)
        if memo:
            if len(_FILES) > 512:
                _FILES.clear()
            _FILES[key] = body
    response = HttpResponse(body, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
