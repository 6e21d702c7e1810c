"""The `Ledger`: one polars frame per table, the only shape the core computes on.

A ledger can come from the database (through `workforce_web.bridge`), from a folder of
import files (`workforce.imports`) or from the demo generator; measures never know which.
Frames are never mutated in place: every method returns a new ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import polars as pl

from workforce.ledger.tables import TABLES, table


def conform(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Return `frame` with exactly the columns of table `name`, in order, with its types.

    Missing optional columns are added as nulls; extra columns are dropped.
    """
    t = table(name)
    exprs = []
    for col in t.columns:
        if col.name in frame.columns:
            exprs.append(pl.col(col.name).cast(col.dtype, strict=False))
        else:
            exprs.append(pl.lit(None, dtype=col.dtype).alias(col.name))
    return frame.select(exprs)


@dataclass(frozen=True)
class Ledger:
    """A bundle of frames, one per ledger table, all with the declared schemas."""

    frames: Mapping[str, pl.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        full = {name: conform(name, self.frames.get(name, t.empty())) for name, t in
                TABLES.items()}
        object.__setattr__(self, "frames", full)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.frames[name]

    def __getattr__(self, name: str) -> pl.DataFrame:
        frames = object.__getattribute__(self, "frames")
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.frames)

    def replace(self, **frames: pl.DataFrame) -> Ledger:
        """Return a new ledger with some tables replaced."""
        return Ledger({**self.frames, **frames})

    def for_organisation(self, code: str) -> Ledger:
        """Return the rows of one organisation only."""
        return Ledger({name: frame.filter(pl.col(org_column(name)) == code)
                       for name, frame in self.frames.items()})

    @property
    def organisations(self) -> list[str]:
        return self.frames["organisation"]["code"].to_list()

    def row_counts(self) -> dict[str, int]:
        return {name: frame.height for name, frame in self.frames.items()}


def org_column(name: str) -> str:
    """The column of table `name` that names a row's organisation (the organisation table's
    own code)."""
    return "code" if name == "organisation" else "organisation"


def organisations_in(tables: Iterable[tuple[str, pl.DataFrame]]) -> list[str]:
    """The organisations whose rows the (table name, frame) pairs give, as text, in order
    (a frame without the column gives none)."""
    return sorted({o for name, frame in tables if org_column(name) in frame.columns
                   for o in frame[org_column(name)].drop_nulls().cast(pl.String)
                   .unique().to_list()})
