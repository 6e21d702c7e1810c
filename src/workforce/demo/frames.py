"""Rows of Python values -> polars frames with the ledger's declared types.

Generators collect each table as a list of row tuples (dates as day ordinals), which is far
faster than building frames row by row; `frame` converts them once at the end.
"""

from __future__ import annotations

import polars as pl

from workforce.demo.calendar import EPOCH
from workforce.demo.structure import ORGANISATION
from workforce.ledger import TABLES


class Columns:
    """A table under construction: its column names and its rows."""

    def __init__(self, *names: str) -> None:
        self.names = names
        self.rows: list[tuple] = []
        self.add = self._add

    def _add(self, *values) -> None:
        self.rows.append(values)

    def __getitem__(self, name: str) -> list:
        i = self.names.index(name)
        return [row[i] for row in self.rows]

    @property
    def height(self) -> int:
        return len(self.rows)


def frame(name: str, table: Columns) -> pl.DataFrame:
    """The frame of table `name`, with dates made from ordinals and the demo organisation's
    code filled in."""
    t = TABLES[name]
    kinds = {c.name: c for c in t.columns}
    schema = {n: pl.Int64 if kinds[n].kind == "date" else kinds[n].dtype for n in table.names}
    df = pl.DataFrame(table.rows, schema=schema, orient="row", strict=False)
    exprs = []
    for col in t.columns:
        if col.name == "organisation":
            exprs.append(pl.lit(ORGANISATION["code"], pl.String).alias(col.name))
        elif col.name not in schema:
            exprs.append(pl.lit(None, col.dtype).alias(col.name))
        elif col.kind == "date":
            exprs.append((pl.col(col.name) - EPOCH).cast(pl.Int32).cast(pl.Date))
        else:
            exprs.append(pl.col(col.name))
    return df.select(exprs)
