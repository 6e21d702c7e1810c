"""A target whose goal is "at or below the England average" says on its page what the chart
and its table show: the goal is the figure published by each date, which figure applies to
which dates (the table's "Goal then" column), and whether the trajectory is a line from the
baseline or the published figure itself. The band is written as a reader would say it ('Up
to 13.3%'), not "Green or amber between 13.9% to 15.4%". Before, the page said "Linear" while
the chart held a baseline of 11.3% to England 2024's 13.9% and then England 2025's 11.8%."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tests.web.conftest import stored_demo_lead
from workforce_web.strategy.demo import store_demo_strategy
from workforce_web.strategy.models import Target

TODAY = date.today()
ROW = re.compile(r"<tr class=\"govuk-table__row[^\"]*\">(.*?)</tr>", re.S)
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture
def page(db, django_user_model, client):
    ledger, org, user, _ = stored_demo_lead(django_user_model, TODAY)
    strategy = store_demo_strategy(org, ledger, TODAY).strategy
    client.force_login(user)
    target = Target.objects.get(strategy=strategy, benchmark="national",
                                measure_id="turnover_rate_fte")
    return target, client.get(f"/strategy/targets/{target.pk}/").content.decode()


def _table(body: str) -> list[dict]:
    table = body[body.index('id="target-table"'):]
    table = table[:table.index("</table>")]
    [head, *rows] = [[_text(c) for c in CELL.findall(r)] for r in ROW.findall(table)]
    return [dict(zip(head, r, strict=True)) for r in rows]


def test_the_trajectory_says_the_goal_moves_with_each_published_figure(page):
    target, body = page
    trajectory = _text(re.search(r"<dd [^>]*data-trajectory>(.*?)</dd>", body, re.S)[1])
    rows = _table(body)
    assert "as published at each date" in trajectory
    assert not trajectory.startswith("Linear.")
    # every figure the table's rows are judged against is named, with its dates
    for goal in {r["Goal then"] for r in rows}:
        assert goal in trajectory, (goal, trajectory)
    held = all(r["Trajectory"] == r["Goal then"].split(": ")[1] for r in rows)
    assert ("not a line" in trajectory) == held, trajectory
    if held:  # the demo's baseline (11.3%) is already below every England figure since
        assert f"the baseline ({target.baseline_value:.1f}%) is already at or below it" \
            in trajectory


def test_the_band_is_written_as_a_reader_says_it(page):
    _, body = page
    rows = _table(body)
    assert "Green or amber" in rows[0] and "Green or amber between" not in rows[0]
    for r in rows:  # lower is better: green at or below the trajectory, amber up to the edge
        assert re.fullmatch(r"Up to \d+\.\d%", r["Green or amber"]), r
