"""An action's owner is checked when the workbook is read, before the import waits for the
plan's lock; a user removed while it waits is no longer there when it stores. The import
is then refused, naming the action's row and its Owner cell, and stores nothing. Before,
the action was stored with no owner, and nobody was told.

A user whose access was ended (`workforce users set --no-access`) is still one of the
organisation's users: an action may be theirs, on the action form as in a workbook, so an
import that waited while their access ended stores them as its owner, as it would have
before.

A user deleted after that check under the lock, before the import commits (by a writer that takes
none of the plan's locks, such as a deletion in a Django shell or SQL: the product has no admin
site), left an action whose owner is no user: the database refused it as the import committed, a
server error. The import is refused the same way, naming the Owner cell, and stores nothing."""

from __future__ import annotations

import html
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import import XLSX, _problem_rows
from tests.web.threads import holding, in_thread, postgresql_only
from workforce.strategy.workbook_write import export
from workforce_web.accounts.models import Membership, Role
from workforce_web.strategy import services, store
from workforce_web.strategy.models import Action, Change
from workforce_web.strategy.store import save_plan

A1, A2 = PLAN.actions
GIVEN = replace(PLAN, actions=(A1, replace(A2, owner="kim", title="Train 40 first aiders")))
"""The plan with A2 (row 3 of the Actions sheet) given to kim, and retitled."""


@pytest.fixture
def kim(personas, django_user_model):
    user = django_user_model.objects.create_user("kim")
    Membership.objects.create(user=user, organisation="T1", role=Role.MANAGER,
                              units=["T1-A"])
    return user


@pytest.fixture
def strategy(kim):
    return save_plan(PLAN, None).strategy


def _while_waiting(monkeypatch, change) -> None:
    """Make `change` happen once the import has read its workbook, as it takes the locks
    (on PostgreSQL, as though made by another writer the import waited for)."""
    real = services.lock_strategies

    def lock_strategies(organisation: str) -> None:
        change()
        real(organisation)

    monkeypatch.setattr(services, "lock_strategies", lock_strategies)


def _import(user):
    return services.import_workbook("T1", export(GIVEN), "plan.xlsx", user)


def test_an_owner_deleted_while_the_import_waits_refuses_it_and_nothing_is_stored(
        strategy, kim, personas, monkeypatch):
    before = Change.objects.count()
    _while_waiting(monkeypatch, kim.delete)
    stored, problems = _import(personas["lead"])
    assert stored is None
    [p] = problems
    assert (p.file, p.sheet, p.row, p.column, p.value) == ("plan.xlsx", "Actions", 3, "Owner",
                                                           "kim")
    assert p.message == ("Nobody in the organisation has this username now: the user was "
                         "removed while the import waited for another change to the plan")
    a2 = Action.objects.get(strategy=strategy, ref="A2")
    assert (a2.owner, a2.title) == (None, A2.title)
    assert Change.objects.count() == before


def test_an_owner_whose_access_ended_while_the_import_waits_is_stored_as_its_owner(
        strategy, kim, personas, monkeypatch):
    def no_access():
        kim.is_active = False
        kim.save()

    _while_waiting(monkeypatch, no_access)
    stored, problems = _import(personas["lead"])
    assert problems == [] and stored is not None
    a2 = Action.objects.get(strategy=strategy, ref="A2")
    assert (a2.owner, a2.title) == (kim, "Train 40 first aiders")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_owner_deleted_by_another_writer_the_import_waited_for_refuses_it(
        personas, django_user_model):
    kim = django_user_model.objects.create_user("kim")
    Membership.objects.create(user=kim, organisation="T1", role=Role.MANAGER,
                              units=["T1-A"])
    strategy = save_plan(PLAN, None).strategy
    errors: list = []

    def remove_kim():  # holding every strategy's lock, as a tracked measure's save does
        services.lock_plan(strategy, "tracked")
        django_user_model.objects.filter(username="kim").delete()

    thread, _ = holding(remove_kim, errors, 1.0)
    stored, problems = _import(personas["lead"])  # reads kim, then waits for the lock
    thread.join(30)
    assert errors == [] and stored is None
    assert [(p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("Actions", 3, "Owner", "kim")]
    assert Action.objects.get(strategy=strategy, ref="A2").title == A2.title


STORING = ("Nobody in the organisation has this username now: the user was removed while the "
           "import was storing the plan")


def _after_the_check(monkeypatch, change) -> None:
    """Make `change` happen once the import has checked the owners under the plan's lock
    (`storable.check`), before it writes the actions."""
    real = store.check

    def check(*args, **kwargs) -> None:
        real(*args, **kwargs)
        change()

    monkeypatch.setattr(store, "check", check)


@pytest.mark.django_db(transaction=True)  # the import commits, and the database checks then
def test_an_owner_deleted_after_the_check_under_the_lock_refuses_the_import_on_the_page(
        personas, as_user, django_user_model, monkeypatch):
    kim = django_user_model.objects.create_user("kim")
    Membership.objects.create(user=kim, organisation="T1", role=Role.MANAGER,
                              units=["T1-A"])
    strategy = save_plan(PLAN, None).strategy
    before = Change.objects.count()
    # in the import's own transaction (SQLite has one writer at a time): as a deletion
    # another writer committed in between leaves the database
    _after_the_check(monkeypatch, lambda: django_user_model.objects.get(
        username="kim").delete())
    response = as_user("lead").post("/strategy/import/", {
        "file": SimpleUploadedFile("plan.xlsx", export(GIVEN), XLSX)})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "The workbook was not imported: nothing from it was stored" in page
    [cells] = _problem_rows(response.content.decode())
    assert cells == ["plan.xlsx", "Actions", "3", "Owner", "kim",
                     f"{STORING}. Use the owner's username, or leave it empty and give an "
                     "owner name."]
    a2 = Action.objects.get(strategy=strategy, ref="A2")
    assert (a2.owner, a2.title) == (None, A2.title)
    assert Change.objects.count() == before
    assert django_user_model.objects.filter(pk=kim.pk).exists()  # (deleted in the import)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_owner_deleted_by_another_writer_after_the_check_under_the_lock_refuses_it(
        personas, django_user_model, monkeypatch):
    kim = django_user_model.objects.create_user("kim")
    Membership.objects.create(user=kim, organisation="T1", role=Role.MANAGER,
                              units=["T1-A"])
    strategy = save_plan(PLAN, None).strategy
    errors: list = []

    def remove_kim() -> None:  # committed by another writer, taking none of the plan's locks
        in_thread(lambda: django_user_model.objects.filter(username="kim").delete(),
                  errors).join(30)

    _after_the_check(monkeypatch, remove_kim)
    stored, problems = _import(personas["lead"])
    assert errors == [] and stored is None
    assert [(p.sheet, p.row, p.column, p.value, p.message) for p in problems] == [
        ("Actions", 3, "Owner", "kim", STORING)]
    assert Action.objects.get(strategy=strategy, ref="A2").title == A2.title
    assert not django_user_model.objects.filter(username="kim").exists()
