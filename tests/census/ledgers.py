"""A small hand-built ledger whose return is known item by item."""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.ledger import Ledger


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, infer_schema_length=None)


def small_ledger(year: int = 2025) -> Ledger:
    """Six posts; A in post, B a starter, C a leaver, D promoted and on maternity leave at
    30 September, E and F agency workers covering vacant posts P3 and P5; P6 is vacant.
    Dates are for the census year 2025; `year` moves them all to that census year."""

    def D(y: int, m: int, d: int) -> date:  # noqa: N802 - reads like the date it makes
        return date(y + year - 2025, m, d)

    org = "SW1"
    people = [
        dict(staff_id="A", name="Ann", swe_number="SW1001", birth_date=D(1980, 4, 2), sex="F",
             ethnicity="WBRI", disability="N", qual_level="1", qual_institution="Univ A",
             qual_route="undergraduate"),
        dict(staff_id="B", name="Ben", swe_number="sw 1002", birth_date=D(1999, 7, 9), sex="M",
             ethnicity="BAFR", disability="N", qual_level="2", qual_institution="Univ B",
             qual_route="step_up"),
        dict(staff_id="C", name="Cat", swe_number="SW1003", birth_date=D(1970, 1, 1), sex="F",
             ethnicity="AIND", disability="Y", qual_level="1", qual_institution="Univ C",
             qual_route="frontline"),
        dict(staff_id="D", name="Dan", swe_number="SW1004", birth_date=D(1985, 12, 31), sex="U",
             ethnicity="NOBT", disability="U", qual_level="3", qual_institution="Univ D"),
        dict(staff_id="E", name="Eve", swe_number="SW2001", sex="F", ethnicity="NOBT",
             disability="U"),
        dict(staff_id="F", name="Fay", swe_number="SW2002", sex="F", ethnicity="NOBT",
             disability="U"),
    ]
    base = dict(unit="T1", staff_group="social_worker", job_title="Social worker")
    assignments = [
        dict(assignment_id="a1", staff_id="A", post_id="P1", contract="permanent", org_role="5",
             fte=1.0, case_holder=True, start_date=D(2019, 5, 1), start_origin="2"),
        dict(assignment_id="b1", staff_id="B", post_id="P2", contract="permanent", org_role="5",
             fte=0.6, case_holder=True, start_date=D(2025, 1, 6), start_origin="1"),
        dict(assignment_id="c1", staff_id="C", post_id="P3", contract="permanent", org_role="4",
             fte=1.0, start_date=D(2018, 1, 1), end_date=D(2025, 3, 31), start_origin="9",
             leaving_reason="1", leaver_destination="3"),
        dict(assignment_id="d1", staff_id="D", post_id="P4", contract="permanent", org_role="5",
             fte=1.0, start_date=D(2020, 1, 1), end_date=D(2024, 11, 30), start_origin="2"),
        dict(assignment_id="d2", staff_id="D", post_id="P4", contract="permanent", org_role="3",
             fte=1.0, start_date=D(2024, 12, 1)),
        dict(assignment_id="e1", staff_id="E", post_id="P3", contract="agency", org_role="5",
             fte=1.0, case_holder=True, start_date=D(2025, 6, 1), end_date=D(2025, 12, 31)),
        dict(assignment_id="f1", staff_id="F", post_id="P5", contract="agency", org_role="5",
             fte=0.5, start_date=D(2025, 9, 1)),
    ]
    posts = [dict(post_id=f"P{i}", unit="T1", title="Social worker", staff_group="social_worker",
                  fte=1.0, start_date=D(2015, 1, 1)) for i in range(1, 7)]
    return Ledger({
        "organisation": _frame([dict(code=org, name="Sample Council", old_la_code="333")]),
        "unit": _frame([dict(organisation=org, code="T1", name="Team 1", kind="team")]),
        "post": _frame([{**p, "organisation": org} for p in posts]),
        "person": _frame([{**p, "organisation": org} for p in people]),
        "assignment": _frame([{**base, **a, "organisation": org} for a in assignments]),
        "absence": _frame([
            dict(organisation=org, staff_id="A", start_date=D(2025, 1, 6),
                 end_date=D(2025, 1, 10), reason="SIC", working_days_lost=5.0),
            dict(organisation=org, staff_id="C", start_date=D(2025, 2, 3),
                 end_date=D(2025, 2, 5), reason="SIC", working_days_lost=3.0),
            dict(organisation=org, staff_id="D", start_date=D(2025, 7, 1),
                 end_date=D(2025, 12, 31), reason="MAT", working_days_lost=0.0),
        ]),
        "caseload": _frame([
            dict(organisation=org, staff_id="A", date=D(2025, 9, 30), cases=15),
            dict(organisation=org, staff_id="B", date=D(2025, 9, 30), cases=8),
            dict(organisation=org, staff_id="E", date=D(2025, 9, 30), cases=12),
        ]),
        "pay": _frame([
            dict(organisation=org, staff_id="A", snapshot_date=D(2025, 3, 31), hourly_pay=21.0,
                 full_pay=True, base_salary=40000.0),
            dict(organisation=org, staff_id="B", snapshot_date=D(2025, 3, 31), hourly_pay=20.0,
                 weekly_hours=37.0, full_pay=True),
        ]),
        "payment": _frame([
            dict(organisation=org, staff_id="B", kind="golden_hello", date=D(2025, 2, 1),
                 amount=2000.0),
            dict(organisation=org, staff_id="A", kind="market_supplement", date=D(2025, 4, 1),
                 amount=1500.0),
        ]),
        "programme": _frame([
            dict(organisation=org, staff_id="B", kind="asye", start_date=D(2025, 1, 6),
                 outcome="in_progress"),
        ]),
    })


def valid_ledger(year: int = 2025) -> Ledger:
    """The small ledger with the two gaps its return is meant to show filled in (D's sex is
    known and D has a pay snapshot), so that its return has no errors and imports."""
    base = small_ledger(year)
    person = base.person.with_columns(
        pl.when(pl.col("staff_id") == "D").then(pl.lit("M")).otherwise(pl.col("sex"))
        .alias("sex"))
    pay = pl.concat([base.pay, base.pay.filter(pl.col("staff_id") == "A").with_columns(
        pl.lit("D").alias("staff_id"), pl.lit(45000.0).alias("base_salary"))])
    return base.replace(person=person, pay=pay)
