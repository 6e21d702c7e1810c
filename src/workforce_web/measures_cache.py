"""Measures for the web, cached per organisation and ledger version.

Any import or edit bumps the organisation's `LedgerVersion`, so cached results and the cached
ledger are invalidated without having to find them.

Results being computed are computed once: a request that asks for results another thread is
computing (another request's, or the warm-up's, `workforce_web.warm`) waits for them rather
than computing them again beside it, which on two cores slowed both (in one run before this,
the first views opened during a warm-up took 24.1 s together against 18.0 s with none:
`bench/first_view.py`). It waits for that one computation only, begun before it asked, so
not much longer than computing it itself would take; if it finds nothing kept after, it
computes them itself.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import polars as pl
from django.conf import settings
from django.core.cache import cache

from workforce.ledger import Ledger
from workforce.measures import engine
from workforce.measures.windows import Window
from workforce_web.bridge import ledger_version, load_ledger

_LEDGERS: dict[tuple[str, int], Ledger] = {}


def org_ledger(organisation: str) -> Ledger:
    """The organisation's ledger, loaded once per ledger version. Threads (requests, the
    warm-up) share the loaded ledgers: one that loads a newer version drops the older ones,
    so each returns the ledger it found or loaded, never reads the shared one again (it may
    be gone by then)."""
    key = (organisation, ledger_version(organisation))
    found = _LEDGERS.get(key)
    if found is None:
        found = load_ledger(organisation)
        older = [k for k in list(_LEDGERS) if k[0] == organisation and k != key]
        for old in older:
            _LEDGERS.pop(old, None)
        _LEDGERS[key] = found
        if older:  # the data changed since this process last read it
            _warm_after_change(organisation)
    return found


def _warm_after_change(organisation: str) -> None:
    """A request that finds the data changed (by `workforce import`, a change outside the product,
    another process: anything but this process's Import data page, which starts a warm-up itself)
    starts the warm-up of the pages people open next; not the warm-up's own thread."""
    import threading

    from workforce_web import warm

    if threading.current_thread().name != warm.THREAD:
        warm.start(organisation)


def results(organisation: str, ids: Sequence[str], windows: Sequence[Window],
            by: Sequence[str] = (), suppressed: bool = True) -> pl.DataFrame:
    """Engine rows for the organisation; small numbers suppressed unless `suppressed` False."""
    version = ledger_version(organisation)
    parts = (organisation, version, tuple(ids), tuple((w.start, w.end) for w in windows),
             tuple(by), suppressed)
    key = "measures:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return hit
    with _computing(key) as hit:
        if hit is not None:
            return hit
        threshold = settings.SUPPRESSION_THRESHOLD if suppressed else None
        out = engine.run(org_ledger(organisation), ids, windows, by, threshold=threshold,
                         organisations=[organisation], workers=engine.LANES)
        cache.set(key, out, timeout=3600)
    return out


_FLIGHTS: dict[str, threading.Event] = {}
_FLIGHTS_LOCK = threading.Lock()


@contextmanager
def _computing(key: str) -> Iterator[pl.DataFrame | None]:
    """Yields the results kept under `key` once another thread computing them is done, or
    None when this thread is to compute them (no other was, or it kept nothing)."""
    with _FLIGHTS_LOCK:
        flight = _FLIGHTS.get(key)
        if flight is None:
            flight = _FLIGHTS[key] = threading.Event()
            mine = True
        else:
            mine = False
    if not mine:
        flight.wait()
        yield cache.get(key)
        return
    try:
        yield None
    finally:
        with _FLIGHTS_LOCK:
            del _FLIGHTS[key]
        flight.set()
