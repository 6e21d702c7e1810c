"""A theme's title is its strategy's own, and a tracked measure's code its organisation's: the
forms say so, naming the title or code, instead of failing on the database's constraint (a
server error)."""

from __future__ import annotations

import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy.forms import ThemeForm
from workforce_web.strategy.models import Strategy, Theme, TrackedMeasure
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _theme(title: str, position: int = 9) -> dict:
    return {"title": title, "description": "", "position": str(position), "objectives": ""}


def test_a_new_theme_with_a_title_the_strategy_has_is_refused(as_user, strategy):
    taken = strategy.themes.first().title
    before = Theme.objects.count()
    response = as_user("lead").post(f"/strategy/{strategy.pk}/themes/new/", _theme(taken))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": [f"The strategy already has a theme called ‘{taken}’"]}
    assert '<a href="#id_title">The strategy already has a theme called' in response.text
    assert Theme.objects.count() == before


def test_a_title_with_spaces_around_it_is_the_same_title(as_user, strategy):
    taken = strategy.themes.first().title
    response = as_user("lead").post(f"/strategy/{strategy.pk}/themes/new/",
                                    _theme(f"  {taken} "))
    assert "already has a theme called" in response.text


def test_renaming_a_theme_to_another_themes_title_is_refused(as_user, strategy):
    first, second = strategy.themes.all()[:2]
    response = as_user("lead").post(f"/strategy/themes/{second.pk}/edit/",
                                    _theme(first.title, second.position))
    assert response.status_code == 200
    assert "The strategy already has a theme called" in response.text
    second.refresh_from_db()
    assert second.title != first.title


def test_a_theme_keeps_its_own_title_and_another_strategy_may_use_it(as_user, strategy):
    theme = strategy.themes.first()
    lead = as_user("lead")
    assert lead.post(f"/strategy/themes/{theme.pk}/edit/",
                     _theme(theme.title, theme.position)).status_code == 302
    other = Strategy.objects.create(organisation=strategy.organisation, title="Another plan")
    assert lead.post(f"/strategy/{other.pk}/themes/new/", _theme(theme.title)).status_code == 302
    assert other.themes.get().title == theme.title


def test_a_title_given_to_another_theme_after_the_check_is_still_a_form_error(
        as_user, strategy, monkeypatch):
    """Another request stores the title between this form's check and its save: the
    database refuses the save and the page says why."""
    taken = strategy.themes.first().title
    monkeypatch.setattr(ThemeForm, "clean_title", lambda form: form.cleaned_data["title"])
    response = as_user("lead").post(f"/strategy/{strategy.pk}/themes/new/", _theme(taken))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": [f"The strategy already has a theme called ‘{taken}’"]}


def test_a_tracked_measure_code_the_organisation_has_is_refused(as_user, strategy):
    lead = as_user("lead")
    form = {"code": "STAFF_SURVEY", "title": "Staff survey", "definition": "",
            "unit": "percent", "polarity": "up", "frequency": "quarterly"}
    assert lead.post(f"/strategy/{strategy.pk}/tracked/new/", form).status_code == 302
    again = lead.post(f"/strategy/{strategy.pk}/tracked/new/", form)
    assert again.status_code == 200
    assert again.context["form"].errors == {
        "code": ["Your organisation already has a tracked measure with the code "
                 "‘STAFF_SURVEY’"]}
    assert TrackedMeasure.objects.filter(code="STAFF_SURVEY").count() == 1
