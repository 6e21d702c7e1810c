"""The target form: every rule is the core's (`target_problems`), shown on the field it is
about; the forms of the tracked measures a target may follow, and of their values."""

from __future__ import annotations

import dataclasses

from django import forms

from workforce.strategy.periods import label
from workforce.strategy.plan import PERIODS
from workforce.strategy.plan import Target as CoreTarget
from workforce.strategy.targets import default_period, measure_info, target_problems
from workforce_web.forms import GovukErrors
from workforce_web.strategy.forms import DATE, PlanDates, measure_choices, milestones_field
from workforce_web.strategy.models import Strategy, Target, TrackedMeasure
from workforce_web.strategy.records import milestones_json, tracked_map
from workforce_web.strategy.stale import Opened, ValueOpened

CORE_FIELDS = ["ref", "title", "scope_unit", "scope_filter", "baseline_value", "baseline_date",
               "target_value", "target_date", "direction", "band", "trajectory", "tolerance",
               "benchmark", "period", "note"]


class TargetForm(GovukErrors, PlanDates, Opened, forms.ModelForm):
    error_names = {"ref": "a reference"}
    measure_id = forms.ChoiceField(label="Measure", required=False)
    milestones_text = forms.CharField(
        label="Milestones", required=False,
        help_text="Optional: date=value; date=value, e.g. 2026-03-31=20; 2027-03-31=18.")

    class Meta:
        model = Target
        fields = ["ref", "title", "theme", "measure_id", "tracked", "scope_unit",
                  "scope_filter", "baseline_value", "baseline_date", "target_value",
                  "target_date", "direction", "band", "trajectory", "tolerance", "benchmark",
                  "period", "note"]
        labels = {"tracked": "Tracked measure", "scope_filter": "Scope filter",
                  "benchmark": "Benchmark goal"}
        help_texts = {
            "scope_filter": "Optional: breakdown=value, e.g. staff_group=social_worker.",
            "baseline_value": "Leave empty with a baseline date to measure it from the data.",
            "target_value": "Empty with a benchmark goal, or to mean 'better than the "
                            "baseline'.",
            "tolerance": "How far behind the trajectory is still amber, in the measure's "
                         "unit.",
            "direction": "Empty: from the measure (which way is better).",
            "band": "For 'within' targets: how far either side of the target counts.",
        }
        widgets = {"baseline_date": DATE, "target_date": DATE,
                   "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, strategy: Strategy, units: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy, self.warnings, self.unit = strategy, [], None
        self.fields["measure_id"].choices = measure_choices()
        self.fields["theme"].queryset = strategy.themes.all()
        self.fields["tracked"].queryset = self.fields["tracked"].queryset.filter(
            organisation=strategy.organisation)
        self.fields["scope_unit"] = forms.ChoiceField(
            choices=[("", "Whole organisation"), *units], required=False, label="Scope unit")
        self.fields["tolerance"].required = False
        if self.instance.pk is None:  # a new target: the measure's own period by default
            self.fields["period"] = forms.ChoiceField(
                label="Period", required=False, initial="",
                choices=[("", "The measure's own period (the month for supervision within "
                              "the month, otherwise the 12 months)"), *PERIODS.items()],
                help_text="What each figure covers.")
            measure = self.initial.get("measure_id")
            self.initial["period"] = default_period(measure) if measure else ""
        self.initial.setdefault("milestones_text", "; ".join(
            f"{d}={v:g}" for d, v in (self.instance.milestones or [])))

    def clean_period(self) -> str:
        """The period chosen, or the measure's own (`default_period`) when left at it."""
        return self.cleaned_data.get("period") or default_period(
            self.cleaned_data.get("measure_id"))

    def clean_tolerance(self) -> float:
        return self.cleaned_data.get("tolerance") or 0.0

    def clean_milestones_text(self) -> tuple:
        return milestones_field(self.cleaned_data.get("milestones_text") or "")

    def clean(self):
        """The core's rules, also when some fields could not be read (so every problem shows
        at once): a rule that reads a field that failed is left out, as its message would
        only add to (or contradict) the field's own."""
        data = super().clean()
        failed = [_core(name) for name in self.errors]
        record = self.record()
        tracked = tracked_map(self.strategy.organisation)
        info = measure_info(record, tracked)
        for name, message in target_problems(record, info, unknown=failed):
            self.add_error(_field(name), message)
        for name, message in self.taken().items():
            self.add_error(name, message)
        self.unit = info.unit if info else None  # the figures' unit, as they are shown
        return data  # (the milestones' warnings come when it is saved: `save_target`)

    def taken(self) -> dict[str, str]:
        """The problem of a ref another target of the strategy has, by field (`clean`; asked
        again as it saves: `services.refuse_taken`)."""
        ref = self.cleaned_data.get("ref")
        clash = self.strategy.targets.filter(ref=ref).exclude(pk=self.instance.pk)
        return ({"ref": "Another target already has this reference"}
                if ref is not None and clash.exists() else {})

    def record(self) -> CoreTarget:
        """The form's target as the core's record; a field that could not be read is left at
        the record's default (the rules that read it are not applied: see `clean`)."""
        d = self.cleaned_data
        defaults = {f.name: f.default for f in dataclasses.fields(CoreTarget)
                    if f.default is not dataclasses.MISSING}
        values = {k: d.get(k, defaults.get(k, "")) for k in CORE_FIELDS}
        values = {k: ("" if v is None and k in ("scope_unit", "scope_filter", "direction",
                                                  "benchmark", "note") else v)
                  for k, v in values.items()}
        return CoreTarget(
            **values, measure_id=d.get("measure_id") or None,
            tracked=d["tracked"].code if d.get("tracked") else None,
            theme=d["theme"].title if d.get("theme") else "",
            milestones=d.get("milestones_text") or ())

    def save(self, commit: bool = True) -> Target:
        target = super().save(commit=False)
        target.strategy = self.strategy
        target.milestones = milestones_json(self.cleaned_data.get("milestones_text") or ())
        if commit:
            target.save()
        return target


def _core(name: str) -> str:
    """The core record's name for the form's field `name`."""
    return "milestones" if name == "milestones_text" else name


def _field(name: str) -> str | None:
    if name == "measure":
        return "measure_id"
    if name == "milestones":
        return "milestones_text"
    return name if name in TargetForm.Meta.fields else None


class TrackedMeasureForm(GovukErrors, forms.ModelForm):
    """A tracked measure of `organisation`, whose code none of its others has."""

    class Meta:
        model = TrackedMeasure
        fields = ["code", "title", "definition", "unit", "polarity", "frequency"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        for message in self.taken().values():
            raise forms.ValidationError(message, code="unique")
        return code

    def taken(self) -> dict[str, str]:
        """The problem of a code another of the organisation's tracked measures has, by
        field (`clean_code`; asked again as it saves: `services.refuse_taken`)."""
        code = self.cleaned_data.get("code")
        same = TrackedMeasure.objects.filter(organisation=self.instance.organisation,
                                             code=code).exclude(pk=self.instance.pk)
        return ({"code": f"Your organisation already has a tracked measure with the code "
                         f"‘{code}’"} if code and same.exists() else {})


class TrackedValueForm(GovukErrors, ValueOpened, forms.Form):
    period = forms.CharField(max_length=20, help_text="2025-Q3, 2025-09, 2024-25 or "
                                                      "census-2025.")
    value = forms.FloatField()

    def clean_period(self) -> str:
        try:
            return label(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
