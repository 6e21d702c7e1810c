"""Manager work lists: person-level, so only roles that see people, only in the member's units,
and every view and download is audited (naming the people the page shows or the file holds),
refused ones too."""

from __future__ import annotations

import hashlib
from datetime import date

import polars as pl
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from workforce.measures.dimensions import units_below
from workforce_web.accounts.access import (
    audit_people,
    in_post_today,
    refusals_audited,
    require,
)
from workforce_web.accounts.models import PERSON_LEVEL_ROLES
from workforce_web.bridge import ledger_version
from workforce_web.dashboards import choices, worklists
from workforce_web.dashboards.filters import as_at_words, unit_names
from workforce_web.dashboards.forms import WorklistForm
from workforce_web.dashboards.tables import Cell, Table
from workforce_web.dashboards.views import file_name, table_response
from workforce_web.measures_cache import org_ledger

_MEMO: dict[tuple, object] = {}
SHOWN = 50  # rows per list on the page; downloads hold every row


def _remember(key: tuple, make):
    if key not in _MEMO:
        if len(_MEMO) > 256:
            _MEMO.clear()
        _MEMO[key] = make()
    return _MEMO[key]


def _lists(org: str, version: int, at: date, threshold: float, units: frozenset[str]
           ) -> dict[str, pl.DataFrame]:
    """Every list for `units`, kept per ledger version, date, threshold and units."""
    def everyone() -> dict[str, pl.DataFrame]:
        ledger = org_ledger(org)
        return {w.key: worklists.people(ledger, w, at, None, threshold)
                for w in worklists.LISTS}

    whole = _remember(("all", org, version, at, threshold), everyone)
    return _remember(("some", org, version, at, threshold, units), lambda: {
        k: v.filter(pl.col("unit").is_in(sorted(units))) for k, v in whole.items()})


def _here_today(org: str, version: int, units: frozenset[str]) -> pl.Series:
    """The people in post today in `units` (`in_post_today`): a manager's work lists, for any
    date, name only them, as their people list and records do."""
    return _remember(("today", org, version, date.today(), units), lambda: in_post_today(
        org_ledger(org).assignment, set(units)).get_column("staff_id").unique().implode())


def _below(org: str, version: int, unit: str) -> set[str]:
    """The unit and every unit under it."""
    return _remember(("below", org, version, unit),
                     lambda: units_below(org_ledger(org).unit, [unit]))


def _chosen(request, m):
    version = ledger_version(m.organisation)
    units = choices.for_member(m, version)
    form = WorklistForm(request.GET)
    unit = form.value("unit", "" if units.whole_org else units.default)
    if unit and unit not in units.codes:
        raise Http404("No such unit in your area.")
    scope = frozenset((_below(m.organisation, version, unit) if unit else units.codes)
                      & units.codes)
    ctx = {"unit": unit, "unit_select": units.select_html(unit),
           "at": form.value("as_at", date.today()), "threshold": form.threshold_value}
    lists = _lists(m.organisation, version, ctx["at"], ctx["threshold"], scope)
    # a manager: only people in post in their units today. What is cached from these lists
    # (the page's sections, its fragment, the downloads) is keyed by it too, so that a lead's
    # lists for the same unit and date are never handed to a manager, nor the other way
    restricted: tuple = ()
    if not units.whole_org:
        restricted = ("in post today", date.today(), frozenset(units.codes))
        here = _here_today(m.organisation, version, frozenset(units.codes))
        lists = {k: v.filter(pl.col("staff_id").is_in(here)) for k, v in lists.items()}
    return ctx, form, lists, (m.organisation, version, ctx["at"], ctx["threshold"], scope,
                              restricted)


def _unit_asked(request, **_) -> str:
    return f"unit={request.GET.get('unit') or 'all'}"


@refusals_audited("view_worklist", _unit_asked)
def worklist(request):
    m = require(request, *PERSON_LEVEL_ROLES)
    ctx, form, lists, key = _chosen(request, m)
    audit_people(request, "view_worklist", f"unit={ctx['unit'] or 'all'} at={ctx['at']}",
                 [s for w in worklists.LISTS for s in lists[w.key].head(SHOWN)["staff_id"]])
    sections = _remember(("sections", *key), lambda: [
        {"list": w, "table": as_table(w, lists[w.key].head(SHOWN), _names(*key[:2])),
         "count": lists[w.key]["staff_id"].n_unique(), "rows": lists[w.key].height,
         "counted": w.counted(lists[w.key]["staff_id"].n_unique(), lists[w.key].height),
         "more": max(0, lists[w.key].height - SHOWN)} for w in worklists.LISTS])
    # the fragment's download links name the unit chosen, which `key` does not (a unit with
    # every unit below it is the same people as none: the whole organisation)
    return render(request, "dashboards/worklist.html", {
        **ctx, "form": form, "sections": sections, "date_range": as_at_words(),
        "sections_key": hashlib.sha256(repr((key, ctx["unit"])).encode()).hexdigest()})


@refusals_audited("export_worklist", lambda request, key, fmt: f"{key}.{fmt} "
                                                               f"{_unit_asked(request)}")
def worklist_download(request, key: str, fmt: str):
    m = require(request, *PERSON_LEVEL_ROLES)
    if key not in worklists.BY_KEY or fmt not in ("csv", "xlsx"):
        raise Http404("No such list.")
    ctx, _, lists, memo = _chosen(request, m)
    # as the page's entry, naming the people the file holds: every row, not the page's first
    audit_people(request, "export_worklist",
                 f"{key}.{fmt} unit={ctx['unit'] or 'all'} at={ctx['at']}",
                 lists[key]["staff_id"])
    return table_response(as_table(worklists.BY_KEY[key], lists[key], _names(*memo[:2])),
                          download_name(key, ctx), fmt, repr(memo))


def download_name(key: str, ctx: dict) -> str:
    """A work list's file name says what it holds, as the dashboards' downloads do: the list,
    the unit (none: every unit the reader sees), the caseload threshold for the caseload
    list, and the date (`worklist-caseload-FDA-above-20-2026-12-07`)."""
    above = f"above-{ctx['threshold']:g}" if key == "caseload" else ""
    return file_name("worklist", key, ctx["unit"], above, ctx["at"].isoformat())


def _names(org: str, version: int) -> dict[str, str]:
    """Unit names as the dashboards show them (units sharing a name told apart)."""
    return _remember(("names", org, version), lambda: unit_names(org_ledger(org).unit))


def as_table(w: worklists.WorkList, rows: pl.DataFrame, names: dict[str, str] | None = None
             ) -> Table:
    """A work list as a downloadable table, the same columns as the page."""
    names = names or {}
    t = Table(w.title, ["Name", "Staff number", "Unit", *[h for _, h in w.columns]],
              notes=[w.rule, "Person-level data: keep it secure and delete it when done."])
    for r in rows.iter_rows(named=True):
        t.add(Cell(r["name"] or r["staff_id"], href=reverse("person", args=[r["staff_id"]])),
              r["staff_id"], names.get(r["unit"]) or r["unit_name"] or r["unit"],
              *[_text(r[c]) for c, _ in w.columns])
    return t


def _text(value) -> Cell:
    if value is None:
        return Cell("None recorded")
    if isinstance(value, float):
        return Cell(f"{value:.1f}", round(value, 1))
    if isinstance(value, date):
        return Cell(value.isoformat())
    return Cell(str(value))
