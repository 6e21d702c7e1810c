"""A workforce lead builds a plan on the pages: strategy, theme with objectives, action,
target (checked by the core's rules), tracked measure and its values, feedback."""

from __future__ import annotations

import html

import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy.models import (
    Action,
    Feedback,
    Strategy,
    Target,
    Theme,
    TrackedMeasure,
)
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


TARGET = {"ref": "T09", "title": "Supervision every month", "theme": "", "measure_id": "M20",
          "tracked": "", "scope_unit": "", "scope_filter": "", "baseline_value": "60",
          "baseline_date": "2025-03-31", "target_value": "90", "target_date": "2027-03-31",
          "direction": "", "band": "", "trajectory": "linear", "milestones_text": "",
          "tolerance": "5", "benchmark": "", "period": "month", "note": ""}


def test_a_lead_starts_a_strategy_and_adds_a_theme_with_objectives(as_user, personas):
    client = as_user("lead")
    response = client.post("/strategy/new/", {"title": "People plan", "summary": "",
                                              "start": "2025-04-01", "end": "2028-03-31"})
    strategy = Strategy.objects.get(title="People plan")
    assert response.url == f"/strategy/{strategy.pk}/"
    client.post(f"/strategy/{strategy.pk}/themes/new/", {
        "title": "Our workforce", "description": "", "position": "0",
        "objectives": "Fewer agency workers\nManageable caseloads\n"})
    theme = Theme.objects.get(strategy=strategy)
    assert [o.title for o in theme.objectives.all()] == ["Fewer agency workers",
                                                         "Manageable caseloads"]


def test_a_strategy_title_is_unique_in_the_organisation(as_user, strategy):
    page = as_user("lead").post("/strategy/new/", {"title": strategy.title}).content.decode()
    assert "already has a strategy with this title" in page


def test_a_lead_adds_an_action_and_a_bad_override_is_refused(as_user, strategy):
    theme = Theme.objects.get(title="Wellbeing")
    form = {"theme": theme.pk, "ref": "A9", "title": "Run a wellbeing week", "status":
            "not_started", "due": "2026-01-31", "rag_override": "red", "override_reason": ""}
    page = as_user("lead").post(f"/strategy/{strategy.pk}/actions/new/", form)
    assert "Give the reason for setting the RAG status by hand" in page.content.decode()
    form["override_reason"] = "Venue not yet found"
    response = as_user("lead").post(f"/strategy/{strategy.pk}/actions/new/", form)
    action = Action.objects.get(ref="A9")
    assert response.url == f"/strategy/actions/{action.pk}/"
    assert action.strategy == strategy and action.rag_override == "red"


def test_a_target_is_checked_by_the_cores_rules(as_user, strategy):
    client = as_user("lead")
    bad = {**TARGET, "benchmark": "national", "target_value": ""}
    page = client.post(f"/strategy/{strategy.pk}/targets/new/", bad).content.decode()
    assert "DfE publishes no benchmark for this measure" in page
    response = client.post(f"/strategy/{strategy.pk}/targets/new/", TARGET)
    target = Target.objects.get(ref="T09")
    assert response.url == f"/strategy/targets/{target.pk}/"
    assert client.get(response.url).status_code == 200


def test_unreadable_milestones_are_one_sentence_then_what_to_do(as_user, strategy):
    form = {**TARGET, "milestones_text": "garbage;;2026=x"}
    page = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form)
    text = html.unescape(page.content.decode())
    assert "Cannot read the milestone 'garbage'. Write milestones as date=value" in text
    assert not Target.objects.filter(ref="T09").exists()


def test_milestones_that_overshoot_the_goal_are_saved_with_a_warning(as_user, strategy):
    form = {**TARGET, "trajectory": "stepped", "milestones_text": "2026-03-31=70; "
            "2027-03-31=95"}
    response = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form, follow=True)
    assert "the last milestone (95) differs from the target (90)" in response.content.decode()
    assert Target.objects.get(ref="T09").milestones == [["2026-03-31", 70.0],
                                                        ["2027-03-31", 95.0]]


def test_a_lead_adds_a_tracked_measure_and_enters_its_values(as_user, strategy):
    client = as_user("lead")
    response = client.post(f"/strategy/{strategy.pk}/tracked/new/", {
        "code": "AUDIT", "title": "Audits graded good", "definition": "", "unit": "percent",
        "polarity": "up", "frequency": "monthly"})
    measure = TrackedMeasure.objects.get(code="AUDIT")
    assert response.url == f"/strategy/tracked/{measure.pk}/?strategy={strategy.pk}"
    client.post(response.url, {"period": "2025-09", "value": "61.5"})
    page = client.post(response.url, {"period": "Sept", "value": "1"}).content.decode()
    assert "Cannot read the period" in page
    assert list(measure.values.values_list("period", "value")) == [("2025-09", 61.5)]


def test_a_lead_logs_feedback_linked_to_actions(as_user, strategy):
    action = Action.objects.get(ref="A2")
    as_user("lead").post(f"/strategy/{strategy.pk}/feedback/", {
        "on": "2025-06-01", "source": "Pulse survey", "you_said": "We need support",
        "we_did": "First aiders trained", "actions": [action.pk]})
    entry = Feedback.objects.get(you_said="We need support")
    assert list(entry.actions.all()) == [action]
    page = as_user("viewer").get(f"/strategy/{strategy.pk}/feedback/").content.decode()
    assert "We need support" in page and "First aiders trained" in page


@pytest.mark.parametrize(("url", "form"), [
    ("/strategy/new/", {"title": "Plan", "summary": "", "start": "2025-04-01",
                        "end": "9999-03-31"}),
    ("/strategy/{pk}/actions/new/", {"ref": "A9", "title": "Wellbeing week", "status":
                                     "not_started", "due": "9999-12-31"}),
    ("/strategy/{pk}/targets/new/", {**TARGET, "baseline_date": "0001-01-01"}),
    ("/strategy/{pk}/targets/new/", {**TARGET, "milestones_text": "2126-03-31=80"}),
])
def test_a_date_a_plan_cannot_hold_is_refused_on_its_field(as_user, strategy, url, form):
    """A baseline in year 1 would make the target's chart work out 8,000 years of quarters;
    9999 is a typing slip."""
    theme = Theme.objects.get(title="Wellbeing")
    before = (Strategy.objects.count(), Action.objects.count(), Target.objects.count())
    page = as_user("lead").post(url.format(pk=strategy.pk), {"theme": theme.pk, **form})
    assert page.status_code == 200
    assert "Enter a date from 1 January 2000 to 31 December 2099" in page.content.decode()
    assert (Strategy.objects.count(), Action.objects.count(), Target.objects.count()) == before


def test_a_target_page_says_what_each_figure_covers(as_user, strategy):
    """An average caseload is taken on the date; the page said it covered the 12 months to
    it, the target's period, which only a flow uses."""
    client = as_user("lead")
    client.post(f"/strategy/{strategy.pk}/targets/new/", {
        **TARGET, "ref": "T10", "measure_id": "caseload_fte", "baseline_value": "18",
        "target_value": "15", "period": "year"})
    pages = {t.ref: client.get(f"/strategy/targets/{t.pk}/").content.decode()
             for t in Target.objects.filter(ref__in=["T01", "T02", "T03", "T10"])}
    assert "The date itself: the figure on that day" in pages["T10"]
    assert "The date itself: the figure on that day" in pages["T01"]  # agency: on the day
    assert "The 12 months to the date" in pages["T02"]  # turnover: a flow over the year
    assert "The period each entered value is for" in pages["T03"]


BAD_TARGET_DATE = "Target date must be a real date, for example 2026-03-31"
BAD_BASELINE_DATE = "Baseline date must be a real date, for example 2026-03-31"


def _errors(page: str, *messages: str) -> list[str]:
    return [m for m in messages if m in page]


def test_every_problem_shows_at_once_when_a_field_cannot_be_read(as_user, strategy):
    """A bad date and a value the measure cannot take: both show in the one response, so the
    lead does not fix the date only to be told of the value next time."""
    form = {**TARGET, "target_date": "2027-02-30", "target_value": "150"}
    page = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form)
    assert page.status_code == 200
    assert _errors(page.content.decode(), BAD_TARGET_DATE,
                   "150 is not a percentage between 0 and 100") == [
        BAD_TARGET_DATE, "150 is not a percentage between 0 and 100"]
    assert not Target.objects.filter(ref="T09").exists()


def test_a_rule_that_reads_a_field_that_failed_adds_no_message(as_user, strategy):
    """With the target date unreadable its rules (after the baseline; milestones need it) are
    left out, as is the baseline's-date rule when that date failed; a rule on fields that
    were read (the scope filter) still shows."""
    form = {**TARGET, "target_date": "31/31/2027", "baseline_date": "soon",
            "milestones_text": "2026-03-31=70", "scope_filter": "staff_group"}
    page = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form)
    assert page.context["form"].errors == {
        "target_date": [BAD_TARGET_DATE], "baseline_date": [BAD_BASELINE_DATE],
        "scope_filter": ["Write the filter as breakdown=value, e.g. staff_group=social_worker"]}
    assert "Write the filter as breakdown=value" in page.content.decode()


def test_an_edit_with_a_bad_target_date_says_nothing_of_the_stored_one(as_user, strategy):
    """The stored target date (31 March 2028) is before the new baseline date, but the lead
    is replacing it: no 'must come after the baseline date' on top of the date's error."""
    target = Target.objects.get(ref="T01")
    form = {**TARGET, "ref": "T01", "measure_id": "agency_rate_fte", "period": "year",
            "baseline_date": "2029-01-01", "target_date": "2028-02-30"}
    page = as_user("lead").post(f"/strategy/targets/{target.pk}/edit/", form)
    assert page.context["form"].errors == {"target_date": [BAD_TARGET_DATE]}
    assert "must come after the baseline date" not in page.content.decode()


def test_a_form_that_reads_in_full_is_checked_as_before(as_user, strategy):
    """Every field read: the core's rules and the reference check, nothing else."""
    form = {**TARGET, "ref": "T01", "target_value": "150", "target_date": "2024-03-31"}
    page = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form)
    page = page.content.decode()
    assert _errors(page, "150 is not a percentage between 0 and 100",
                   "The target date must come after the baseline date",
                   "Another target already has this reference", BAD_TARGET_DATE) == [
        "150 is not a percentage between 0 and 100",
        "The target date must come after the baseline date",
        "Another target already has this reference"]
