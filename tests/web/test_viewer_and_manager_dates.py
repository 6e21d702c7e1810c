"""Dates that would let a role see more than it may: a viewer sees dashboards at month ends
only (figures on consecutive days differ by one leaver, whose characteristics the difference
tells), and a manager's work lists, for whatever date, name only people in post in their
units today."""

from __future__ import annotations

import csv
import io
from datetime import date

import polars as pl

from workforce_web.bridge import store_tables
from workforce_web.dashboards.filters import month_end


def test_month_end_is_the_date_itself_or_the_end_of_the_month_before():
    assert month_end(date(2026, 1, 31)) == date(2026, 1, 31)
    assert month_end(date(2026, 1, 14)) == date(2025, 12, 31)
    assert month_end(date(2024, 3, 1)) == date(2024, 2, 29)
    assert month_end(date(2024, 2, 29)) == date(2024, 2, 29)


def test_a_viewer_sees_the_dashboards_at_the_month_end_before_the_date_asked(as_user):
    # (as_user signs the one test client in as that person)
    page = as_user("viewer").get("/dashboards/profile/?as_at=2025-06-14&f=1").text
    assert 'value="2025-05-31"' in page and "Your role sees figures at the end of a month" in page
    # two days in a row give the viewer the same figures, to the byte
    viewer = as_user("viewer")
    days = [viewer.get(f"/dashboards/profile/sex-bars.csv?as_at=2025-06-{d}&f=1").content
            for d in (13, 14)]
    assert days[0] == days[1]
    lead = as_user("lead").get("/dashboards/profile/?as_at=2025-06-14&f=1").text
    assert 'value="2025-06-14"' in lead and "Your role sees figures at the end" not in lead
    # a month end still to come is not one a viewer can see yet
    ahead = as_user("viewer").get("/dashboards/profile/?as_at=2030-06-30&f=1").text
    assert f'value="{month_end(date.today())}"' in ahead


def _moved() -> None:
    """T1p4, "Dee Moved", was in team A (manager_a's) until the end of 2024, in team B now."""
    store_tables({
        "person": pl.DataFrame({"organisation": ["T1"], "staff_id": ["T1p4"],
                                "name": ["Dee Moved"], "sex": ["F"], "ethnicity": ["WBRI"],
                                "disability": ["N"]}),
        "assignment": pl.DataFrame({
            "organisation": ["T1", "T1"], "assignment_id": ["a4", "a5"],
            "staff_id": ["T1p4", "T1p4"], "unit": ["T1-A", "T1-B"],
            "contract": ["permanent", "permanent"], "staff_group": ["social_worker"] * 2,
            "org_role": ["5", "5"], "job_title": ["Social worker"] * 2, "fte": [1.0, 1.0],
            "start_date": [date(2020, 1, 1), date(2025, 1, 1)],
            "end_date": [date(2024, 12, 31), None]})})


def test_a_managers_work_lists_name_only_people_in_their_units_today(as_user, personas):
    _moved()
    body = as_user("manager_a").get(
        "/dashboards/work-lists/supervision.csv?as_at=2024-06-30").content.decode("utf-8-sig")
    named = {r[0] for r in csv.reader(io.StringIO(body))}
    assert "Alice Able" in named  # still in team A: on the list for that date
    assert "Dee Moved" not in named
    lead = as_user("lead").get(
        "/dashboards/work-lists/supervision.csv?as_at=2024-06-30").content.decode("utf-8-sig")
    assert "Dee Moved" in lead  # the workforce lead sees the whole organisation's past


def test_a_leads_cached_work_lists_are_never_a_managers(as_user, personas):
    _moved()
    url = "/dashboards/work-lists/supervision.csv?unit=T1-A&as_at=2024-06-30"
    page = "/dashboards/work-lists/?unit=T1-A&as_at=2024-06-30"
    assert "Dee Moved" in as_user("lead").get(url).content.decode("utf-8-sig")
    assert "Dee Moved" in as_user("lead").get(page).text
    # the same unit and date for the manager: not the lead's cached lists
    assert "Dee Moved" not in as_user("manager_a").get(url).content.decode("utf-8-sig")
    assert "Dee Moved" not in as_user("manager_a").get(page).text
    # and the other way round
    assert "Dee Moved" in as_user("lead").get(url).content.decode("utf-8-sig")


def test_from_a_month_end_every_date_a_page_shows_is_a_month_end():
    from workforce.measures.windows import as_at
    from workforce_web.dashboards.filters import Filters, year_earlier

    # a rolling trend from 30 September ends on 31 August, not 30 August (a viewer at 31
    # August would otherwise have both days)
    ends = [w.end for w in Filters(at=date(2024, 9, 30)).windows()]
    assert all(month_end(e) == e for e in ends) and date(2024, 8, 31) in ends
    # a year before 28 February 2025 is 29 February 2024 (not 28 February, the day before it)
    before = year_earlier(as_at(date(2025, 2, 28)))
    assert (before.start, before.end) == (date(2023, 3, 1), date(2024, 2, 29))
    # dates within a month are as they were (for the roles that may choose them)
    assert [w.end for w in Filters(at=date(2024, 9, 14)).windows()][-2:] == [
        date(2024, 8, 14), date(2024, 9, 14)]


def test_a_viewers_overview_is_at_the_last_month_end(as_user):
    expected = month_end(date.today())
    page = as_user("viewer").get("/").text
    assert f"{expected:%-d %B %Y}" in page


def test_a_viewers_figures_on_pages_without_a_date_are_at_the_last_month_end():
    from workforce_web.accounts.models import Role
    from workforce_web.dashboards.filters import figures_on

    today = date(2026, 12, 6)
    assert figures_on(Role.VIEWER, today=today) == date(2026, 11, 30)
    assert figures_on(Role.VIEWER, date(2026, 11, 30), today) == date(2026, 11, 30)
    assert figures_on(Role.VIEWER, date(2026, 10, 14), today) == date(2026, 9, 30)
    # a month end still to come would be today's figures: the last one passed instead
    assert figures_on(Role.VIEWER, date(2026, 12, 31), today) == date(2026, 11, 30)
    assert figures_on(Role.VIEWER, date(2030, 6, 30), today) == date(2026, 11, 30)
    for role in (Role.WORKFORCE_LEAD, Role.MANAGER, Role.ADMIN):
        assert figures_on(role, today=today) == today
        assert figures_on(role, date(2030, 6, 30), today) == date(2030, 6, 30)


def test_a_viewer_sees_a_strategy_targets_latest_figure_at_the_last_month_end(as_user, personas):
    # (on the last day of a month both dates are today's, and the test still checks each)
    from dataclasses import replace

    from tests.core.test_strategy_workbook import PLAN
    from workforce_web.strategy.models import Target
    from workforce_web.strategy.store import save_plan

    strategy = save_plan(replace(PLAN), personas["lead"]).strategy
    target = Target.objects.get(strategy=strategy, ref="T01")  # agency rate, from the ledger
    today = date.today()
    for who, shown in (("viewer", month_end(today)), ("lead", today)):
        page = as_user(who).get(f"/strategy/targets/{target.pk}/").content.decode()
        assert f"as at {shown.day} {shown:%B %Y}" in page, who
