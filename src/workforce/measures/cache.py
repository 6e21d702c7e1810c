"""Per-ledger memo for intermediate frames shared by many measures.

A run of the whole registry asks for the same populations, stocks and spells dozens of times
(every rate over in-post FTE needs the in-post stock at each window end). Ledgers are
immutable, so results are memoised per ledger object and dropped when the ledger is.

Batch runs compute families in lanes (threads) and forget each family's intermediates when it
is done. So that one lane does not forget what the other is using (which the other would then
build again), a lane names itself (`lane`), every memo records the lanes that built or found
it, and `forget(..., lane=...)` keeps what another lane has used since the last forget. Two
lanes asking at once for a value not memoised yet build it once: the second waits.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
_Entry = tuple[weakref.ref[Any], dict[Hashable, Any], dict[Hashable, set[object]]]
_STORE: dict[int, _Entry] = {}
"""Per owner (by id): a weak reference to it, its memo, and the lanes that used each entry."""


def _forget(store: dict[int, Any], key: int, ref: weakref.ref[Any]) -> None:
    entry = store.get(key)
    if entry is not None and entry[0] is ref:
        del store[key]


_LOCK = threading.Lock()
"""Guards creating an owner's memo, looking a value up and noting what is being built."""


def _live(owner: object) -> _Entry | None:
    """The memo of `owner`, if it has one (an id can outlive its object: the entry must
    still point at `owner`)."""
    entry = _STORE.get(id(owner))
    return entry if entry is not None and entry[0]() is owner else None


def _entry(owner: object) -> _Entry:
    """The memo of `owner`, created on first use (under a lock: two lanes may ask at once)."""
    entry = _live(owner)
    if entry is not None:
        return entry
    with _LOCK:
        entry = _live(owner)
        if entry is None:
            ident = id(owner)
            # bound now: at interpreter exit the module's globals may already be gone
            ref = weakref.ref(owner, partial(_forget, _STORE, ident))
            entry = (ref, {}, {})
            _STORE[ident] = entry
        return entry


_LANE = threading.local()
_MISSING = object()
_BUILDING: dict[tuple[int, Hashable], tuple[threading.Event, int]] = {}
"""(owner id, key) of the values being built: the event their builder sets when done, and
the builder's thread."""


@contextmanager
def lane(name: object) -> Iterator[None]:
    """Within the block, the memos this thread builds or finds are marked as used by lane
    `name` (see `forget`); the lane outside the block, if any, is the thread's again after."""
    outer = getattr(_LANE, "name", None)
    _LANE.name = name
    try:
        yield
    finally:
        _LANE.name = outer


def _used(entry: _Entry, key: Hashable) -> None:
    name = getattr(_LANE, "name", None)
    if name is not None:
        entry[2].setdefault(key, set()).add(name)


def memo(owner: object, key: Hashable, build: Callable[[], T]) -> T:
    """Return `build()`, computed once per (owner object, key). A thread that asks while
    another is building it waits for that one's value rather than building it again (a
    build that asks for its own key, as `cells.cell_sums` may, just builds it). So a build
    must never need, however indirectly, a key whose own build needs it: two lanes building
    the two at once would wait on each other. Intermediates are built from the ledger
    upwards (populations, spells, stocks, breakdowns attached, sums), never the other way."""
    entry = _entry(owner)
    store, building, me = entry[1], (id(owner), key), threading.get_ident()
    while True:
        with _LOCK:
            value = store.get(key, _MISSING)
            if value is not _MISSING:
                _used(entry, key)
                return value
            other = _BUILDING.get(building)
            if other is None or other[1] == me:
                mine = _BUILDING.setdefault(building, (threading.Event(), me))
                break
        other[0].wait()  # then found, or built again if another lane forgot it already
    try:  # built here and returned as built: another lane may forget it
        value = store[key] = build()
        _used(entry, key)
        return value
    finally:
        if other is None:  # the outermost build of the key in this thread
            with _LOCK:
                del _BUILDING[building]
            mine[0].set()


def put(owner: object, key: Hashable, value: T) -> T:
    """Memoise `value` for `owner` under `key` (replacing what was there), and return it."""
    entry = _entry(owner)
    entry[1][key] = value
    _used(entry, key)
    return value


def peek(owner: object, key: Hashable, default: T) -> T:
    """What is memoised for `owner` under `key`, or `default` (nothing is built)."""
    entry = _live(owner)
    return default if entry is None else entry[1].get(key, default)


def has(owner: object, key: Hashable) -> bool:
    """Whether `key` is memoised for `owner`."""
    entry = _live(owner)
    return entry is not None and key in entry[1]


def forget(owner: object, keep: Callable[[Hashable], bool] | None = None,
           lane: object = None, _seen: set[int] | None = None) -> None:
    """Drop what is memoised for `owner` (frames memoised on those frames go with them).
    With `keep`, the entries whose key it accepts stay, and so does what is memoised on them
    under keys it accepts (a population's spells) and the `FACTS` about them (a headcount's
    `ONE_PER_PERSON` mark); the rest memoised on them (their own derived frames) is
    dropped. With `lane` (the lane whose work is done), an entry that another lane has used
    since the previous `forget` also stays, until the next (what is memoised on it is
    forgotten by the same rule): a lane does not forget what the lane beside it has just
    used, although a later forget may (it is then built again if asked for)."""
    entry = _live(owner)
    if entry is None:
        return
    if keep is None:
        del _STORE[id(owner)]
        return
    seen = set() if _seen is None else _seen
    seen.add(id(owner))
    store, users = entry[1], entry[2]
    for key in list(store):
        if key in FACTS or keep(key):
            users.pop(key, None)  # kept whoever used it: no lanes to remember
        else:
            used = users.get(key, set())
            used.discard(lane)
            if lane is None or not used:
                store.pop(key, None)
                users.pop(key, None)
                continue
            used.clear()  # kept until the next forget, unless used again by then
        if id(value := store.get(key)) not in seen:
            forget(value, keep, lane, seen)


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
    put(frame, ONE_PER_PERSON, True)
    return frame


ALONE_UNLESS_OVERLAP = fact(("a person's row is alone in its window unless _overlap",))
"""A fact memoised on a stock (assignments in post on one date per window) whose `_overlap`
column (`population.overlaps`) is false only on rows that are their person's one row in
their window: only the people of the other rows need de-duplicating (`cells.cell_sums`)."""


def alone_unless_overlap(frame: T) -> T:
    """Mark `frame` as a stock whose unflagged rows hold their person alone in their
    window, and return it."""
    put(frame, ALONE_UNLESS_OVERLAP, True)
    return frame


def clear() -> None:
    """Forget everything (tests that time a cold run use it)."""
    _STORE.clear()
