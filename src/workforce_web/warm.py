"""Warming the caches in the background, so that the first view of each dashboard after the
data changes does not wait for the measures engine.

After an import on the Import data page, and when `workforce serve` starts, the pages people
open first are assembled in a background thread (`warm`), through the same code the views
run (`assemble.page_view`, `home.views`): each page for the whole organisation and by unit,
at today's date with the default filters, then the same at a viewer's month end when today
is not one. The measure results land in the cache under the keys the views read, and the
pages in the dashboards' memo; results by unit are for every unit at once, so whichever unit
is chosen first finds them. Every key names the ledger version read before the data it was
made from (`measures_cache`), so a warm-up of old data is never read for new data; a warm-up
that sees the version change stops, and the organisation is warmed again after it.

One thread warms at a time, the organisations asked for in turn, each once however often it
is asked for while waiting (`start`). A request never waits for it: one that needs a result
still being warmed computes it itself. A failure is logged and forgotten. Off when the
`WORKFORCE_WARM_CACHE` setting is (the tests turn it off).

The caches are the process's own (Django's local-memory cache), so only the process that serves the
pages is warmed. After `workforce import` (whose process ends with it), an edit made outside the
product (a Django shell, SQL), or an import served by another process, the first request that finds
the data changed starts the warm-up (`measures_cache.org_ledger`); that request still computes what
it needs itself.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from django.conf import settings
from django.db import connections

from workforce_web.accounts.models import Role
from workforce_web.bridge import ledger_version, load_table
from workforce_web.dashboards import assemble, filters
from workforce_web.dashboards.pages import PAGES

log = logging.getLogger(__name__)

THREAD = "workforce-warm-up"
_LOCK = threading.Lock()
_PENDING: dict[str, None] = {}  # organisations waiting, in the order asked (a set in order)
_WORKER: threading.Thread | None = None


def start(*organisations: str) -> bool:
    """Warm the organisations' caches in the background thread (started when none is
    running); False when warming is turned off."""
    global _WORKER
    if not settings.WARM_CACHE or not organisations:
        return False
    with _LOCK:
        _PENDING.update(dict.fromkeys(organisations))
        if _WORKER is None or not _WORKER.is_alive():
            _WORKER = threading.Thread(target=_work, name=THREAD, daemon=True)
            _WORKER.start()
    return True


def start_all() -> bool:
    """Warm every organisation stored (a server starting has nothing cached)."""
    return start(*load_table("organisation")["code"].to_list())


def _work() -> None:
    try:
        while (organisation := _next()) is not None:
            try:
                warm(organisation)
            except Exception:  # never let a warm-up's failure reach anyone: it is only a guess
                log.exception("Warming the caches of %s failed", organisation)
    finally:
        connections.close_all()  # this thread's own connections


def _next() -> str | None:
    global _WORKER
    with _LOCK:
        if not _PENDING:
            _WORKER = None
            return None
        organisation = next(iter(_PENDING))
        del _PENDING[organisation]
        return organisation


def warm(organisation: str, today: date | None = None) -> int:
    """Assemble the first views of the organisation's dashboards and home page for its
    current ledger version (`first_views`); the number assembled, fewer when the version
    changed meanwhile (the views after it are for data the next warm-up will see)."""
    version = ledger_version(organisation)
    if not version:
        return 0
    done = 0
    for slug, chosen in first_views(organisation, today or date.today()):
        if ledger_version(organisation) != version:
            break
        if slug == "home":
            _home(organisation, chosen)
        else:
            assemble.page_view(organisation, slug, chosen, version, readable=None)
        done += 1
    return done


def first_views(organisation: str, today: date) -> list[tuple[str, filters.Filters]]:
    """(page, filters) of the views opened first, most likely first: every dashboard page for
    the whole organisation and for a unit (as a manager's open, and any unit chosen), each
    after the home page, at today's date; then the same at a viewer's month end."""
    from workforce_web.measures_cache import org_ledger

    units = org_ledger(organisation).unit["code"].to_list()
    days = dict.fromkeys((today, filters.figures_on(Role.VIEWER, today, today)))
    return [(slug, filters.Filters(unit=unit, at=day)) for day in days
            for unit in ("", *units[:1])
            for slug in ("home", *(p.slug for p in PAGES))
            if not (slug == "home" and unit)]


def _home(organisation: str, chosen: filters.Filters) -> None:
    """The home page's cards, for the whole organisation and by unit (a manager's)."""
    from workforce_web.home import views as home

    home._cards(organisation, chosen.at)
    home._unit_cards(organisation, [], chosen.at)
