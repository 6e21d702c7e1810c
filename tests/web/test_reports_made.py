"""A board report made once is kept: downloading the same report again on the same data is
the file made before (the PDF was printed afresh, 11 to 14 s, on every download), and the
three formats build the report once, the PDF printed from the HTML download's page. What is
kept is never served once what it was made from changes: an import (the ledger version), a
plan edit made any way (here straight in the database, with no history entry), the
commentary. A download's file name names the organisation or unit it covers, made safe."""

from __future__ import annotations

import html

import pytest
import weasyprint

import workforce.reports as core
from tests.core.test_strategy_workbook import PLAN
from tests.web.conftest import tiny_tables
from workforce_web.bridge import store_tables
from workforce_web.reports.inputs import filename
from workforce_web.reports.models import Report
from workforce_web.strategy.models import Action, Strategy
from workforce_web.strategy.store import save_plan


@pytest.fixture
def report(personas):
    return Report.objects.create(organisation="T1", period="2025-Q3", unit="T1-A")


@pytest.fixture
def counted(monkeypatch):
    """How many times the report was built, and printed by WeasyPrint."""
    calls = {"build": 0, "print": 0}
    build, printer = core.build, weasyprint.HTML

    def counting_build(*args, **kwargs):
        calls["build"] += 1
        return build(*args, **kwargs)

    class CountingHTML(printer):
        def __init__(self, *args, **kwargs):
            if "Workforce report" in str(kwargs.get("string", "")):
                calls["print"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(core, "build", counting_build)
    monkeypatch.setattr(weasyprint, "HTML", CountingHTML)
    return calls


def _get(client, report: Report, fmt: str) -> bytes:
    response = client.get(f"/reports/{report.pk}/report.{fmt}")
    assert response.status_code == 200
    return response.content


def _page(client, report: Report) -> str:
    return html.unescape(_get(client, report, "html").decode())


def test_a_repeat_pdf_download_is_the_file_made_before(as_user, report, counted):
    lead = as_user("lead")
    first = _get(lead, report, "pdf")
    assert counted == {"build": 1, "print": 1}
    assert _get(lead, report, "pdf") == first
    assert counted == {"build": 1, "print": 1}


def test_the_three_formats_build_the_report_once(as_user, report, counted):
    lead = as_user("lead")
    page = _get(lead, report, "html")
    assert _get(lead, report, "xlsx").startswith(b"PK")
    assert _get(lead, report, "pdf").startswith(b"%PDF")
    assert _get(lead, report, "html") == page
    assert counted == {"build": 1, "print": 1}


def test_every_reader_of_the_report_gets_the_file_made_for_the_first(as_user, report,
                                                                      counted):
    assert _page(as_user("lead"), report) == _page(as_user("manager_a"), report)
    assert counted["build"] == 1


def test_an_import_makes_the_report_again(as_user, report, counted):
    lead = as_user("lead")
    assert "Test council T1" in _page(lead, report)
    tables = tiny_tables("T1")
    tables["organisation"] = tables["organisation"].with_columns(
        name=tables["organisation"]["name"].str.replace("Test council", "Renamed council"))
    store_tables(tables)
    page = _page(lead, report)
    assert "Renamed council T1" in page and "Test council T1" not in page
    assert counted["build"] == 2


def test_a_plan_edit_makes_the_report_again_however_it_is_made(as_user, report, counted):
    save_plan(PLAN, None)
    lead = as_user("lead")
    assert "Workforce strategy 2025-28" in _page(lead, report)
    Strategy.objects.filter(organisation="T1").update(title="Renamed strategy")  # no history
    assert "Renamed strategy" in _page(lead, report)
    # an action's title, in the overdue table (A1, led by team A, was due in the quarter)
    Action.objects.filter(ref="A1").update(title="Agree a retention payment")
    page = _page(lead, report)
    assert "Agree a retention payment" in page and "Agree a market supplement" not in page
    assert counted["build"] == 3


def test_new_commentary_makes_the_report_again(as_user, report, counted):
    lead = as_user("lead")
    assert "Agency use is down." not in _page(lead, report)
    lead.post(f"/reports/{report.pk}/", {"summary": "Agency use is down."})
    assert "Agency use is down." in _page(lead, report)


def test_another_day_makes_the_report_again(as_user, report, counted, monkeypatch):
    from datetime import date

    from workforce_web.reports import views

    lead = as_user("lead")
    _page(lead, report)

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.fromordinal(date.today().toordinal() + 1)

    monkeypatch.setattr(views, "date", Tomorrow)
    later = Tomorrow.today()
    assert f"{later.day} {later:%B %Y}" in _page(lead, report)  # the cover's Produced
    assert counted["build"] == 2


def test_the_file_name_names_the_organisation_or_the_unit(as_user, personas):
    whole = Report.objects.create(organisation="T1", period="2025-Q3")
    response = as_user("lead").get(f"/reports/{whole.pk}/report.xlsx")
    assert 'filename="workforce-report-2025-Q3-T1.xlsx"' in response["Content-Disposition"]
    team = Report(organisation="T1", period="2025-Q3", unit="T1-A")
    for fmt in ("pdf", "xlsx", "html"):
        assert filename(team, fmt) == f"workforce-report-2025-Q3-T1-A.{fmt}"


@pytest.mark.parametrize(("unit", "name"), [
    ('Team "A"; x', "workforce-report-2025-Q3-Team_A_x.html"),
    ("../../etc/passwd", "workforce-report-2025-Q3-etc_passwd.html"),
    ("Équipe 1", "workforce-report-2025-Q3-Equipe_1.html"),
    ("///", "workforce-report-2025-Q3.html"),
])
def test_a_unit_code_is_made_safe_in_the_file_name(unit, name):
    assert filename(Report(organisation="T1", period="2025-Q3", unit=unit), "html") == name
