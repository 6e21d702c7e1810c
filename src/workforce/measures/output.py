"""Render engine rows (`engine.run`) as a table, CSV, JSON or XLSX: `format_rows(frame, fmt)`.

The export format is stable (the API, the CLI and reports depend on it):

- One record per result cell, with the keys, in this order: `id`, `organisation`, `start`,
  `end` (ISO dates, inclusive), one key per breakdown asked for (e.g. `team`), then
  `numerator`, `denominator`, `value` and `suppressed`.
- `value` is the measure's value in its unit (a percentage as 12.5, not 0.125), unrounded.
  `numerator` and `denominator` are what it is built from; `denominator` is null for counts
  and sums; for medians `numerator` is the median and `denominator` how many it is taken over.
- null means "cannot compute" (nothing to divide by), never zero.
- `suppressed` is true when the cell describes 1 to 4 people: `numerator`, `denominator` and
  `value` are then null. The `people` count itself is never exported.
- JSON is a list of such objects; CSV has the same columns (empty cells for null); XLSX has
  one sheet "measures" with the same columns. The table (for people reading a terminal)
  rounds values half away from zero to 1 decimal place and shows `c` for suppressed cells
  and `-` where nothing can be computed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl

from workforce.measures.formulas import round_half_away

LEADING = ("id", "organisation", "start", "end")
TRAILING = ("numerator", "denominator", "value", "suppressed")
HIDDEN = ("people",)
FORMATS = ("table", "csv", "json", "xlsx")
EXPORT_FORMAT = (__doc__ or "").partition("(the API, the CLI and reports depend on it):")[2].strip()
"""The stable export format, as documented above (docs/measures.md repeats it)."""


def columns(frame: pl.DataFrame) -> list[str]:
    """The exported columns of engine rows, breakdown keys between the window and figures."""
    keys = [c for c in frame.columns if c not in (*LEADING, *TRAILING, *HIDDEN)]
    return [*LEADING, *keys, *TRAILING]


def records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The rows as plain dictionaries in the stable order, dates as ISO strings."""
    cols = columns(frame)
    out = []
    for row in frame.select(cols).iter_rows(named=True):
        out.append({k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()})
    return out


def format_rows(frame: pl.DataFrame, fmt: str) -> str | bytes:
    """Render engine rows as "table", "csv", "json" (str) or "xlsx" (bytes)."""
    renderers: dict[str, Callable[[pl.DataFrame], str | bytes]] = {
        "table": _table, "csv": _csv, "json": _json, "xlsx": _xlsx}
    if fmt not in renderers:
        raise ValueError(f"Unknown format {fmt!r}: use {', '.join(FORMATS)}")
    return renderers[fmt](frame)


def _json(frame: pl.DataFrame) -> str:
    return json.dumps(records(frame), indent=2, ensure_ascii=False) + "\n"


def _csv(frame: pl.DataFrame) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns(frame), lineterminator="\n")
    writer.writeheader()
    for rec in records(frame):
        writer.writerow({k: "" if v is None else v for k, v in rec.items()})
    return buf.getvalue()


def shown(value: float | None, suppressed: bool) -> str:
    """A value as people read it: 1 dp half away from zero, `c` suppressed, `-` none."""
    if suppressed:
        return "c"
    if value is None:
        return "-"
    rounded = round_half_away(value, 1)
    return f"{rounded:,.1f}"


def _table(frame: pl.DataFrame) -> str:
    from rich.console import Console
    from rich.table import Table

    cols = columns(frame)
    table = Table(*[c for c in cols if c != "suppressed"])
    for rec in records(frame):
        hide = bool(rec["suppressed"])
        cells = [shown(rec[c], hide) if c in ("numerator", "denominator", "value")
                 else ("" if rec[c] is None else str(rec[c])) for c in cols if c != "suppressed"]
        table.add_row(*cells)
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    return console.export_text()


def _xlsx(frame: pl.DataFrame) -> bytes:
    from workforce.spreadsheet import workbook

    buf = io.BytesIO()
    book = workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("measures")
    cols = columns(frame)
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "0.0"})
    for j, name in enumerate(cols):
        sheet.write(0, j, name, bold)
    for i, rec in enumerate(records(frame), start=1):
        for j, name in enumerate(cols):
            value = rec[name]
            if value is None:
                continue
            if isinstance(value, float):
                sheet.write_number(i, j, value, number)
            else:
                sheet.write(i, j, value)
    book.close()
    return buf.getvalue()
