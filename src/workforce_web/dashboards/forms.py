"""Forms: a measure's target, and the work-list filters."""

from __future__ import annotations

from django import forms

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


class WorklistForm(forms.Form):
    """Work-list filters from the query string."""

    unit = forms.CharField(required=False)
    as_at = forms.DateField(required=False)
    threshold = forms.FloatField(required=False, min_value=1, max_value=100)

    def value(self, name: str, default):
        """The cleaned value of `name`, or `default` when it is missing or wrong."""
        self.is_valid()
        found = None if name in self.errors else self.cleaned_data.get(name)
        return default if found in (None, "") else found

    @property
    def threshold_value(self) -> float:
        return float(self.value("threshold", DEFAULT_CASELOAD))
