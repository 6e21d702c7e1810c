"""The "you said, we did" feedback log: reading it, adding and editing entries."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from workforce.wording import day
from workforce_web.strategy import services
from workforce_web.strategy.access import get_for_user, get_strategy
from workforce_web.strategy.forms import FeedbackForm
from workforce_web.strategy.models import Feedback


def feedback(request, pk: int):
    m, strategy = get_strategy(request, pk, editor=request.method == "POST")
    form = FeedbackForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid() and services.saved(
            services.save_form, form, request.user, strategy, "feedback") is not None:
        messages.success(request, "Feedback added to the log.")  # (else the form says why)
        return redirect("strategy:feedback", strategy.pk)
    entries = strategy.feedback.prefetch_related("actions")
    return render(request, "strategy/feedback.html", {
        "strategy": strategy, "entries": entries, "form": form, "can_edit": m.can_edit})


def feedback_edit(request, pk: int):
    m, entry = get_for_user(request, Feedback, pk, editor=True)
    form = FeedbackForm(request.POST or None, instance=entry, strategy=entry.strategy)
    if request.method == "POST" and form.is_valid():
        done = services.saved(services.save_form, form, request.user, entry.strategy,
                              "feedback")
        if done is not None:  # else the form says why (changed since it was opened)
            messages.success(request, "Feedback saved.")
            return redirect("strategy:feedback", entry.strategy.pk)
    return render(request, "strategy/form.html", {"form": form, "strategy": entry.strategy,
                                                  "title": edit_title(entry)})


WORDS = 60
"""How much of what staff said names an entry in its edit page's title (characters)."""


def edit_title(entry: Feedback) -> str:
    """'Edit feedback of 4 March 2026: “We want more time for …”': an entry is known by its
    date and its words (as the plan's import matches it), so each edit page has its own."""
    said = " ".join(entry.you_said.split())
    if len(said) > WORDS:
        said = said[:WORDS].rsplit(" ", 1)[0].rstrip(",;:.") + " …"
    return f"Edit feedback of {day(entry.on)}: “{said}”"
