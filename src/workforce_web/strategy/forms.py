"""Forms for the plan. Rules come from the core: a target is checked by
`workforce.strategy.targets.target_problems`, an override by `rag.override_problem`. The
target's and the tracked measures' forms are `forms_target`'s, the reviews' `forms_review`'s."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth import get_user_model

from workforce.measures import all_measures
from workforce.strategy.merge import feedback_key
from workforce.strategy.plan import added_problem, date_problem
from workforce.strategy.rag import override_problem
from workforce.strategy.workbook_cells import Bad, parse_milestones
from workforce.wording import day
from workforce_web.forms import GovukErrors
from workforce_web.strategy.models import (
    Action,
    Feedback,
    ProgressUpdate,
    Strategy,
    Theme,
)
from workforce_web.strategy.stale import OnlyItsFields, Opened

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _plan_date(day: date) -> None:
    problem = date_problem(day)
    if problem:
        raise forms.ValidationError(problem, code="out_of_range")


class PlanDates:
    """Every date field of a plan's form takes only the dates a plan may hold
    (`plan.date_problem`, as the workbook's cells)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():  # each form's own copies of its fields
            if isinstance(f, forms.DateField):
                f.validators.append(_plan_date)


class StrategyForm(GovukErrors, PlanDates, Opened, forms.ModelForm):
    error_names = {"start": "a start date", "end": "an end date"}

    class Meta:
        model = Strategy
        fields = ["title", "summary", "start", "end"]
        widgets = {"start": DATE, "end": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean(self):
        data = super().clean()
        for name, message in self.taken().items():
            self.add_error(name, message)
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The strategy ends before it starts")
        return data

    def taken(self) -> dict[str, str]:
        """The problem of a title another of the organisation's strategies has, by field
        (`clean`; asked again as it saves: `services.refuse_taken`)."""
        same = Strategy.objects.filter(organisation=self.instance.organisation,
                                       title=self.cleaned_data.get("title")
                                       ).exclude(pk=self.instance.pk)
        return ({"title": "Your organisation already has a strategy with this title"}
                if same.exists() else {})


class ThemeForm(GovukErrors, Opened, forms.ModelForm):
    """A theme of `strategy`, whose title no other theme of the strategy has (the database
    refuses it: the form says so instead, as the strategy is not one of its fields); a
    stored theme's objectives are read after its latest change (`Opened`)."""

    objectives = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="What will be different: one objective per line.")

    class Meta:
        model = Theme
        fields = ["title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        if self.instance.pk is not None:
            self.initial.setdefault("objectives", "\n".join(
                o.title for o in self.instance.objectives.all()))

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        if self.title_taken(title):
            raise forms.ValidationError(self.taken_words(title), code="unique")
        return title

    def taken(self) -> dict[str, str]:
        """The problem of a title another theme of the strategy has, by field (asked again
        as it saves: `services.refuse_taken`)."""
        title = self.cleaned_data.get("title")
        return {"title": self.taken_words(title)} if title and self.title_taken(title) else {}

    def title_taken(self, title: str) -> bool:
        """Whether another theme of the strategy is called `title`."""
        return self.strategy.themes.filter(title=title).exclude(pk=self.instance.pk).exists()

    @staticmethod
    def taken_words(title: str) -> str:
        return f"The strategy already has a theme called ‘{title}’"

    def objective_titles(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["objectives"].splitlines()
                if line.strip()]


NO_OVERRIDE = [("", "None: use the computed RAG"), ("green", "Green"), ("amber", "Amber"),
               ("red", "Red")]


class OverrideMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag_override"].choices = NO_OVERRIDE
        self.fields["override_reason"].help_text = "Required when the RAG is set by hand."

    def clean(self):
        data = super().clean()
        problem = override_problem(data.get("rag_override") or "",
                                   data.get("override_reason") or "")
        if problem:
            self.add_error("override_reason", problem)
        return data


ADDED_HINT = ("The day the action was added to the plan: a quarter's review and board report "
              "list only the actions added by its end. Leave it blank for an action in the "
              "plan from the start (as it is until the strategy has a quarterly review; "
              "after that, a new action is added today unless you change it). For an action "
              "that was already in the plan, give the day it was added.")


class ActionForm(GovukErrors, PlanDates, OverrideMixin, Opened, forms.ModelForm):
    """An action (`added_on`: the day it was added to the plan, blank for one in the plan
    from the start). A new one is added today by default once the strategy has a quarterly
    review (it is being governed: a new action is new); before that the day is left blank,
    so a plan typed in after the fact is in its earlier quarters."""

    error_names = {"ref": "a reference", "start": "a start date", "due": "a due date",
                   "added_on": "the day the action was added to the plan"}

    class Meta:
        model = Action
        fields = ["theme", "objective", "ref", "title", "description", "owner", "owner_name",
                  "lead_unit", "start", "due", "status", "rag_override", "override_reason",
                  "added_on"]
        help_texts = {"added_on": ADDED_HINT}
        widgets = {"start": DATE, "due": DATE, "added_on": DATE,
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "override_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, strategy: Strategy, units: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and strategy.reviews.exists():
            self.initial.setdefault("added_on", date.today())
        self.strategy = strategy
        self.fields["theme"].queryset = strategy.themes.all()
        self.fields["objective"].queryset = self.fields["objective"].queryset.filter(
            theme__strategy=strategy)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            membership__organisation=strategy.organisation).order_by("username")
        self.fields["owner"].empty_label = "Nobody (only leads update it)"
        self.fields["objective"].empty_label = "None"
        self.fields["lead_unit"] = forms.ChoiceField(choices=[("", "—"), *units],
                                                     required=False, label="Lead unit")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("due") and data["due"] < data["start"]:
            self.add_error("due", "The action is due before it starts")
        objective = data.get("objective")
        if objective and data.get("theme") and objective.theme_id != data["theme"].pk:
            self.add_error("objective", "Choose an objective of the action's theme")
        for name, message in self.taken().items():
            self.add_error(name, message)
        return data

    def taken(self) -> dict[str, str]:
        """The problem of a ref another action of the strategy has, by field (`clean`;
        asked again as it saves: `services.refuse_taken`)."""
        ref = self.cleaned_data.get("ref")
        clash = self.strategy.actions.filter(ref=ref).exclude(pk=self.instance.pk)
        return ({"ref": "Another action already has this reference"}
                if ref and clash.exists() else {})

    def clean_added_on(self) -> date | None:
        """Not after today (`plan.added_problem`, as the workbook's import says); a day
        before the strategy's start is in every quarter of it."""
        added = self.cleaned_data.get("added_on")
        problem = added_problem(added, date.today())
        if problem:
            message, hint = problem
            raise forms.ValidationError(f"{message}: {hint[0].lower()}{hint[1:]}",
                                        code="added_on")
        return added


class ActionStatusForm(GovukErrors, OverrideMixin, OnlyItsFields, forms.ModelForm):
    """What an action's owner may change: refused only when one of these fields was changed
    since the page was opened (`stale.OnlyItsFields`)."""

    class Meta:
        model = Action
        fields = ["status", "rag_override", "override_reason"]
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 2})}


class ProgressUpdateForm(GovukErrors, PlanDates, forms.ModelForm):
    evidence = forms.URLField(required=False, max_length=500, assume_scheme="https",
                              label="Link to evidence",
                              help_text="A web address, e.g. a document on the intranet.")

    class Meta:
        model = ProgressUpdate
        fields = ["on", "text", "evidence"]
        labels = {"on": "Date", "text": "Progress update", "evidence": "Link to evidence"}
        widgets = {"on": DATE, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": date.today()})
        super().__init__(*args, **kwargs)

    def clean_on(self) -> date:
        """An update reports what has happened: it cannot be dated after today (a later date
        would stand as the action's latest news, and a completed action's closing day, for
        months)."""
        on = self.cleaned_data["on"]
        if on is not None and on > date.today():
            raise forms.ValidationError(
                f"The date cannot be after today ({date.today():%-d %B %Y}): give the day "
                "the progress was made.")
        return on


class FeedbackForm(GovukErrors, PlanDates, Opened, forms.ModelForm):
    """A "you said, we did" entry; an entry's edit form is refused when the entry (or the
    actions it is linked to) was changed since it was opened (`stale.Opened`)."""

    error_names = {"you_said": "what people said", "we_did": "what was done"}

    class Meta:
        model = Feedback
        fields = ["on", "source", "you_said", "we_did", "actions"]
        labels = {"on": "Date", "you_said": "You said", "we_did": "We did"}
        widgets = {"on": DATE, "you_said": forms.Textarea(attrs={"rows": 3}),
                   "we_did": forms.Textarea(attrs={"rows": 3}),
                   "actions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.fields["actions"].queryset = strategy.actions.order_by("ref")

    def clean(self):
        data = super().clean()
        for name, message in self.taken().items():
            self.add_error(name, message)
        return data

    def taken(self) -> dict[str, str]:
        """The problem of another entry of the strategy with the same date and words, by
        field (`clean`; asked again as it saves: `services.refuse_taken`): an entry is known
        by them, in the plan's workbook and its history, and an import refuses two alike."""
        on, said = self.cleaned_data.get("on"), self.cleaned_data.get("you_said")
        if not on or not said:
            return {}
        key = feedback_key(on, said)
        others = self.strategy.feedback.filter(on=on).exclude(pk=self.instance.pk)
        if not any(feedback_key(e.on, e.you_said) == key for e in others):
            return {}
        return {"you_said": f"Another entry of {day(on)} already has these words: make "
                            "them differ (say where or from whom it came), or edit that entry"}


class ImportForm(GovukErrors, forms.Form):
    file = forms.FileField(label="Action plan workbook (.xlsx)")
    replace_newer = forms.BooleanField(
        required=False, label="Replace changes made to the plan since this workbook was "
                              "exported",
        help_text="Only for a workbook exported from here: without this, a workbook exported "
                  "before the plan's latest change is not imported, as it would undo the "
                  "changes made since.")


def measure_choices() -> list[tuple[str, str]]:
    return [("", "— a tracked measure instead —")] + [
        (m.id, f"{m.title} ({m.id})") for m in all_measures().values()]


def milestones_field(text: str) -> tuple:
    """Milestones typed as '2026-03-31=20; 2027-03-31=18' (ValidationError when unreadable)."""
    try:
        return parse_milestones(text) if text.strip() else ()
    except Bad as bad:
        raise forms.ValidationError(f"{str(bad).rstrip('.')}. {bad.hint}") from None
