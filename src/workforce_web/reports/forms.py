"""Choosing a report's quarter and scope, and writing its commentary."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms

from workforce.reports import SECTIONS
from workforce.reports.figures import quarter_label
from workforce.strategy.actuals import last_quarter_end
from workforce_web.forms import GovukErrors

QUARTERS = 8
WHOLE = ("", "The whole organisation")


def recent_quarters(today: date, count: int = QUARTERS) -> list[str]:
    """The last `count` quarters that have ended, newest first."""
    end, out = last_quarter_end(today), []
    for _ in range(count):
        out.append(quarter_label(end))
        end = last_quarter_end(end.replace(day=1) - timedelta(days=1))
    return out


class NewReportForm(GovukErrors, forms.Form):
    period = forms.ChoiceField(label="Quarter", help_text="Figures are as at the quarter's "
                               "end; rates are over the 12 months to it.")
    unit = forms.ChoiceField(label="Covering", required=False)
    error_names = {"unit": "the unit to report on"}

    def __init__(self, *args, today: date, units: list[dict], whole: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(q, q) for q in recent_quarters(today)]
        self.fields["unit"].choices = ([WHOLE] if whole else []) + [
            (u["code"], u["label"]) for u in units]
        self.fields["unit"].required = not whole


class CommentaryForm(GovukErrors, forms.Form):
    """A text box per section; empty boxes leave the section without commentary."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, title in SECTIONS:
            self.fields[key] = forms.CharField(
                label=title, required=False, max_length=5000, strip=True,
                widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}))

    def commentary(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}
