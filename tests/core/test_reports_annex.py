"""Annex A (posts by section) adds up: in every row the establishment is the permanent and
fixed-term FTE, plus the other direct contracts (apprentices, secondees, casual staff), plus
the vacant FTE, less any directly employed FTE beyond the establishment."""

from __future__ import annotations

from datetime import date

import pytest

from workforce.demo import generate
from workforce.reports import Request, build
from workforce.reports.annex import BEYOND, OTHER

TODAY = date(2025, 11, 15)


@pytest.fixture(scope="module", params=[(120, 3, 3), (600, 3, 1)], ids=["120", "600"])
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
    assert checked >= 2
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
        # the vacancy rate and vacant FTE give the directly employed FTE (9.1 / 11.3% - 9.1),
        # which less the permanent FTE would be the hidden figure: one of them is hidden
        direct_shown = not (cells["Vacancy rate"].suppressed or cells["Vacant FTE"].suppressed)
        assert not direct_shown or cells["Permanent and fixed-term FTE"].suppressed, \
            row[0].text


def test_a_services_own_report_keeps_a_hidden_beyond_column():
    ledger = generate(staff=120, years=3, seed=3, today=TODAY)
    table = build(ledger, Request("2025-Q3", unit="FDA", produced=TODAY)).section(
        "posts").tables[0]
    cells = dict(zip(table.columns, table.rows[0], strict=True))
    assert cells[OTHER].suppressed and cells[BEYOND].suppressed


def test_few_on_other_contracts_hide_the_permanent_fte_not_the_vacancy_rate():
    """A service's own report: its other direct contracts are about too few people, so its
    permanent FTE is hidden (M06b, and M06a with it), and the annex's other contracts figure
    with it; the vacancy rate is shown, as the dashboards show it (the report hid it too,
    and so disagreed with them)."""
    ledger = generate(staff=300, years=3, seed=2, today=TODAY)
    report = build(ledger, Request("2025-Q3", unit="CIC", produced=TODAY))
    at_end = [(cell, src) for cell, src in report.sources()
              if src.end == date(2025, 9, 30) and not src.by]
    m10 = [cell for cell, src in at_end if src.measure == "M10"]
    permanence = [cell for cell, src in at_end if src.measure in ("M06a", "M06b")]
    assert m10 and not any(c.suppressed for c in m10)
    assert permanence and all(c.suppressed for c in permanence)
    posts = report.section("posts").tables[0]
    row = dict(zip(posts.columns, posts.rows[0], strict=True))
    assert row[OTHER].suppressed and not row["Vacancy rate"].suppressed


def test_a_lone_hidden_other_contracts_row_takes_another_service_with_it():
    """Service A has 2 apprentices, B has 10: hiding A's other contracts (and its vacancy
    figures) alone left the whole council's row less B's to tell them."""
    from tests.core.ledger_builder import build as ledger_of
    from tests.core.ledger_builder import sw

    units = [dict(code="DIR", name="Dir", kind="directorate", parent=None),
             dict(code="A", name="Service A", kind="service", parent="DIR"),
             dict(code="B", name="Service B", kind="service", parent="DIR")]
    staff, posts = [], []
    for svc, perm, appr in (("A", 20, 2), ("B", 20, 10)):
        staff += [sw(f"{svc}p{i}", unit=svc, start="2020-01-01") for i in range(perm)]
        staff += [sw(f"{svc}a{i}", unit=svc, contract="apprentice", start="2020-01-01",
                     fte=0.8 if i == 0 else 1.0) for i in range(appr)]
        posts.append(dict(unit=svc, fte=perm + appr + 3.0, start="2019-01-01"))
    table = build(ledger_of(units=units, assignments=staff, posts=posts),
                  Request("2025-Q3", produced=TODAY)).section("posts").tables[0]
    rows = {r[0].text: dict(zip(table.columns, r, strict=True)) for r in table.rows}
    for service in ("Service A", "Service B"):  # B's 10 as A's complement
        assert rows[service][OTHER].suppressed
        assert rows[service]["Permanent and fixed-term FTE"].suppressed
    assert rows["Total: Test council"][OTHER].text == "11.6"  # only the two together
