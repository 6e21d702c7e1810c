"""The audit log's filters, read from the query string."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from workforce_web.accounts.actions import ACTIONS, label
from workforce_web.forms import GovukErrors


def _token(value: str) -> str:
    """A regular expression matching `value` only as a whole word (not T1p1 inside T1p10)."""
    return rf"(^|[^A-Za-z0-9_-]){re.escape(value)}([^A-Za-z0-9_-]|$)"


def _day_start(day: date) -> datetime:
    """Midnight at the start of `day` in local time (Europe/London), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditFilterForm(GovukErrors, forms.Form):
    """User (username contains), action, from and to dates (inclusive, local time), and a
    person (a staff id the event's detail or address names)."""

    user = forms.CharField(required=False, max_length=150, label="User",
                           help_text="All or part of a username")
    action = forms.ChoiceField(required=False, label="Action",
                               error_messages={"invalid_choice": "Choose an action from the list"})
    date_from = forms.DateField(required=False, label="From", error_messages={
        "invalid": "Enter a real ‘from’ date, for example 31/03/2026"})
    date_to = forms.DateField(required=False, label="To", error_messages={
        "invalid": "Enter a real ‘to’ date, for example 31/03/2026"})
    person = forms.CharField(required=False, max_length=100, label="Person",
                             help_text="A staff number: views of their record, lists that "
                                       "showed them, and looks refused")

    def __init__(self, data, *, seen: list[str] = ()):
        """`seen`: the action codes in the organisation's log, so that a code without a
        label can be chosen too."""
        super().__init__(data)
        codes = set(ACTIONS) | set(seen)
        self.fields["action"].choices = [("", "All actions")] + sorted(
            ((c, label(c)) for c in codes), key=lambda c: c[1].lower())

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        for name, day in (("date_from", start), ("date_to", end)):
            if day is not None and not 2000 <= day.year <= 2999:
                self.add_error(name, "Enter a date from the year 2000 on" if day.year < 2000
                               else "Enter a date before the year 3000")
                data[name] = None
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the "
                                      "‘from’ date")
        return data

    def apply(self, events: QuerySet) -> QuerySet:
        """`events` narrowed by the valid filters."""
        d = self.cleaned_data
        if d.get("user"):
            events = events.filter(username__icontains=d["user"])
        if d.get("action"):
            events = events.filter(action=d["action"])
        if d.get("date_from"):
            events = events.filter(at__gte=_day_start(d["date_from"]))
        if d.get("date_to"):
            events = events.filter(at__lt=_day_start(d["date_to"] + timedelta(days=1)))
        if d.get("person"):
            pattern = _token(d["person"])
            events = events.filter(Q(detail__iregex=pattern) | Q(path__iregex=pattern))
        return events

    def describe(self) -> str:
        """The filters used, for the audit log's record of this look at it."""
        d = self.cleaned_data
        parts = [f"{name}={d[key]}" for name, key in (
            ("user", "user"), ("action", "action"), ("from", "date_from"),
            ("to", "date_to"), ("person", "person")) if d.get(key) not in (None, "")]
        return " ".join(parts) if parts else "no filters"
