"""The quarterly reviews' forms: preparing a review of a period, and its commentary."""

from __future__ import annotations

from datetime import date

from django import forms

from workforce_web.forms import GovukErrors
from workforce_web.strategy.forms_target import TrackedValueForm
from workforce_web.strategy.models import Strategy
from workforce_web.strategy.reviewing import review_problem


class PrepareReviewForm(GovukErrors, forms.Form):
    error_names = {"period": "the quarter under review"}
    period = forms.CharField(max_length=20, help_text="The quarter under review, e.g. "
                                                      "2025-Q3.")
    forum = forms.CharField(max_length=200, initial="Workforce strategy board",
                            help_text="The board, committee or task group reviewing it.")

    def __init__(self, *args, strategy: Strategy, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.strategy, self.today = strategy, today

    def clean_forum(self) -> str:
        return " ".join(self.cleaned_data["forum"].split())

    def clean_period(self) -> str:
        period = TrackedValueForm.clean_period(self)  # type: ignore[arg-type]
        problem = review_problem(self.strategy, period, self.today)
        if problem:
            raise forms.ValidationError(problem)
        return period


class CommentaryForm(GovukErrors, forms.Form):
    """One commentary box per theme."""

    def __init__(self, *args, themes: list[str], commentary: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for i, title in enumerate(themes):
            self.fields[f"theme_{i}"] = forms.CharField(
                label=f"Commentary on {title}", required=False,
                initial=commentary.get(title, ""),
                widget=forms.Textarea(attrs={"rows": 3}))
        self.themes = themes

    def commentary(self) -> dict[str, str]:
        return {t: self.cleaned_data[f"theme_{i}"].strip() for i, t in enumerate(self.themes)}
