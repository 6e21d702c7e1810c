"""Sickness absence measures (M17-M19) on a hand-worked calendar year 2024 (W = 254).

- a  1.0 all year: 3 days in January (short); 10 + 10 working days in March either side of a
     weekend: one 20-day spell, so long-term.
- b  0.5 all year: off 23 Dec 2024 to 10 Jan 2025, 15 working days, 7.5 days lost (FTE
     basis); 7 of the working days fall in 2024, so 3.5 days count (short-term).
- c  1.0 from 1 Jul 2024: off from 2 Dec, still absent; 10 days recorded so far, taken as
     lost on 2-13 Dec; still off after 22 working days on 31 Dec: long-term.
- d  other (non-sickness) absence, an agency worker's sickness: not counted.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.ledger_builder import agency, build, sw
from workforce.measures import formulas as f
from workforce.measures import get
from workforce.measures.windows import Window, quarter

YEAR = Window(date(2024, 1, 1), date(2024, 12, 31))

LEDGER = build(
    assignments=[sw("a"), sw("b", fte=0.5, unit="B"), sw("c", start="2024-07-01"), sw("d"),
                 agency("x")],
    absences=[
        dict(staff="a", start="2024-01-08", end="2024-01-10", days=3),
        dict(staff="a", start="2024-03-04", end="2024-03-15", days=10),
        dict(staff="a", start="2024-03-18", end="2024-03-29", days=10),
        dict(staff="b", start="2024-12-23", end="2025-01-10", days=7.5),
        dict(staff="c", start="2024-12-02", end=None, days=10),
        dict(staff="d", start="2024-05-01", end="2024-05-03", days=3, reason="OTH"),
        dict(staff="x", start="2024-05-01", end="2024-05-03", days=3),
    ],
)
IN_POST = 3.5  # a, b, c, d on 31 Dec 2024


def result(measure_id, window=YEAR, by=()):
    return get(measure_id)(LEDGER, window, list(by))


def test_absence_rate_uses_fte_in_post_at_the_end_times_w():
    row = result("M17").row(0, named=True)
    assert row["numerator"] == pytest.approx(36.5)
    assert row["denominator"] == pytest.approx(IN_POST * 254)
    assert row["value"] == pytest.approx(f.absence_rate(36.5, IN_POST, working=254))


def test_short_and_long_term_add_up_to_the_total():
    short, long_ = (result(m)["value"][0] for m in ("M18a", "M18b"))
    assert short == pytest.approx(f.percent(6.5, IN_POST * 254))
    assert long_ == pytest.approx(f.percent(30, IN_POST * 254))
    assert short + long_ == pytest.approx(result("M17")["value"][0])


def test_days_lost_per_fte_uses_the_average_fte_over_the_window():
    average = 1.0 + 0.5 + 1.0 + 184 / 366  # c worked 184 of the 366 days
    assert result("M19")["value"][0] == pytest.approx(36.5 / average)


def test_an_absence_crossing_the_window_counts_its_working_days_inside():
    jan = Window(date(2025, 1, 1), date(2025, 1, 31))
    assert result("M17", jan)["numerator"][0] == pytest.approx(7.5 * 8 / 15)


def test_an_open_absence_counts_its_recorded_days_once_across_a_series():
    months = [Window(date(2024, 12, 1), date(2024, 12, 31)),
              Window(date(2025, 1, 1), date(2025, 1, 31))]
    out = get("M17").many(LEDGER, months, ["team"])
    team_a = out.filter(team="A")["numerator"].to_list()
    assert team_a == pytest.approx([10.0, 0.0])


def test_a_quarter_gets_w_in_proportion_to_its_length():
    q1 = quarter(2024, 1)
    row = result("M17", q1).row(0, named=True)
    w = 90 * 253 / 365 + 1  # 91 days, one of them 29 February
    assert row["numerator"] == pytest.approx(23) and row["denominator"] == pytest.approx(
        2.5 * w)


def test_absence_breaks_down_by_the_persons_team():
    out = result("M17", by=["team"])
    assert dict(zip(out["team"], out["numerator"], strict=True)) == pytest.approx(
        {"A": 33.0, "B": 3.5})


def test_the_dfe_social_worker_figures_come_from_the_same_functions():
    assert get("working_days_lost_fte")(LEDGER, YEAR, [])["value"][0] == pytest.approx(36.5)
    assert get("absence_rate_fte")(LEDGER, YEAR, [])["value"][0] == pytest.approx(
        result("M17")["value"][0])


def test_no_staff_means_the_rate_cannot_be_computed():
    assert result("M17", Window(date(1990, 1, 1), date(1990, 12, 31)))["value"][0] is None
