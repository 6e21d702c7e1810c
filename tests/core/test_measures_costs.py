"""Cost measures (M33-M35) on tiny hand-built ledgers with exact answers."""

from datetime import date

import pytest

from tests.core.ledger_b import a, build, p
from tests.core.series import assert_series_is_each_window
from workforce.measures import get
from workforce.measures.windows import Window, financial_year, month, quarter


def one(result):
    assert result.height == 1
    r = result.row(0, named=True)
    return r["numerator"], r["denominator"], r["value"]


def agency_ledger():
    return build(
        person=[p(x) for x in ["AG1", "AG2", "AG3", "P1", "P2"]],
        assignment=[
            a("AG1", "2023-12-01", contract="agency", hourly_charge=40.0),
            a("AG2", "2024-01-15", "2024-01-19", unit="T2", contract="agency", fte=0.5,
              hourly_charge=50.0),
            a("AG3", "2024-01-01", contract="agency"),              # no charge recorded
            a("P1", "2020-01-01"), a("P2", "2020-01-01", fte=0.5),
        ],
        pay=[{"staff_id": "P1", "snapshot_date": "2023-03-31", "hourly_pay": 20.0,
              "full_pay": True},
             {"staff_id": "P1", "snapshot_date": "2024-03-31", "hourly_pay": 22.0,
              "full_pay": True},
             {"staff_id": "P2", "snapshot_date": "2024-03-31", "hourly_pay": 18.0,
              "full_pay": True}])


def test_agency_spend_counts_weekdays_fte_and_charge():
    # January 2024 has 23 weekdays; AG2 worked Monday 15 to Friday 19 at half time
    r = get("M33")(agency_ledger(), month(2024, 1))
    assert one(r)[2] == pytest.approx(23 * 7.4 * 40 + 5 * 0.5 * 7.4 * 50)
    assert r["people"][0] == 3


def test_agency_spend_by_unit():
    r = get("M33")(agency_ledger(), month(2024, 1), ["unit"])
    got = {x["unit"]: x["value"] for x in r.to_dicts()}
    assert got["T2"] == pytest.approx(925.0)
    assert got["S1"] == pytest.approx(6808.0 + 925.0)


def test_agency_spend_without_any_charge_cannot_be_computed_but_no_agency_is_zero():
    no_charge = build(person=[p("AG3")], assignment=[a("AG3", "2024-01-01", contract="agency")])
    assert one(get("M33")(no_charge, month(2024, 1)))[2] is None
    nobody = build(person=[p("P1")], assignment=[a("P1", "2020-01-01")])
    assert one(get("M33")(nobody, month(2024, 1)))[2] == 0
    # by unit the same: AG3's team cannot be computed, the team with no agency worker is 0
    units = get("M33")(no_charge, month(2024, 1), ["unit"])
    got = dict(zip(units["unit"], units["value"], strict=True))
    assert got["T1"] is None and got["T2"] == 0


def test_agency_premium_compares_fte_weighted_charge_and_latest_pay():
    num, den, value = one(get("M33a")(agency_ledger(), quarter(2024, 1)))
    employee = (22.0 * 1 + 18.0 * 0.5) / 1.5
    assert num == pytest.approx(40 * 1924)
    assert den == pytest.approx(employee * 1924)
    assert value == pytest.approx((40 - employee) * 1924)


def recruitment_ledger():
    def camp(cid, approved, outcome, cost):
        return {"campaign_id": cid, "unit": "T1", "staff_group": "social_worker",
                "approved_date": approved, "outcome": outcome, "cost": cost}

    return build(recruitment=[camp("C1", "2024-01-10", "appointed", 1000.0),
                              camp("C2", "2024-02-10", "not_appointed", 500.0),
                              camp("C3", "2024-03-31", "appointed", None),
                              camp("C4", "2024-03-01", "open", 300.0),
                              camp("C5", "2023-12-31", "appointed", 900.0)])


def test_cost_per_hire_spreads_unsuccessful_campaign_costs_over_hires():
    assert one(get("M34")(recruitment_ledger(), quarter(2024, 1))) == (1500, 2, 750)


def test_recruitment_spend_includes_open_campaigns():
    assert one(get("M34a")(recruitment_ledger(), quarter(2024, 1)))[2] == 1800


def test_cost_per_hire_with_no_hires_cannot_be_computed():
    assert one(get("M34")(recruitment_ledger(), quarter(2024, 2)))[2] is None


def incentive_ledger():
    def pay(staff, on, kind, amount):
        return {"staff_id": staff, "date": on, "kind": kind, "amount": amount}

    return build(
        person=[p(x) for x in ["R1", "R2", "N1", "N2", "N3"]],
        assignment=[a("R1", "2023-06-01"), a("R2", "2020-01-01", "2024-12-31"),
                    a("N1", "2020-01-01"), a("N2", "2020-01-01", "2024-06-30"),
                    a("N2", "2024-07-01", contract="agency"), a("N3", "2020-01-01")],
        payment=[pay("R1", "2023-06-01", "golden_hello", 3000.0),
                 pay("R2", "2024-03-31", "market_supplement", 2000.0),
                 pay("N3", "2023-03-31", "market_supplement", 2000.0)])  # a day too early


def test_incentive_recipients_and_others_retention_at_12_months():
    fy = financial_year(2024)
    assert one(get("M35")(incentive_ledger(), fy))[:2] == (1, 2)
    assert one(get("M35a")(incentive_ledger(), fy))[:2] == (2, 3)  # N2 went agency


def test_incentive_payments_total_by_kind():
    r = get("M35b")(incentive_ledger(), financial_year(2023), ["payment_kind"])
    assert {x["payment_kind"]: x["value"] for x in r.to_dicts()} == {
        "golden_hello": 3000.0, "market_supplement": 2000.0}
    whole = get("M35b")(incentive_ledger(), Window(date(2023, 1, 1), date(2024, 12, 31)))
    assert one(whole)[2] == 7000.0


def test_the_series_equals_the_window_by_window_answer_for_any_windows():
    # overlapping windows, a one-day window and an empty one
    windows = [financial_year(2024), quarter(2024, 1), month(2024, 1),
               Window(date(2024, 1, 17), date(2024, 1, 17)), Window(date(2010, 1, 1),
                                                                    date(2010, 1, 31))]
    ledgers = {"M33": agency_ledger(), "M33a": agency_ledger(), "M34": recruitment_ledger(),
               "M34a": recruitment_ledger(), "M35": incentive_ledger(),
               "M35a": incentive_ledger(), "M35b": incentive_ledger()}
    for mid, ledger in ledgers.items():
        for by in ([], ["unit"]):
            assert_series_is_each_window(ledger, mid, windows, by)
