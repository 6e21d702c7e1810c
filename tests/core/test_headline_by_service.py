"""A headline share by service (M37, M37a, M38, M38a, M39, M41) is shown beside the same share
by unit and the headcount by the characteristic (M45a): a service's cell is hidden wherever
the share by unit hides a unit cell that goes with it (`dimensions.unit_cells`: a service is
its unit's row, and "(no service)" goes with every service that lies in none), and wherever
the headcount by service and the characteristic hides one of the headline's categories.

The share by unit is hidden where the headcount hides its cells (`engine._headline_cells`);
the table by service was made to agree with the share by unit made without them, and its
own headline cells did not cover "(no service)" when the headcount by service has no row for
it in a category (nobody in it): 0 disabled of 8 in no service was shown beside services
hidden by unit."""

from datetime import date

import polars as pl
import pytest

from tests.core.ledger_b import a, build, p
from workforce.demo import generate
from workforce.measures.dimensions import NO_SERVICE, unit_cells
from workforce.measures.engine import run
from workforce.measures.registry import get
from workforce.measures.windows import as_at, series

AT = as_at(date(2024, 3, 31))
MINORITY = ["Mixed", "Asian", "Black", "Other"]
HEADLINES = {"M37": ("ethnicity_group", MINORITY), "M37a": ("ethnicity_group", MINORITY),
             "M38": ("disability", ["Y"]), "M38a": ("disability", ["Not known"]),
             "M39": ("age_band", ["50 to 59", "60 and over"]), "M41": ("sex", ["F"])}


def _services(staff: dict[str, str]):
    """Services A to F under the directorate DIR, with staff of these disability codes each,
    DIR's own being in no service."""
    units = [{"code": "DIR", "name": "Directorate", "kind": "directorate", "parent": None},
             *({"code": s, "name": s, "kind": "service", "parent": "DIR"} for s in "ABCDEF")]
    people, jobs = [], []
    for unit, codes in staff.items():
        for i, code in enumerate(codes):
            people.append(p(f"{unit}{i}", disability=code))
            jobs.append(a(f"{unit}{i}", "2020-01-01", unit=unit))
    return build(unit=units, person=people, assignment=jobs)


def test_no_service_is_hidden_where_the_share_by_unit_hides_a_service_for_the_headcount():
    """The headcount hides A's 2 not known and, as complements, the disabled of A, B and C
    (6, 7 and 10): M38 by unit hides A, B and C, though each is about 6 people or more. By
    service, "(no service)" (DIR's 8 staff, none disabled) goes with them, and 0 of 8 was
    shown: the headcount by service has no cell of disabled staff in no service to hide."""
    ledger = _services({"DIR": "N" * 8, "A": "U" * 2 + "Y" * 6 + "N" * 30,
                        "B": "Y" * 7 + "N" * 30, "C": "U" * 10 + "Y" * 10 + "N" * 30,
                        "D": "U" * 11 + "Y" * 11 + "N" * 31, "E": "U" * 12 + "Y" * 12 + "N" * 32,
                        "F": "U" * 13 + "Y" * 13 + "N" * 33})
    plain = run(ledger, ["M38"], windows=[AT], by=["unit"], threshold=None)
    assert plain.filter(pl.col("unit").is_in(["A", "B", "C"]))["people"].min() >= 5
    by_unit = run(ledger, ["M38"], windows=[AT], by=["unit"])
    assert set(by_unit.filter(pl.col("suppressed"))["unit"]) == {"A", "B", "C"}
    counts = run(ledger, ["M45a"], windows=[AT], by=["service", "disability"])
    assert counts.filter((pl.col("service") == NO_SERVICE) & (pl.col("disability") == "Y")
                         ).is_empty()
    by_service = run(ledger, ["M38"], windows=[AT], by=["service"])
    hidden = set(by_service.filter(pl.col("suppressed"))["service"])
    assert hidden == {"A", "B", "C", NO_SERVICE}
    # D, E and F are shown by unit, and so by service
    assert by_service.filter(pl.col("service") == "D")["value"].item() == 100 * 11 / 53


def _leaks(ledger, windows, mid: str, by: tuple[str, ...]) -> pl.DataFrame:
    """Cells of `mid` by `by` (with "service") shown though the share by unit hides a unit
    cell that goes with them, or the headcount by them and the characteristic hides a cell of
    one of the headline's categories."""
    shown = run(ledger, [mid], windows=windows, by=list(by)).filter(~pl.col("suppressed"))
    others = [b for b in by if b != "service"]
    by_unit = run(ledger, [mid], windows=windows, by=["unit" if b == "service" else b
                                                      for b in by])
    cells = unit_cells(ledger.unit, "service")
    keys = ["organisation", "start", *by]
    hidden = [by_unit.filter(pl.col("suppressed"))
              .select("organisation", "start", *others, pl.col("unit").alias("_cell"))
              .join(cells, on="_cell", nulls_equal=True).select(keys)]
    dim, categories = HEADLINES[mid]
    if dim not in by:  # else each cell is a category's share (no headline)
        over = [o for o in get(mid).headline.over if o not in by]
        counts = run(ledger, ["M45a"], windows=windows, by=[*by, *over, dim])
        hidden.append(counts.filter(pl.col("suppressed") & pl.col(dim).is_in(categories))
                      .select(keys))
    return shown.join(pl.concat(hidden).unique(), on=keys, nulls_equal=True)


@pytest.fixture(scope="module")
def demo():
    return generate(staff=1500, years=2, seed=2, today=date(2026, 3, 31))


@pytest.mark.parametrize("by", [("service",), ("service", "sex")])
def test_on_a_demo_no_headline_share_by_service_is_shown_beside_a_hidden_cell(demo, by):
    """The demo's services in two months (four shares of M37 and M38 by service, all of
    "(no service)", were shown beside services the share by unit hid), and by sex."""
    windows = series("monthly", date(2026, 2, 1), date(2026, 3, 31))
    checked = 0
    for mid in HEADLINES:
        if any(b not in get(mid).breakdowns for b in by):
            continue
        leaks = _leaks(demo, windows, mid, by)
        assert leaks.is_empty(), (mid, by, leaks)
        checked += 1
    assert checked >= 5
