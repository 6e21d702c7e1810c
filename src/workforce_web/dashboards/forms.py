"""Forms: a measure's target, and the work-list filters."""

from __future__ import annotations

from django import forms

from workforce.measures import all_measures
from workforce.strategy.targets import CEILING, value_range
from workforce_web.dashboards.filters import AsAtField, Problems, date_range_words, in_range
from workforce_web.dashboards.models import Target
from workforce_web.dashboards.worklists import DEFAULT_CASELOAD
from workforce_web.forms import GovukErrors


class TargetForm(GovukErrors, forms.ModelForm):
    """A target: the figure to reach and the date to reach it by."""

    error_names = {"note": "where the target comes from"}

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

    def __init__(self, *args, measure=None, **kwargs):
        """`measure`: the registry measure (or its id) the target is for; when it is not given,
        the instance's measure, if it has one. Its unit bounds the figure."""
        super().__init__(*args, **kwargs)
        found = all_measures().get(getattr(measure, "id", measure) or self.instance.measure_id)
        self.unit = found.unit if found is not None else ""
        self.signed = found is not None and "signed" in found.tags

    def clean_value(self) -> float:
        """Django's FloatField already refuses infinity and NaN; a finite figure must also be
        one the measure can take: a percentage at most 100, anything else at most `CEILING`
        (1e308 is finite, but no chart or table can round it); 0 or more, except for a
        measure tagged "signed" (a gap or a change), which can be as far below 0."""
        value = self.cleaned_data["value"]
        low, top = value_range(self.unit, self.signed)  # as a strategy target's
        words = PERCENT_WORDS if self.unit == "percent" else NUMBER_WORDS
        if self.signed:
            words = SIGNED_WORDS[self.unit == "percent"].format(top=f"{top:,}")
        if not low <= value <= top:
            raise forms.ValidationError(words, code="out_of_range")
        return value

    def clean_target_date(self):
        """The dashboards' own range (`filters.in_range`): a target outside it could never be
        shown against a figure."""
        day = self.cleaned_data["target_date"]
        if not in_range(day):
            raise forms.ValidationError(f"Reach it by: enter a date {date_range_words()}",
                                        code="out_of_range")
        return day


PERCENT_WORDS = "Target figure: enter a percentage from 0 to 100, for example 12.5"
SIGNED_WORDS = ("Target figure: enter a number from -{top} to {top}, for example -2.5",
                "Target figure: enter a percentage from -{top} to {top}, for example -2.5")
NUMBER_WORDS = f"Target figure: enter a number from 0 to {CEILING:,}, for example 15 or 12.5"


THRESHOLD_WORDS = ("Caseload threshold: enter a number of cases per FTE from 1 to 100, for "
                   "example 20")


class WorklistForm(GovukErrors, Problems, forms.Form):
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

    def value(self, name: str, default):
        """The cleaned value of `name`, or `default` when it is missing or wrong."""
        self.is_valid()
        found = None if name in self.errors else self.cleaned_data.get(name)
        return default if found in (None, "") else found

    @property
    def threshold_value(self) -> float:
        return float(self.value("threshold", DEFAULT_CASELOAD))
