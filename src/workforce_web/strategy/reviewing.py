"""The one call each review view makes to change a quarterly review: prepare it (freezing
its figures through the core), freeze a draft's figures again, step it on (submit, return,
approve) and save its commentary, each recorded in the plan's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from workforce.measures.windows import last_day, month_end, parse_period
from workforce.strategy.review import (
    STEPS,
    approval_problem,
    approval_words,
    can_refresh,
    check_step,
    commentary_title,
    freeze_then,
    is_locked,
    next_status,
    same_forum,
)
from workforce.strategy.status import actions_then
from workforce_web.accounts.models import EDITOR_ROLES, Membership
from workforce_web.strategy.figures import strategy_figures
from workforce_web.strategy.history import changes, record
from workforce_web.strategy.models import Change, Review, Strategy
from workforce_web.strategy.records import actions_of
from workforce_web.strategy.services import lock_plan


def review_as_at(period: str, today: date) -> date:
    """A review's figures are as at the period's end, or for a period not yet over (a
    provisional draft, which viewers can read) the last month end, as viewers see figures
    everywhere (`dashboards.filters.figures_on`); `review_problem` refuses a period that has
    reached no month end yet."""
    end = parse_period(period).end
    return end if end <= today else month_end(today)


def review_problem(strategy: Strategy, period: str, today: date) -> str:
    """Why a review of `period` cannot be prepared (or its figures frozen again) on `today`,
    or "": the period must have reached a month end, and overlap the strategy's dates."""
    span = parse_period(period)
    if strategy.end and span.start > strategy.end:
        return (f"{period} starts after the strategy ends ({strategy.end.day} "
                f"{strategy.end:%B %Y}): choose a period the strategy covers")
    if strategy.start and span.end < strategy.start:
        return (f"{period} ends before the strategy starts ({strategy.start.day} "
                f"{strategy.start:%B %Y}): choose a period the strategy covers")
    if month_end(today) < span.start:
        first = last_day(span.start)
        return (f"{period} has not reached its first month end yet: its review can be "
                f"prepared from {first.day} {first:%B %Y}")
    return ""


def frozen_figures(strategy: Strategy, period: str, today: date) -> dict:
    """The review's figures: targets as at the period's end, and the actions in the plan
    then (with how many were left out, as added since), as they stood then, from their
    dated progress updates, judged as the board report on the quarter judges them
    (`workforce.reports.progress.actions_section`), so that the two agree."""
    as_at = review_as_at(period, today)
    figures = strategy_figures(strategy, as_at)
    then = actions_then(actions_of(strategy, with_updates=True), parse_period(period).end,
                        today)
    return freeze_then(period, as_at, figures, then, [t.title for t in strategy.themes.all()],
                       timezone.localtime().replace(tzinfo=None))


REVIEW_TAKEN = "This period already has a review for this forum"


def forum_taken(strategy: Strategy, period: str, forum: str) -> bool:
    """Whether the strategy has a review of `period` for `forum` or a forum named alike
    but for case and spacing (`same_forum`). Other forums may each review a quarter."""
    return any(same_forum(f, forum) for f in
               strategy.reviews.filter(period=period).values_list("forum", flat=True))


def approvers(organisation: str) -> int:
    """How many users may approve the organisation's reviews: its workforce leads and
    administrators whose accounts are active (`workforce users set --no-access` ends one)."""
    return Membership.objects.filter(organisation=organisation, role__in=EDITOR_ROLES,
                                     user__is_active=True).count()


def _name(user: Any) -> str:
    return user.get_username() if user is not None else ""


REFROZEN = "Figures frozen again"
"""The history's words for a draft's figures frozen again (`refresh_review`)."""


def _refrozen(review: Review) -> QuerySet:
    """The review's history entries of its figures frozen again (`refresh_review`)."""
    return Change.objects.filter(strategy_id=review.strategy_id, kind="review",
                                 object_id=review.pk, summary=REFROZEN).select_related("user")


def _who(change: Change) -> str:
    """Who made `change`, by their username now (a user since deleted: as recorded)."""
    return change.user.get_username() if change.user is not None else change.username


def refrozen_by(review: Review) -> list[str]:
    """Who froze the review's figures again, each once, in the order they first did, as
    its history records it. Each prepared the review, as its preparer did
    (`review.approval_problem`)."""
    return list(dict.fromkeys(_who(c) for c in _refrozen(review).order_by("id")))


def frozen_by(review: Review) -> str:
    """Who took the figures the review shows: whoever froze them again last, or else
    whoever prepared it ("" when not known: a review the demo or an import stored)."""
    last = _refrozen(review).order_by("-id").first()
    return _who(last) if last is not None else _name(review.prepared_by)


def submitted_before(review: Review) -> list[str]:
    """Who submitted the review at some time, as its history records it (a review returned
    to draft and submitted again by someone else keeps its first submitter's part), each
    once."""
    changes = Change.objects.filter(strategy_id=review.strategy_id, kind="review",
                                    object_id=review.pk,
                                    summary__startswith=SUBMITTED).select_related("user")
    return list(dict.fromkeys(_who(c) for c in changes.order_by("id")))


SUBMITTED = "Status: {} → {}".format(*(s.title() for s in STEPS["submit"]))
"""The start of a submission's entry in the review's history (as `step_review` words it)."""


def approve_problem(review: Review, user: Any) -> str:
    """Why `user` may not approve `review` (`review.approval_problem`: they prepared it,
    froze its figures again or submitted it, now or before it was returned, and someone
    else may approve), or ""."""
    return approval_problem(_name(user), _name(review.prepared_by),
                            _name(review.submitted_by),
                            approvers(review.strategy.organisation), refrozen_by(review),
                            submitted_before(review))


class ReviewTaken(ValueError):
    """The strategy already has a review of the period for the forum (`REVIEW_TAKEN`)."""


def prepare_review(strategy: Strategy, period: str, forum: str, user: Any,
                   today: date) -> Review:
    """Freeze the figures and store the draft review, after any import of the plan storing
    it (`services.lock_plan`: an import stores reviews too); `ReviewTaken` when the strategy
    has that review by then, as the page's check (`pages.review_exists`) may not have seen."""
    snapshot = frozen_figures(strategy, period, today)  # (slow: before the lock)
    with transaction.atomic():
        lock_plan(strategy)
        keys = {"strategy": strategy, "period": period, "forum": forum}
        if forum_taken(strategy, period, forum):
            raise ReviewTaken(REVIEW_TAKEN)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    **keys, as_at=review_as_at(period, today), snapshot=snapshot,
                    prepared_by=user, prepared_at=timezone.now())
        except IntegrityError:
            raise ReviewTaken(REVIEW_TAKEN) from None
        record(strategy, user, f"Review {period}", f"Prepared for {forum}: figures frozen",
               "review", review.pk)
        return review


def _locked(review: Review) -> None:
    """Wait for any import of the plan storing it (`services.lock_plan`: an import stores
    reviews too) and read `review` again as it is stored now, so that a change is judged on
    the review's status then and writes over nothing the import stored."""
    lock_plan(review.strategy)
    review.refresh_from_db()


def _check_refresh(status: str) -> None:
    if not can_refresh(status):
        raise ValueError("Only a draft review's figures can be frozen again")


def refresh_review(review: Review, user: Any, today: date) -> None:
    """Freeze a draft's figures again (ValueError when it is no longer a draft, or its period
    cannot be reviewed on `today`), writing only its figures and their date. The status is
    checked as read, then again under the lock."""
    _check_refresh(review.status)
    problem = review_problem(review.strategy, review.period, today)
    if problem:
        raise ValueError(problem)
    snapshot = frozen_figures(review.strategy, review.period, today)  # (slow: before the lock)
    with transaction.atomic():
        _locked(review)
        _check_refresh(review.status)
        review.snapshot = snapshot
        review.as_at = review_as_at(review.period, today)
        review.save(update_fields=["snapshot", "as_at"])
        # (who did is a preparer from now on: `refrozen_by`, `approve_problem`)
        record(review.strategy, user, f"Review {review.period}", REFROZEN, "review",
               review.pk)


@transaction.atomic
def step_review(review: Review, step: str, user: Any, today: date | None = None) -> None:
    """Submit, return or approve (ValueError when the step is out of order, when a review
    would be submitted or approved before its quarter has ended, or approved by the user
    who prepared or submitted it while someone else may approve: `approve_problem`),
    writing only the status and who took the step when. The history of an approval says
    who prepared and submitted the review (`review.approval_words`)."""
    _locked(review)
    new = next_status(review.status, step)
    check_step(review.period, review.as_at, step, today or date.today())
    said = ""
    if step == "approve":
        problem = approve_problem(review, user)
        if problem:
            raise ValueError(problem)
        said = " (" + approval_words(_name(user), _name(review.prepared_by),
                                     _name(review.submitted_by),
                                     approvers(review.strategy.organisation),
                                     refrozen_by(review)) + ")"
    old, review.status = review.status, new
    fields = ["status"]
    if step == "submit":
        review.submitted_by, review.submitted_at = user, timezone.now()
        fields += ["submitted_by", "submitted_at"]
    if step == "approve":
        review.approved_by, review.approved_at = user, timezone.now()
        fields += ["approved_by", "approved_at"]
    review.save(update_fields=fields)
    record(review.strategy, user, f"Review {review.period}",
           f"Status: {old.title()} → {review.status.title()}{said}", "review", review.pk)


@transaction.atomic
def save_commentary(review: Review, commentary: dict[str, str], user: Any) -> None:
    """Save the commentary, by group (`review.commented`: a theme's title, or
    `review.NO_THEME_KEY`), writing only it; ValueError once the review is approved."""
    _locked(review)
    if is_locked(review.status):
        raise ValueError("An approved review is locked")
    summary = changes(review.commentary, commentary, {
        key: f"Commentary on {commentary_title(key)}" for key in commentary})
    review.commentary = commentary
    review.save(update_fields=["commentary"])
    if summary:
        record(review.strategy, user, f"Review {review.period}", summary, "review", review.pk)
