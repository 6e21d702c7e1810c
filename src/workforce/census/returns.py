"""Rules that compare records with each other, checked while the file streams.

State is kept small so that memory stays nearly flat: totals, and one 8-byte fingerprint per
directly employed record (for duplicates), held in a compact array; the records behind a
repeated fingerprint are found again in a second streamed pass only when there is one.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import polars as pl

from workforce.census.rules import ERROR, QUERY, Context, as_number, rule
from workforce.census.workers import Items

SEED = 20_250_930  # of polars' hash, for finding a person (or record) in several places
_W = Items()
FINGERPRINT = pl.when(~_W.agency & _W.given("SWENo")).then(pl.struct(
    pl.col("SWENo").str.to_uppercase(), pl.col("RoleStartDate")).hash(SEED)).alias("_fingerprint")
"""A directly employed record's duplicate key (SWENo in any case and RoleStartDate, in 8
bytes); null for agency records and records without an SWE number."""
TOTALS = [_W.agency.sum().alias("_agency_records"),
          _W.number("FTE").filter(_W.agency).sum().alias("_agency_fte"), FINGERPRINT]
"""What `Totals.see` reads from a batch of worker records (`workers.frame`): the number and
FTE of agency records, and each record's `FINGERPRINT`."""


@dataclass
class Totals:
    """What the cross-record rules need from the worker records."""

    agency_fte: float = 0.0
    agency_records: int = 0
    fingerprints: array = field(default_factory=lambda: array("Q"))
    repeated: list[tuple[int, str]] = field(default_factory=list)

    def see(self, batch: pl.DataFrame) -> None:
        """Add a batch's `TOTALS` (selected with other checks, in one pass over it)."""
        self.agency_records += batch["_agency_records"][0]
        self.agency_fte += batch["_agency_fte"][0]
        self.fingerprints.extend(batch["_fingerprint"].drop_nulls().to_list())

    def duplicated(self) -> set[int]:
        """Fingerprints seen more than once (see `repeated`)."""
        return repeated(self.fingerprints)


SMALL = 65_536  # values that `repeated` may put in a set (a few MB at most)


def repeated(fps: array) -> set[int]:
    """The values of `fps` seen more than once, found without a set or sorted copy of them all
    (which would cost about 60 bytes a value): a bitmap of 64 bits a value marks the buckets
    hit twice, and only values in those (about 1 in 64) are counted. A few values are
    settled in one pass with a set."""
    if len(fps) <= SMALL:
        seen: set[int] = set()
        return {fp for fp in fps if fp in seen or seen.add(fp)}  # type: ignore[func-returns-value]
    size = max(64 * len(fps), 1024)
    bitmap = bytearray(size // 8)
    crowded: set[int] = set()
    for fp in fps:
        bucket = fp % size
        byte, bit = bucket >> 3, 1 << (bucket & 7)
        if bitmap[byte] & bit:
            crowded.add(bucket)
        bitmap[byte] |= bit
    counts: dict[int, int] = {}
    for fp in fps:
        if fp % size in crowded:
            counts[fp] = counts.get(fp, 0) + 1
    return {fp for fp, n in counts.items() if n > 1}


@rule(ERROR, "return")
def CSWW_E30(totals: Totals, la: dict[str, str], ctx: Context) -> bool:
    """The same directly employed worker appears twice with the same RoleStartDate. Each
    SWE number has one record per role start (a worker who left and came back has two)."""
    return bool(totals.duplicated())


@rule(QUERY, "return")
def CSWW_Q30(totals: Totals, la: dict[str, str], ctx: Context) -> bool:
    """NoAgencyFTE (agency FTE covering vacancies) is more than the FTE of all agency worker
    records in the return."""
    cover = as_number(la.get("NoAgencyFTE"))
    return cover is not None and cover > totals.agency_fte + 0.005


@rule(QUERY, "return")
def CSWW_Q31(totals: Totals, la: dict[str, str], ctx: Context) -> bool:
    """NoAgencyHeadcount (agency workers covering vacancies) is more than the number of agency
    worker records in the return."""
    heads = as_number(la.get("NoAgencyHeadcount"))
    return heads is not None and heads > totals.agency_records


@rule(QUERY, "return")
def CSWW_Q32(totals: Totals, la: dict[str, str], ctx: Context) -> bool:
    """The LA-level module has the name the other collection years use (LALevelVacancies
    before 2025, LALevel from 2025): please check the file was made for this year."""
    return la.get("_element", ctx.layout.la_element) != ctx.layout.la_element


@rule(QUERY, "return")
def CSWW_Q33(totals: Totals, la: dict[str, str], ctx: Context) -> bool:
    """An item appears more than once in a worker record; only the first one is used."""
    return bool(totals.repeated)
