"""A target saved with its theme left empty (the target form marks the theme optional) is in
the quarterly review, under "Not in a theme", and the review counts its targets by RAG as
the board report on the same quarter does: a board approved a review that left such a
target out while the report counted it."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import openpyxl
import pytest

from tests.web.test_strategy_reviews import _prepare
from tests.web.test_strategy_reviews import strategy as strategy  # noqa: F401 (fixture)
from workforce_web.reports.models import Report
from workforce_web.strategy import pages
from workforce_web.strategy.models import Change, Target

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



def _box(page: str, title: str) -> str:
    """The name of the commentary box labelled "Commentary on `title`" on the page."""
    found = re.search(rf'for="id_(\w+)"[^>]*>Commentary on {re.escape(title)} \(optional\)<',
                      page)
    assert found, f"no commentary box on {title}"
    return found.group(1)


def _reviews_sheet(data: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(r) for r in book["Reviews"].iter_rows(min_row=2, values_only=True)]


def test_the_targets_in_no_theme_have_their_own_commentary_stored_shown_and_exported(
        as_user, loose):
    """Each theme of a review has a commentary box; the targets and actions of none had
    none, so the board read their figures with nothing said about them."""
    client = as_user("lead")
    review = _prepare(client, loose)
    page = _text(client.get(f"/strategy/reviews/{review.pk}/"))
    section = page[page.index(f">{NO_THEME}<"):]
    name = _box(section, NO_THEME)
    boxes = {_box(page, t): t for t in ("Our workforce", "Wellbeing")}
    said = "T20 has no theme yet: the board agreed to leave it so until April."
    response = client.post(f"/strategy/reviews/{review.pk}/", {name: said, **{
        n: f"On {t}." for n, t in boxes.items()}})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.commentary == {"Our workforce": "On Our workforce.",
                                 "Wellbeing": "On Wellbeing.", "": said}
    change = Change.objects.filter(kind="review", object_id=review.pk).first()
    assert f"Commentary on {NO_THEME}: (empty) → {said}" in change.summary
    # frozen with the review: shown, no longer editable, under its own heading once approved
    client.post(f"/strategy/reviews/{review.pk}/step/", {"step": "submit"})
    as_user("admin").post(f"/strategy/reviews/{review.pk}/step/", {"step": "approve"})
    review.refresh_from_db()
    assert review.status == "approved"
    page = _text(as_user("viewer").get(f"/strategy/reviews/{review.pk}/"))
    section = page[page.index(f">{NO_THEME}<"):]
    assert said in section and "<textarea" not in page
    refused = as_user("lead").post(f"/strategy/reviews/{review.pk}/", {name: "Changed."})
    assert refused.status_code == 403
    review.refresh_from_db()
    assert review.commentary[""] == said
    rows = _reviews_sheet(pages.export(loose, date.today()))
    assert ("2025-Q3", NO_THEME, said) in {(r[0], r[4], r[5]) for r in rows}


def test_a_theme_called_not_in_a_theme_keeps_its_own_commentary(as_user, loose):
    client = as_user("lead")
    response = client.post(f"/strategy/{loose.pk}/themes/new/", {
        "title": NO_THEME, "description": "", "position": "9", "objectives": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    review = _prepare(client, loose)
    page = _text(client.get(f"/strategy/reviews/{review.pk}/"))
    names = re.findall(rf'for="id_(\w+)"[^>]*>Commentary on {NO_THEME} \(optional\)<', page)
    assert len(names) == 2  # the theme's, then the group of no theme's
    client.post(f"/strategy/reviews/{review.pk}/", {names[0]: "The theme.",
                                                      names[1]: "No theme."})
    review.refresh_from_db()
    assert (review.commentary[NO_THEME], review.commentary[""]) == ("The theme.", "No theme.")
