"""A measure of the calendar month (supervision within the month, M20) gives the month's
figure everywhere: the dashboards' headline and its status, the strategy's target and the
board report agree for one date and unit. Before, the dashboards' headline was the average
of the 12 months to the date ("as at 7 December 2026: 82.5%") while its status was judged
on the month ("judged on the month to the date: 83.1"), the figure the strategy showed; at a
quarter end the board report's 80.1 (September) stood beside the dashboard's 80.2."""

from __future__ import annotations

import csv
import html
import io
from dataclasses import replace
from datetime import date

import pytest

from tests.web.conftest import stored_demo_lead
from workforce import reports
from workforce.measures import all_measures
from workforce.measures.windows import month_end, quarter_label
from workforce.strategy.actuals import last_quarter_end
from workforce_web.dashboards.filters import Filters
from workforce_web.dashboards.summary import month_words
from workforce_web.dashboards.tables import figure
from workforce_web.strategy.demo import store_demo_strategy
from workforce_web.strategy.figures import strategy_figures

TODAY = date.today()
TITLE = "Supervision within the month"


@pytest.fixture
def demo(db, django_user_model):
    ledger, org, user, _ = stored_demo_lead(django_user_model, TODAY)
    strategy = store_demo_strategy(org, ledger, TODAY).strategy
    return ledger, org, user, strategy


def headline_row(client, at: date) -> dict[str, str]:
    query = Filters(at=at).query()
    body = client.get(f"/dashboards/overview/headlines.csv?{query}").content.decode()
    rows = [r for r in csv.reader(io.StringIO(body)) if len(r) > 2]
    found = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0].startswith(TITLE)]
    assert len(found) == 1, rows
    return found[0]


def test_the_headline_is_the_month_the_strategy_judges_it_on(client, demo):
    _, _, user, strategy = demo
    client.force_login(user)
    target = next(f for f in strategy_figures(strategy, TODAY) if f.target.measure_id == "M20")
    assert target.target.period == "month"
    month = figure(target.assessment.value, "percent").text
    row = headline_row(client, TODAY)
    assert row["At the date"] == month
    assert "judged on" not in row["Status"], row["Status"]
    page = html.unescape(client.get("/dashboards/support/").content.decode())
    assert f"{TITLE}, in {month_words(TODAY, '%B')}:</span> " \
        f"<strong class=\"wf-panel__value\">{month}%</strong>" in page
    assert "(judged on" not in page


def test_the_trend_of_the_month_ends_on_the_headlines_month(client, demo):
    """Rolling 12-month averages of the month's figure ended on another figure than the
    headline above them, and were read against a trajectory set for the month."""
    _, _, user, _ = demo
    client.force_login(user)
    row = headline_row(client, TODAY)
    body = client.get("/dashboards/support/supervision-trend.csv").content.decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(body)) if len(r) > 2]
    page = client.get("/dashboards/support/").content.decode()
    assert "Over time: calendar months" in page
    assert rows[-1][:2] == [f"{month_end(TODAY):%b %Y}", row["At the date"]], rows[-1]


def test_the_board_report_and_the_dashboard_give_one_figure_at_a_quarter_end(client, demo):
    ledger, org, user, _ = demo
    client.force_login(user)
    end = last_quarter_end(TODAY)
    report = reports.build(ledger, reports.Request(quarter_label(end), organisation=org))
    cells = [c for s in report.sections for t in s.tables for row in t.rows for c in row
             if c.source and c.source.measure == "M20" and c.source.end == end
             and not c.source.by]
    assert cells and {(c.source.start, c.text) for c in cells} == {(end.replace(day=1),
                                                                     cells[0].text)}
    assert headline_row(client, end)["At the date"] == figure(cells[0].value, "percent").text


def test_a_target_over_the_12_months_says_its_figure_is_another_period(client, demo):
    """The status names its period and figure where the target's differs from the
    headline's (a supervision target set over the 12 months)."""
    _, org, user, strategy = demo
    client.force_login(user)
    from workforce_web.strategy.models import Target

    stored = Target.objects.get(strategy=strategy, measure_id="M20")
    stored.period = "year"
    stored.save()
    assert "judged on the 12 months to the date" in headline_row(client, TODAY)["Status"]


def test_only_measures_of_the_month_have_that_period():
    periods = {m.id: m.period for m in all_measures().values() if m.period}
    assert periods == {"M20": "month", "M20a": "month"}
    with pytest.raises(ValueError, match="period"):
        replace(all_measures()["M20"], period="week")
