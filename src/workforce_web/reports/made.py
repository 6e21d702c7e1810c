"""Reports made, kept so that downloading the same report again on the same data is
immediate.

A report's figures are never stored with it (`models.Report`): they are computed from the
data whenever it is downloaded. Making one takes seconds (a PDF is mostly WeasyPrint laying
out its pages: `bench/report_web.py`), so each file made is kept in Django's cache under a
key that names everything it was made from (`key`):

- the organisation's `LedgerVersion`, which every import bumps (as the measures cache is
  keyed), so a report is made again after an import;
- the whole request the core is given (`inputs.request_for`): the quarter and unit, the
  strategy in force as the plan the report reads (every theme, target, action, progress
  update, dated value, review, feedback and tracked measure's values), the dashboards'
  simple targets, the commentary, the suppression threshold, the audience and the day it is
  produced. A plan edit made any way (a form, a workbook import, a change outside the product)
  changes the plan and so the key, without having to be told of it; so does the next day, as the
  cover says when the report was produced;
- the benchmarks in use (`Benchmarks.key`, which names their content).

A key names the data a file was made from, so a file kept is never served for other data:
at worst a change the report does not show makes it again. The version is read before the
report is made: an import while it is made leaves it under the older version's key, which
no later download asks for.

The report built from the data (plain data, `workforce.reports.Report`) is kept under the
same key, so the three formats build it once, and the PDF is printed from the HTML download's
page, whose charts are drawn already.

They are kept in a cache of their own (the `reports` alias, `settings.REPORT_CACHE_ENTRIES`
entries): each is hundreds of KB, and in the cache the measure results are kept in, a day
of downloads pushed those results out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import caches

from workforce import benchmarks as bm
from workforce import reports as core
from workforce_web.bridge import ledger_version

KEPT = 24 * 3600
"""Seconds a made file is kept (a key names the day produced, so a day is enough)."""


def key(organisation: str, request: core.Request) -> str:
    """Names the report `request` asks for on the organisation's data as it stands."""
    parts = (organisation, ledger_version(organisation), bm.load().key, request.period,
             request.organisation, request.unit, repr(request.plan),
             sorted(request.goals.items()), sorted(request.commentary.items()),
             request.threshold, request.produced, request.audience)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def file(organisation: str, request: core.Request, fmt: str,
         build: Callable[[], core.Report]) -> bytes:
    """The report as `fmt` bytes: kept from an earlier download of the same report on the
    same data, else made (`build` makes the report from the data) and kept."""
    return _file(key(organisation, request), fmt, build)


def _file(named: str, fmt: str, build: Callable[[], core.Report]) -> bytes:
    cache = caches["reports"]
    body = cache.get(f"reports:{fmt}:{named}")
    if body is None:
        body = _make(named, fmt, build)
        cache.set(f"reports:{fmt}:{named}", body, timeout=KEPT)
    return body


def _make(named: str, fmt: str, build: Callable[[], core.Report]) -> bytes:
    cache = caches["reports"]
    report = cache.get(f"reports:built:{named}")
    if report is None:
        warming = None
        if fmt in ("pdf", "html"):
            from workforce.reports.pdf import warm_up

            warming = warm_up()  # the chart engine starts while the figures compute
        report = build()
        cache.set(f"reports:built:{named}", report, timeout=KEPT)
        if warming is not None:
            warming.join()
    if fmt == "pdf":  # printed from the HTML download's page, kept too
        page = _file(named, "html", lambda: report).decode("utf-8")
        return core.render(report, "pdf", page)
    return core.render(report, fmt)
