"""A board report names its unit (and any unit its tables name) as the web's unit lists do:
units that share a name ("MASH" under two services, and twice under one) are told apart by
their parent's name, and by their code where the parent is shared too."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import polars as pl
import pytest

from workforce.demo import generate
from workforce.reports import Request, build, excel, html
from workforce.reports.labels import Labels, unit_names

TODAY = date(2025, 11, 15)
SAME = "MASH (Front Door and Assessment, FDA-01)"


@pytest.fixture(scope="module")
def ledger():
    """The small demo with three teams called MASH: FDA-01 (as in the demo), Assessment Team
    1 (FDA-02) beside it, and the first team of Child Protection and Court."""
    found = generate(staff=120, years=3, seed=3, today=TODAY)
    other = found.unit.filter((pl.col("parent") == "CPC") & (pl.col("kind") == "team"))[
        "code"][0]
    renamed = pl.when(pl.col("code").is_in(["FDA-02", other])).then(pl.lit("MASH")) \
        .otherwise(pl.col("name"))
    return found.replace(unit=found.unit.with_columns(name=renamed))


@pytest.fixture(scope="module")
def report(ledger):
    return build(ledger, Request("2025-Q3", unit="FDA-01", produced=TODAY))


def test_units_that_share_a_name_are_told_apart(ledger):
    names = unit_names(ledger.unit)
    other = ledger.unit.filter((pl.col("parent") == "CPC") & (pl.col("kind") == "team"))[
        "code"][0]
    assert names["FDA-01"] == SAME
    assert names["FDA-02"] == "MASH (Front Door and Assessment, FDA-02)"
    assert names[other] == "MASH (Child Protection and Court)"
    assert names["FDA"] == "Front Door and Assessment"  # a name of its own, as it is
    assert Labels.of(ledger).label("team", "FDA-02") == names["FDA-02"]


def test_the_report_says_which_unit_it_covers(report):
    assert report.scope == SAME


def test_the_cover_and_the_html_say_which_unit(report):
    page = html.render(report)
    assert f"<dt>Covering</dt><dd>{SAME}</dd>" in page


def test_the_workbooks_about_sheet_says_which_unit(report):
    book = openpyxl.load_workbook(io.BytesIO(excel.write(report)))
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True) if r and r[0]}
    assert about["Covering"] == SAME

