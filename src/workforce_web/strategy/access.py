"""Who may see and change the plan.

Everyone with a role in the organisation reads it. Workforce leads (and administrators) edit
everything. An action's owner updates their own action: its status, RAG override and progress
updates. Anything of another organisation is "not found", never "forbidden", so its existence
is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from workforce_web.accounts.access import require
from workforce_web.accounts.models import EDITOR_ROLES, Membership
from workforce_web.strategy.models import Action, Strategy


def get_for_user(request: HttpRequest, model: type, pk: int, editor: bool = False,
                 via: str = "strategy__organisation") -> tuple[Membership, Any]:
    """The member and the `model` row `pk` of their organisation (404 otherwise); with
    `editor`, 403 unless the member edits the plan."""
    m = require(request, *EDITOR_ROLES) if editor else require(request)
    return m, get_object_or_404(model, pk=pk, **{via: m.organisation})


def get_strategy(request: HttpRequest, pk: int, editor: bool = False
                 ) -> tuple[Membership, Strategy]:
    return get_for_user(request, Strategy, pk, editor, via="organisation")


def can_update_action(m: Membership, user: Any, action: Action) -> bool:
    """Leads update every action; an owner updates their own."""
    return m.can_edit or (action.owner_id is not None and action.owner_id == user.pk)


def get_action_to_update(request: HttpRequest, pk: int) -> tuple[Membership, Action]:
    """The action, if the user may update it: 403 for a reader who does not own it."""
    m, action = get_for_user(request, Action, pk)
    if not can_update_action(m, request.user, action):
        raise PermissionDenied("Only the action's owner or a workforce lead can update it.")
    return m, action
