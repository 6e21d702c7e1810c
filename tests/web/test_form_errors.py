"""Form errors in GOV.UK style: every message names its field and says what to do
("Enter a title", "Select a theme", "Reference must be 20 characters or fewer"), never
Django's own ("This field is required."), and the error summary links to the field."""

from __future__ import annotations

import re

import pytest
from django import forms

from tests.core.test_strategy_workbook import PLAN
from workforce_web.forms import GovukErrors, messages_for
from workforce_web.strategy.models import Theme
from workforce_web.strategy.store import save_plan

EMPTY_ACTION = {"theme": "", "ref": "", "title": "", "status": ""}  # as a browser sends it
DJANGO = ("This field is required", "Select a valid choice", "Ensure this value",
          "Enter a valid", "Enter a number", "Enter a whole number")


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def summary(page: str) -> list[tuple[str, str]]:
    """The error summary's (link, message) pairs."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "no error summary"
    return re.findall(r'<a href="#([^"]*)">([^<]*)</a>', found.group(1))


def ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_an_empty_action_names_each_field_and_links_to_it(as_user, strategy):
    page = as_user("lead").post(f"/strategy/{strategy.pk}/actions/new/", EMPTY_ACTION).text
    found = summary(page)
    assert ("id_theme", "Select a theme") in found
    assert ("id_ref", "Enter a reference") in found
    assert ("id_title", "Enter a title") in found
    assert ("id_status", "Select a status") in found
    assert not any(d in page for d in DJANGO)
    assert {link for link, _ in found} <= ids(page)
    assert "<title>Error: New action" in page


def test_too_long_and_not_a_choice_say_what_to_do(as_user, strategy):
    page = as_user("lead").post(f"/strategy/{strategy.pk}/actions/new/", {
        "ref": "x" * 300, "theme": "999999", "status": "zzz", "title": "t",
        "objective": "999999", "start": "2025-13-45"}).text
    found = dict((m, link) for link, m in summary(page))
    assert found["Reference must be 20 characters or fewer"] == "id_ref"
    assert found["Select a theme from the list"] == "id_theme"
    assert found["Select a status from the list"] == "id_status"
    assert found["Select an objective from the list"] == "id_objective"
    assert found["Start date must be a real date, for example 2026-03-31"] == "id_start"
    assert not any(d in page for d in DJANGO)


def test_the_error_message_is_by_its_field_and_the_field_describes_it(as_user, strategy):
    page = as_user("lead").post(f"/strategy/{strategy.pk}/actions/new/", EMPTY_ACTION).text
    assert '<p class="govuk-error-message" id="id_title-error">' in page
    field = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    assert 'aria-describedby="id_title-error"' in field and "govuk-input--error" in field


def test_a_target_a_theme_and_a_review_name_their_fields(as_user, strategy):
    lead = as_user("lead")
    target = lead.post(f"/strategy/{strategy.pk}/targets/new/", {"ref": "R" * 30,
                                                                 "trajectory": "wavy"}).text
    messages = [m for _, m in summary(target)]
    assert "Reference must be 20 characters or fewer" in messages
    assert "Enter a title" in messages
    assert "Select a trajectory from the list" in messages
    assert not any(d in target for d in DJANGO)
    theme = lead.post(f"/strategy/{strategy.pk}/themes/new/", {"position": "x"}).text
    assert [m for _, m in summary(theme)] == ["Enter a title", "Position must be a whole number"]
    review = lead.post(f"/strategy/{strategy.pk}/reviews/", {"period": "", "forum": "f" * 201}).text
    assert [m for _, m in summary(review)] == ["Enter the quarter under review",
                                               "Forum must be 200 characters or fewer"]


def test_a_checkbox_group_error_links_to_its_first_checkbox(as_user, strategy):
    page = as_user("lead").post(f"/strategy/{strategy.pk}/feedback/", {
        "on": "2025-06-01", "you_said": "", "actions": ["999999"]}).text
    found = dict((m, link) for link, m in summary(page))
    assert found["Enter what people said"] == "id_you_said"
    assert found["Select actions from the list"] == "id_actions_0"
    assert "id_actions_0" in ids(page)


def test_the_report_form_names_its_fields(as_user):
    page = as_user("manager_a").post("/reports/", {"period": "1999-Q1", "unit": ""}).text
    found = summary(page)
    assert ("id_period", "Select a quarter from the list") in found
    assert ("id_unit", "Select the unit to report on") in found
    assert "govuk-select--error" in page and "<title>Error: Board reports" in page


def test_messages_a_form_sets_itself_are_kept(as_user):
    """The dashboards' target form says more than a label can."""
    page = as_user("lead").post("/dashboards/targets/M14/", {"value": "", "target_date": ""})
    assert "Enter the target figure, for example 15 or 12.5" in page.text


def test_every_field_kind_gets_a_message_from_its_label():
    class Example(GovukErrors, forms.Form):
        error_names = {"ref": "a reference"}
        ref = forms.CharField(max_length=5, label="Ref")
        owner_name = forms.CharField(max_length=10)
        unit = forms.ChoiceField(choices=[("a", "A")], label="Unit")
        share = forms.FloatField(label="Share (%)", min_value=0, max_value=100)
        count = forms.IntegerField(label="Count")
        on = forms.DateField(label="Start date")
        link = forms.URLField(label="Link to evidence", assume_scheme="https")
        custom = forms.CharField(label="Custom", error_messages={"required": "Say something"})

    form = Example({"ref": "toolong", "owner_name": "", "unit": "b", "share": "101",
                    "count": "1.5", "on": "2026-02-30", "link": "not a link"})
    assert form.errors == {
        "ref": ["Reference must be 5 characters or fewer"],
        "owner_name": ["Enter an owner name"],
        "unit": ["Select a unit from the list"],
        "share": ["Share (%) must be 100 or less"],
        "count": ["Count must be a whole number"],
        "on": ["Start date must be a real date, for example 2026-03-31"],
        "link": ["Link to evidence must be a web address, for example "
                 "https://intranet.example.gov.uk/document"],
        "custom": ["Say something"]}


def test_a_label_with_capitals_inside_its_first_word_is_not_lowered():
    field = forms.ChoiceField(label="RAG override", choices=[])
    assert messages_for(field, "rag")["required"] == "Select a RAG override"


def test_a_theme_form_still_saves(as_user, strategy):
    response = as_user("lead").post(f"/strategy/{strategy.pk}/themes/new/", {
        "title": "A new theme", "description": "", "position": "3", "objectives": ""})
    assert response.status_code == 302
    assert Theme.objects.filter(strategy=strategy, title="A new theme").exists()
