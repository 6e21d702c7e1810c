"""Dashboard filters live in the URL: unit (with its children), role group, date, periods and
comparisons; a wrong value falls back to the default and says so."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

import pytest
from django.http import QueryDict

from workforce_web.dashboards.filters import DEFAULT_COMPARE, Filters, parse, unit_options

AT = date(2025, 11, 15)
OPTIONS = [{"code": c} for c in ("D", "S", "A")]


def test_rolling_periods_are_12_months_to_each_month_end_ending_on_the_date():
    wins = Filters(at=AT).windows()
    assert len(wins) == 12
    assert (wins[-1].start, wins[-1].end, wins[-1].label) == (date(2024, 11, 16), AT,
                                                             "Nov 2025")
    assert wins[0].end == date(2024, 12, 15)


@pytest.mark.parametrize(("period", "count", "last_end", "last_label"), [
    ("month", 12, date(2025, 10, 31), "Oct 2025"),
    ("quarter", 8, date(2025, 9, 30), "2025 Q3"),
    ("census", 5, date(2025, 9, 30), "census year 2025"),
    ("financial", 5, date(2025, 3, 31), "2024-25"),
])
def test_each_kind_of_period_ends_on_or_before_the_date(period, count, last_end, last_label):
    wins = Filters(at=AT, period=period).windows()
    assert len(wins) == count
    assert (wins[-1].end, wins[-1].label) == (last_end, last_label)
    assert all(a.end < b.end for a, b in zip(wins, wins[1:], strict=False))


def test_filters_round_trip_through_the_query_string():
    f = Filters(unit="S", group="social_worker", at=AT, period="quarter",
                compare=frozenset({"england", "last_year"}))
    back, form = parse(QueryDict(f.query()), OPTIONS, True)
    assert back == f and not form.errors
    assert parse_qs(f.query())["compare"] == ["last_year", "england"]


def test_no_filters_gives_the_defaults():
    f, _ = parse(QueryDict(""), OPTIONS, True)
    assert (f.unit, f.group, f.period, f.compare) == ("", "", "rolling", DEFAULT_COMPARE)
    assert f.at == date.today()


def test_unticking_every_comparison_is_kept():
    f, _ = parse(QueryDict("f=1"), OPTIONS, True)
    assert f.compare == frozenset()


def test_a_wrong_value_falls_back_to_its_default_with_an_error():
    f, form = parse(QueryDict("as_at=31/02/2025&period=weekly&unit=S"), OPTIONS, True)
    assert (f.at, f.period, f.unit) == (date.today(), "rolling", "S")
    assert set(form.errors) == {"as_at", "period"}


def test_a_manager_gets_their_unit_when_none_is_asked_for():
    f, _ = parse(QueryDict("unit="), OPTIONS, False, default_unit="A")
    assert f.unit == "A"


def test_units_are_listed_in_hierarchy_order_with_their_depth(as_user):
    from workforce_web.measures_cache import org_ledger

    opts = unit_options(org_ledger("T1").unit, None)
    assert [(o["name"], o["depth"]) for o in opts] == [
        ("Directorate", 0), ("Service", 1), ("Team A", 2), ("Team B", 2)]
    assert [o["code"] for o in unit_options(org_ledger("T1").unit, {"T1-B"})] == ["T1-B"]


def test_the_page_shows_the_chosen_filters_and_keeps_them_in_its_links(as_user):
    body = as_user("lead").get("/dashboards/support/?unit=T1-S&group=social_worker"
                               "&as_at=2025-06-30&period=quarter&f=1&compare=target"
                               ).content.decode()
    assert '<option value="T1-S" selected>' in body
    assert '<option value="social_worker" selected>' in body
    assert 'value="2025-06-30"' in body
    assert "unit=T1-S&amp;group=social_worker&amp;as_at=2025-06-30&amp;period=quarter" in body
    assert 'id="compare-target" name="compare" type="checkbox" value="target" checked' in body
    assert 'value="england" checked' not in body


def test_a_wrong_filter_is_reported_on_the_page(as_user):
    response = as_user("lead").get("/dashboards/stability/?as_at=yesterday")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be used" in body and "Today&#x27;s date is used instead" in body


def test_without_benchmark_comparisons_no_benchmark_chart_is_drawn(as_user):
    client = as_user("lead")
    assert "turnover-benchmarks" in client.get("/dashboards/stability/").content.decode()
    body = client.get("/dashboards/stability/?f=1&compare=target").content.decode()
    assert "turnover-benchmarks" not in body


def test_the_same_periods_a_year_earlier_are_added_on_request(as_user):
    body = as_user("lead").get("/dashboards/support/?f=1&compare=last_year").content.decode()
    assert "a year earlier" in body


def test_units_are_ordered_with_numbers_as_numbers():
    import polars as pl

    from workforce_web.dashboards.filters import unit_options

    units = pl.DataFrame({"code": ["S", "T1", "T10", "T2"],
                          "name": ["Service", "Team 1", "Team 10", "Team 2"],
                          "parent": [None, "S", "S", "S"]})
    assert [o["name"] for o in unit_options(units, None)] == [
        "Service", "Team 1", "Team 2", "Team 10"]


def test_a_manager_given_no_units_sees_no_dashboard(client, personas, django_user_model):
    from workforce_web.accounts.models import Membership, Role

    user = django_user_model.objects.create_user("manager_none", password="x")
    Membership.objects.create(user=user, organisation="T1", role=Role.MANAGER, units=[])
    client.force_login(user)
    response = client.get("/dashboards/")
    assert response.status_code == 403
