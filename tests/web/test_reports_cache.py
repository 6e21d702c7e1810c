"""Board reports are kept in a cache of their own, with a small cap: a day of report
downloads (hundreds of KB each) used to share the one cache with the measure results and
could push them out, so that the dashboards computed them again."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.cache import caches

from workforce.measures.windows import as_at
from workforce_web import measures_cache
from workforce_web.reports import made
from workforce_web.reports.models import Report


def _measure_result():
    return measures_cache.results("T1", ["M45"], [as_at(date(2025, 3, 31))])


def _fill_reports(monkeypatch, count: int) -> list[str]:
    """`count` reports' workbooks made and kept, each as big as the demo's HTML page."""
    monkeypatch.setattr(made.core, "render", lambda report, fmt, *page: b"x" * 300_000)
    names = [f"report-{n}" for n in range(count)]
    for name in names:
        made._file(name, "xlsx", lambda: "a report built from the data")
    return names


def test_a_report_download_is_kept_in_the_reports_cache_not_with_measure_results(as_user):
    report = Report.objects.create(organisation="T1", period="2025-Q3", unit="T1-A")
    assert as_user("lead").get(f"/reports/{report.pk}/report.xlsx").status_code == 200
    named = made.key("T1", _request(report))
    assert caches["reports"].get(f"reports:xlsx:{named}", b"").startswith(b"PK")
    assert caches["default"].get(f"reports:xlsx:{named}") is None


def _request(report: Report):
    from workforce_web.reports.inputs import request_for

    return request_for(report, date.today())


def test_filling_the_report_cache_leaves_measure_results_alone(personas, engine_calls,
                                                               monkeypatch):
    first = _measure_result()
    assert len(engine_calls) == 1
    # as many report entries as the measure results' cache holds entries, twice over
    _fill_reports(monkeypatch, settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"])
    assert _measure_result().equals(first)
    assert len(engine_calls) == 1  # still kept: not computed again


def test_the_report_cache_keeps_no_more_than_its_cap(personas, monkeypatch):
    names = _fill_reports(monkeypatch, settings.REPORT_CACHE_ENTRIES * 2)
    reports = caches["reports"]
    kept = [n for n in names for part in ("built", "xlsx")
            if reports.get(f"reports:{part}:{n}") is not None]
    assert 0 < len(kept) <= settings.REPORT_CACHE_ENTRIES
    assert reports.get(f"reports:xlsx:{names[-1]}") is not None  # the latest is kept
