"""Stability measures (M01-M13) on a hand-worked calendar year 2024, whole workforce.

- a  social worker since 2010, 1.0, post P1: 14 years' service.
- b  business support since June 2023, 0.5, P3.
- c  social worker since 2022; promoted on 1 Jul 2024 from case holder G9 to senior
     practitioner G10 (P6): an internal appointment and a promotion.
- d  social worker since 2019, resigned 30 Apr 2024.   e  social worker, retired 31 Oct 2024.
- f  agency until 29 Feb 2024, permanent from 1 Mar (P7): a starter and a conversion.
- g  agency social worker 0.8 on vacant P2, all year.
- h  fixed-term early-help worker from 1 Sep 2024 (P5): a starter.
- i  social worker whose FTE drops to 0.8 on 1 Jun 2024 (P8): not a move.
Posts: P1-P8, 7.5 FTE, P4 (1.0) never filled.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.ledger_builder import agency, build, sw
from workforce.measures import get
from workforce.measures.windows import Window

YEAR = Window(date(2024, 1, 1), date(2024, 12, 31))
BS = dict(staff_group="business_support", job_title="Admin", org_role=None)

LEDGER = build(
    assignments=[
        sw("a", start="2010-01-01", post_id="P1", grade="G10"),
        sw("b", fte=0.5, unit="B", start="2023-06-01", post_id="P3", **BS),
        sw("c", start="2022-01-01", end="2024-06-30", grade="G9"),
        sw("c", start="2024-07-01", org_role="4", grade="G10", post_id="P6"),
        sw("d", start="2019-03-01", end="2024-04-30", leaving_reason="1"),
        sw("e", unit="B", start="2020-01-01", end="2024-10-31", leaving_reason="5"),
        agency("f", start="2023-09-01", end="2024-02-29"),
        sw("f", start="2024-03-01", post_id="P7"),
        agency("g", fte=0.8, start="2023-01-01", post_id="P2"),
        sw("h", unit="B", contract="fixed_term", staff_group="early_help", org_role=None,
           job_title="Family support", start="2024-09-01", post_id="P5"),
        sw("i", start="2018-01-01", end="2024-05-31", post_id="P8"),
        sw("i", fte=0.8, start="2024-06-01", post_id="P8"),
    ],
    posts=[dict(post_id=f"P{n}") for n in (1, 2, 4, 6, 7, 8)]
    + [dict(post_id="P3", unit="B", fte=0.5, staff_group="business_support", title="Admin"),
       dict(post_id="P5", unit="B", staff_group="early_help", title="Family support")],
    recruitment=[
        dict(campaign_id="R1", approved_date="2024-01-10", offer_date="2024-02-09",
             start_date="2024-03-01", appointed_staff_id="f"),
        dict(campaign_id="R2", approved_date="2024-06-01", offer_date="2024-07-01",
             start_date="2024-09-01", appointed_staff_id="h", staff_group="early_help"),
        dict(campaign_id="R3", approved_date="2024-10-01", offer_date="2024-12-10",
             start_date="2025-01-15"),
    ],
)

END_FTE = 1.0 + 0.5 + 1.0 + 1.0 + 1.0 + 0.8
EXPECTED = {
    "M01a": 2.0 / END_FTE * 100,
    "M01b": 2 / 6 * 100,
    "M02": 2 / 6 * 100,
    "M03": 1 / 6 * 100,
    "M04": 4 / 6 * 100,
    "M05a": 2 / 6 * 100, "M05b": 1 / 6 * 100, "M05c": 1 / 6 * 100, "M05d": 1 / 6 * 100,
    "M05e": 1 / 6 * 100, "M05f": 0.0,
    "M06a": END_FTE / (END_FTE + 0.8) * 100,
    "M06b": END_FTE / 7.5 * 100,
    "M07a": 0.8 / (0.8 + END_FTE) * 100,
    "M07b": 0.8 / (0.8 + 3.8) * 100,
    "M08": 0.8 / 2.2 * 100,
    "M09": 50.0,
    "M10": 2.2 / (2.2 + END_FTE) * 100,
    "M10b": 2.2 / END_FTE * 100,
    "M11a": 30.0,
    "M11b": 71.5,
    "M12a": 2,
    "M12b": 2.0,
    "M12c": 1,
    "M13": 1 / 6 * 100,
}


def result(measure_id, window=YEAR, by=()):
    return get(measure_id)(LEDGER, window, list(by))


@pytest.mark.parametrize("measure_id", EXPECTED)
def test_stability_measure_matches_the_hand_worked_answer(measure_id):
    assert result(measure_id)["value"][0] == pytest.approx(EXPECTED[measure_id])


def test_turnover_by_staff_group_splits_the_whole_workforce_figure():
    out = result("M01b", by=["staff_group"])
    assert dict(zip(out["staff_group"], out["value"], strict=True)) == pytest.approx(
        {"social_worker": 50.0, "business_support": 0.0, "early_help": 0.0})


def test_local_variants_are_labelled():
    assert get("M02").local_variant and get("M10b").local_variant
    assert not get("M01b").local_variant and not get("M10").local_variant


def test_median_time_to_hire_reports_how_many_campaigns_it_is_taken_over():
    row = result("M11a").row(0, named=True)
    assert (row["numerator"], row["denominator"], row["people"]) == (30.0, 3.0, 3)


def test_time_to_hire_with_no_campaigns_cannot_be_computed():
    assert result("M11b", Window(date(2020, 1, 1), date(2020, 12, 31)))["value"][0] is None


def test_an_fte_change_is_neither_a_starter_a_leaver_nor_an_internal_appointment():
    half = Window(date(2024, 6, 1), date(2024, 6, 30))
    assert [result(m, half)["value"][0] for m in ("M12a", "M12c")] == [0, 0]
    assert result("M01b", half)["numerator"][0] == 0


def test_stability_index_counts_people_where_they_were_a_year_before():
    out = result("M04", by=["team"])
    # team A a year earlier: a, c, d, i (d left); team B: b, e (e left)
    assert dict(zip(out["team"], out["value"], strict=True)) == pytest.approx(
        {"A": 75.0, "B": 50.0})


def test_length_of_service_is_a_breakdown_for_other_measures_too():
    out = result("M01b", by=["service_band"])
    bands = dict(zip(out["service_band"], out["numerator"], strict=True))
    # d (5 years at leaving) and e (4 years 10 months at leaving)
    assert bands["5 to less than 10 years"] == 1 and bands["2 to less than 5 years"] == 1


def test_conversions_need_agency_work_in_the_six_months_before():
    late = build(assignments=[agency("z", start="2022-01-01", end="2023-06-30"),
                              sw("z", start="2024-03-01")])
    assert get("M09")(late, YEAR, [])["numerator"][0] == 0


def test_promotion_needs_a_more_senior_role_or_a_higher_grade():
    ledger = build(assignments=[
        sw("p", end="2024-03-31", grade="Grade 9"), sw("p", start="2024-04-01", grade="Grade 10"),
        sw("q", end="2024-03-31", org_role="4"), sw("q", start="2024-04-01", org_role="5"),
        sw("r", end="2024-03-31", unit="A"), sw("r", start="2024-04-01", unit="B")])
    assert get("M13")(ledger, YEAR, [])["numerator"][0] == 1
    assert get("M12c")(ledger, YEAR, [])["value"][0] == 3
