"""Forms: a measure's target, and the work-list filters."""

from __future__ import annotations

from django import forms

from workforce_web.dashboards.filters import AsAtField
from workforce_web.dashboards.models import Target
from workforce_web.dashboards.worklists import DEFAULT_CASELOAD


class TargetForm(forms.ModelForm):
    """A target: the figure to reach and the date to reach it by."""

    class Meta:
        model = Target
        fields = ["value", "target_date", "note"]
        labels = {"value": "Target figure", "target_date": "Reach it by",
                  "note": "Where the target comes from (optional)"}
        error_messages = {
            "value": {"required": "Enter the target figure, for example 15 or 12.5",
                      "invalid": "Enter the target as a number, for example 15 or 12.5"},
            "target_date": {"required": "Enter the date to reach the target by",
                            "invalid": "Enter a real date, for example 2027-03-31"},
        }


THRESHOLD_WORDS = ("Caseload threshold: enter a number of cases per FTE from 1 to 100, for "
                   "example 20")


class WorklistForm(forms.Form):
    """Work-list filters from the query string. A value that cannot be used is left out (its
    default is used) and `problems` says so, naming the field as the page labels it."""

    unit = forms.CharField(required=False, label="Unit")
    as_at = AsAtField(required=False, label="As at")
    threshold = forms.FloatField(
        required=False, min_value=1, max_value=100, label="Caseload threshold",
        error_messages={"invalid": THRESHOLD_WORDS, "min_value": THRESHOLD_WORDS,
                        "max_value": THRESHOLD_WORDS})

    ANCHORS = {"as_at": "wl-as_at", "threshold": "wl-threshold"}
    INSTEAD = {"as_at": "Today's date is used instead.",
               "threshold": f"The usual threshold of {DEFAULT_CASELOAD:g} is used instead."}

    def problems(self) -> list[dict]:
        """Each error with the field it links to and what is used instead."""
        self.is_valid()
        return [{"anchor": self.ANCHORS.get(name, "main-content"), "message": str(e),
                 "instead": self.INSTEAD.get(name, "The default is used instead.")}
                for name, errors in self.errors.items() for e in errors]

    def value(self, name: str, default):
        """The cleaned value of `name`, or `default` when it is missing or wrong."""
        self.is_valid()
        found = None if name in self.errors else self.cleaned_data.get(name)
        return default if found in (None, "") else found

    @property
    def threshold_value(self) -> float:
        return float(self.value("threshold", DEFAULT_CASELOAD))
