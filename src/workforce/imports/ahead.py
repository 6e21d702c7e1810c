"""Records starting far ahead: a warning, not a refusal.

A record may start after the day of the import (an assignment or a post from next month,
leave booked, an apprenticeship from September), so only the dates of things that have
happened (`Past`) are refused. But a start more than `AHEAD` after the import is rare and
most often a mistyped year: 2027-11-01 for 2026-11-01 lands eleven months ahead (a
year's threshold would let nearly every such slip of a recent date through). So the
importer warns, naming the rows, and stores them as given when the batch passes. The
start of a table's span (`Table.span`) is checked; its end may rightly lie years ahead (a
fixed-term contract, a post funded to 2030).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.imports.sheets import ROW
from workforce.imports.validate import Checked

AHEAD = "6mo"
AHEAD_WORDS = "six months"
ROWS_NAMED = 5


def warn_far_ahead(checked: Checked, today: date) -> None:
    """Warn (on the sheet) about valid rows whose start lies more than `AHEAD` after
    `today`, the day of the import."""
    span = checked.table.span
    if span is None or span[0] not in checked.present:
        return
    start = span[0]
    limit = pl.select(pl.lit(today).dt.offset_by(AHEAD)).item()
    late = checked.valid().filter(pl.col(start) > limit).sort(ROW)
    if late.is_empty():
        return
    shown = [f'{row} ("{day.isoformat()}")' for row, day in
             late.head(ROWS_NAMED).select(ROW, start).iter_rows()]
    rest = late.height - len(shown)
    rows = ", ".join(shown) + (f" and {rest:,} more" if rest else "")
    checked.raw.warn(
        f"{start} is more than {AHEAD_WORDS} after today ({today.isoformat()}) on "
        f"row{'s' if late.height > 1 else ''} {rows}. A record may start after today, but "
        f"this far ahead the year is often mistyped: check "
        f"{'it' if late.height == 1 else 'them'}. The rows are read as given; correct "
        "any that are wrong and import the file again.")
