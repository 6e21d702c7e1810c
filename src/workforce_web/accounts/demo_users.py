"""Demo users, one per role, for the demo organisation (printed by `workforce demo-data`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from workforce_web.accounts.models import Membership, Role

DEMO_PASSWORD = "demo-password-2026"  # a published demo credential, not a secret


def ensure_demo_users(organisation: str, manager_units: list[str]) -> list[tuple[str, str, str]]:
    """Create (or reset) one user per role; return (username, password, role label). A user
    of that name who is not a member of `organisation` (a council's own administrator called
    "admin", a superuser with no membership) is left exactly as they are, and their line says
    so instead of giving a password: the demo's published password must never open a real
    account, nor move it to the demo organisation."""
    users = [
        ("admin", Role.ADMIN, []),
        ("lead", Role.WORKFORCE_LEAD, []),
        ("manager", Role.MANAGER, manager_units[:1]),
        ("viewer", Role.VIEWER, []),
    ]
    out = []
    model = get_user_model()
    for username, role, units in users:
        user = model.objects.filter(username=username).first()
        if user is not None and not Membership.objects.filter(
                user=user, organisation=organisation).exists():
            out.append((username, f"(not changed: {username!r} is a user outside the demo "
                        "organisation; sign in as another demo user)", Role(role).label))
            continue
        user = user or model.objects.create(username=username)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.ADMIN
        user.save()
        Membership.objects.update_or_create(
            user=user, defaults={"organisation": organisation, "role": role, "units": units})
        out.append((username, DEMO_PASSWORD, Role(role).label))
    return out
