"""Quarterly reviews: the list and preparing one; a review's frozen figures and commentary;
submitting, returning and approving; freezing a draft's figures again."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from workforce.strategy.periods import latest_ended_quarter
from workforce.strategy.review import commented
from workforce_web.strategy import pages, reviewing
from workforce_web.strategy.access import get_for_user, get_strategy, target_units
from workforce_web.strategy.forms_review import CommentaryForm, PrepareReviewForm
from workforce_web.strategy.models import Review


def reviews(request, pk: int):
    m, strategy = get_strategy(request, pk, editor=request.method == "POST")
    # the latest quarter that has ended; a quarter still running is a provisional draft
    form = PrepareReviewForm(request.POST or None, strategy=strategy, today=date.today(),
                             initial={"period": latest_ended_quarter(date.today())})
    if request.method == "POST" and form.is_valid():
        try:
            if pages.review_exists(strategy, **form.cleaned_data):
                raise reviewing.ReviewTaken(reviewing.REVIEW_TAKEN)
            found = reviewing.prepare_review(strategy, **form.cleaned_data, user=request.user,
                                             today=date.today())
        except reviewing.ReviewTaken as taken:  # (prepare_review checks again as it stores)
            form.add_error("period", str(taken))
        else:
            # a provisional draft's page says what that is, in its warning: said here too,
            # the same sentences stood twice at the top of the page
            messages.success(request, "Review prepared: figures frozen as a provisional draft."
                             if found.provisional else
                             "Review prepared: figures frozen as a draft.")
            return redirect("strategy:review", found.pk)
    return render(request, "strategy/reviews.html", {
        "strategy": strategy, "form": form, "reviews": strategy.reviews.all()})


def review(request, pk: int):
    m, found = get_for_user(request, Review, pk, editor=request.method == "POST")
    form = CommentaryForm(request.POST or None, groups=commented(found.snapshot),
                          commentary=found.commentary)
    if request.method == "POST" and form.is_valid():
        try:
            reviewing.save_commentary(found, form.commentary(), request.user)
        except ValueError as exc:
            raise PermissionDenied(str(exc)) from None
        messages.success(request, "Commentary saved.")
        return redirect("strategy:review", found.pk)
    return render(request, "strategy/review.html", {
        "review": found, "strategy": found.strategy, "form": form, "can_edit": m.can_edit,
        **pages.review(found, date.today(), target_units(m), request.user)})


STEPPED = {"draft": "Review returned to draft.", "submitted": "Review submitted.",
           "approved": "Review approved."}
"""What a review's page says when a step has moved it to a status ("Review draft." read as
a noun)."""


def review_step(request, pk: int):
    m, found = get_for_user(request, Review, pk, editor=True)
    step = request.POST.get("step", "")
    if request.method == "POST":
        try:
            reviewing.step_review(found, step, request.user, date.today())
            messages.success(request, STEPPED.get(found.status, f"Review {found.status}."))
        except ValueError as exc:
            messages.error(request, str(exc))
    return redirect("strategy:review", found.pk)


def review_refresh(request, pk: int):
    m, found = get_for_user(request, Review, pk, editor=True)
    if request.method == "POST":
        try:
            reviewing.refresh_review(found, request.user, date.today())
            messages.success(request, f"Figures frozen again, as at {found.as_at.day} "
                                      f"{found.as_at:%B %Y}.")
        except ValueError as exc:
            messages.error(request, str(exc))
    return redirect("strategy:review", found.pk)
