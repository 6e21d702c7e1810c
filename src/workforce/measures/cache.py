"""Per-ledger memo for intermediate frames shared by many measures.

A run of the whole registry asks for the same populations, stocks and spells dozens of times
(every rate over in-post FTE needs the in-post stock at each window end). Ledgers are
immutable, so results are memoised per ledger object and dropped when the ledger is.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
_STORE: dict[int, tuple[weakref.ref[Any], dict[Hashable, Any]]] = {}


def _forget(store: dict[int, Any], key: int, ref: weakref.ref[Any]) -> None:
    entry = store.get(key)
    if entry is not None and entry[0] is ref:
        del store[key]


def memo(owner: object, key: Hashable, build: Callable[[], T]) -> T:
    """Return `build()`, computed once per (owner object, key)."""
    entry = _STORE.get(id(owner))
    if entry is None or entry[0]() is not owner:
        ident = id(owner)
        # bound now: at interpreter exit the module's globals may already be gone
        ref = weakref.ref(owner, partial(_forget, _STORE, ident))
        entry = (ref, {})
        _STORE[ident] = entry
    store = entry[1]
    try:
        return store[key]
    except KeyError:  # built here and returned as built: another thread may forget it
        value = build()
        store[key] = value
        return value


def has(owner: object, key: Hashable) -> bool:
    """Whether `key` is memoised for `owner`."""
    entry = _STORE.get(id(owner))
    return entry is not None and entry[0]() is owner and key in entry[1]


def forget(owner: object, keep: Callable[[Hashable], bool] | None = None) -> None:
    """Drop what is memoised for `owner` (frames memoised on those frames go with them).
    With `keep`, the entries whose key it accepts stay, but what is memoised on them (their
    own derived frames) is dropped."""
    entry = _STORE.get(id(owner))
    if entry is None or entry[0]() is not owner:
        return
    if keep is None:
        del _STORE[id(owner)]
        return
    store = entry[1]
    for key in list(store):
        if keep(key):
            forget(store.get(key))
        else:
            store.pop(key, None)


ONE_PER_PERSON = ("one row per window and person",)
"""A fact memoised on a frame whose rows hold each person once per window (a headcount), so
that its people are counted, not de-duplicated (see `cells.cell_sums`)."""


def one_per_person(frame: T) -> T:
    """Mark `frame` as holding each person once per window, and return it."""
    memo(frame, ONE_PER_PERSON, lambda: True)
    return frame


def clear() -> None:
    """Forget everything (tests that time a cold run use it)."""
    _STORE.clear()
