"""A board report for one of several units of the same name ("MASH") names it as the report
form's list does, on its page and in its downloads, not by the name it shares."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from workforce_web.bridge import store_tables
from workforce_web.reports.models import Report

SAME = "MASH (Service, T1-M1)"


@pytest.fixture
def report(personas):
    """Two teams called MASH beside teams A and B, under the one service."""
    store_tables({"unit": pl.DataFrame({
        "organisation": ["T1", "T1"], "code": ["T1-M1", "T1-M2"], "name": ["MASH", "MASH"],
        "kind": ["team", "team"], "parent": ["T1-S", "T1-S"]})})
    return Report.objects.create(organisation="T1", period="2025-Q3", unit="T1-M1")


def test_the_report_form_and_the_reports_list_name_the_unit_apart(as_user, report):
    page = as_user("lead").get("/reports/").text
    assert f'<option value="T1-M1">\u2003\u2003{SAME}</option>' in page
    assert f"<td class=\"govuk-table__cell\">{SAME}</td>" in page


def test_the_html_and_the_workbook_say_which_mash(as_user, report):
    lead = as_user("lead")
    page = lead.get(f"/reports/{report.pk}/report.html").content.decode()
    assert f"<dt>Covering</dt><dd>{SAME}</dd>" in page
    book = openpyxl.load_workbook(io.BytesIO(lead.get(f"/reports/{report.pk}/report.xlsx")
                                             .content))
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True) if r and r[0]}
    assert about["Covering"] == SAME
