"""Results asked for while another thread computes them (another request, or the warm-up
after an import) are computed once: the second asker waits for the first's, rather than
computing them beside it on the same cores."""

from __future__ import annotations

import threading
import time
from datetime import date

import polars as pl

from workforce.measures import engine
from workforce.measures.windows import as_at
from workforce_web import measures_cache


def test_results_asked_for_while_they_are_computed_are_computed_once(monkeypatch):
    monkeypatch.setattr(measures_cache, "ledger_version", lambda org: 7)
    monkeypatch.setattr(measures_cache, "org_ledger", lambda org: None)
    started, release, calls = threading.Event(), threading.Event(), []

    def slow_run(*args, **kwargs):
        calls.append(threading.get_ident())
        started.set()
        release.wait(10)
        return pl.DataFrame({"id": ["M45"], "value": [len(calls)]})

    monkeypatch.setattr(engine, "run", slow_run)
    got = []

    def ask():
        got.append(measures_cache.results("T1", ["M45"], [as_at(date(2025, 3, 31))]))

    first, second = threading.Thread(target=ask), threading.Thread(target=ask)
    first.start()
    assert started.wait(10)
    second.start()
    time.sleep(0.2)  # the second asks while the first computes
    release.set()
    first.join(10)
    second.join(10)
    assert len(calls) == 1
    assert len(got) == 2 and got[0].equals(got[1])


def test_when_the_first_computation_fails_the_waiting_asker_computes(monkeypatch):
    monkeypatch.setattr(measures_cache, "ledger_version", lambda org: 7)
    monkeypatch.setattr(measures_cache, "org_ledger", lambda org: None)
    started, release, calls = threading.Event(), threading.Event(), []

    def failing_first(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            started.set()
            release.wait(10)
            raise RuntimeError("the first computation fails")
        return pl.DataFrame({"id": ["M45"], "value": [1]})

    monkeypatch.setattr(engine, "run", failing_first)
    got, errors = [], []

    def ask():
        try:
            got.append(measures_cache.results("T1", ["M45"], [as_at(date(2025, 3, 31))]))
        except RuntimeError as exc:
            errors.append(exc)

    first, second = threading.Thread(target=ask), threading.Thread(target=ask)
    first.start()
    assert started.wait(10)
    second.start()
    time.sleep(0.2)
    release.set()
    first.join(10)
    second.join(10)
    assert len(errors) == 1 and len(got) == 1 and len(calls) == 2
    assert measures_cache._FLIGHTS == {}


class _Dropped(dict):
    """The loaded ledgers, where another thread loads a newer version (and drops this one)
    just after this thread stores its own."""

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if key == ("T1", 7):
            self.pop(key)
            super().__setitem__(("T1", 8), "newer")


def test_a_ledger_dropped_by_another_thread_is_still_the_one_returned(monkeypatch):
    monkeypatch.setattr(measures_cache, "_LEDGERS", _Dropped())
    monkeypatch.setattr(measures_cache, "ledger_version", lambda org: 7)
    monkeypatch.setattr(measures_cache, "load_ledger", lambda org: "version 7")
    assert measures_cache.org_ledger("T1") == "version 7"


def test_a_request_finding_the_data_changed_starts_the_warm_up_not_the_warm_up_itself(
        monkeypatch):
    """After `workforce import` (another process) nothing warmed the server's caches: the
    first request to find a new ledger version now starts it, once."""
    from workforce_web import warm

    started = []
    monkeypatch.setattr(warm, "start", lambda *orgs: started.extend(orgs))
    monkeypatch.setattr(measures_cache, "_LEDGERS", {})
    monkeypatch.setattr(measures_cache, "load_ledger", lambda org: f"ledger of {org}")
    version = [7]
    monkeypatch.setattr(measures_cache, "ledger_version", lambda org: version[0])
    measures_cache.org_ledger("T1")  # first read in this process: the server warmed it
    assert started == []
    version[0] = 8
    measures_cache.org_ledger("T1")
    measures_cache.org_ledger("T1")  # the same version: loaded once, warmed once
    assert started == ["T1"]
    version[0] = 9
    done = threading.Thread(target=lambda: measures_cache.org_ledger("T1"), name=warm.THREAD)
    done.start()
    done.join()
    assert started == ["T1"]  # the warm-up's own load starts no other
