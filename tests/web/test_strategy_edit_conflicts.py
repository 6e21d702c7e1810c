"""Two people, or a person and a plan-workbook import, changing the same action, target, theme
or strategy: a form opened before another change to its row is not saved over it. The form
carries the latest change to its row when it was opened (`last_change`, from the plan's
history); a save that finds a change recorded since (once it holds the plan's lock) is
refused, the page saying who changed what and when, the values typed kept in the form,
which now carries the latest change, so that saving again replaces it deliberately
(`stale`). Before, the save silently put back what had changed.

The action's status form saves three of its fields: only a change to one of them refuses it
(`stale.OnlyItsFields`); the action's other fields keep what was stored.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_import_copies import edited
from tests.web.test_strategy_saves_wait_for_import import (
    _posts,
    _target_form,
    save_while_importing,
)
from tests.web.threads import postgresql_only
from workforce_web.strategy import pages, services
from workforce_web.strategy.models import Action, Change, Strategy, Target, Theme
from workforce_web.strategy.store import save_plan

REFUSED = ("{noun} was changed after you opened this page, so your changes have not been "
           "saved. They are still in the form: check them against the changes below, then "
           "save again to replace those changes with yours.")


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


@pytest.fixture
def admin(personas) -> Client:
    """Another person who edits the plan, in a browser of their own."""
    client = Client()
    client.force_login(personas["admin"])
    return client


def _opened(client: Client, url: str, form: str = "form") -> str:
    """Open the page of `url`: the latest change its form carries, hidden."""
    response = client.get(url)
    assert response.status_code == 200
    seen = str(response.context[form]["last_change"].value())
    assert f'<input type="hidden" name="last_change" value="{seen}"' in response.text
    return seen


def _said(change: Change) -> str:
    at = timezone.localtime(change.at)
    return (f"{change.item} was changed by {change.username} on {at.day} {at:%B %Y} at "
            f"{at:%H:%M}: {change.summary}")


def _refused(response, noun: str, *changes: Change, form: str = "form") -> None:
    """The page says the row was changed since, and by whom, what, when: in its errors and
    its error summary."""
    assert response.status_code == 200, response.status_code
    assert response.context[form].non_field_errors() == [
        REFUSED.format(noun=f"This {noun}"), *(_said(c) for c in changes)]
    assert response.context[form].errors.keys() == {"__all__"}
    assert 'class="govuk-error-summary"' in response.text
    for c in changes:
        assert f'<a href="#main-content">{_said(c)}</a>' in response.text


def _imported(strategy: Strategy, user, edit, **more) -> None:
    """An export of the plan, edited (`edit(data) -> data`), imported by `user`."""
    data = edit(pages.export(strategy, date.today()))
    stored, problems = services.import_workbook("T1", data, "plan.xlsx", user, **more)
    assert problems == [] and stored is not None, problems


def _with_objective(data: bytes, theme: str, title: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["Objectives"].append([theme, title])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _last(kind: str, obj) -> Change:
    return Change.objects.filter(kind=kind, object_id=obj.pk).latest("id")


def test_an_action_changed_by_someone_else_since_its_form_was_opened_is_not_saved_over(
        as_user, strategy, admin):
    url, data = _posts(strategy)["action"]
    a1 = Action.objects.get(strategy=strategy, ref="A1")
    lead = as_user("lead")
    seen = _opened(lead, url)
    assert admin.post(f"/strategy/actions/{a1.pk}/status/",
                      {"status": "blocked"}).status_code == 302
    response = lead.post(url, {**data, "last_change": seen})
    _refused(response, "action", _last("action", a1))
    assert 'value="Saved on the web"' in response.text  # what the lead typed, kept
    a1.refresh_from_db()
    assert (a1.title, a1.status) == ("Agree a market supplement", "blocked")
    # saved again, deliberately: the lead's values replace the change
    again = response.context["form"]["last_change"].value()
    assert again == str(_last("action", a1).pk)
    assert lead.post(url, {**data, "last_change": again}).status_code == 302
    a1.refresh_from_db()
    assert (a1.title, a1.status) == ("Saved on the web", "in_progress")


def test_a_target_changed_by_an_import_since_its_form_was_opened_is_not_saved_over(
        as_user, strategy, personas):
    t01 = Target.objects.get(strategy=strategy, ref="T01")
    url = f"/strategy/targets/{t01.pk}/edit/"
    lead = as_user("lead")
    seen = _opened(lead, url)
    _imported(strategy, personas["admin"],
              lambda data: edited(data, "Targets", "T01", Target_value=15))
    response = lead.post(url, {**_target_form(t01), "last_change": seen})
    change = _last("target", t01)
    assert change.summary == "Target value: 16.7 → 15"
    _refused(response, "target", change)
    t01.refresh_from_db()
    assert (t01.target_value, t01.note) == (15, "")


def test_a_theme_given_an_objective_by_an_import_since_its_form_was_opened_keeps_it(
        as_user, strategy, personas):
    """The theme's form would have removed the objective the import added (its lines are
    the theme's objectives)."""
    url, data = _posts(strategy)["theme"]
    theme = Theme.objects.get(strategy=strategy, title="Wellbeing")
    lead = as_user("lead")
    seen = _opened(lead, url)
    _imported(strategy, personas["admin"],
              lambda data: _with_objective(data, "Wellbeing", "Staff feel supported"))
    objective = theme.objectives.get()
    response = lead.post(url, {**data, "last_change": seen})
    _refused(response, "theme", _last("objective", objective))
    assert _said(_last("objective", objective)).startswith(
        "Objective Staff feel supported was changed by admin on ")
    theme.refresh_from_db()
    assert (theme.title, [o.title for o in theme.objectives.all()]) == (
        "Wellbeing", ["Staff feel supported"])


def test_a_strategy_renamed_by_an_import_since_its_form_was_opened_keeps_its_name(
        as_user, strategy, personas):
    url, data = _posts(strategy)["strategy"]
    lead = as_user("lead")
    seen = _opened(lead, url)
    _imported(strategy, personas["admin"],
              lambda data: edited(data, "Strategy", PLAN.title, Title="People plan"),
              replace_newer=True)  # a rename, asked for (`imported.retitled`)
    response = lead.post(url, {**data, "last_change": seen})
    _refused(response, "strategy", _last("strategy", strategy))
    strategy.refresh_from_db()
    assert (strategy.title, strategy.summary) == ("People plan", PLAN.summary)


def test_a_status_changed_by_someone_else_since_the_page_was_opened_is_not_saved_over(
        as_user, strategy, admin):
    a2 = Action.objects.get(strategy=strategy, ref="A2")
    lead = as_user("lead")
    seen = _opened(lead, f"/strategy/actions/{a2.pk}/", "status_form")
    assert admin.post(f"/strategy/actions/{a2.pk}/status/",
                      {"status": "in_progress"}).status_code == 302
    response = lead.post(f"/strategy/actions/{a2.pk}/status/",
                         {"status": "blocked", "last_change": seen})
    _refused(response, "action", _last("action", a2), form="status_form")
    assert _last("action", a2).summary == "Status: Not started → In progress"
    a2.refresh_from_db()
    assert a2.status == "in_progress"


def test_a_status_is_saved_when_only_other_fields_were_changed_since(
        as_user, strategy, personas):
    """An import renamed the action after its page was opened: the status form does not
    save the title, so the status is saved and the import's title kept."""
    a2 = Action.objects.get(strategy=strategy, ref="A2")
    lead = as_user("lead")
    seen = _opened(lead, f"/strategy/actions/{a2.pk}/", "status_form")
    _imported(strategy, personas["admin"],
              lambda data: edited(data, "Actions", "A2", Action="Train first aiders"))
    response = lead.post(f"/strategy/actions/{a2.pk}/status/",
                         {"status": "blocked", "last_change": seen})
    assert response.status_code == 302
    a2.refresh_from_db()
    assert (a2.title, a2.status) == ("Train first aiders", "blocked")


def test_a_progress_update_since_does_not_refuse_an_actions_form(as_user, strategy, admin):
    """A progress update changes none of the action's fields."""
    url, data = _posts(strategy)["action"]
    a1 = Action.objects.get(strategy=strategy, ref="A1")
    lead = as_user("lead")
    seen = _opened(lead, url)
    assert admin.post(f"/strategy/actions/{a1.pk}/updates/", {
        "on": date.today().isoformat(), "text": "Met the panel"}).status_code == 302
    assert lead.post(url, {**data, "last_change": seen}).status_code == 302
    a1.refresh_from_db()
    assert a1.title == "Saved on the web"


def test_a_form_opened_after_the_latest_change_is_saved(as_user, strategy, admin):
    url, data = _posts(strategy)["action"]
    a1 = Action.objects.get(strategy=strategy, ref="A1")
    assert admin.post(f"/strategy/actions/{a1.pk}/status/",
                      {"status": "blocked"}).status_code == 302
    lead = as_user("lead")
    seen = _opened(lead, url)
    assert seen == str(_last("action", a1).pk)
    assert lead.post(url, {**data, "last_change": seen}).status_code == 302


def test_many_changes_since_are_listed_five_at_most(as_user, strategy, admin):
    url, data = _posts(strategy)["action"]
    a1 = Action.objects.get(strategy=strategy, ref="A1")
    lead = as_user("lead")
    seen = _opened(lead, url)
    for status in ("blocked", "in_progress", "blocked", "in_progress", "blocked",
                   "in_progress", "blocked"):
        admin.post(f"/strategy/actions/{a1.pk}/status/", {"status": status})
    response = lead.post(url, {**data, "last_change": seen})
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 7
    assert errors[-1] == "… and 2 more changes: see the action's history"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_change_an_import_stores_while_the_save_waits_refuses_the_save(
        strategy, personas, monkeypatch):
    """The import has compared its workbook with the plan and is storing a new status of A1
    when the lead saves A1's form, opened before: the save waits for the import (its lock),
    then finds the import's change and is refused."""
    url, data = _posts(strategy)["action"]
    a1 = Action.objects.get(strategy=strategy, ref="A1")
    lead = Client()
    lead.force_login(personas["lead"])
    seen = _opened(lead, url)
    workbook = edited(pages.export(strategy, date.today()), "Actions", "A1",
                      Status="Blocked")
    [response] = save_while_importing(monkeypatch, workbook, personas["admin"],
                                      lambda: lead.post(url, {**data, "last_change": seen}))
    _refused(response, "action", _last("action", a1))
    a1.refresh_from_db()
    assert (a1.title, a1.status) == ("Agree a market supplement", "blocked")
