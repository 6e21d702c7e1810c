"""A target saved with its theme left empty (the target form marks the theme optional) is in
the quarterly review, under "Not in a theme", and the review counts its targets by RAG as
the board report on the same quarter does: a board approved a review that left such a
target out while the report counted it."""

from __future__ import annotations

import html
import re

import pytest

from tests.web.test_strategy_reviews import _prepare
from tests.web.test_strategy_reviews import strategy as strategy  # noqa: F401 (fixture)
from workforce_web.reports.models import Report
from workforce_web.strategy.models import Target

NO_THEME = "Not in a theme"
NO_THEME_TARGET = {
    "ref": "T20", "title": "No leavers in child protection", "theme": "",
    "measure_id": "leavers_headcount", "tracked": "", "scope_unit": "T1-A",
    "scope_filter": "", "baseline_value": "", "baseline_date": "", "target_value": "0",
    "target_date": "2027-03-31", "direction": "", "band": "", "trajectory": "linear",
    "milestones_text": "", "tolerance": "", "benchmark": "", "period": "year", "note": ""}

COUNTS = re.compile(r"\d+ targets?: \d+ green, \d+ amber, \d+ red; \d+ without a figure or "
                    r"goal yet\.")


@pytest.fixture
def loose(as_user, strategy):  # noqa: F811
    response = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", NO_THEME_TARGET)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Target.objects.get(ref="T20").theme_id is None
    return strategy


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_target_of_no_theme_is_in_the_review_under_not_in_a_theme(as_user, loose):
    client = as_user("lead")
    review = _prepare(client, loose)
    page = _text(client.get(f"/strategy/reviews/{review.pk}/"))
    assert NO_THEME in page
    section = page[page.index(f">{NO_THEME}<"):]
    assert NO_THEME_TARGET["title"] in section and 'data-ref="T20"' in section
    assert "5 targets: " in page  # T01 to T04 of the plan, and T20


def test_the_review_counts_its_targets_as_the_board_report_on_the_quarter(as_user, loose):
    client = as_user("lead")
    review = _prepare(client, loose)
    page = _text(client.get(f"/strategy/reviews/{review.pk}/"))
    report = Report.objects.get_or_create(organisation="T1", period="2025-Q3", unit="")[0]
    body = _text(client.get(f"/reports/{report.pk}/report.html"))
    said = set(COUNTS.findall(page))  # (the report says it in its summary too)
    assert said == set(COUNTS.findall(body)) and len(said) == 1
    assert said.pop().startswith("5 targets: ")

