"""GOV.UK-style error messages for every form of the app (`GovukErrors`).

Django's own messages name no field ("This field is required." three times over a form),
say nothing of what to do ("Select a valid choice. That choice is not one of the available
choices.") and read as a machine's ("Ensure this value has at most 20 characters (it has
300)."). The GOV.UK Design System's messages say what to do, naming the field: "Enter a
title", "Select a theme", "Reference must be 20 characters or fewer". `GovukErrors` writes
these from each field's label for every message a form still holds as Django wrote it; a
message the form or its model gives itself is kept.
"""

from __future__ import annotations

import re

from django import forms
from django.forms.utils import pretty_name
from django.forms.widgets import ChoiceWidget


class Fixed(str):
    """A message that is the same whatever values Django gives it: Django fills in a message
    with `%` (`message % params`) only for some codes, and a label may hold a '%' of its
    own ("Target figure (%)")."""

    __slots__ = ()

    def __mod__(self, params: object) -> Fixed:
        return self


ARTICLES = ("a ", "an ", "the ", "your ", "their ", "its ", "what ", "how ", "who ", "when ",
            "which ", "where ")


def _django_defaults(field: forms.Field) -> dict[str, str]:
    """The messages Django's own field classes give `field` (a class of the app that sets
    `default_error_messages`, such as the dashboards' as-at date, has chosen its own)."""
    out: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        if cls.__module__.startswith("django."):
            out.update({k: str(v) for k, v in vars(cls).get("default_error_messages",
                                                             {}).items()})
    return out


def _lowered(label: str) -> str:
    """The label as words within a sentence: 'Title' -> 'title'; an acronym or a word with
    capitals inside it stays as it is ('RAG override', 'DfE region')."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return label
    return label[:1].lower() + label[1:]


def _with_article(words: str) -> str:
    """'title' -> 'a title', 'owner name' -> 'an owner name'; a plural ('milestones'), or
    words that start with an article or a question word, as they are."""
    low = words.lower()
    first = low.split(" ", 1)[0]
    if low.startswith(ARTICLES) or (first.endswith("s") and not first.endswith(
            ("ss", "us", "is"))):
        return words
    vowel = low[:1] in "aeio" or (low[:1] == "u" and not low.startswith(("uni", "use", "usu")))
    return f"{'an' if vowel else 'a'} {words}"


def _bare(noun: str) -> str:
    """'a reference' -> 'Reference': the noun as the subject of a sentence ('the day it
    was added' -> 'The day it was added')."""
    for article in ("a ", "an "):
        if noun.lower().startswith(article):
            noun = noun[len(article):]
            break
    return noun[:1].upper() + noun[1:]


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def messages_for(field: forms.Field, name: str, noun: str | None = None) -> dict[str, str]:
    """GOV.UK-style messages for `field` (named `name` in its form): `noun` is what they
    call it ('a reference'); by default its label, lowered, with 'a' or 'an'."""
    label = re.sub(r"\s+", " ", str(field.label or pretty_name(name))).strip()
    noun = noun or _with_article(_lowered(label))
    bare = _bare(noun)
    listed = isinstance(field, forms.ChoiceField) or isinstance(field.widget, ChoiceWidget)
    chosen = listed or isinstance(field, forms.FileField | forms.BooleanField)
    out = {"required": f"{'Select' if chosen else 'Enter'} {noun}"}
    if listed:
        out |= dict.fromkeys(("invalid_choice", "invalid_list", "invalid_pk_value"),
                             f"Select {noun} from the list")
    if getattr(field, "max_length", None) is not None:
        out["max_length"] = f"{bare} must be {_number(field.max_length)} characters or fewer"
    if getattr(field, "min_length", None) is not None:
        out["min_length"] = f"{bare} must be {_number(field.min_length)} characters or more"
    if getattr(field, "min_value", None) is not None:
        out["min_value"] = f"{bare} must be {_number(field.min_value)} or more"
    if getattr(field, "max_value", None) is not None:
        out["max_value"] = f"{bare} must be {_number(field.max_value)} or less"
    if isinstance(field, forms.FileField):
        out |= {"invalid": f"Select {noun}", "missing": f"Select {noun}",
                "empty": "The selected file is empty"}
    elif isinstance(field, forms.FloatField | forms.DecimalField):  # (before IntegerField,
        out["invalid"] = f"{bare} must be a number"  # which FloatField is a kind of)
    elif isinstance(field, forms.IntegerField):
        out["invalid"] = f"{bare} must be a whole number"
    elif isinstance(field, forms.DateField):
        out["invalid"] = f"{bare} must be a real date, for example 2026-03-31"
    elif isinstance(field, forms.URLField):
        out["invalid"] = (f"{bare} must be a web address, for example "
                          "https://intranet.example.gov.uk/document")
    return out


class GovukErrors:
    """A form mixin: every field's messages that are still Django's own are replaced, when
    the form is checked, with GOV.UK-style ones made from the field's label
    (`messages_for`): required, "Enter <label>" ("Select <label>" for a choice or a file);
    too long, "<Label> must be N characters or fewer"; not one of the choices, "Select
    <label> from the list"; not a number or a date, "<Label> must be a number" / "a real
    date". Messages the form or the model sets are kept. `error_names` gives, by field name,
    what the messages call a field whose label reads badly in them ({"ref": "a reference"}).
    Fields added or changed after the form is made (a unit's choices, a field made
    required) are covered too: the messages are written just before the form is checked."""

    error_names: dict[str, str] = {}

    def full_clean(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            django = _django_defaults(field)
            for code, message in messages_for(field, name, self.error_names.get(name)).items():
                current = field.error_messages.get(code)
                if current is None or str(current) == django.get(code):
                    field.error_messages[code] = Fixed(message)
        super().full_clean()  # type: ignore[misc]
