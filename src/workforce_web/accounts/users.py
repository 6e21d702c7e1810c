"""Who may sign in, in which organisation and role, and for managers which units: users added,
changed and listed (by `workforce users`), each change written to the audit log.

A user belongs to one organisation (`Membership`). Roles are those of `Role`; a manager sees
their units and the units below them, so a manager needs at least one unit of the
organisation's structure, and other roles have none (they see the whole organisation). A
user is never moved from one organisation to another here: that would hand one council's
records to another's staff by a typing slip; remove the user's access and add them again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from workforce_web.accounts.access import audit_command
from workforce_web.accounts.models import Membership, Role
from workforce_web.bridge import load_table

ROLE_NAMES = {"admin": Role.ADMIN, "administrator": Role.ADMIN, "lead": Role.WORKFORCE_LEAD,
              "workforce_lead": Role.WORKFORCE_LEAD, "manager": Role.MANAGER,
              "viewer": Role.VIEWER}
"""The role names a command accepts (the short ones and the stored codes)."""


class UserProblem(ValueError):
    """A change that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Member:
    """One user as listed."""

    username: str
    name: str
    email: str
    role: str
    units: tuple[str, ...]
    active: bool
    last_login: str


def members(organisation: str) -> list[Member]:
    """The organisation's users, by username."""
    found = Membership.objects.filter(organisation=organisation).select_related("user")
    return sorted((Member(m.user.get_username(), m.user.get_full_name(), m.user.email,
                          Role(m.role).label, tuple(m.units), m.user.is_active,
                          f"{m.user.last_login:%Y-%m-%d %H:%M}" if m.user.last_login else "")
                   for m in found), key=lambda m: m.username)


def role_of(name: str) -> str:
    """The stored role a name gives, or UserProblem listing the names."""
    role = ROLE_NAMES.get(name.strip().lower().replace(" ", "_").replace("-", "_"))
    if role is None:
        raise UserProblem(f"There is no role {name!r}: use admin, lead, manager or viewer.")
    return role


def new_password() -> str:
    """A password to hand to a user: 16 random letters, digits, "-" and "_" (96 bits). Only
    `workforce users ... --generate-password FILE` makes one, and writes it to that file:
    it is never printed."""
    return secrets.token_urlsafe(12)


@transaction.atomic
def save_member(who: str, command: str, organisation: str, username: str, *,
                create: bool = False, role: str | None = None,
                units: list[str] | None = None, name: str | None = None,
                email: str | None = None, active: bool | None = None,
                password: str | None = None) -> list[str]:
    """Add (`create`) or change a user of `organisation`; the changes in words, each written
    to the audit log as done by `who` with `command` (a new password as "new password",
    never the password itself). UserProblem, and nothing changed, when the user exists
    (adding) or does not (changing), belongs to another organisation, the role and units do
    not fit, or the password validators refuse the password."""
    model = get_user_model()
    user = model.objects.filter(username=username).first()
    if create and user is None:  # "Alice" beside "alice" would be two accounts of one name
        user = model.objects.filter(username__iexact=username).first()
    if create and user is not None:
        raise UserProblem(f"There is already a user {user.get_username()!r}: change them "
                          "with `workforce users set`.")
    if not create and user is None:
        raise UserProblem(f"There is no user {username!r}: add them with `workforce users add`.")
    member = Membership.objects.filter(user=user).first() if user is not None else None
    if member is not None and member.organisation != organisation:
        raise UserProblem(f"{username!r} is a user of organisation {member.organisation}, not "
                          f"{organisation}: a user is never moved between organisations.")
    role = role or (member.role if member else None)
    if role is None:
        raise UserProblem("Give the user's role with --role (admin, lead, manager or viewer).")
    if units is None:  # as they were for a manager staying one; none for other roles
        units = list(member.units) if member and role == Role.MANAGER else []
    if role == Role.MANAGER:
        _check_units(organisation, units)
    elif units:
        raise UserProblem(f"Only managers have units: a {Role(role).label.lower()} sees the "
                          "whole organisation. Leave out --unit, or make them a manager.")
    if member is not None and member.role == Role.ADMIN and user.is_active and (
            role != Role.ADMIN or active is False) and not Membership.objects.filter(
            organisation=organisation, role=Role.ADMIN, user__is_active=True).exclude(
            pk=member.pk).exists():
        raise UserProblem(f"{username!r} is the organisation's only administrator: add "
                          "another administrator first, so that someone can still manage "
                          "users and read the audit log.")
    changes = []
    if user is None:
        user = model.objects.create(username=username)
        changes.append("added")
    before = (member.role, list(member.units)) if member else None
    if before != (role, units):
        Membership.objects.update_or_create(user=user, defaults={
            "organisation": organisation, "role": role, "units": units})
        if before is not None and before[0] != role:
            changes.append(f"role {Role(before[0]).label} → {Role(role).label}")
        elif before is None:
            changes.append(f"role {Role(role).label}")
        if (before is None or before[1] != units) and units:
            changes.append(f"units {', '.join(units)}")
        elif before is not None and before[1] != units:
            changes.append("units removed")
    if name is not None and name != user.get_full_name():
        first, _, last = name.strip().partition(" ")
        user.first_name, user.last_name = first, last
        changes.append(f"name {name!r}")
    if email is not None and email != user.email:
        user.email = email
        changes.append(f"email {email!r}")
    if active is not None and active != user.is_active:
        user.is_active = active
        changes.append("access restored" if active else "access removed")
    if password is not None:
        _check_password(password, user)
        user.set_password(password)
        changes.append("new password")
    user.is_staff = role == Role.ADMIN
    user.save()
    for change in changes:
        audit_command(who, organisation, "user_changed", command, f"{username}: {change}")
    return changes


def _check_password(password: str, user) -> None:  # noqa: ANN001
    """UserProblem, in the words of Django's password validators (the settings'
    AUTH_PASSWORD_VALIDATORS, judged against the user's name and email), for a password they
    refuse. Raised inside `save_member`'s transaction, so nothing of the change is kept."""
    if not password:
        raise UserProblem("The password is empty: nothing was changed.")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise UserProblem(f"The password was refused: {' '.join(exc.messages)} Nothing was "
                          "changed.") from None


def _check_units(organisation: str, units: list[str]) -> None:
    if not units:
        raise UserProblem("A manager needs at least one unit (--unit CODE): they see their "
                          "units and the units below them.")
    known = set(load_table("unit", organisation)["code"].to_list())
    unknown = [u for u in units if u not in known]
    if unknown:
        raise UserProblem(f"Organisation {organisation} has no unit {', '.join(unknown)}: use "
                          "unit codes from its structure (see its unit.csv, or the Unit list on "
                          "the dashboards).")
