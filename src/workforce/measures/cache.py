"""Per-ledger memo for intermediate frames shared by many measures.

A run of the whole registry asks for the same populations, stocks and spells dozens of times
(every rate over in-post FTE needs the in-post stock at each window end). Ledgers are
immutable, so results are memoised per ledger object and dropped when the ledger is.
"""

from __future__ import annotations

import threading
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


_CREATING = threading.Lock()


def _entries(owner: object) -> dict[Hashable, Any]:
    """The memo of `owner`, created on first use (under a lock: two lanes may ask at once)."""
    entry = _STORE.get(id(owner))
    if entry is not None and entry[0]() is owner:
        return entry[1]
    with _CREATING:
        entry = _STORE.get(id(owner))
        if entry is None or entry[0]() is not owner:
            ident = id(owner)
            # bound now: at interpreter exit the module's globals may already be gone
            ref = weakref.ref(owner, partial(_forget, _STORE, ident))
            entry = (ref, {})
            _STORE[ident] = entry
        return entry[1]


def memo(owner: object, key: Hashable, build: Callable[[], T]) -> T:
    """Return `build()`, computed once per (owner object, key)."""
    store = _entries(owner)
    try:
        return store[key]
    except KeyError:  # built here and returned as built: another thread may forget it
        value = build()
        store[key] = value
        return value


def put(owner: object, key: Hashable, value: T) -> T:
    """Memoise `value` for `owner` under `key` (replacing what was there), and return it."""
    _entries(owner)[key] = value
    return value


def peek(owner: object, key: Hashable, default: T) -> T:
    """What is memoised for `owner` under `key`, or `default` (nothing is built)."""
    entry = _STORE.get(id(owner))
    if entry is None or entry[0]() is not owner:
        return default
    return entry[1].get(key, default)


def has(owner: object, key: Hashable) -> bool:
    """Whether `key` is memoised for `owner`."""
    entry = _STORE.get(id(owner))
    return entry is not None and entry[0]() is owner and key in entry[1]


def forget(owner: object, keep: Callable[[Hashable], bool] | None = None,
           _seen: set[int] | None = None) -> None:
    """Drop what is memoised for `owner` (frames memoised on those frames go with them).
    With `keep`, the entries whose key it accepts stay, and so does what is memoised on them
    under keys it accepts (a population's spells) and the `FACTS` about them (a headcount's
    `ONE_PER_PERSON` mark); the rest memoised on them (their own derived frames) is
    dropped."""
    entry = _STORE.get(id(owner))
    if entry is None or entry[0]() is not owner:
        return
    if keep is None:
        del _STORE[id(owner)]
        return
    seen = set() if _seen is None else _seen
    seen.add(id(owner))
    store = entry[1]
    for key in list(store):
        if key not in FACTS and not keep(key):
            store.pop(key, None)
        elif id(value := store.get(key)) not in seen:
            forget(value, keep, seen)


FACTS: set[Hashable] = set()
"""Memo keys of facts about a frame rather than frames derived from it: `forget` keeps them
for as long as it keeps the frame."""


def fact(key: Hashable) -> Hashable:
    """Declare `key` one of the `FACTS`, and return it."""
    FACTS.add(key)
    return key


ONE_PER_PERSON = fact(("one row per window and person",))
"""A fact memoised on a frame whose rows hold each person once per window (a headcount), so
that its people are counted, not de-duplicated (see `cells.cell_sums`)."""


def one_per_person(frame: T) -> T:
    """Mark `frame` as holding each person once per window, and return it."""
    memo(frame, ONE_PER_PERSON, lambda: True)
    return frame


def clear() -> None:
    """Forget everything (tests that time a cold run use it)."""
    _STORE.clear()
