"""`workforce demo-data` makes one demo user per role with a published password; it must never
take over a real account that happens to have the same name."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from workforce_web.accounts.demo_users import DEMO_PASSWORD, ensure_demo_users
from workforce_web.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_a_councils_own_admin_is_left_as_it_is_and_the_others_are_made():
    real = get_user_model().objects.create_user("admin", password="a-private-passphrase")
    Membership.objects.create(user=real, organisation="E09000001", role=Role.ADMIN, units=[])
    out = ensure_demo_users("demo", ["FDA"])
    real.refresh_from_db()
    assert real.check_password("a-private-passphrase")
    assert not real.check_password(DEMO_PASSWORD)
    assert Membership.objects.get(user=real).organisation == "E09000001"
    said = {username: password for username, password, _ in out}
    assert "not changed" in said["admin"]
    assert said["lead"] == DEMO_PASSWORD
    lead = get_user_model().objects.get(username="lead")
    assert lead.check_password(DEMO_PASSWORD)
    assert Membership.objects.get(user=lead).organisation == "demo"


def test_a_superuser_with_no_membership_is_left_as_it_is():
    root = get_user_model().objects.create_superuser("viewer", password="another-secret")
    ensure_demo_users("demo", ["FDA"])
    root.refresh_from_db()
    assert root.check_password("another-secret") and root.is_superuser
    assert not Membership.objects.filter(user=root).exists()


def test_the_demo_users_of_the_demo_organisation_are_reset_each_time():
    ensure_demo_users("demo", ["FDA"])
    manager = get_user_model().objects.get(username="manager")
    manager.set_password("changed-by-someone")
    manager.save()
    ensure_demo_users("demo", ["CIC"])
    manager.refresh_from_db()
    assert manager.check_password(DEMO_PASSWORD)
    assert Membership.objects.get(user=manager).units == ["CIC"]
