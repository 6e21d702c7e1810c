"""Separation of duties on quarterly reviews: the user who prepared or submitted a review
does not approve it too, unless they are the organisation's only user who may approve (its
active workforce leads and administrators); the history says who did what. A quarter has
one review per forum, forum names compared without case or spacing; another forum may
review a quarter already approved, and its review says so."""

from __future__ import annotations

import html

from django.contrib.auth import get_user_model

from tests.web.test_strategy_reviews import _prepare
from tests.web.test_strategy_reviews import strategy as strategy  # noqa: F401 (fixture)
from workforce_web.accounts.models import Membership, Role
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


def _refreeze(client, review) -> str:
    response = client.post(f"/strategy/reviews/{review.pk}/refresh/", follow=True)
    review.refresh_from_db()
    return html.unescape(response.content.decode())


def test_who_froze_a_drafts_figures_again_prepared_it_and_cannot_approve_it(
        as_user, strategy, client):  # noqa: F811
    """Freezing a draft's figures again takes the figures the forum reads: it is preparing
    the review, so whoever did cannot approve it while someone else may. Before, only the
    user who first prepared it was held back."""
    review = _prepare(as_user("lead"), strategy)
    page = _refreeze(as_user("admin"), review)
    assert "everything on this page was frozen on" in page and " by admin." in page
    _step(as_user("lead"), review, "submit")
    page = _step(as_user("admin"), review, "approve")
    assert review.status == "submitted" and review.approved_by is None
    assert ("You cannot approve a review you prepared. Freezing a review's figures again "
            "counts as preparing it. Ask another workforce lead") in page
    page = html.unescape(client.get(f"/strategy/reviews/{review.pk}/").content.decode())
    assert ">Approve</button>" not in page
    other = get_user_model().objects.create_user("lead2")
    Membership.objects.create(user=other, organisation="T1", role=Role.WORKFORCE_LEAD)
    client.force_login(other)
    _step(client, review, "approve")
    assert review.status == "approved" and review.approved_by == other
    assert _history(review)[-1] == ("lead2", "Status: Submitted → Approved (prepared by "
                                    "lead (figures frozen again by admin), submitted by lead)")


def test_who_only_froze_the_figures_again_is_the_only_approver_and_the_history_says_so(
        as_user, strategy, personas):  # noqa: F811
    review = _prepare(as_user("admin"), strategy)
    _refreeze(as_user("lead"), review)
    _step(as_user("admin"), review, "submit")
    personas["admin"].is_active = False
    personas["admin"].save()
    _step(as_user("lead"), review, "approve")
    assert review.status == "approved"
    assert _history(review)[-1][1] == (
        "Status: Submitted → Approved (prepared by admin (figures frozen again by lead), "
        "submitted by admin; lead is the only user who may approve)")


def test_who_submitted_it_before_it_was_returned_cannot_approve_it_either(
        as_user, strategy, client):  # noqa: F811
    """Admin submits, lead returns it to draft, a second lead submits it again: admin
    submitted it too, though only the last submitter was kept (helper-128 found it)."""
    review = _prepare(as_user("lead"), strategy)
    assert "Review submitted." in _step(as_user("admin"), review, "submit")
    # "Review draft." read as a noun
    assert "Review returned to draft." in _step(as_user("lead"), review, "return")
    other = get_user_model().objects.create_user("lead2")
    Membership.objects.create(user=other, organisation="T1", role=Role.WORKFORCE_LEAD)
    client.force_login(other)
    _step(client, review, "submit")
    assert review.status == "submitted" and review.submitted_by == other
    page = _step(as_user("admin"), review, "approve")
    assert review.status == "submitted" and review.approved_by is None
    assert "You cannot approve a review you submitted. Ask another" in page
