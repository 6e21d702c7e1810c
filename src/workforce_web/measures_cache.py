"""Measures for the web, cached per organisation and ledger version.

Any import or edit bumps the organisation's `LedgerVersion`, so cached results and the cached
ledger are invalidated without having to find them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import polars as pl
from django.conf import settings
from django.core.cache import cache

from workforce.ledger import Ledger
from workforce.measures import engine
from workforce.measures.windows import Window
from workforce_web.bridge import ledger_version, load_ledger

_LEDGERS: dict[tuple[str, int], Ledger] = {}


def org_ledger(organisation: str) -> Ledger:
    """The organisation's ledger, loaded once per ledger version."""
    key = (organisation, ledger_version(organisation))
    if key not in _LEDGERS:
        for old in [k for k in _LEDGERS if k[0] == organisation]:
            del _LEDGERS[old]
        _LEDGERS[key] = load_ledger(organisation)
    return _LEDGERS[key]


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
    threshold = settings.SUPPRESSION_THRESHOLD if suppressed else None
    out = engine.run(org_ledger(organisation), ids, windows, by, threshold=threshold,
                     organisations=[organisation], workers=engine.LANES)
    cache.set(key, out, timeout=3600)
    return out
