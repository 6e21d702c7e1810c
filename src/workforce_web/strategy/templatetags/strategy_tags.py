"""Template helpers for the strategy pages: RAG tags, figures in their unit, GOV.UK fields."""

from __future__ import annotations

from django import forms, template

from workforce.measures.suppression import MARKER
from workforce.strategy import periods
from workforce.strategy.plan import RAGS
from workforce.strategy.targets import figure_covers
from workforce_web.formatting import DECIMALS, round_half_away

register = template.Library()

# GOV.UK tag colours for a RAG status, the same on the strategy pages and the dashboards
# (`rag_tag`): amber is GOV.UK's orange tag everywhere.
TAG_CLASSES = {"green": "govuk-tag--green", "amber": "govuk-tag--orange",
               "red": "govuk-tag--red", "blue": "", "grey": "govuk-tag--grey",
               "none": "govuk-tag--grey"}


@register.inclusion_tag("strategy/_rag.html")
def rag(value: str, reason: str = "") -> dict:
    """A GOV.UK tag for a RAG status, its reason as a tooltip and for screen readers."""
    return {"label": RAGS.get(value or "none", value), "css": TAG_CLASSES.get(value, ""),
            "reason": reason, "value": value or "none"}


@register.filter
def rag_tag(value: str) -> str:
    """The GOV.UK tag modifier class for a RAG status ('govuk-tag--orange' for amber)."""
    return TAG_CLASSES.get(value or "none", "")


@register.filter
def figure(value: float | None, unit: str = "") -> str:
    """A figure rounded for display in its unit ('–' when there is none)."""
    if value is None or value == "":
        return "–"
    dp = DECIMALS.get(unit, 1)
    text = f"{round_half_away(float(value), dp):,.{dp}f}"
    return f"{text}%" if unit == "percent" else (f"£{text}" if unit == "pounds" else text)


@register.filter
def covered(found: object) -> str:
    """What a target's latest figure (a `TargetFigure`) covers ('the month to 7 December
    2026'), or "" when it has no figure's date."""
    on = getattr(getattr(found, "assessment", None), "on", None)
    return figure_covers(found.target, on) if on else ""  # type: ignore[attr-defined]


@register.filter
def shown(figure_of: object, unit: str = "") -> str:
    """A target's figure (an assessment, a frozen figure or a chart row) as shown: 'c' when
    suppressed."""
    if isinstance(figure_of, dict):
        hidden, value = figure_of.get("suppressed"), figure_of.get(
            "value", figure_of.get("actual"))
    else:
        hidden, value = getattr(figure_of, "suppressed", False), figure_of.value
    return MARKER if hidden else figure(value, unit)


@register.inclusion_tag("strategy/_field.html")
def field(bound: forms.BoundField, css: str = "") -> dict:
    """A form field as a GOV.UK form group: label, hint, error and the input."""
    widget = bound.field.widget
    kind = ("checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else
            "checkbox" if isinstance(widget, forms.CheckboxInput) else
            "select" if isinstance(widget, forms.Select) else
            "textarea" if isinstance(widget, forms.Textarea) else
            "file" if isinstance(widget, forms.ClearableFileInput | forms.FileInput) else
            "input")
    classes = {"input": "govuk-input", "select": "govuk-select", "textarea": "govuk-textarea",
               "file": "govuk-file-upload", "checkboxes": "",
               "checkbox": "govuk-checkboxes__input"}[kind]
    if bound.errors and kind != "checkbox":
        classes += f" {classes}--error" if classes else ""
    if not css and isinstance(widget, forms.DateInput):
        css = "govuk-input--width-10"
    elif not css and isinstance(widget, forms.NumberInput):
        css = "govuk-input--width-5"
    attrs = {"class": f"{classes} {css}".strip()}
    described = ([f"{bound.auto_id}-hint"] if bound.help_text else []) + (
        [f"{bound.auto_id}-error"] if bound.errors else [])
    if described:
        attrs["aria-describedby"] = " ".join(described)
    html = "" if kind == "checkboxes" else bound.as_widget(attrs=attrs)
    return {"f": bound, "kind": kind, "html": html}


@register.filter
def num(value: float | None) -> str:
    """A plain number without trailing zeros (tolerances, bands)."""
    return "–" if value is None else f"{value:g}"


@register.filter
def get(mapping: dict, key: str):
    return mapping.get(key) if mapping else None


@register.filter
def period_words(text: str) -> str:
    """'2025-Q3' -> 'July to September 2025'."""
    return periods.words(str(text or ""))


@register.filter
def period_label(text: str) -> str:
    """A period written the one way ('2025-q3' -> '2025-Q3'); as it is when unreadable."""
    try:
        return periods.label(str(text or ""))
    except ValueError:
        return str(text or "")


@register.filter
def frequency_words(frequency: str) -> str:
    """'quarterly' -> 'quarterly'."""
    return periods.frequency_words(str(frequency or ""))


@register.filter
def frequency_example(frequency: str) -> str:
    """'quarterly' -> '2025-Q3 (July to September 2025)'."""
    return periods.frequency_example(str(frequency or ""))


@register.filter
def commentary_box(form: forms.Form, key: str) -> forms.BoundField | None:
    """A review's commentary box for the group of `key` (`CommentaryForm.box`): a theme's,
    or that of the targets and actions in no theme."""
    return form.box(key)  # type: ignore[attr-defined]
