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
    """One commentary box per group of the review that takes commentary
    (`review.commented`: each theme, and the targets and actions of none), by its key."""

    def __init__(self, *args, groups: list[tuple[str, str]], commentary: dict[str, str],
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.names = {}
        for i, (key, title) in enumerate(groups):
            self.names[key] = f"theme_{i}"
            self.fields[f"theme_{i}"] = forms.CharField(
                label=f"Commentary on {title}", required=False,
                initial=commentary.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 3}))

    def box(self, key: str) -> forms.BoundField | None:
        """The box of the group whose key is `key` (None: the review has no such group)."""
        return self[self.names[key]] if key in self.names else None

    def commentary(self) -> dict[str, str]:
        return {key: self.cleaned_data[name].strip() for key, name in self.names.items()}
