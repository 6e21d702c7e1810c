"""Separation of duties on quarterly reviews: the user who prepared or submitted a review
does not approve it too, unless they are the organisation's only user who may approve (its
active workforce leads and administrators); the history says who did what. A quarter has
one review per forum, forum names compared without case or spacing; another forum may
review a quarter already approved, and its review says so."""

from __future__ import annotations

import html

from tests.web.test_strategy_reviews import _prepare
from tests.web.test_strategy_reviews import strategy as strategy  # noqa: F401 (fixture)
from workforce_web.strategy.models import Change, Review

REFUSED = ("You cannot approve a review you prepared and submitted. Ask another workforce "
           "lead or an administrator of your organisation to approve it.")


def _step(client, review, step):
    response = client.post(f"/strategy/reviews/{review.pk}/step/", {"step": step}, follow=True)
    review.refresh_from_db()
    return html.unescape(response.content.decode())


def _history(review) -> list[tuple[str, str]]:
    return [(c.username, c.summary) for c in
            Change.objects.filter(kind="review", object_id=review.pk).order_by("id")]


def test_who_prepared_and_submitted_a_review_cannot_approve_it(as_user, strategy):  # noqa: F811
    lead = as_user("lead")
    review = _prepare(lead, strategy)
    _step(lead, review, "submit")
    page = _step(lead, review, "approve")
    assert review.status == "submitted" and review.approved_by is None
    assert REFUSED in page
    # the page holds the step back with the reason, rather than offer a button that fails
    page = html.unescape(lead.get(f"/strategy/reviews/{review.pk}/").content.decode())
    assert ">Approve</button>" not in page and REFUSED in page
    page = _step(as_user("admin"), review, "approve")
    assert review.status == "approved" and review.approved_by.username == "admin"
    assert _history(review)[-1] == (
        "admin", "Status: Submitted → Approved (prepared by lead, submitted by lead)")


def test_who_only_prepared_it_cannot_approve_it_either(as_user, strategy):  # noqa: F811
    review = _prepare(as_user("lead"), strategy)
    _step(as_user("admin"), review, "submit")
    page = _step(as_user("lead"), review, "approve")
    assert review.status == "submitted"
    assert "You cannot approve a review you prepared. Ask another" in page


def test_the_only_user_who_may_approve_approves_their_own_and_the_history_says_so(
        as_user, strategy, personas):  # noqa: F811
    personas["admin"].is_active = False  # an account ended (workforce users set --no-access)
    personas["admin"].save()
    lead = as_user("lead")  # managers and viewers never approve: the lead is the only one
    review = _prepare(lead, strategy)
    _step(lead, review, "submit")
    _step(lead, review, "approve")
    assert review.status == "approved" and review.approved_by.username == "lead"
    assert [s for _, s in _history(review)] == [
        "Prepared for Workforce strategy board: figures frozen",
        "Status: Draft → Submitted",
        "Status: Submitted → Approved (prepared by lead, submitted by lead; lead is the only "
        "user who may approve)"]


def test_another_forum_may_review_an_approved_quarter_and_its_review_says_so(
        as_user, strategy):  # noqa: F811
    board = _prepare(as_user("lead"), strategy)
    _step(as_user("lead"), board, "submit")
    _step(as_user("admin"), board, "approve")
    lead = as_user("lead")
    response = lead.post(f"/strategy/{strategy.pk}/reviews/",
                         {"period": "2025-Q3", "forum": "Scrutiny committee"}, follow=True)
    scrutiny = Review.objects.get(strategy=strategy, period="2025-Q3",
                                  forum="Scrutiny committee")
    page = html.unescape(response.content.decode())
    assert ("An approved review of 2025-Q3 already exists for Workforce strategy board. "
            "This review is for Scrutiny committee.") in page
    assert f'href="/strategy/reviews/{board.pk}/"' in page
    assert scrutiny.status == "draft"
    # and the board's review names the committee's draft, without claiming it is approved
    page = html.unescape(lead.get(f"/strategy/reviews/{board.pk}/").content.decode())
    assert "Scrutiny committee</a> (draft)" in page and "already exists for" not in page


def test_a_forum_named_alike_but_for_case_and_spacing_is_the_same_forum(as_user,
                                                                       strategy):  # noqa: F811
    lead = as_user("lead")
    _prepare(lead, strategy)
    response = lead.post(f"/strategy/{strategy.pk}/reviews/",
                         {"period": "2025-Q3", "forum": " workforce  Strategy board"})
    assert "already has a review" in response.content.decode()
    assert Review.objects.filter(strategy=strategy).count() == 1
