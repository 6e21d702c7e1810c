"""Every exported record kind, in every year layout, is valid against that year's schema
(the shipped copies, with the one SWENo pattern correction)."""

from __future__ import annotations

import pytest

from tests.census.helpers import write, xsd_errors
from tests.census.ledgers import small_ledger
from workforce.census.write import build, export

YEARS = (2022, 2023, 2024, 2025)
KINDS = {  # record kind -> (staff id in the small ledger, items the record must carry)
    "in post": ("A", {"AgencyWorker": "0", "FTE": 1.0}),
    "starter": ("B", {"StartOrigin": "1", "FTE30": 0.0}),
    "leaver": ("C", {"FTE": 0.0, "ReasonLeave": "1", "LeaverDestination": "3"}),
    "absent at 30 September": ("D", {"Absat30Sept": "1", "ReasonAbsence": "MAT"}),
    "agency worker": ("E", {"AgencyWorker": "1", "Cases30": 12}),
}


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("kind", KINDS)
def test_exported_record_kind_is_valid_against_the_years_schema(tmp_path, year, kind):
    staff, items = KINDS[kind]
    ret = build(small_ledger(year), year)
    records = [w for w in ret.worker_dicts() if w["staff_id"] == staff]
    assert len(records) == 1
    assert {k: records[0][k] for k in items} == items
    path = tmp_path / "one.xml"
    path.write_bytes(b"")
    with open(path, "wb") as out:
        from workforce.census.write import write_xml

        write_xml(out, ret.layout, ret.lea, ret.la, records)
    assert xsd_errors(path, year) == []


@pytest.mark.parametrize("year", (2021, *YEARS))
def test_whole_exported_return_is_valid_with_header_and_la_level(tmp_path, year):
    path = tmp_path / f"csww_{year}.xml"
    ret = export(small_ledger(year), path, year)
    assert xsd_errors(path, year) == []
    text = path.read_text()
    assert f"<Year>{year}</Year>" in text and f"<ReferenceDate>{year}-09-30</ReferenceDate>" in text
    assert f"<{ret.layout.la_element}>" in text and "<LEA>333</LEA>" in text


def test_2025_la_level_carries_incentive_flags_from_payments():
    la = build(small_ledger(), 2025).la
    assert la["RecruitmentBonus"] == "2"  # a golden hello paid to some, not all
    assert la["RetentionBonus"] == "0"
    assert la["OtherAllowances"] == "Market supplement"


def test_incentive_flags_the_ledger_cannot_know_can_be_given():
    la = build(small_ledger(), 2025, flags={"CostSWE": "1"}).la
    assert la["CostSWE"] == "1" and la["CostDBS"] == "0"


def test_free_text_is_escaped(tmp_path):
    w = {"AgencyWorker": "1", "SWENo": "SW1", "FTE": 1.0, "QualInst": "Smith & Jones <Univ>"}
    path = write(tmp_path / "esc.xml", 2024, [w])
    assert xsd_errors(path, 2024) == []
    assert "Smith &amp; Jones &lt;Univ&gt;" in path.read_text()


def test_demo_organisation_exports_valid_returns_for_every_layout(tmp_path):
    demo = pytest.importorskip("workforce.demo")
    if not hasattr(demo, "generate"):
        pytest.skip("the demo generator has not landed yet")
    ledger = demo.generate(staff=300, years=5, seed=3)
    for year in YEARS:
        path = tmp_path / f"demo_{year}.xml"
        export(ledger, path, year)
        assert xsd_errors(path, year) == [], year


def test_demo_returns_have_no_errors(tmp_path):
    """The default demo, on a fixed day: every year's return passes DfE's business rules with
    no errors. Pay is recorded on appointment as well as each 31 March, so a social worker who
    joins after one 31 March and leaves before the next still has a BaseSalary."""
    from datetime import date

    from workforce.census.validate import validate

    demo = pytest.importorskip("workforce.demo")
    ledger = demo.generate(today=date(2026, 12, 1))
    for year in (2021, *YEARS):
        path = tmp_path / f"demo_{year}.xml"
        export(ledger, path, year)
        report = validate(path)
        assert report.workers > 100, year
        assert [(f.code, f.swe, f.field) for f in report.errors] == [], year


def test_base_salary_is_the_pay_in_effect_on_the_record_date():
    """The latest pay on or before 30 September, or on or before leaving for a leaver; the
    first recorded after it only when none was recorded by then."""
    from datetime import date as D

    import polars as pl

    base = small_ledger(2025)
    row = dict(organisation=base.pay["organisation"][0], full_pay=True, hourly_pay=20.0)
    pay = pl.concat([base.pay, pl.DataFrame([
        {**row, "staff_id": "A", "snapshot_date": D(2025, 10, 31), "base_salary": 99000.0},
        {**row, "staff_id": "B", "snapshot_date": D(2025, 1, 6), "base_salary": 31000.0},
        {**row, "staff_id": "C", "snapshot_date": D(2024, 11, 4), "base_salary": 30000.0},
        {**row, "staff_id": "C", "snapshot_date": D(2025, 4, 1), "base_salary": 99000.0},
        {**row, "staff_id": "D", "snapshot_date": D(2026, 3, 31), "base_salary": 45000.0},
    ])], how="diagonal_relaxed").select(base.pay.columns)
    ret = build(base.replace(pay=pay), 2025)
    salary = {w["staff_id"]: w.get("BaseSalary") for w in ret.worker_dicts()
              if w["AgencyWorker"] == "0"}
    assert salary == {
        "A": 40000.0,  # the 31 March snapshot: pay from after 30 September is not used
        "B": pytest.approx(20.0 * 37.0 * 52.143),  # the 31 March snapshot after appointment
        "C": 30000.0,  # left on 31 March 2025: the pay in effect then
        "D": 45000.0,  # nothing recorded by 30 September: the first pay after it
    }
