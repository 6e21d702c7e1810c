"""Compare incoming rows with stored rows by natural key: what is new, changed or the same."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def split_changes(existing: pl.DataFrame, incoming: pl.DataFrame,
                  key: Sequence[str]) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Return (new rows, changed rows, count of identical rows) of `incoming` against
    `existing`; both frames have the same columns. Nulls compare equal to nulls."""
    key = list(key)
    if existing.is_empty():
        return incoming, incoming.clear(), 0
    new = incoming.join(existing.select(key), on=key, how="anti", nulls_equal=True)
    present = incoming.join(existing.select(key), on=key, how="semi", nulls_equal=True)
    same = present.join(existing, on=present.columns, how="semi", nulls_equal=True)
    changed = present.join(same.select(key), on=key, how="anti", nulls_equal=True)
    return new, changed, same.height
