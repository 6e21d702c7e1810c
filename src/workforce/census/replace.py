"""What storing imported returns replaces, so that importing a corrected return equals a
clean import of it (`load.py`: re-importing a file replaces its rows).

Rows made from a return are keyed by the worker's place in the file (`batch.assignments`),
so a corrected return with a worker removed or moved would leave the earlier import's rows
behind if they were only inserted or updated. Instead, every row an earlier import of the
same organisation, LA and year stored and the new one does not make again is deleted:
- assignments `{lea}/{year}/{n}` and their `/before` markers, and posts
  `{lea}/{year}/vacancy/{n}`: the ids only a census import makes;
- the caseloads on 30 September of the people those assignments named, and their absences
  that a return makes: the year's sickness spanning exactly their time in it (from the later
  of 1 October and their RoleStartDate to the earlier of 30 September and their
  RoleEndDate, `batch.absences`) and absences on 30 September (Absat30Sept), so that
  absences imported from HR files for the same people are kept;
- those people themselves, but only where no other row (another year's return, supervision,
  training, anything) still names them, so that nothing else loses its person.
An existing organisation's own details are kept: only a new one gets the placeholder row
(the existing row is passed on as stored, so that storing counts it unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.tables import TABLES

Return = tuple[str, str, int]  # organisation, LA number, collection year
STALE_FIRST = ("assignment", "post", "caseload", "absence")


def plan(stored: Ledger, returns: Iterable[Return], incoming: dict[str, pl.DataFrame]
         ) -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:
    """The stored rows to delete (per table) and the incoming rows to store, for storing the
    rows of `returns` (`incoming`) over the `stored` ledger of their organisations."""
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in STALE_FIRST}
    for r in returns:  # each return's census assignments found once, for all four tables
        census = _made(stored, "assignment", *r)
        for name in STALE_FIRST:
            parts[name].append(census if name == "assignment" else
                               _made(stored, name, *r, census=census))
    made = {name: pl.concat(frames).unique() for name, frames in parts.items()}
    named = made["assignment"].select("organisation", "staff_id").unique()
    stale = {name: _not_in(frame, incoming.get(name), name) for name, frame in made.items()}
    stale["person"] = _unreferenced(stored, named, stale, incoming)
    return ({k: v for k, v in stale.items() if v.height},
            {**incoming, **_organisations(stored, incoming)})


def _made(stored: Ledger, name: str, org: str, lea: str, year: int,
          census: pl.DataFrame | None = None) -> pl.DataFrame:
    """The stored rows of table `name` an import of LA `lea`'s `year` return into `org`
    makes (`census`: its assignments, when already found)."""
    ours = pl.col("organisation") == org
    if name in ("assignment", "post"):
        pattern = (rf"^{lea}/{year}/\d+(/before)?$" if name == "assignment"
                   else rf"^{lea}/{year}/vacancy/\d+$")
        column = "assignment_id" if name == "assignment" else "post_id"
        return stored[name].filter(ours & pl.col(column).str.contains(pattern))
    if census is None:
        census = _made(stored, "assignment", org, lea, year)
    ref, first = date(year, 9, 30), date(year - 1, 10, 1)
    if name == "caseload":
        staff = census["staff_id"].unique().implode()
        return stored.caseload.filter(ours & pl.col("staff_id").is_in(staff)
                                      & (pl.col("date") == ref))
    # per record (`{lea}/{year}/{n}` and its `/before` marker), as `batch.absences` has it:
    # RoleStartDate is the record's earliest start (the marker's, when it started before the
    # year); RoleEndDate is a leaver's in-year end, or with no in-year assignment (it ended
    # by the year's first day) the marker's end
    marker = pl.col("assignment_id").str.ends_with("/before")
    in_year_end = pl.col("end_date").filter(~marker).max()
    records = census.with_columns(pl.col("assignment_id").str.replace(r"/before$", "")
                                  .alias("_record")).group_by("_record").agg(
        pl.col("staff_id").first(), pl.col("start_date").min().alias("_role_start"),
        pl.when(marker.not_().any())
        .then(pl.when(in_year_end <= ref).then(in_year_end))
        .otherwise(pl.col("end_date").filter(marker).max()).alias("_role_end"))
    begin = pl.max_horizontal(pl.col("_role_start"), pl.lit(first))
    end = pl.max_horizontal(begin, pl.min_horizontal(pl.col("_role_end"), pl.lit(ref)))
    sick = records.select("staff_id", begin.alias("start_date"), end.alias("end_date"),
                          pl.lit("SIC").alias("reason")).unique()
    absences = stored.absence.filter(ours)
    made = absences.join(sick, on=["staff_id", "start_date", "end_date", "reason"], how="semi")
    on_the_day = absences.filter(pl.col("staff_id").is_in(census["staff_id"].implode())
                                 & (pl.col("start_date") == ref) & (pl.col("end_date") == ref))
    return pl.concat([made, on_the_day]).unique(maintain_order=True)


def _key(name: str) -> list[str]:
    return ["organisation", *TABLES[name].key]


def _not_in(frame: pl.DataFrame, incoming: pl.DataFrame | None, name: str) -> pl.DataFrame:
    """`frame`'s rows whose key `incoming` does not have (the incoming rows replace them)."""
    if incoming is None or incoming.is_empty():
        return frame
    keys = incoming.select(_key(name)).cast(frame.select(_key(name)).schema)
    return frame.join(keys, on=_key(name), how="anti", nulls_equal=True)


def _unreferenced(stored: Ledger, named: pl.DataFrame, stale: dict[str, pl.DataFrame],
                  incoming: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The people in `named` that no row refers to once `stale` is deleted and the incoming
    rows are stored (an incoming row replaces the stored row with its key)."""
    kept: list[pl.DataFrame] = []
    for name, t in TABLES.items():
        refs = [c.name for c in t.columns if c.ref == "person.staff_id"]
        if not refs:
            continue
        rows = _not_in(_not_in(stored[name], stale.get(name), name), incoming.get(name), name)
        kept += [rows.select("organisation", pl.col(c).alias("staff_id")) for c in refs]
        if name in incoming:
            kept += [incoming[name].select("organisation", pl.col(c).alias("staff_id"))
                     for c in refs]
    if "person" in incoming:
        kept.append(incoming["person"].select("organisation", "staff_id"))
    left = named.join(pl.concat(kept).drop_nulls().unique(), on=["organisation", "staff_id"],
                      how="anti")
    return stored.person.join(left, on=["organisation", "staff_id"], how="semi")


def _organisations(stored: Ledger, incoming: dict[str, pl.DataFrame]
                   ) -> dict[str, pl.DataFrame]:
    """The organisation rows to store: the incoming row of an organisation not stored yet,
    and an existing one's row as stored (it keeps its name, codes, region and benchmark).
    The stored row is passed on rather than left out so that storing counts it unchanged:
    left out, a re-import of a return reported one row fewer than its first import added
    and than the database holds."""
    if "organisation" not in incoming:
        return {}
    rows = incoming["organisation"]
    known = stored.organisation.filter(pl.col("code").is_in(rows["code"].implode()))
    new = rows.filter(~pl.col("code").is_in(known["code"].implode()))
    return {"organisation": pl.concat([new, known.select(rows.columns).cast(rows.schema)])}
