"""Who may see and change the plan.

Everyone with a role in the organisation reads it, except that a manager reads only the whole
organisation's targets and those for their own units and the units below them
(`units_in_scope`, the units the dashboards and board reports offer them): another unit's
target is left out of every page, review and export, and its own page is "not found".
Workforce leads (and administrators) edit everything. An action's owner updates their own
action: its status, RAG override and progress updates. Anything of another organisation is
"not found", never "forbidden", so its existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from workforce_web.accounts.access import require, units_in_scope
from workforce_web.accounts.models import EDITOR_ROLES, Membership, Role
from workforce_web.strategy.models import Action, Strategy, Target


def get_for_user(request: HttpRequest, model: type, pk: int, editor: bool = False,
                 via: str = "strategy__organisation") -> tuple[Membership, Any]:
    """The member and the `model` row `pk` of their organisation (404 otherwise); with
    `editor`, 403 unless the member edits the plan."""
    m = require(request, *EDITOR_ROLES) if editor else require(request)
    return m, get_object_or_404(model, pk=pk, **{via: m.organisation})


def get_strategy(request: HttpRequest, pk: int, editor: bool = False
                 ) -> tuple[Membership, Strategy]:
    return get_for_user(request, Strategy, pk, editor, via="organisation")


def target_units(m: Membership) -> set[str] | None:
    """The units whose targets the member reads besides the whole organisation's; None: every
    unit's (everyone but a manager reads every unit's figures on the dashboards too)."""
    return units_in_scope(m) if m.role == Role.MANAGER else None


def sees_target(units: set[str] | None, scope_unit: str | None) -> bool:
    """Whether a reader of `units` (`target_units`) reads a target scoped to `scope_unit`
    ("" for the whole organisation)."""
    return units is None or not scope_unit or scope_unit in units


def check_target(m: Membership, target: Target) -> None:
    """404 for a target the member does not read, as for another organisation's."""
    if not sees_target(target_units(m), target.scope_unit):
        raise Http404("No such target in your area.")


def can_update_action(m: Membership, user: Any, action: Action) -> bool:
    """Leads update every action; an owner updates their own."""
    return m.can_edit or (action.owner_id is not None and action.owner_id == user.pk)


def get_action_to_update(request: HttpRequest, pk: int) -> tuple[Membership, Action]:
    """The action, if the user may update it: 403 for a reader who does not own it."""
    m, action = get_for_user(request, Action, pk)
    if not can_update_action(m, request.user, action):
        raise PermissionDenied("Only the action's owner or a workforce lead can update it.")
    return m, action
