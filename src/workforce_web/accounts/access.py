"""Access checks for views: role, organisation and unit scope, and auditing.

Views call `require(request, *roles)` first, then `people_in_scope` / `get_person_or_404` for
person-level data, and `audit(request, action, detail)` whenever person-level data is shown or
exported.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from workforce.measures.dimensions import unit_ancestors
from workforce_web.accounts.models import AuditEvent, Membership, Role
from workforce_web.bridge import load_table


def membership(request: HttpRequest) -> Membership:
    m = getattr(request.user, "membership", None) if request.user.is_authenticated else None
    if m is None:
        raise PermissionDenied("Your account has no role in any organisation.")
    return m


def require(request: HttpRequest, *roles: str) -> Membership:
    """Return the user's membership, or raise 403 if their role is not one of `roles`."""
    m = membership(request)
    if roles and m.role not in roles:
        raise PermissionDenied("Your role does not give access to this page.")
    return m


def units_in_scope(m: Membership) -> set[str] | None:
    """Unit codes the member may see person-level data for; None means the whole
    organisation."""
    if m.whole_organisation:
        return None
    if m.role != Role.MANAGER:
        return set()
    anc = unit_ancestors(load_table("unit", m.organisation))
    return set(anc.filter(anc["ancestor"].is_in(m.units))["unit"].to_list())


def check_unit(m: Membership, unit: str) -> None:
    scope = units_in_scope(m)
    if scope is not None and unit not in scope:
        raise Http404("No such unit in your area.")


def audit(request: HttpRequest, action: str, detail: str = "") -> None:
    m = membership(request)
    AuditEvent.objects.create(user=request.user, username=request.user.get_username(),
                              organisation=m.organisation, action=action,
                              path=request.get_full_path()[:500], detail=detail[:500])
