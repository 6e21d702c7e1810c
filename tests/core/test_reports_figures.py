"""Every number the report shows from the measures engine equals the engine's own figure for
its window, breakdown and scope; every section is there; every measure used is defined."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from workforce.charts import style
from workforce.demo import generate
from workforce.measures import engine
from workforce.measures.windows import Window
from workforce.reports import SECTIONS, Request, build
from workforce.reports.model import DASH
from workforce.strategy.demo import build_demo_strategy

TODAY = date(2025, 11, 15)
ENGINE_TABLES = ("-measures", "-trend", "-split", "by-service", "posts")


@pytest.fixture(scope="module")
def ledger():
    return generate(staff=120, years=3, seed=3, today=TODAY)


@pytest.fixture(scope="module")
def report(ledger):
    plan = build_demo_strategy(ledger.organisations[0], ledger, TODAY)
    return build(ledger, Request("2025-Q3", plan=plan, produced=TODAY))


def engine_rows(ledger, sources):
    """The engine's rows for every (window, breakdown, unit) the sources name, by cell."""
    groups = defaultdict(set)
    for s in sources:
        groups[(s.start, s.end, s.by, s.unit)].add(s.measure)
    found = {}
    for (start, end, by, unit), ids in groups.items():
        breakdown = (["unit"] if unit else []) + ([by] if by else [])
        rows = engine.run(ledger, sorted(ids), [Window(start, end)], breakdown, threshold=5)
        for r in rows.iter_rows(named=True):
            if unit and r["unit"] != unit:
                continue
            found[(r["id"], start, end, by, r.get(by) if by else None, unit)] = r
    return found



def assert_matches_engine(ledger, report):
    sources = [s for _, s in report.sources()]
    rows = engine_rows(ledger, sources)
    assert len(sources) > 200
    for cell, s in report.sources():  # the report hides nothing of its own (M10 neither)
        row = rows[(s.measure, s.start, s.end, s.by, s.key, s.unit)]
        assert cell.suppressed == row["suppressed"], (s, cell)
        # Float sums may differ in the last bit with the set of windows computed together.
        want = row[s.part]
        assert cell.value == (want if want is None else pytest.approx(want, rel=1e-12)), (
            s, cell, row)
        expected = "c" if row["suppressed"] else DASH if row[s.part] is None else \
            style.number(row[s.part], cell.unit)
        assert cell.text == expected, (s, cell)


def test_every_engine_figure_in_the_report_equals_the_engines_own(ledger, report):
    assert_matches_engine(ledger, report)


def test_a_report_for_one_service_shows_that_services_figures(ledger):
    service = ledger.unit.filter(ledger.unit["kind"] == "service")["code"][0]
    one = build(ledger, Request("2025-Q3", unit=service, produced=TODAY))
    assert one.scope == ledger.unit.filter(ledger.unit["code"] == service)["name"][0]
    assert all(s.unit == service for _, s in one.sources())
    assert_matches_engine(ledger, one)


def test_every_number_in_the_engine_tables_comes_from_the_engine(report):
    """Except the posts annex's columns worked out from engine figures so its rows add up."""
    from workforce.reports.annex import DERIVED_COLUMNS

    tables = [t for t in report.tables() if t.key.endswith(ENGINE_TABLES)]
    assert len(tables) >= 15
    for t in tables:
        own = [i for i, c in enumerate(t.columns)
               if c not in ("Expected now", "Status", *DERIVED_COLUMNS)]
        for row in t.rows:
            for i in own[1:]:
                c = row[i]
                if c.is_number or c.suppressed:
                    assert c.source is not None, (t.key, t.columns[i], c)


def test_the_report_has_every_section_in_order(report):
    keys = [s.key for s in report.sections]
    assert keys == [k for k, _ in SECTIONS] + ["posts", "definitions"]
    assert report.period == "2025-Q3" and report.period_label == "July to September 2025"
    assert (report.start, report.end) == (date(2025, 7, 1), date(2025, 9, 30))


def test_every_measure_with_a_figure_is_defined_once(report):
    used = {s.measure for _, s in report.sources()}
    defined = [d.id for d in report.definitions]
    assert len(defined) == len(set(defined))
    assert used <= set(defined)
    tracked = {d.id for d in report.definitions if d.formula == "Entered each period"}
    assert set(defined) - tracked == used


def test_headlines_compare_with_england_and_statistical_neighbours(report):
    table = report.section("summary").tables[0]
    assert table.columns[-3:] == ["England (DfE)", "Neighbours (DfE)", "DfE year"]
    turnover = next(r for r in table.rows if r[0].text.startswith("Social worker turnover"))
    assert turnover[-3].is_number and turnover[-1].value >= 2024


def test_the_summary_and_the_cover_say_how_targets_and_actions_stand(report):
    assert any(p.endswith("targets") or " targets:" in p for p in report.summary)
    assert any(" actions:" in p for p in report.summary)
    statuses = {c.rag for t in report.tables() for r in t.rows for c in r if c.rag}
    assert {"green", "red"} <= statuses


def test_the_report_is_quarterly_and_refuses_an_unknown_unit(ledger):
    with pytest.raises(ValueError, match="quarterly"):
        build(ledger, Request("2025-09"))
    with pytest.raises(ValueError, match="No unit 'NOPE'"):
        build(ledger, Request("2025-Q3", unit="NOPE"))


def test_a_report_for_one_service_or_team_has_no_table_by_service(ledger, report):
    # its one row would be the scope's own figures under the service's name (a team's figures
    # were labelled with its service's name)
    assert any(t.key.endswith("by-service") for t in report.tables())  # the whole organisation
    team = ledger.unit.filter(ledger.unit["kind"] == "team")["code"][0]
    service = ledger.unit.filter(ledger.unit["kind"] == "service")["code"][0]
    for unit in (team, service):
        one = build(ledger, Request("2025-Q3", unit=unit, produced=TODAY))
        assert not [t.key for t in one.tables() if t.key.endswith("by-service")], unit
        # nor posts by service in the annex: the scope's total only
        [posts] = [t for t in one.tables() if t.key == "posts"]
        assert [row[0].text.startswith("Total: ") for row in posts.rows] == [True], unit
