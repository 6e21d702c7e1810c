"""The values an export wrote on its hidden sheet (`wb.EXPORTED`), read back on import so that
it stores what the workbook changed since (`merge`).
"""

from __future__ import annotations

import json

from workforce.strategy import workbook as wb
from workforce.strategy.merge import ORDER, Key
from workforce.strategy.workbook_cells import Book


def exported_values(book: Book) -> tuple[str | None, dict[Key, dict[str, str]] | None]:
    """The last change and the values the export wrote on its hidden sheet (`wb.EXPORTED`),
    or (None, None) when the workbook has no such sheet or it cannot be read (then the
    import asks the plan's history instead: `merge.Merged.unknown`)."""
    if wb.EXPORTED not in book.sheetnames:
        return None, None
    try:
        ws = book[wb.EXPORTED]
        ws.reset_dimensions()
        rows = iter(ws.iter_rows(values_only=True))
        next(rows)  # the header
        head = next(rows)
        stamp = str(head[2])
        base: dict[Key, dict[str, str]] = {}
        for row in rows:
            if not row or row[0] is None:
                continue
            key = json.loads(row[1])
            values = json.loads("".join(str(c) for c in row[2:] if c is not None))
            if not _well_formed(row[0], key, values):
                return None, None
            base[(row[0], tuple(key))] = values
    except (StopIteration, IndexError, TypeError, ValueError, RecursionError):
        return None, None
    return stamp, base


KEY_LENGTHS = {wb.STRATEGY.name: {0}, wb.THEMES.name: {0, 1}, wb.ACTIONS.name: {1},
               wb.UPDATES.name: {3}, wb.TARGETS.name: {1}, wb.TRACKED.name: {1},
               wb.TRACKED_VALUES.name: {2}, wb.FEEDBACK.name: {2}}
"""How many parts the key of a record of each sheet has (`merge.fields`)."""


def _well_formed(sheet: object, key: object, values: object) -> bool:
    """Whether a row of the exported values is one `merge.fields` writes: a sheet's name, a
    key of as many strings as that sheet's keys have, values all text, and the themes' order
    a JSON list of text."""
    if not (isinstance(sheet, str) and isinstance(key, list)
            and len(key) in KEY_LENGTHS.get(sheet, ()) and all(isinstance(k, str) for k in key)
            and isinstance(values, dict) and all(isinstance(v, str) for v in values.values())):
        return False
    if (sheet, tuple(key)) == ORDER and "order" in values:
        order = json.loads(values["order"])
        return isinstance(order, list) and all(isinstance(i, str) for i in order)
    return True
