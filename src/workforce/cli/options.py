"""Option values the commands share: dates, read as the importer reads them."""

from __future__ import annotations

import re
from datetime import date

from workforce.imports.parse import FIRST_YEAR, LAST_YEAR

EARLIEST, LATEST = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
"""The dates the product handles, as the importer's (`imports.parse`): before or after them
windows and series run off the calendar or past the ledger's "no end yet" (9999-12-31)."""
ENTER = "Enter the date as YYYY-MM-DD, for example 2025-03-31 (or as dd/mm/yyyy, 31/03/2025)."
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SHORT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")


def parse_date(text: str, option: str) -> date:
    """The date `option` gives, written yyyy-mm-dd or dd/mm/yyyy as in import files; a
    ValueError saying what to enter when it is not one, or is outside EARLIEST..LATEST."""
    given = text.strip()
    iso, uk = _ISO.fullmatch(given), _UK.fullmatch(given)
    if _SHORT_YEAR.fullmatch(given):
        raise ValueError(f"{option} {text!r} has a two-digit year: write the year in full. "
                         f"{ENTER}")
    if not (iso or uk):
        raise ValueError(f"{option} {text!r} is not a date. {ENTER}")
    year, month, day = (iso.groups() if iso else uk.groups()[::-1])  # type: ignore[union-attr]
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"{option} {text!r} is not a date: there is no such day. "
                         f"{ENTER}") from None
    if not EARLIEST <= found <= LATEST:
        raise ValueError(f"{option} {text!r} is outside the dates the product handles: give "
                         f"a date from {_day(EARLIEST)} to {_day(LATEST)}.")
    return found


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
