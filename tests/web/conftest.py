"""Personas: a workforce lead, a manager of team A, a manager of team B, a board viewer, an
admin, and a lead of another organisation, over a tiny two-organisation ledger."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from django.contrib.auth import get_user_model

from workforce_web.accounts.models import Membership, Role
from workforce_web.bridge import store_tables

PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test's database starts again at ledger version 1, so forget what earlier tests
    cached in the process (dashboard memos, ledgers by version, Django's caches)."""
    from django.core.cache import caches

    from workforce_web import measures_cache
    from workforce_web.dashboards import assemble, choices, target_views, views, worklist_views

    for memo in (assemble._MEMO, choices._MEMO, views._FILES, target_views._MEMO,
                 worklist_views._MEMO):
        memo.clear()
    measures_cache._LEDGERS.clear()
    for cache in caches.all(initialized_only=False):  # measure results, reports
        cache.clear()


def stored_demo_lead(django_user_model, today, staff: int = 120, years: int = 3, seed: int = 5):
    """A small demo organisation stored in the test database with a workforce lead signed up
    as `demo-lead`: (ledger, organisation code, user, the first service's code)."""
    from workforce.demo import generate
    from workforce_web.accounts.models import Membership, Role
    from workforce_web.bridge import store_tables

    ledger = generate(staff=staff, years=years, seed=seed, today=today)
    store_tables(dict(ledger.frames))
    org = ledger.organisations[0]
    user = django_user_model.objects.create_user("demo-lead", password="x")
    Membership.objects.create(user=user, organisation=org, role=Role.WORKFORCE_LEAD)
    service = ledger.unit.filter(pl.col("kind") == "service")["code"][0]
    return ledger, org, user, service


def tiny_tables(org: str = "T1") -> dict[str, pl.DataFrame]:
    """Two teams (A, B) under one service; one social worker in each; one agency worker."""
    d = date(2020, 1, 1)
    return {
        "organisation": pl.DataFrame({"code": [org], "name": [f"Test council {org}"],
                                      "old_la_code": ["333"]}),
        "unit": pl.DataFrame({
            "organisation": [org] * 4, "code": [f"{org}-D", f"{org}-S", f"{org}-A", f"{org}-B"],
            "name": ["Directorate", "Service", "Team A", "Team B"],
            "kind": ["directorate", "service", "team", "team"],
            "parent": [None, f"{org}-D", f"{org}-S", f"{org}-S"]}),
        "person": pl.DataFrame({
            "organisation": [org] * 3, "staff_id": [f"{org}p1", f"{org}p2", f"{org}p3"],
            "name": ["Alice Able", "Bob Baker", "Cara Cole"], "sex": ["F", "M", "F"],
            "ethnicity": ["WBRI", "BAFR", "NOBT"], "disability": ["N", "N", "U"],
            "birth_date": [date(1985, 5, 1), date(1990, 2, 3), None]}),
        "assignment": pl.DataFrame({
            "organisation": [org] * 3, "assignment_id": ["a1", "a2", "a3"],
            "staff_id": [f"{org}p1", f"{org}p2", f"{org}p3"],
            "unit": [f"{org}-A", f"{org}-B", f"{org}-A"],
            "contract": ["permanent", "permanent", "agency"],
            "staff_group": ["social_worker"] * 3, "org_role": ["5", "5", "5"],
            "job_title": ["Social worker"] * 3, "fte": [1.0, 0.8, 1.0],
            "start_date": [d, d, d], "end_date": [None, None, None]}),
    }


@pytest.fixture
def orgs(db):
    store_tables(tiny_tables("T1"))
    store_tables(tiny_tables("T2"))


def _user(username: str, org: str, role: str, units=()) -> object:
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, role=role, units=list(units))
    return user


@pytest.fixture
def personas(orgs):
    return {
        "admin": _user("admin", "T1", Role.ADMIN),
        "lead": _user("lead", "T1", Role.WORKFORCE_LEAD),
        "manager_a": _user("manager_a", "T1", Role.MANAGER, ["T1-A"]),
        "manager_b": _user("manager_b", "T1", Role.MANAGER, ["T1-B"]),
        "viewer": _user("viewer", "T1", Role.VIEWER),
        "other_org": _user("other", "T2", Role.WORKFORCE_LEAD),
    }


@pytest.fixture
def as_user(client, personas):
    def login(name: str):
        client.force_login(personas[name])
        return client
    return login


@pytest.fixture
def engine_calls(monkeypatch):
    """The measure ids of each `engine.run` call while the test runs (a cache test counts
    how often the measures are computed)."""
    from workforce.measures import engine

    calls = []
    run = engine.run

    def counting(*args, **kwargs):
        calls.append(args[1])
        return run(*args, **kwargs)

    monkeypatch.setattr(engine, "run", counting)
    return calls
