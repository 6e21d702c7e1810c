"""Demo users, one per role, for the demo organisation (printed by `workforce demo-data`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from workforce_web.accounts.models import Membership, Role

DEMO_PASSWORD = "demo-password-2026"  # a published demo credential, not a secret


def ensure_demo_users(organisation: str, manager_units: list[str]) -> list[tuple[str, str, str]]:
    """Create (or reset) one user per role; return (username, password, role label)."""
    users = [
        ("admin", Role.ADMIN, []),
        ("lead", Role.WORKFORCE_LEAD, []),
        ("manager", Role.MANAGER, manager_units[:1]),
        ("viewer", Role.VIEWER, []),
    ]
    out = []
    model = get_user_model()
    for username, role, units in users:
        user, _ = model.objects.get_or_create(username=username)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.ADMIN
        user.save()
        Membership.objects.update_or_create(
            user=user, defaults={"organisation": organisation, "role": role, "units": units})
        out.append((username, DEMO_PASSWORD, Role(role).label))
    return out
