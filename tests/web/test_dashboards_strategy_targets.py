"""Dashboards compare each measure with the strategy's target where the strategy has one for
the measure and the chosen scope (its trajectory's value on the date, the strategy's own RAG),
and with the simple dashboard target otherwise, saying which it is."""

from __future__ import annotations

import csv
import html
import io
from datetime import date

import pytest

from tests.web.conftest import stored_demo_lead
from workforce_web.dashboards.filters import Filters
from workforce_web.dashboards.goals import RAG_WORDS
from workforce_web.dashboards.models import Target
from workforce_web.dashboards.tables import figure
from workforce_web.strategy.demo import store_demo_strategy
from workforce_web.strategy.figures import strategy_figures

TODAY = date.today()


@pytest.fixture
def demo(db, django_user_model):
    ledger, org, user, service = stored_demo_lead(django_user_model, TODAY)
    strategy = store_demo_strategy(org, ledger, TODAY).strategy
    return org, user, strategy, service


def rows_of(client, url: str) -> dict[str, list[str]]:
    body = client.get(url).content.decode()
    rows = [r for r in csv.reader(io.StringIO(body)) if len(r) > 2]
    return {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


def row_for(rows: dict, title: str) -> dict:
    return next(v for k, v in rows.items() if k.startswith(title))


def test_the_overview_shows_the_strategys_targets_trajectories_and_rag(client, demo):
    org, user, strategy, _ = demo
    client.force_login(user)
    figures = {f.target.measure_id: f for f in strategy_figures(strategy, TODAY)}
    rows = rows_of(client, "/dashboards/overview/headlines.csv")
    for measure, title in (("caseload_fte", "Average caseload"), ("M20", "Supervision"),
                           ("vacancy_rate_fte", "Vacancy rate (FTE), social workers")):
        f = figures[measure]
        row = row_for(rows, title)
        unit = f.unit
        assert row["Target"].endswith(f"(strategy target {f.target.ref})"), row
        assert row["Trajectory now"] == figure(f.assessment.expected, unit).text
        assert row["Status"].startswith(RAG_WORDS[f.assessment.rag]), row
    page = client.get("/dashboards/").content.decode()
    # the demo strategy has registry targets for 10 of the 12 headline measures
    assert page.count("wf-card__none\">No target set") == 2
    assert "Strategy target T05" in page and "Strategy target T07" in page


def test_a_dashboard_target_fills_in_where_the_strategy_has_none(client, demo):
    org, user, _, _ = demo
    client.force_login(user)
    Target.objects.create(organisation=org, measure_id="M45", value=500,
                          target_date=date(2027, 3, 31))
    Target.objects.create(organisation=org, measure_id="caseload_fte", value=99,
                          target_date=date(2027, 3, 31))
    rows = rows_of(client, "/dashboards/overview/headlines.csv")
    assert row_for(rows, "Total FTE in post")["Target"] == \
        "500.0 by 31 March 2027 (dashboard target)"
    # the strategy's target wins over the simple one for the same measure
    assert "(strategy target T05)" in row_for(rows, "Average caseload")["Target"]


def test_a_unit_has_no_strategy_target_when_the_strategy_targets_the_whole_organisation(
        client, demo):
    org, user, _, service = demo
    client.force_login(user)
    query = Filters(unit=service, at=TODAY).query()
    rows = rows_of(client, f"/dashboards/overview/headlines.csv?{query}")
    assert row_for(rows, "Average caseload")["Target"] == "No target set"
    page = html.unescape(client.get(f"/dashboards/caseloads/?{query}").content.decode())
    assert "The strategy's target T05 is for the whole organisation" in page


def test_a_trend_panel_draws_the_strategys_trajectory(client, demo):
    org, user, strategy, _ = demo
    client.force_login(user)
    f = next(x for x in strategy_figures(strategy, TODAY) if x.target.ref == "T03")
    rows = rows_of(client, "/dashboards/stability/vacancy-trend.csv")
    last = list(rows.values())[-1]
    assert last["Strategy trajectory (T03) (%)"] == figure(f.assessment.expected, "percent").text
    page = html.unescape(client.get("/dashboards/stability/").content.decode())
    assert f"Strategy target T03 ({strategy.title})" in page
    assert f'wf-rag--{f.assessment.rag}">{RAG_WORDS[f.assessment.rag]}' in page


def test_panels_of_several_measures_show_each_measures_target(client, demo):
    org, user, strategy, _ = demo
    client.force_login(user)
    figures = {f.target.ref: f for f in strategy_figures(strategy, TODAY)}
    support = html.unescape(client.get("/dashboards/support/").content.decode())
    wellbeing = html.unescape(client.get("/dashboards/wellbeing/").content.decode())
    for ref, page in (("T10", support), ("T12", wellbeing), ("T13", wellbeing)):
        rag = figures[ref].assessment.rag
        assert f'wf-rag--{rag}">{RAG_WORDS[rag]}</strong> Strategy target {ref} (' in page, ref


def test_before_the_strategy_starts_its_targets_give_no_trajectory_or_status(client, demo):
    """A reader looking at 2017 saw "Green: on or ahead of the trajectory" of a strategy
    that starts in 2025, against a trajectory run back before its baseline."""
    org, user, strategy, _ = demo
    client.force_login(user)
    assert strategy.start is not None
    before = date(strategy.start.year - 3, 3, 31)
    rows = rows_of(client, f"/dashboards/overview/headlines.csv?{Filters(at=before).query()}")
    assert not any("strategy target" in r["Target"] for r in rows.values()), rows
    page = client.get(f"/dashboards/stability/?{Filters(at=before).query()}").content.decode()
    assert "Strategy target" not in page and "trajectory expects" not in page
    # from its start the strategy's targets are back
    rows = rows_of(client, f"/dashboards/overview/headlines.csv?"
                           f"{Filters(at=strategy.start).query()}")
    assert any("strategy target" in r["Target"] for r in rows.values())


def test_the_unit_that_covers_the_whole_organisation_has_its_targets_and_status(client, demo):
    """With the top unit (every unit lies below it) chosen, the figures were the whole
    organisation's but every row said "No target set" and "No status"."""
    org, user, _, _ = demo
    client.force_login(user)
    from workforce_web.measures_cache import org_ledger
    units = org_ledger(org).unit
    [top] = units.filter(units["parent"].is_null())["code"].to_list()
    whole = rows_of(client, "/dashboards/overview/headlines.csv")
    rows = rows_of(client, f"/dashboards/overview/headlines.csv?{Filters(unit=top).query()}")
    judged = 0
    for name, row in whole.items():
        if "strategy target" not in row["Target"]:
            continue
        mine = rows[name]
        assert mine["Target"].startswith(row["Target"].removesuffix(")")), mine
        assert "set for the whole organisation, which" in mine["Target"]
        assert mine["Trajectory now"] == row["Trajectory now"]
        if mine["At the date"] == row["At the date"]:
            judged += 1
            assert mine["Status"] == row["Status"], (name, mine, row)
    assert judged >= 8
    page = html.unescape(client.get(f"/dashboards/caseloads/?{Filters(unit=top).query()}")
                         .content.decode())
    assert "Strategy target T05 (" in page and "Set for the whole organisation, which" in page
    assert "The strategy's target T05 is for the whole organisation" not in page
