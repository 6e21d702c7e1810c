"""The strategy pages as a workforce lead, a viewer and a user of another organisation sees
them: status, visible text, and nothing of another organisation."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.accounts.models import AuditEvent
from workforce_web.strategy.models import Action, Review, Strategy, Target, Theme, TrackedMeasure
from workforce_web.strategy.store import save_plan


@pytest.fixture
def strategy(personas):
    plan = replace(PLAN, actions=(*PLAN.actions, replace(
        PLAN.actions[1], ref="A3", title="Publish the overdue policy", due=date(2020, 1, 31),
        status="in_progress")))
    return save_plan(plan, personas["lead"]).strategy


def _pages(s: Strategy) -> list[str]:
    action, target = Action.objects.get(strategy=s, ref="A1"), Target.objects.get(ref="T01")
    theme, tracked = Theme.objects.get(title="Our workforce"), TrackedMeasure.objects.get()
    return [f"/strategy/{s.pk}/", f"/strategy/themes/{theme.pk}/",
            f"/strategy/actions/{action.pk}/", f"/strategy/targets/{target.pk}/",
            f"/strategy/{s.pk}/reviews/", f"/strategy/{s.pk}/feedback/",
            f"/strategy/{s.pk}/history/", f"/strategy/tracked/{tracked.pk}/",
            f"/strategy/{s.pk}/export.xlsx"]


def test_the_strategy_link_goes_straight_to_the_only_strategy(as_user, strategy):
    response = as_user("viewer").get("/strategy/")
    assert response.status_code == 302 and response.url == f"/strategy/{strategy.pk}/"


def test_the_overview_shows_themes_overdue_actions_and_targets(as_user, strategy):
    page = as_user("lead").get(f"/strategy/{strategy.pk}/").content.decode()
    assert "Workforce strategy 2025-28" in page
    assert "Our workforce" in page and "Wellbeing" in page
    assert "A3 Publish the overdue policy" in page       # overdue since January 2020
    assert "Agency down to 16.7%" in page                # a target
    assert "Add an action" in page                       # leads edit


def test_the_overview_and_a_themes_page_show_the_themes_refs(as_user, strategy):
    client = as_user("viewer")
    page = client.get(f"/strategy/{strategy.pk}/").content.decode()
    assert '<th scope="col" class="govuk-table__header wfs-col-ref">Ref</th>' in page
    rows = re.findall(r'<td class="govuk-table__cell">(\w*)</td>\s*<th scope="row"[^>]*>'
                      r'<a [^>]*>([^<]*)</a>', page)
    assert rows == [("TH1", "Our workforce"), ("TH2", "Wellbeing")]
    theme = Theme.objects.get(strategy=strategy, ref="TH2")
    page = client.get(f"/strategy/themes/{theme.pk}/").content.decode()
    assert ('<span class="govuk-caption-l">Theme TH2</span>\n'
            '<h1 class="govuk-heading-l">Wellbeing</h1>') in page
    assert "<title>TH2 Wellbeing – Workforce</title>" in page


def test_every_page_opens_for_a_viewer_without_edit_buttons(as_user, strategy):
    client = as_user("viewer")
    for url in _pages(strategy):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Add an action" not in response.content
        assert b"Post a progress update" not in response.content


def test_nothing_of_another_organisation_can_be_seen(as_user, strategy):
    client = as_user("other_org")
    for url in _pages(strategy):
        assert client.get(url).status_code == 404, url
    assert client.get("/strategy/?all=1").content.count(b"Workforce strategy 2025-28") == 0


def test_the_target_page_has_a_chart_spec_and_a_table_of_the_same_numbers(as_user, strategy):
    target = Target.objects.get(ref="T03")  # the tracked re-referrals: 22.5 then 21.0
    page = as_user("lead").get(f"/strategy/targets/{target.pk}/").content.decode()
    assert 'id="target-chart-spec"' in page and "vega-embed.min.js" in page
    assert "22.5%" in page and "21.0%" in page
    assert "Re-referrals within 12 months" in page


def test_the_export_is_the_whole_plan_and_is_audited(as_user, strategy):
    response = as_user("lead").get(f"/strategy/{strategy.pk}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"Actions", "Targets", "Reviews", "Change history"} <= set(book.sheetnames)
    assert book["Actions"].max_row == 4  # header + 3 actions
    assert AuditEvent.objects.filter(action="export_strategy").count() == 1


def test_the_blank_template_downloads_for_anyone(as_user, strategy):
    response = as_user("viewer").get("/strategy/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_review_page_shows_only_frozen_figures(as_user, strategy):
    review = Review.objects.create(strategy=strategy, period="2025-Q2", as_at=date(2025, 6, 30),
                                   snapshot={"targets": [{"ref": "T01", "title": "Frozen one",
                                             "theme": "Our workforce", "measure": "Agency",
                                             "unit": "percent", "value": 21.04, "on": None,
                                             "expected": 20.0, "goal": 16.7, "rag": "amber",
                                             "reason": "Behind"}], "actions": [],
                                             "themes": [{"title": "Our workforce",
                                                         "actions": {}, "targets": {}}],
                                             "frozen_at": "2025-07-03T10:00:00"})
    page = as_user("viewer").get(f"/strategy/reviews/{review.pk}/").content.decode()
    assert "Frozen one" in page and "21.0%" in page and "Agency down to 16.7%" not in page


def test_a_tracked_measure_names_its_periods_the_one_way_and_in_words(as_user, strategy):
    measure = TrackedMeasure.objects.get()
    client = as_user("lead")
    client.post(f"/strategy/tracked/{measure.pk}/?strategy={strategy.pk}",
                {"period": "2025-q4", "value": "20.5"})
    assert measure.values.filter(period="2025-Q4").exists()  # never stored as '2025-q4'
    page = client.get(f"/strategy/tracked/{measure.pk}/").content.decode()
    assert "values entered quarterly</span>" in page
    assert "written like <span class=\"wfs-nowrap\">2025-Q3 (July to September 2025)" in page
    assert "2025-q3" not in page and "2025-q4" not in page
    assert "October to December 2025" in page and "July to September 2025" in page
