"""Annex A (posts by service) adds up: in every row the establishment is the permanent and
fixed-term FTE, plus the other direct contracts (apprentices, secondees, casual staff), plus
the vacant FTE, less any directly employed FTE beyond the establishment."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from workforce.demo import generate
from workforce.measures.engine import run
from workforce.measures.windows import as_at
from workforce.reports import Request, build
from workforce.reports.annex import BEYOND, OTHER

TODAY = date(2025, 11, 15)


# seed 4 of the 120-staff demo: 5 people on other direct contracts in all (seed 3 had 3, so
# the permanent FTE of every service and the whole council was hidden with M06c's cells)
@pytest.fixture(scope="module", params=[(120, 3, 4), (600, 3, 1)], ids=["120", "600"])
def posts(request):
    staff, years, seed = request.param
    ledger = generate(staff=staff, years=years, seed=seed, today=TODAY)
    return build(ledger, Request("2025-Q3", produced=TODAY)).section("posts").tables[0]


def _number(text: str) -> float:
    return float(text.replace(",", "").rstrip("%"))


def test_every_row_of_the_posts_annex_adds_up_as_printed(posts):
    cols = posts.columns
    assert cols[1:5] == ["Establishment FTE", "Permanent and fixed-term FTE", OTHER,
                         "Vacant FTE"]
    checked = 0
    for row in posts.rows:
        cells = dict(zip(cols, row, strict=True))
        parts = ["Establishment FTE", "Permanent and fixed-term FTE", OTHER, "Vacant FTE",
                 *([BEYOND] if BEYOND in cols else [])]
        if any(cells[p].suppressed for p in parts):
            continue
        est, perm, other, vacant = (_number(cells[p].text) for p in parts[:4])
        beyond = _number(cells[BEYOND].text) if BEYOND in cols else 0.0
        assert est == pytest.approx(perm + other + vacant - beyond, abs=0.01), row[0].text
        checked += 1
    # most services of the demos have 1 to 4 people on other direct contracts, so their
    # permanent FTE is hidden (M06c, M06b): the whole scope's row at least adds up
    assert checked >= 1
    assert posts.rows[-1][0].text.startswith("Total:")


def test_a_hidden_other_contracts_figure_cannot_be_worked_out_from_its_row(posts):
    # its row's beyond-the-establishment figure is hidden too, and that column is never left
    # out (left out, it would read as 0, and the hidden figure would be the rest of the row)
    cols = posts.columns
    hidden = [row for row in posts.rows if dict(zip(cols, row, strict=True))[OTHER].suppressed]
    assert hidden  # the demos have a few people on other contracts in some services
    assert BEYOND in cols
    for row in hidden:
        cells = dict(zip(cols, row, strict=True))
        assert cells[BEYOND].suppressed, row[0].text
        # the vacancy rate and vacant FTE give the directly employed FTE, which less the
        # permanent FTE beside it is the hidden figure (9.1 / 11.3% - 9.1 - 67.3): the
        # engine hides the permanent FTE (M06b) wherever M06c hides the other contracts
        direct_shown = not (cells["Vacancy rate"].suppressed or cells["Vacant FTE"].suppressed)
        assert not direct_shown or cells["Permanent and fixed-term FTE"].suppressed, \
            row[0].text


def test_a_services_own_report_keeps_a_hidden_beyond_column():
    ledger = generate(staff=120, years=3, seed=3, today=TODAY)
    table = build(ledger, Request("2025-Q3", unit="FDA", produced=TODAY)).section(
        "posts").tables[0]
    cells = dict(zip(table.columns, table.rows[0], strict=True))
    assert cells[OTHER].suppressed and cells[BEYOND].suppressed


def test_a_services_own_report_hides_the_permanent_fte_not_the_vacancy_rate_as_pages_do():
    """A service's own report where its other direct contracts are about too few people: the
    permanent FTE (M06b, hidden with M06c by the engine) is hidden, and the vacancy rate is
    the engine's figure, as the dashboards show it (the report used to hide the vacancy rate
    instead, and so disagreed with them)."""
    ledger = generate(staff=300, years=3, seed=2, today=TODAY)
    at = as_at(date(2025, 9, 30))
    engine = run(ledger, ["M06b", "M06c", "M10"], windows=[at], by=["unit"]).filter(
        pl.col("unit") == "CIC")
    shown = {r["id"]: r for r in engine.iter_rows(named=True)}
    assert shown["M06c"]["suppressed"] and shown["M06b"]["suppressed"]
    assert not shown["M10"]["suppressed"]
    report = build(ledger, Request("2025-Q3", unit="CIC", produced=TODAY))
    cells = [(cell, src) for cell, src in report.sources()
             if src.end == at.end and not src.by and src.measure in ("M06b", "M10")]
    m10 = [c for c, src in cells if src.measure == "M10" and src.part == "value"]
    assert m10 and all(c.value == pytest.approx(shown["M10"]["value"]) for c in m10)
    assert all(c.suppressed for c, src in cells if src.measure == "M06b")
    posts = report.section("posts").tables[0]
    row = dict(zip(posts.columns, posts.rows[-1], strict=True))
    assert row[OTHER].suppressed and row["Permanent and fixed-term FTE"].suppressed
    assert not row["Vacancy rate"].suppressed


def test_a_lone_hidden_other_contracts_row_takes_another_service_with_it():
    """Service A has 2 apprentices, B has 10: hiding A's other contracts (and its permanent
    FTE) alone left the whole council's row less B's to tell them."""
    rows = _services_posts((("A", 20, 2), ("B", 20, 10)), first=0.8, others=1.0)
    for service in ("Service A", "Service B"):
        row = rows[service]
        assert row[OTHER].suppressed and row["Permanent and fixed-term FTE"].suppressed
    assert rows["Total: Test council"][OTHER].text == "11.6"  # only the two together


def test_hidden_other_contracts_rows_are_never_a_few_people_and_a_known_0():
    """Service A has 2 apprentices, B none: hidden with B (M06b's complement, a service with
    no one outside permanence), A's figure was the total less the rows shown, B's 0 being
    easy to know (a reviewer's ledger). The report's own hiding takes a service with people
    on other contracts with A."""
    rows = _services_posts((("A", 20, 2), ("B", 6, 0), ("C", 30, 10), ("D", 40, 0)),
                           first=0.6, others=0.9)
    hidden = {name for name, row in rows.items() if row[OTHER].suppressed}
    assert "Service A" in hidden
    apprentices = {"Service A": 2, "Service B": 0, "Service C": 10, "Service D": 0}
    # A's 2 and at least 5 more: the hidden rows less A are not a known 0
    assert sum(apprentices[name] for name in hidden if name in apprentices) >= 2 + 5


def _services_posts(services, first: float, others: float) -> dict[str, dict]:
    """The posts annex's rows by name, for services (code, permanent staff, apprentices,
    the first apprentice at `first` FTE and the others at `others`) under one directorate,
    each with 3 vacant FTE."""
    from tests.core.ledger_builder import build as ledger_of
    from tests.core.ledger_builder import sw

    units = [dict(code="DIR", name="Dir", kind="directorate", parent=None)] + [
        dict(code=s, name=f"Service {s}", kind="service", parent="DIR") for s, _, _ in services]
    staff, posts = [], []
    for svc, perm, appr in services:
        staff += [sw(f"{svc}p{i}", unit=svc, start="2020-01-01") for i in range(perm)]
        staff += [sw(f"{svc}a{i}", unit=svc, contract="apprentice", start="2020-01-01",
                     fte=first if i == 0 else others) for i in range(appr)]
        posts.append(dict(unit=svc, fte=perm + appr + 3.0, start="2019-01-01"))
    table = build(ledger_of(units=units, assignments=staff, posts=posts),
                  Request("2025-Q3", produced=TODAY)).section("posts").tables[0]
    return {r[0].text: dict(zip(table.columns, r, strict=True)) for r in table.rows}
