"""Recompute every DfE published rate from DfE's published counts through `formulas`.

Source: csww_indicators_2017_to_2025.csv (domain.md 2.1-2.4). Counts are published rounded to
1 dp (FTE) or whole numbers (headcounts, cases); DfE computes rates from the unrounded counts
and rounds half away from zero. A row is reproduced when some value inside the interval got by
carrying ±0.05 through every FTE input rounds (DfE's true_round, 1 dp) to the published rate.

Rows that cannot be reproduced are listed here with the reason; the test fails if any other
row misses, or if one of these starts to match (so the lists stay exact).
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter

import pytest

from tests.reference import reference_file
from workforce.measures import formulas as f

SOURCE = reference_file("csww_indicators_2017_to_2025.csv")
FTE_INPUTS = {"inpost_fte", "leavers_fte", "agency_fte", "agency_cover_fte", "vacancy_fte",
              "case_holders_fte", "working_days_lost_fte"}

RATES = {
    "turnover_rate_fte": (f.turnover_rate, ("leavers_fte", "inpost_fte")),
    "turnover_rate_headcount": (f.turnover_rate, ("leavers_headcount", "inpost_headcount")),
    "agency_rate_fte": (f.agency_rate, ("agency_fte", "inpost_fte")),
    "agency_rate_headcount": (f.agency_rate, ("agency_headcount", "inpost_headcount")),
    "agency_cover_rate_fte": (f.agency_cover_rate, ("agency_cover_fte", "agency_fte")),
    "vacancy_rate_fte": (f.vacancy_rate, ("vacancy_fte", "inpost_fte")),
    "vacancy_agency_cover_rate_fte": (f.vacancy_agency_cover_rate,
                                      ("agency_cover_fte", "vacancy_fte")),
    "caseload_fte": (f.caseload, ("cases", "case_holders_fte")),
    "absence_rate_fte": (f.absence_rate, ("working_days_lost_fte", "inpost_fte")),
}

REPRODUCED = {
    "turnover_rate_fte": 1449, "turnover_rate_headcount": 1453, "agency_rate_fte": 1444,
    "agency_rate_headcount": 1458, "agency_cover_rate_fte": 1391, "vacancy_rate_fte": 1461,
    "vacancy_agency_cover_rate_fte": 1401, "caseload_fte": 1458, "absence_rate_fte": 1438,
}

# Regional and national rates are recomputed by DfE over the LAs whose inputs are reliable:
# an LA flagged `u` or `x` is dropped from numerator and denominator, while the published
# counts still include it (domain.md 2.3). So these aggregate rows cannot be recomputed from
# their own counts. Key: (rate, year, geography code).
_AGG = "aggregate rate excludes LAs flagged u/x that its counts include: "
NOT_REPRODUCED = {
    ("turnover_rate_fte", "2024", "E92000001"): _AGG + "Sunderland leavers u",
    ("turnover_rate_fte", "2024", "E12000001"): _AGG + "Sunderland leavers u",
    ("turnover_rate_fte", "2022", "E92000001"): _AGG + "Gateshead leavers u",
    ("turnover_rate_fte", "2022", "E12000001"): _AGG + "Gateshead leavers u",
    ("turnover_rate_headcount", "2022", "E92000001"): _AGG + "Gateshead leavers u",
    ("turnover_rate_headcount", "2022", "E12000001"): _AGG + "Gateshead leavers u",
    ("agency_rate_fte", "2024", "E92000001"): _AGG + "Birmingham u, Kensington & Chelsea u",
    ("agency_rate_fte", "2024", "E12000005"): _AGG + "Birmingham agency u",
    ("agency_rate_fte", "2023", "E92000001"): _AGG + "Sutton agency u",
    ("agency_rate_fte", "2023", "E12000007"): _AGG + "Sutton agency u",
    ("agency_rate_fte", "2023", "E13000002"): _AGG + "Sutton agency u",
    ("agency_rate_headcount", "2024", "E92000001"): _AGG + "Birmingham agency u",
    ("agency_rate_headcount", "2024", "E12000005"): _AGG + "Birmingham agency u",
    ("agency_cover_rate_fte", "2024", "E92000001"): _AGG + "Birmingham u, Kensington & "
                                                    "Chelsea u",
    ("agency_cover_rate_fte", "2024", "E12000005"): _AGG + "Birmingham agency u",
    ("agency_cover_rate_fte", "2023", "E92000001"): _AGG + "Sutton agency u",
    ("agency_cover_rate_fte", "2023", "E12000007"): _AGG + "Sutton agency u",
    ("agency_cover_rate_fte", "2023", "E13000002"): _AGG + "Sutton agency u",
    ("agency_cover_rate_fte", "2017", "E92000001"): _AGG + "Surrey and Kingston/Richmond x",
    ("agency_cover_rate_fte", "2017", "E12000007"): _AGG + "Kingston/Richmond cover x",
    ("agency_cover_rate_fte", "2017", "E12000008"): _AGG + "Surrey cover x",
    ("agency_cover_rate_fte", "2017", "E13000002"): _AGG + "Kingston/Richmond cover x",
    ("vacancy_agency_cover_rate_fte", "2024", "E92000001"): _AGG + "Birmingham cover u",
    ("vacancy_agency_cover_rate_fte", "2024", "E12000005"): _AGG + "Birmingham cover u",
    ("vacancy_agency_cover_rate_fte", "2018", "E92000001"): _AGG + "Redbridge cover x",
    ("vacancy_agency_cover_rate_fte", "2018", "E12000007"): _AGG + "Redbridge cover x",
    ("vacancy_agency_cover_rate_fte", "2018", "E13000002"): _AGG + "Redbridge cover x",
    ("vacancy_agency_cover_rate_fte", "2017", "E92000001"): _AGG + "Surrey and "
                                                            "Kingston/Richmond x",
    ("vacancy_agency_cover_rate_fte", "2017", "E12000007"): _AGG + "Kingston/Richmond x",
    ("vacancy_agency_cover_rate_fte", "2017", "E12000008"): _AGG + "Surrey cover x",
    ("vacancy_agency_cover_rate_fte", "2017", "E13000002"): _AGG + "Kingston/Richmond x",
    ("absence_rate_fte", "2024", "E92000001"): _AGG + "Birmingham and Bristol absence u",
    ("absence_rate_fte", "2024", "E12000005"): _AGG + "Birmingham absence u",
    ("absence_rate_fte", "2024", "E12000009"): _AGG + "Bristol absence u",
    ("absence_rate_fte", "2023", "E92000001"): _AGG + "Sefton and Cambridgeshire absence u",
    ("absence_rate_fte", "2023", "E12000002"): _AGG + "Sefton absence u",
    ("absence_rate_fte", "2023", "E12000006"): _AGG + "Cambridgeshire absence u",
}

# Cells that carry a marker instead of a number, in the rate or one of its inputs
# (domain.md 2.4): x unavailable, u low reliability, c confidential, low rounds to 0 but is
# not 0 (so the inputs are unknown: Sunderland's agency figures, published as a 100% cover
# rate), z not applicable (checked below: the denominator is 0 and the formula says None).
MARKERS = {
    "turnover_rate_fte": {"z": 5, "x": 3, "u": 2},
    "turnover_rate_headcount": {"z": 5, "x": 2, "u": 1},
    "agency_rate_fte": {"low": 3, "x": 9, "u": 2},
    "agency_rate_headcount": {"x": 2, "u": 1},
    "agency_cover_rate_fte": {"z": 41, "x": 12, "u": 7, "low in an input": 3},
    "vacancy_rate_fte": {"x": 2},
    "vacancy_agency_cover_rate_fte": {"z": 20, "x": 12, "u": 18, "low in an input": 3},
    "caseload_fte": {"x": 4, "u": 1},
    "absence_rate_fte": {"z": 5, "x": 3, "u": 4, "low": 3, "c": 4},
}


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    assert SOURCE is not None, "the DfE indicators file is neither in shared/reference nor shipped"
    with SOURCE.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _code(row: dict[str, str]) -> str:
    return row["new_la_code"] or row["region_code"] or row["country_code"]


def _compute(rate: str, inputs: list[float], year: int) -> float | None:
    func, _ = RATES[rate]
    return func(*inputs, year) if rate == "absence_rate_fte" else func(*inputs)


def _interval(rate: str, row: dict[str, str]) -> tuple[float, float] | None:
    """(low, high) of the rate over the box of unrounded inputs; None if never computable."""
    names = RATES[rate][1]
    values = [_number(row[n]) for n in names]
    steps = [(-0.05, 0.05) if n in FTE_INPUTS else (0.0,) for n in names]
    found = []
    for signs in itertools.product(*steps):
        inputs = [max(0.0, v + s) for v, s in zip(values, signs, strict=True)]
        out = _compute(rate, inputs, int(row["time_period"]))
        if out is not None:
            found.append(out)
    return (min(found), max(found)) if found else None


def _classify(rate: str, row: dict[str, str]) -> str:
    published = _number(row[rate])
    if published is None:
        return row[rate]
    if any(_number(row[n]) is None for n in RATES[rate][1]):
        return "low in an input"
    span = _interval(rate, row)
    if span is None:
        return "not computable"
    low, high = (f.round_half_away(v, 1) for v in span)
    return "reproduced" if low <= published <= high else "missed"


@pytest.mark.parametrize("rate", RATES)
def test_published_rates_are_reproduced_from_published_counts(rows, rate):
    classes = Counter()
    missed = set()
    for row in rows:
        kind = _classify(rate, row)
        classes[kind] += 1
        if kind == "missed":
            missed.add((rate, row["time_period"], _code(row)))
    expected_missed = {k for k in NOT_REPRODUCED if k[0] == rate}
    assert missed == expected_missed
    assert classes["reproduced"] == REPRODUCED[rate]
    markers = {k: v for k, v in classes.items() if k not in ("reproduced", "missed")}
    assert markers == MARKERS[rate]


@pytest.mark.parametrize("rate", RATES)
def test_not_applicable_rates_are_those_our_formulas_cannot_compute(rows, rate):
    for row in rows:
        if row[rate] != "z":
            continue
        inputs = [_number(row[n]) for n in RATES[rate][1]]
        assert _compute(rate, inputs, int(row["time_period"])) is None, (rate, _code(row))


def test_worked_checks_from_domain_md_round_as_published():
    assert f.round_half_away(f.turnover_rate(4276.3, 36186.3), 1) == 11.8  # England 2025
    assert f.round_half_away(f.caseload(321661, 21105.4), 1) == 15.2
    # Sefton 2020, a census year with 29 February: W = 254 gives 7.66 -> 7.7 (253: 7.69)
    assert f.working_year(2020) == 254 and f.working_year(2025) == 253
    assert f.round_half_away(f.absence_rate(2783, 143.1, 2020), 1) == 7.7
    assert f.absence_rate(2783, 143.1, 2020) == pytest.approx(7.6566, abs=1e-4)
