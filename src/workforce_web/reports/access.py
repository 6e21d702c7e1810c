"""Who may produce, read and download which reports. Every role reads and downloads the
reports of its scope, viewers included, because a report holds only aggregates and every
figure in it is suppressed. Viewers (board members, read-only) do not produce reports, which
would join everyone's list, nor write the commentary: they read what the workforce lead,
administrators and managers produce and write (`may_produce`, `may_edit`). Managers report on
their own units (and those below) only, as on the dashboards. Another organisation's report,
or another unit's for a manager, is "not found", so its existence is not revealed.

A unit's report lists the strategy's targets for the whole organisation and for the unit and
the units below it only (`workforce.reports.goals.for_report`), whoever produces it: so a
manager's report holds no target `strategy.access.sees_target` hides from them."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from workforce_web.accounts.access import require, units_in_scope
from workforce_web.accounts.models import Membership, Role
from workforce_web.dashboards.filters import unit_options
from workforce_web.measures_cache import org_ledger
from workforce_web.reports.models import Report


def scope_of(m: Membership) -> set[str] | None:
    """Units the member may report on; None means any unit and the whole organisation."""
    return units_in_scope(m) if m.role == Role.MANAGER else None


def units_for(m: Membership) -> list[dict]:
    """The units the member may choose, in hierarchy order."""
    return unit_options(org_ledger(m.organisation).unit, scope_of(m))


def may_produce(m: Membership) -> bool:
    """Whether the member may produce a report (open one for a quarter and scope, which
    adds it to the list everyone of its scope reads): not a viewer, who is read-only."""
    return m.role != Role.VIEWER


def may_edit(m: Membership, report: Report) -> bool:
    """Whether the member may write the report's commentary: not a viewer (read-only; the
    board reads what the lead and managers write), and a manager only on their own units'
    reports."""
    return may_produce(m) and may_see(m, report)


def may_see(m: Membership, report: Report) -> bool:
    scope = scope_of(m)
    return scope is None or (bool(report.unit) and report.unit in scope)


def get_report(request: HttpRequest, pk: int) -> tuple[Membership, Report]:
    """The member and their organisation's report `pk`, or 404."""
    m = require(request)
    report = get_object_or_404(Report, pk=pk, organisation=m.organisation)
    if not may_see(m, report):
        raise Http404("No such report.")
    return m, report
