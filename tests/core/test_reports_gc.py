"""A report is built and rendered with the cyclic garbage collector waiting (it took a sixth of
a PDF's time in collections, `bench/report_first.py`), and the collector is as it was after,
on or off, even when building fails."""

from __future__ import annotations

import gc
from datetime import date

import pytest

from workforce.demo import generate
from workforce.measures import engine
from workforce.reports import Request, build, excel, render

TODAY = date(2025, 11, 15)


@pytest.fixture(scope="module")
def ledger():
    return generate(staff=60, years=2, seed=3, today=TODAY)


def _engine_noting(seen: list[bool], ledger):  # noqa: ANN001, ANN202
    def run(ids, windows, by):  # noqa: ANN001, ANN202
        seen.append(gc.isenabled())
        return engine.run(ledger, ids, windows, by, threshold=5,
                          organisations=ledger.organisations[:1])
    return run


def test_the_collector_waits_while_a_report_is_built_and_rendered_and_is_on_after(
        ledger, monkeypatch):
    seen: list[bool] = []
    report = build(ledger, Request("2025-Q3", produced=TODAY),
                   _engine_noting(seen, ledger))
    assert seen and not any(seen)
    assert gc.isenabled()
    written = excel.write

    def noting(r):  # noqa: ANN001, ANN202
        seen.append(gc.isenabled())
        return written(r)

    monkeypatch.setattr(excel, "write", noting)
    render(report, "xlsx")
    assert seen[-1] is False
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off(ledger):
    gc.disable()
    try:
        build(ledger, Request("2025-Q3", produced=TODAY))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_back_on_when_building_fails(ledger):
    with pytest.raises(ValueError, match="quarter"):
        build(ledger, Request("2025", produced=TODAY))
    assert gc.isenabled()
