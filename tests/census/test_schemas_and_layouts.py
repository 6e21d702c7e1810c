"""The shipped schemas and the year layouts declared as data."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.census.helpers import SCHEMAS, xsd
from tests.reference import reference_dir
from workforce.census.layouts import LAYOUTS, guess_year, layout

REFERENCE = (reference_dir() or Path("/nonexistent")) / "csww_schemas"


@pytest.mark.parametrize("year", sorted(LAYOUTS))
def test_shipped_schema_differs_from_upstream_only_in_the_swe_pattern(year):
    upstream = REFERENCE / f"csww_schema_{year}.xsd"
    if not upstream.exists():
        pytest.skip("shared/reference/csww_schemas is not on this machine "
                    "(set WORKFORCE_REFERENCE)")
    ours = (SCHEMAS / f"csww_schema_{year}.xsd").read_text().splitlines()
    theirs = upstream.read_text().splitlines()
    changed = [d for d in difflib.unified_diff(theirs, ours, lineterm="", n=0)
               if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    assert changed == ['-      <xs:pattern value="[A-Za-z]{2}\\d{1,10}$"/>',
                       '+      <xs:pattern value="[A-Za-z]{2}\\d{1,10}"/>']


@pytest.mark.parametrize("year", sorted(LAYOUTS))
def test_corrected_pattern_accepts_real_swe_numbers_and_rejects_others(year):
    swe = xsd(year).types["swetype"]
    assert swe.is_valid("SW12345") and swe.is_valid("SW1")
    assert not swe.is_valid("SW12345$") and not swe.is_valid("S12345")
    assert not swe.is_valid("SW12345678901")


@pytest.mark.parametrize("year", sorted(LAYOUTS))
def test_layout_matches_the_schema_element_order(year):
    schema = xsd(year)
    worker = [e.name for e in schema.types["workertype"].content.iter_elements()]
    la = [e.name for e in schema.types["vacancytype"].content.iter_elements()]
    lay = layout(year)
    assert [i.name for i in lay.worker_items] == worker
    assert [i.name for i in lay.la_items] == la
    assert lay.la_element in [e.name for e in schema.elements["Message"].type.content]


def test_2024_replaces_gender_with_sex():
    assert layout(2023).has("GenderCurrent") and not layout(2023).has("Sex")
    assert layout(2024).has("Sex") and not layout(2024).has("GenderCurrent")


def test_2025_adds_pay_and_incentives_and_drops_qualinst_and_cfkss():
    old, new = layout(2024), layout(2025)
    for item in ("BaseSalary", "RRPayments", "OtherPayments", "RecruitmentBonus", "CostDBS",
                 "OtherAllowances"):
        assert new.has(item) and not old.has(item)
    for item in ("QualInst", "CFKSSstatus"):
        assert old.has(item) and not new.has(item)
    assert (old.la_element, new.la_element) == ("LALevelVacancies", "LALevel")


def test_layout_is_recognised_from_content_when_the_header_has_no_year():
    assert guess_year("LALevel", {"SWENo"}) == 2025
    assert guess_year("LALevelVacancies", {"BaseSalary"}) == 2025
    assert guess_year("LALevelVacancies", {"Sex"}) == 2024
    assert guess_year("LALevelVacancies", {"GenderCurrent", "QualInst"}) == 2023
    assert guess_year("LALevelVacancies", {"SWENo"}) is None


def test_unknown_year_is_refused_with_the_supported_years():
    with pytest.raises(ValueError, match="2021, 2022, 2023, 2024, 2025"):
        layout(2019)
