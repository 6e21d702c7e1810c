"""What the dashboards say and what their downloads hold, found by an exploratory tester:
why a chart has nothing to draw, direction of travel on a measure with no better direction or
no figure, a status with no colour, and downloads a spreadsheet reads (a measure's id in its
own column, empty cells for no figure, whole numbers for counts, the same columns for every
unit)."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pytest

from tests.web.conftest import stored_demo_lead
from workforce import benchmarks as bm
from workforce.measures import get
from workforce.strategy.plan import Target as PlanTarget
from workforce.strategy.rag import SUPPRESSED
from workforce_web.dashboards import labels, summary
from workforce_web.dashboards.filters import Filters
from workforce_web.dashboards.goals import Goal
from workforce_web.dashboards.tables import EMPTY_NOTE, Block, Cell, Table, to_csv, to_xlsx

TODAY = date.today()


def csv_rows(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def demo(db, django_user_model, client):
    ledger, org, user, service = stored_demo_lead(django_user_model, TODAY)
    client.force_login(user)
    return ledger, org, service


def test_a_chart_with_every_figure_hidden_says_why_without_claiming_few_people(as_user):
    """The profile's 'Women, by level' for 530 practitioners and 47 managers, hidden as
    complements of small cells elsewhere, said "suppressed (it would describe fewer than 5
    people)"."""
    body = html.unescape(as_user("lead").get("/dashboards/profile/").content.decode())
    assert "it would describe fewer than 5 people)" not in body
    assert ("every figure here is hidden (shown as c) because it would describe fewer than 5 "
            "people, or would let such a figure be worked out from others shown." in body)


@pytest.mark.parametrize(("texts", "missing"), [
    (["c", "c"], "hidden"), (["c", "–"], "both"), (["–"], "not computable"),
    (["12.0", "c"], "hidden")])
def test_a_block_says_which_figures_are_missing(texts, missing):
    values = [{"value": float(t) if t[0].isdigit() else None, "text": t} for t in texts]
    block = Block("k", "T", {"data": {"values": values}}, Table("T", []))
    assert block.missing == missing


def test_travel_on_a_measure_with_no_better_direction_makes_no_judgement():
    fte = get("M45")
    assert fte.polarity == "neutral"
    assert labels.travel(bm.travel(544.6, 539.3, "neutral"), "neutral") == \
        "Up (neither better nor worse)"


def test_travel_with_no_figure_reads_as_a_sentence():
    unknown = bm.travel(None, 54.5, "up")
    assert labels.since(unknown, "up", "54.5%") == \
        "Change since a year earlier not known (a year earlier: 54.5%)"
    assert labels.since(bm.travel(13.5, 15.1, "down"), "down", "15.1%") == \
        "Down (better) since a year earlier (15.1%)"


def test_no_status_with_a_reason_has_one_colon():
    m = get("M26")
    record = PlanTarget("T14", "Retention", "M26")
    goal = Goal(75.0, date(2028, 3, 31), record=record, rag="none", reason=SUPPRESSED)
    words = summary.status_words(goal, "none", SUPPRESSED, m)
    assert words == ("No status (not shown: the figure is about too few people, or would let "
                     "such a figure be worked out)")
    assert summary.status_words(goal, "amber", "Behind the trajectory by 2.6", m) == \
        "Amber: behind the trajectory by 2.6"


def test_a_download_gives_the_measure_id_its_own_column_and_leaves_no_figure_empty():
    t = Table("Caption", ["Measure", "At the date", "Trajectory now"])
    t.add(Cell("Turnover rate (FTE) (%)", hint="turnover_rate_fte"), Cell("13.5", 13.5),
          Cell("–"))
    t.add(Cell("Retention (%)", hint="M26"), Cell("c"), Cell("11.8", 11.8))
    rows = list(csv.reader(io.StringIO(to_csv(t).removeprefix("\ufeff"))))
    assert rows[:3] == [["Measure", "Measure id", "At the date", "Trajectory now"],
                        ["Turnover rate (FTE) (%)", "turnover_rate_fte", "13.5", ""],
                        ["Retention (%)", "M26", "c", "11.8"]]
    assert rows[3] == [EMPTY_NOTE]
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(t))).active
    got = [list(r) for r in sheet.iter_rows(min_row=3, max_row=5, values_only=True)]
    assert got == [["Measure", "Measure id", "At the date", "Trajectory now"],
                   ["Turnover rate (FTE) (%)", "turnover_rate_fte", 13.5, None],
                   ["Retention (%)", "M26", "c", 11.8]]


def test_the_headlines_download_has_the_same_columns_for_every_unit(client, demo):
    _, _, service = demo
    whole = csv_rows(client, "/dashboards/overview/headlines.csv")[0]
    unit = csv_rows(client, f"/dashboards/overview/headlines.csv?"
                            f"{Filters(unit=service).query()}")[0]
    assert whole == unit == ["Measure", "Measure id", "At the date", "A year earlier",
                             "Direction of travel", "Target", "Trajectory now", "Status"]
    bench = csv_rows(client, f"/dashboards/overview/benchmarks.csv?"
                             f"{Filters(unit=service).query()}")[0]
    assert bench == csv_rows(client, "/dashboards/overview/benchmarks.csv")[0]
    assert "Position among local authorities" in bench


def test_counts_in_a_download_are_whole_numbers(client, demo):
    for key in ("level-bars", "sex-bars"):
        rows = csv_rows(client, f"/dashboards/profile/{key}.csv")
        head, body = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
        figures = [r[head.index(c)] for r in body for c in ("Headcount in post", "Numerator")]
        shown = [f for f in figures if f not in ("c", "")]
        assert shown and all(re.fullmatch(r"\d+", f) for f in shown), (key, rows)
    # an FTE numerator keeps its decimal place
    rows = csv_rows(client, "/dashboards/stability/turnover-trend.csv")
    numerators = [r[rows[0].index("Numerator")] for r in rows[1:13]]
    assert any("." in n for n in numerators), numerators


def test_no_download_holds_a_dash_for_no_figure(client, demo):
    for url in ("/dashboards/overview/headlines.csv", "/dashboards/grow/others.csv",
                "/dashboards/profile/level-bars.csv"):
        rows = csv_rows(client, url)
        assert not any(c == "–" for r in rows for c in r), url


def test_with_target_unticked_the_headline_table_says_not_compared_not_no_target(as_user):
    """With "Target" unticked the table, still headed "against target", said "No target set"
    for every measure, turnover (the strategy's T01) included: read as if it had none."""
    client = as_user("lead")
    body = html.unescape(client.get("/dashboards/?f=1&compare=england").content.decode())
    assert "Headline measures against target" not in body
    assert "No target set" not in body
    assert body.count(summary.NOT_COMPARED) >= 2 * 10  # the target and status of each
    rows = csv_rows(client, "/dashboards/overview/headlines.csv?f=1&compare=england")
    assert any(summary.NOT_COMPARED in row for row in rows)
    ticked = html.unescape(client.get("/dashboards/?f=1&compare=target").content.decode())
    assert "Headline measures against target" in ticked and summary.NOT_COMPARED not in ticked
