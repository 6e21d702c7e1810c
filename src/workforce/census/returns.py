"""Rules that compare records with each other, checked while the file streams.

State is kept small so that memory stays nearly flat: totals, and for each worker record
20 bytes kept as polars columns (`PEOPLE`: which person its SWE number names, in 8 bytes; a
4-byte fingerprint of its person details, its FTE at 30 September and its duplicate
fingerprint, which are only compared among the records of one person).
Only the records whose SWE number appears more than once are then compared with each other,
and the records behind a finding are found again in a second streamed pass only when there
is one, to quote their items.

A worker may have several records (several posts, or leaving and coming back in the year).
What they cannot do is disagree about who the person is: DfE counts a worker once by SWE
number, date of birth, sex and ethnicity (domain.md 1.2), and an SWE number is one social
worker's registration, so records sharing one but giving another birth date, sex or
ethnicity are an error (`CSWW_E31`): one of them is someone else's, and an import would merge
two people into one. FTE is summed over a worker's posts (DfE does not de-duplicate it), so
records adding up to more than 1 FTE at 30 September are possible but unusual: a query
(`CSWW_Q34`).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from functools import cache, cached_property

import polars as pl

from workforce.census.rules import ERROR, QUERY, Context, as_number, rule
from workforce.census.workers import Items

SEED = 20_250_930  # of polars' hash, for finding a person (or record) in several places
_W = Items()
_KEY = pl.col("SWENo:key")
FINGERPRINT = pl.when(~_W.agency & _KEY.is_not_null()).then(pl.struct(
    _KEY, pl.col("RoleStartDate")).hash(SEED)).cast(pl.UInt32, wrap_numerical=True) \
    .alias("_fingerprint")
"""A directly employed record's duplicate key (its normalised SWE number and RoleStartDate, in
4 bytes: it is compared only among the records of one person); null for agency records and
records without an SWE number."""
PERSON = pl.when(_KEY.is_not_null()).then(_KEY.hash(SEED)).alias("_person")
"""Whom a record is about: its normalised SWE number in 8 bytes (null without one)."""
SEX = pl.coalesce("Sex", "GenderCurrent")
DETAILS = pl.when(_W.given("PersonBirthDate") | SEX.is_not_null() | _W.given("Ethnicity")).then(
    pl.col("PersonBirthDate").hash(SEED) ^ SEX.hash(SEED + 1) ^ pl.col("Ethnicity").hash(SEED + 2)
).cast(pl.UInt32, wrap_numerical=True).alias("_details")
"""The person details DfE de-duplicates on (date of birth, sex, ethnicity) in 4 bytes (each
hashed, the hashes combined: half the cost of hashing them as a struct); null when the
record gives none of them (as agency records need not)."""
FTE_30 = pl.when(_W.leaver).then(0.0).otherwise(_W.number("FTE").fill_null(0.0)) \
    .cast(pl.Float32).alias("_fte30")
"""The record's FTE at 30 September (a leaver has none)."""
PEOPLE = ("_person", "_details", "_fte30", "_fingerprint")
TOTALS = [_W.agency.sum().alias("_agency_records"),
          _W.number("FTE").filter(_W.agency).sum().alias("_agency_fte"),
          PERSON, DETAILS, FTE_30, FINGERPRINT]
"""What `Totals.see` reads from a batch of worker records (`workers.frame`): the number and
FTE of agency records, and each record's `PEOPLE` columns."""
MORE_THAN_ONE = 1 + 1e-6  # FTE, as decimals of 6 places add up


@cache
def _none_shared() -> pl.DataFrame:
    """`Totals.shared` of a return whose SWE numbers are all different (made on first use:
    a frame made when the module is imported costs every command about 1 MB)."""
    return pl.DataFrame(schema={"n": pl.UInt32, "_person": pl.UInt64, "_details": pl.UInt32,
                                "_fte30": pl.Float32, "_fingerprint": pl.UInt32})


@dataclass
class Totals:
    """What the cross-record rules need from the worker records."""

    agency_fte: float = 0.0
    agency_records: int = 0
    people: list[pl.DataFrame] = field(default_factory=list)
    repeated: list[tuple[int, str]] = field(default_factory=list)

    def see(self, batch: pl.DataFrame) -> None:
        """Add a batch's `TOTALS` (selected with other checks, in one pass over it): the
        batches' `PEOPLE` columns are kept, in record order."""
        self.agency_records += batch["_agency_records"][0]
        self.agency_fte += batch["_agency_fte"][0]
        self.people.append(batch.select(PEOPLE))

    @cached_property
    def shared(self) -> pl.DataFrame:
        """The records whose SWE number (normalised) other records have too: their number
        `n` and `PEOPLE` columns. Read once every batch has been seen."""
        batches, self.people = self.people, []  # not needed again
        every = batches[0] if len(batches) == 1 else pl.concat(batches)  # not copied
        person = every["_person"] if batches else pl.Series(dtype=pl.UInt64)
        if person.n_unique() == person.len():  # the common case: every SWE number once
            return _none_shared()
        if every.height <= SMALL:
            mask = person.is_not_null() & person.is_duplicated()
        else:  # `is_duplicated` takes some 100 bytes a record (a hash table), sorting 16
            ordered = person.drop_nulls().sort()
            twice = ordered.filter(ordered == ordered.shift(1)).unique()
            mask = person.is_in(twice.implode()).fill_null(False)
        return every.filter(mask).with_columns(
            (mask.arg_true() + 1).cast(pl.UInt32).alias("n")).select("n", *PEOPLE)

    @cached_property
    def duplicates(self) -> pl.DataFrame:
        """The records (`n`, `_person`) that are directly employed ones of the same person
        with the same RoleStartDate as another (`FINGERPRINT`)."""
        if self.shared.is_empty():  # the common case: every SWE number once
            return self.shared.select("n", "_person")
        fp = pl.col("_fingerprint")
        return self.shared.filter(fp.is_not_null()).filter(
            pl.struct("_person", fp).is_duplicated()).select("n", "_person")

    @cached_property
    def suspects(self) -> pl.DataFrame:
        """The records (`n`, `_person`) of the people whose records may disagree about who
        they are (more than one set of details) or add up to more than 1 FTE at 30 September;
        `validate` reads them again to say which, and how."""
        if self.shared.is_empty():
            return self.shared.select("n", "_person")
        people = self.shared.group_by("_person").agg(
            ((pl.col("_details").drop_nulls().n_unique() > 1)
             | (pl.col("_fte30").sum() > MORE_THAN_ONE)).alias("_odd"))
        odd = people.filter("_odd")["_person"].implode()
        return self.shared.filter(pl.col("_person").is_in(odd)).select("n", "_person")


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
    return totals.duplicates.height > 0


@rule(ERROR, "return")
def CSWW_E31(totals: Totals, la: dict[str, str], ctx: Context) -> bool:
    """Records that share an SWE number (in any case, without spaces or leading zeros) must
    give the same date of birth, sex and ethnicity: an SWE number is one social worker's
    registration. Correct the SWE number of the record that is someone else's, or the
    details that are wrong."""
    return totals.suspects.height > 0


@rule(QUERY, "return")
def CSWW_Q34(totals: Totals, la: dict[str, str], ctx: Context) -> bool:
    """The records with this SWE number add up to more than 1 FTE at 30 September. A worker
    may hold several posts (their FTE is added up), but more than full time in all is
    unusual: please check each record's FTE, or whether one of them is someone else's."""
    return totals.suspects.height > 0


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
