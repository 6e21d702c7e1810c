"""A trend by quarter compared with the same quarters a year earlier asks for four quarters
twice. The measures engine, asked for one period twice, suppressed only one copy of a cell,
and the page showed the copy it read last: figures hidden everywhere else were shown there.
The dashboards ask for each period once."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from tests.web.conftest import stored_demo_lead
from workforce.measures import engine, get
from workforce_web.dashboards.filters import Filters
from workforce_web.dashboards.panels import _earlier
from workforce_web.dashboards.tables import figure

TODAY = date(2026, 12, 6)  # a fixed day, as test_dashboards_numbers: the demo depends on it


@pytest.fixture
def demo(db, django_user_model):
    return stored_demo_lead(django_user_model, TODAY)


def alone(ledger, org, measure_id: str, windows, by: tuple[str, ...]) -> dict:
    """{(unit, end): figure} as the engine suppresses it asked for each period once ('' for
    the whole organisation; a figure that cannot be computed empty, as downloads hold it)."""
    rows = engine.run(ledger, [measure_id], windows, by, threshold=5, organisations=[org])
    m = get(measure_id)
    out = {}
    for r in rows.iter_rows(named=True):
        text = figure(r["value"], m.unit, r["suppressed"]).text
        out[(r.get("unit") or "", r["end"])] = "" if text == "–" else text
    return out


@pytest.mark.parametrize(("page", "key", "measure_id"), [
    ("stability", "turnover-trend", "turnover_rate_fte"),
    ("wellbeing", "absence-trend", "absence_rate_fte"), ("caseloads", "above-trend", "M15b")])
def test_a_trend_compared_with_a_year_earlier_shows_what_each_period_alone_shows(
        client, demo, page, key, measure_id):
    ledger, org, user, _ = demo
    client.force_login(user)
    f = Filters(at=TODAY, period="quarter", compare=frozenset({"last_year", "target"}))
    wins, before = f.windows(), [_earlier(w) for w in f.windows()]
    assert {(w.start, w.end) for w in wins} & {(w.start, w.end) for w in before}
    expected = {**alone(ledger, org, measure_id, wins, ("unit",)),
                **alone(ledger, org, measure_id, wins, ())}
    earlier = {**alone(ledger, org, measure_id, before, ("unit",)),
               **alone(ledger, org, measure_id, before, ())}
    for unit in ["", *ledger.unit["code"].to_list()]:
        query = Filters(unit=unit, at=TODAY, period="quarter", compare=f.compare).query()
        body = client.get(f"/dashboards/{page}/{key}.csv?{query}").content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))[1:len(wins) + 1]
        shown = [(r[1], r[2]) for r in rows]
        want = [(expected.get((unit, w.end), ""), earlier.get((unit, b.end), ""))
                for w, b in zip(wins, before, strict=True)]
        assert shown == want, (unit, shown, want)
