"""Whether a staged census return may be stored over what an organisation holds.

An organisation that already holds the return's people from another source. A return is
census history keyed by SWE number; an organisation's HR records (`workforce import`) key
the same people by staff number. Stored side by side, each worker would be two people and
their FTE counted twice (a reviewer's council, loading its own 2025 return into the
organisation its HR records were exported from, went from 176 people to 237 and doubled
every FTE figure). Storing into the database therefore refuses a return, and stores
nothing of it (`held_elsewhere`, in the same transaction as the store; the other files
still load), when the organisation it goes into holds:
- any of its people other than as a census import of the same kind made them: a stored
  person whose SWE number (normalised) is one of the return's under another staff id (an
  HR record, or a census import made with the other pseudonymisation setting), or whose
  staff id is one of the return's people but who is not census-made (HR records keyed by
  SWE number); or
- social workers in post in the return's census year in its own records (assignments a
  census import did not make), since those records describe the same year and people even
  when they hold no SWE numbers; or
- people of returns imported with --pseudonymise, when this one is imported without it
  (their pseudonyms could not be matched with SWE numbers).
The message says which people (SWE number and staff number) and what to do: import the
return into an organisation that holds only census returns (`--org` with a new code),
which is also what a regional alliance pooling councils' returns does; such organisations
are unaffected. Matching the return's people to the HR records instead was rejected: the
HR records already hold the year, person by person and day by day, so the return could add
only a second, coarser account of the same days (one assignment per census year, FTE at 30
September); merging the two would mean deciding for each person and day which account is
right, and every wrong guess is a double count. Years the HR records do not reach are
refused too when their people are held (a person would otherwise be two people across the
years: a census leaver, then an HR starter). People whom only the same return made are
replaced by storing it, so a return can be re-imported with the other pseudonymisation
setting. Not detected: returns pseudonymised with another key (the pseudonyms cannot be
compared). Rows written as CSV files with `--out` and then loaded with `workforce import`
(or uploaded) cannot be checked this finely: that import refuses census-made rows into an
organisation holding any HR records, or with HR records in the same batch
(`workforce_web.bridge._check_sources`). HR records imported after a return are refused
where they give assignments of its people on the days it describes (`beside.py`).
"""

from __future__ import annotations

from array import array
from datetime import date
from typing import TYPE_CHECKING

import polars as pl

from workforce.census import returns, rows
from workforce.census.load import pseudonym
from workforce.census.workers import normalise_swe
from workforce.ledger import Ledger
from workforce.wording import day

if TYPE_CHECKING:
    from workforce.census.load import Staging


CENSUS_ASSIGNMENT = r"^\d{3}/\d{4}/\d+(/before|/fte30)?$"
"""The assignment ids a census import makes (`batch.assignments`), in its unit `rows.UNIT`."""


def census_made() -> pl.Expr:
    """True on an assignment a census import made (or wrote with `--out`): its id and unit
    are as `batch.assignments` makes them."""
    return (pl.col("assignment_id").str.contains(CENSUS_ASSIGNMENT)
            & (pl.col("unit") == rows.UNIT)).fill_null(False)


EXAMPLES = 3  # people named in a refusal


def held_elsewhere(staging: Staging, stored: Ledger) -> dict[int, str]:
    """The staged returns (by number) that must not be stored over `stored` (the ledger of
    the organisations they go into), each with why and what to do: the organisation holds
    the return's people, or social workers in the return's year, from another source than
    a census import made as this one is (see the module's docstring)."""
    out = {}
    for n in sorted(staging.kept.values()):
        org, lea, year, _ = staging.returns[n]
        why = _held(stored.for_organisation(org), (org, lea, year), staging.ids[n],
                    staging.keys[n])
        if why:
            out[n] = why
    return out


def _held(stored: Ledger, ret: tuple[str, str, int], ids: array,
          key: bytes | None) -> str | None:
    """Why return `ret` (organisation, LA, year; its people's staff ids hashed in `ids`) must
    not be stored over `stored` (the organisation's rows), or None when it may."""
    org, lea, year = ret
    people, jobs = stored.person, stored.assignment
    if people.is_empty() and jobs.is_empty():
        return None
    staff = pl.col("staff_id")
    census = census_made()
    this = census & pl.col("assignment_id").str.starts_with(f"{lea}/{year}/")
    own = jobs.filter(~census)
    # Census-made people: rows as a census import writes them, and census assignments only.
    # Those of this return alone are replaced by storing it (`replace.py`): left out.
    made = people.filter((pl.col("name") == staff)
                         & (pl.col("swe_number").is_null() | (pl.col("swe_number") == staff))
                         & staff.is_in(jobs.filter(census)["staff_id"].implode())
                         & ~staff.is_in(own["staff_id"].implode()))
    replaced = made.filter(~staff.is_in(jobs.filter(census & ~this)["staff_id"].implode()))
    people = people.filter(~staff.is_in(replaced["staff_id"].implode()))
    made = made.filter(~staff.is_in(replaced["staff_id"].implode()))
    theirs = set(ids)
    clash: dict[str, str] = {}  # staff id -> SWE number, of the people held already
    # The return's SWE number is a stored person's under another staff id (their HR record,
    # or a census import with other settings) ...
    ident = (lambda s: pseudonym(s, key)) if key else normalise_swe
    numbered = people.filter(pl.col("swe_number").is_not_null())
    as_census = pl.Series([ident(s) for s in numbered["swe_number"].to_list()], dtype=pl.String)
    for swe, held, mine, fp in zip(numbered["swe_number"], numbered["staff_id"], as_census,
                                   as_census.hash(returns.SEED), strict=True):
        if fp in theirs and held != mine:
            clash[held] = swe
    # ... or names a stored person who is not census-made (HR records keyed by SWE number).
    other = people.filter(~staff.is_in(made["staff_id"].implode()))
    for swe, held, fp in zip(other["swe_number"], other["staff_id"],
                             other["staff_id"].hash(returns.SEED), strict=True):
        if fp in theirs:
            clash.setdefault(held, swe or held)
    first, ref = date(year - 1, 10, 1), date(year, 9, 30)
    in_year = own.filter((pl.col("staff_group") == "social_worker")
                         & (pl.col("start_date") <= ref)
                         & (pl.col("end_date").is_null() | (pl.col("end_date") >= first)))
    twice = ("Stored beside them, the return would count them a second time (a second "
             "person each, and their FTE again), so nothing from this file was stored.")
    elsewhere = ("The organisation's own records already cover them; to keep the return as "
                 "census history of its own, import it into an organisation that holds only "
                 f"census returns, with --org and a new code (for example --org {org}-census).")
    if clash:
        named = [f"SWE number {swe} is staff {held}" if swe != held else f"staff {held}"
                 for held, swe in sorted(clash.items())[:EXAMPLES]]
        more = len(clash) - EXAMPLES
        source = ("its HR records, or returns imported without --pseudonymise" if key
                  else "its HR records")
        return (f"organisation {org} already holds {len(clash):,} of the return's "
                f"{len(theirs):,} people from another source than a census return imported "
                f"as this one is ({source}): {', '.join(named)}"
                f"{f' and {more:,} more' if more > 0 else ''}. {twice} {elsewhere}")
    if in_year.height:
        return (f"organisation {org}'s own records (not census returns) have "
                f"{in_year['staff_id'].n_unique():,} social workers in post in the {year} "
                f"census year ({day(first)} to {day(ref)}), which the return describes. "
                f"{twice} {elsewhere}")
    if key is None and made.filter(pl.col("swe_number").is_null()).height:
        return (f"organisation {org} holds census returns imported with --pseudonymise, "
                "whose people are stored under keyed pseudonyms, not SWE numbers. Stored "
                "without pseudonyms, this return's people would be counted again under their "
                "SWE numbers, so nothing from this file was stored. Import it with "
                "--pseudonymise and the key file used before.")
    return None
