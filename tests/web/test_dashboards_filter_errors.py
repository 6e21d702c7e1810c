"""A filter value that cannot be used is reported GOV.UK style: an error summary whose messages
name the field as the page labels it ('As at', 'Role group', 'Trends by', 'Compare with',
'Caseload threshold') and link to it, the message again at the field, and what is shown
instead. An as-at date before 2000 or after today is refused (1900-01-01 used to take seconds
and show a page of dashes; 2031 showed a turnover of 0% as "Green: target met")."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.http import QueryDict

from workforce.measures.windows import add_years
from workforce_web.dashboards.filters import EARLIEST, parse

OPTIONS = [{"code": c} for c in ("D", "S", "A")]


def in_range() -> str:
    """The range the refusal names, as of now (not of when the tests were collected: a run
    going past midnight refused yesterday's "tomorrow" no more)."""
    return f"from 1 January 2000 to today, {date.today():%-d %B %Y}"


def summary(body: str) -> list[tuple[str, str]]:
    """(link, text) of each item of the error summary."""
    found = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', body,
                      re.S)
    return [(href, html.unescape(text)) for href, text in
            re.findall(r'<a href="([^"]+)">(.*?)</a>', found.group(1))] if found else []


@pytest.mark.parametrize(("as_at", "ok"), [
    (lambda today: date(1900, 1, 1), False), (lambda today: date(1999, 12, 31), False),
    (lambda today: EARLIEST, True), (lambda today: today, True),
    (lambda today: today + timedelta(days=1), False),
    (lambda today: add_years(today, 5), False)])
def test_an_as_at_date_must_be_from_2000_to_today(as_at, ok):
    today = date.today()  # the dates asked are as of the test's run
    asked = as_at(today)
    f, form = parse(QueryDict(f"as_at={asked.isoformat()}"), OPTIONS, True)
    assert (f.at == asked) is ok
    assert ("as_at" not in form.errors) is ok
    if not ok:
        assert f.at == today
        assert form.errors["as_at"] == [f"As at: enter a date {in_range()}"]


def test_dashboard_filter_errors_use_the_labels_and_link_to_the_fields(as_user):
    client = as_user("lead")
    body = client.get("/dashboards/stability/?f=1&as_at=notadate&group=cats&period=weekly"
                      "&compare=moon&compare=england").content.decode()
    assert summary(body) == [
        ("#filter-group", "Role group: choose one of the role groups listed. All role groups "
                          "are shown instead."),
        ("#filter-as_at", "As at: enter a real date, for example 2026-03-31. Today's date is "
                          "used instead."),
        ("#filter-period", "Trends by: choose one of the periods listed. Rolling 12 months, "
                           "month by month is shown instead."),
        ("#compare-last_year", "Compare with: choose from the comparisons listed. The "
                               "comparisons listed that you chose are kept."),
    ]
    for internal in ("As_at:", "Group:", "Period:", "Compare:"):
        assert internal not in body
    # each field says it too, and is marked as in error
    for field in ("group", "as_at", "period", "compare"):
        assert f'id="filter-{field}-error"' in body, field
    assert body.count("govuk-form-group--error") == 4
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error" id="filter-as_at"' in body
    # the valid comparison ticked is kept
    assert 'id="compare-england" name="compare" type="checkbox" value="england" checked' in body
    # the same filters without errors are drawn without them (the cached form is not reused)
    clean = client.get("/dashboards/stability/?f=1&compare=england").content.decode()
    assert "govuk-form-group--error" not in clean and "govuk-error-summary" not in clean


def test_a_date_far_in_the_past_is_refused_with_the_range(as_user):
    body = as_user("lead").get("/dashboards/?as_at=1900-01-01").content.decode()
    assert summary(body) == [("#filter-as_at", f"As at: enter a date {in_range()}. Today's "
                                               "date is used instead.")]
    assert f'value="{date.today():%Y-%m-%d}"' in body and "<title>Error: Overview" in body
    assert f"A date {in_range()}." in body  # the hint says the range before anyone gets it wrong


@pytest.mark.parametrize(("query", "link", "message"), [
    ("threshold=abc", "#wl-threshold",
     "Caseload threshold: enter a number of cases per FTE from 1 to 100, for example 20. The "
     "usual threshold of 20 is used instead."),
    ("threshold=-5", "#wl-threshold",
     "Caseload threshold: enter a number of cases per FTE from 1 to 100, for example 20. The "
     "usual threshold of 20 is used instead."),
    ("as_at=notadate", "#wl-as_at",
     "As at: enter a real date, for example 2026-03-31. Today's date is used instead."),
    ("as_at=1900-01-01", "#wl-as_at", "As at: enter a date {range}. Today's date is used "
                                      "instead."),  # the range as of the test's run
])
def test_work_lists_say_when_a_value_was_not_used(as_user, query, link, message):
    body = as_user("lead").get(f"/dashboards/work-lists/?{query}").content.decode()
    assert summary(body) == [(link, message.replace("{range}", in_range()))]
    assert f'id="{link[1:]}-error"' in body and "govuk-form-group--error" in body
    assert "<title>Error: Work lists" in body
    fine = as_user("lead").get("/dashboards/work-lists/?threshold=25").content.decode()
    assert "govuk-error-summary" not in fine and 'value="25"' in fine
