"""An organisation's data replaced (`bridge.delete_organisation` then `store_tables`, as a
reload of the demo does) gets a ledger version it never had: results and board reports are
cached under the version, and one that started again at 1 named the old data's, so the
report made before the reload was served after it (reviewer's reproduction)."""

import html

from tests.web.conftest import tiny_tables
from workforce_web import measures_cache
from workforce_web.bridge import delete_organisation, ledger_version, store_tables
from workforce_web.reports.models import Report


def test_a_reload_gives_a_new_version_and_a_new_report(as_user, personas):
    report = Report.objects.create(organisation="T1", period="2025-Q3", unit="T1-A")
    lead = as_user("lead")
    before = ledger_version("T1")
    first = html.unescape(lead.get(f"/reports/{report.pk}/report.html").content.decode())
    assert "Test council T1" in first
    tables = tiny_tables("T1")
    tables["organisation"] = tables["organisation"].with_columns(
        name=tables["organisation"]["name"].str.replace("Test council", "Replaced council"))
    delete_organisation("T1")
    store_tables(tables)
    measures_cache._LEDGERS.clear()  # not the in-process ledger memo: the version alone
    assert ledger_version("T1") > before
    page = html.unescape(lead.get(f"/reports/{report.pk}/report.html").content.decode())
    assert "Replaced council T1" in page
