"""The worker records of a return, a batch at a time, as one polars frame of item texts.

Checking each record's items one rule at a time in Python cost more than reading the file,
and so did mapping them to ledger rows one by one. So the reader's worker records are
gathered into batches (`Batch`), and each batch becomes a frame (`frame`): the business
rules (`rules.py`) are polars expressions over its columns (`Items`), and the import maps the
same frame to ledger rows (`batch.py`). A batch holds at most `SIZE` records, so memory stays
flat whatever the file's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property

import polars as pl

from workforce.census.layouts import LAYOUTS
from workforce.census.read import Record

SIZE = 5_000  # worker records per batch
ITEMS: tuple[str, ...] = tuple(dict.fromkeys(
    item.name for lay in LAYOUTS.values() for item in lay.worker_items))
"""Every worker item of every layout; a batch's frame has a column for each (null where a
record lacks it), so a rule or the row mapping can name any item whatever the year."""
_KINDS = {item.name: item.kind for lay in LAYOUTS.values() for item in lay.worker_items}
DATES = tuple(name for name in ITEMS if _KINDS[name] == "date")
NUMBERS = tuple(name for name in ITEMS if _KINDS[name] in ("int", "fte", "dec1", "dec2"))
_SWE = re.compile(r"^([A-Za-z]{2})0*(\d+)$")
_NORMAL = re.compile(r"[A-Z]{2}[1-9][0-9]*")
"""An SWE number already normal (`swe_key`'s first case)."""
_SPACE = r"[\s\x1c-\x1f]"
"""The spaces taken out, one pattern for Python's `re` and polars' regex engine alike: `\\s`
alone is not the same set in both (Python's also takes the separators \\x1c-\\x1f, which
HR CSV files can hold though census XML cannot)."""
_SPACES = re.compile(_SPACE)


def normalise_swe(swe: str) -> str:
    """Upper case, no spaces, no leading zeros after the letters (SW000123 is SW123): one
    registration written two ways is one person. `swe_key` does the same to a column."""
    if _NORMAL.fullmatch(swe):
        return swe  # already normal: the common case, kept cheap
    s = _SPACES.sub("", swe or "").upper()
    m = _SWE.match(s)
    return f"{m.group(1).upper()}{m.group(2)}" if m else s


class Batch:
    """Worker records gathered for one frame: `add` them, then `take` the frame."""

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.lines: list[int] = []
        self.texts: list[str | None] = []  # each record's item texts in `ITEMS` order, in turn

    def add(self, rec: Record) -> bool:
        """Keep a worker record's number, line and item texts; True when the batch is full."""
        self.numbers.append(rec.index)
        self.lines.append(rec.line)
        self.texts.extend(map(rec.values.get, ITEMS))
        return len(self.numbers) >= SIZE

    def take(self) -> pl.DataFrame | None:
        """The records gathered so far as a frame (see `frame`), forgetting them; None when
        there are none."""
        if not self.numbers:
            return None
        out = frame(self.numbers, self.lines, self.texts)
        self.numbers, self.lines, self.texts = [], [], []
        return out


def frames(records: Iterable[Record]) -> Iterator[pl.DataFrame]:
    """Worker records as frames of at most `SIZE` records each."""
    batch = Batch()
    for rec in records:
        if batch.add(rec):
            yield batch.take()  # type: ignore[misc]
    last = batch.take()
    if last is not None:
        yield last


def frame(numbers: list[int], lines: list[int], texts: list[str | None]) -> pl.DataFrame:
    """Records as a frame: `n` (the record numbers), `line`, then one text column per item
    (`texts` holds each record's item texts in `ITEMS` order, one record after another), an
    empty item read as missing (null), and each date and number item once more as its value
    (`Items.date`, `Items.number`), parsed once here for all the rules and the row mapping,
    as is the normalised SWE number (`SWE_KEY`).
    The texts go to polars as one column, which is cut into the items' columns there: quicker
    than a column per item made in Python, or an expression per item for empty texts."""
    texts_frame = pl.Series("_texts", texts, pl.String).to_frame().with_columns(_MISSING)
    out = texts_frame.select(pl.Series("n", numbers, pl.Int64),
                             pl.Series("line", lines, pl.Int64), *_COLUMNS)
    return out.with_columns(_PARSED)


def _as_date(text: pl.Expr) -> pl.Expr:
    """YYYY-MM-DD only (polars alone would also read 2024-1-1)."""
    return pl.when(text.str.len_bytes() == 10).then(text.str.to_date("%Y-%m-%d", strict=False))


_COLUMNS = [pl.col("_texts").gather_every(len(ITEMS), i).alias(name)
            for i, name in enumerate(ITEMS)]
"""Each item's column of `frame`'s texts: every len(ITEMS)-th text from its place."""
_MISSING = pl.when(pl.col("_texts") != "").then(pl.col("_texts")).alias("_texts")
"""An empty item is missing."""


def swe_key(swe: pl.Expr) -> pl.Expr:
    """`normalise_swe` of each SWE number of `swe` (null where it is null), as an expression:
    a column at a time rather than a Python call per value."""
    return (pl.when(swe.str.contains(r"^[A-Z]{2}[1-9][0-9]*$")).then(swe)  # already normal
            .otherwise(swe.str.replace_all(_SPACE, "").str.to_uppercase()
                       .str.replace(r"^([A-Z]{2})0+(\d+)$", "${1}${2}")))


SWE_KEY = swe_key(pl.col("SWENo")).alias("SWENo:key")
"""`normalise_swe` of each record's SWENo (null when it has none), as column `SWENo:key`: the
person a record is about (the row mapping's staff id, the rules across records)."""
_PARSED = [*(_as_date(pl.col(name)).alias(f"{name}:date") for name in DATES),
           *(pl.col(name).cast(pl.Float64, strict=False).fill_nan(None).alias(f"{name}:number")
             for name in NUMBERS), SWE_KEY]
AGENCY = (pl.col("AgencyWorker") == "1").fill_null(False)
"""The record is an agency worker's (no AgencyWorker item: it is not)."""


class Items:
    """A batch's items as polars expressions, for the worker rules: each rule combines them
    into one expression per item it checks, true where a record is at fault."""

    def text(self, name: str) -> pl.Expr:
        """The item's text (null when missing or empty)."""
        return pl.col(name)

    def given(self, name: str) -> pl.Expr:
        return pl.col(name).is_not_null()

    def missing(self, name: str) -> pl.Expr:
        return pl.col(name).is_null()

    def number(self, name: str) -> pl.Expr:
        """A number item's value (null when it is not a number)."""
        return pl.col(f"{name}:number")

    def date(self, name: str) -> pl.Expr:
        """A date item's value (null when it is not a date written YYYY-MM-DD)."""
        return pl.col(f"{name}:date")

    agency = AGENCY
    """The record is an agency worker's."""

    @cached_property
    def leaver(self) -> pl.Expr:
        """The record is a leaver's: it has a RoleEndDate."""
        return pl.col("RoleEndDate").is_not_null()


__all__ = ["ITEMS", "SIZE", "SWE_KEY", "Batch", "Items", "frame", "frames", "normalise_swe",
           "swe_key"]
