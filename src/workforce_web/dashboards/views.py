"""Dashboard pages and their downloads. Every view looks up, authorises, makes one call and
renders; every download is audited.

Viewers, managers, workforce leads and admins all see dashboards of their own organisation;
managers only for their own units (and those below). Aggregates are always suppressed.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from workforce.benchmarks import RAG_RULES
from workforce.measures.suppression import rule_text
from workforce_web.accounts.access import audit, require, units_in_scope
from workforce_web.accounts.models import Membership, Role
from workforce_web.bridge import ledger_version
from workforce_web.dashboards import assemble, filters
from workforce_web.dashboards.pages import BY_SLUG, PAGES
from workforce_web.dashboards.summary import TRAVEL_RULE
from workforce_web.dashboards.tables import Table, to_csv, to_xlsx
from workforce_web.measures_cache import org_ledger

TYPES = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


_OPTIONS: dict[tuple, list[dict]] = {}


def unit_choices(m: Membership) -> tuple[list[dict], bool, str]:
    """(units the member may choose, whether 'whole organisation' is allowed, default unit),
    kept per ledger version and member scope."""
    manager = m.role == Role.MANAGER
    key = (m.organisation, ledger_version(m.organisation), manager, tuple(m.units))
    if key not in _OPTIONS:
        if len(_OPTIONS) > 256:
            _OPTIONS.clear()
        _OPTIONS[key] = filters.unit_options(org_ledger(m.organisation).unit,
                                             units_in_scope(m) if manager else None)
    options = _OPTIONS[key]
    default = next((u for u in m.units if any(o["code"] == u for o in options)), "")
    return options, not manager, default if manager else ""


def _view(request, slug: str):
    m = require(request)
    if slug not in BY_SLUG:
        raise Http404("No such dashboard.")
    options, whole, default = unit_choices(m)
    chosen, form = filters.parse(request.GET, options, whole, default)
    return m, options, whole, form, assemble.page_view(m.organisation, slug, chosen)


def dashboard(request, slug: str = "overview"):
    m, options, whole, form, view = _view(request, slug)
    template = "dashboards/overview.html" if slug == "overview" else "dashboards/page.html"
    return render(request, template, {
        "view": view, "f": view.scope.filters, "form": form, "units": options,
        "whole_org": whole, "pages": PAGES, "periods": filters.PERIODS,
        "compare_choices": filters.COMPARE, "groups": form.fields["group"].choices,
        "suppression_rule": rule_text(), "rag_rules": RAG_RULES, "travel_rule": TRAVEL_RULE,
        "can_edit": m.can_edit, "units_key": _options_key(m)})


def _options_key(m: Membership) -> str:
    """Names the member's unit choices in the template fragment cache."""
    return f"{m.organisation}:{ledger_version(m.organisation)}:{m.role}:{','.join(m.units)}"


def download(request, slug: str, key: str, fmt: str):
    _, _, _, _, view = _view(request, slug)
    table = view.table(key)
    if table is None or fmt not in TYPES:
        raise Http404("No such table.")
    audit(request, "export_dashboard", f"{slug}/{key}.{fmt}")
    return table_response(table, f"{slug}-{key}", fmt)


def table_response(table: Table, name: str, fmt: str) -> HttpResponse:
    """A table as a CSV or XLSX attachment."""
    body = to_csv(table) if fmt == "csv" else to_xlsx(table)
    response = HttpResponse(body, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
