"""What storing imported returns replaces, so that importing a corrected return equals a
clean import of it (`load.py`: re-importing a file replaces its rows).

Rows made from a return are keyed by the worker's place in the file (`batch.assignments`),
so a corrected return with a worker removed or moved would leave the earlier import's rows
behind if they were only inserted or updated. Instead, every row an earlier import of the
same organisation, LA and year stored and the new one does not make again is deleted:
- assignments `{lea}/{year}/{n}`, their `/before` markers and `/fte30` assignments, and
  posts `{lea}/{year}/vacancy/{n}`: the ids only a census import makes;
- the caseloads on 30 September of the people those assignments named, their payments
  dated 30 September and pay on a record's date (`batch.payments`, `batch.pay`), and their
  absences that a return makes: a record's sickness, on the days `batch.absences` gives it
  from its time in the year and its working days lost (`batch.sick_span`), and absences on
  30 September (Absat30Sept), so that absences imported from HR files for the same people
  are kept;
- those people themselves, but only where no other row (another year's return, supervision,
  training, anything) still names them, so that nothing else loses its person.
A return's FTE30 on a day the previous year's return describes (stored, or stored with it)
is not stored, and storing the previous year's deletes a stored one (`rows.covered`), so
that the two returns do not count the person's FTE that day twice.
An existing organisation's own details are kept: only a new one gets the placeholder row
(the existing row is passed on as stored, so that storing counts it unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import polars as pl

from workforce.census.batch import sick_span
from workforce.census.rows import covered
from workforce.ledger import Ledger
from workforce.ledger.tables import TABLES

Return = tuple[str, str, int]  # organisation, LA number, collection year
STALE_FIRST = ("assignment", "post", "caseload", "absence", "pay", "payment")


def plan(stored: Ledger, returns: Iterable[Return], incoming: dict[str, pl.DataFrame]
         ) -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:
    """The stored rows to delete (per table) and the incoming rows to store, for storing the
    rows of `returns` (`incoming`) over the `stored` ledger of their organisations."""
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in STALE_FIRST}
    for r in returns:  # each return's census assignments found once, for all the tables
        census = _made(stored, "assignment", *r)
        for name in STALE_FIRST:
            parts[name].append(census if name == "assignment" else
                               _made(stored, name, *r, census=census))
    made = {name: pl.concat(frames).unique() for name, frames in parts.items()}
    named = made["assignment"].select("organisation", "staff_id").unique()
    stale = {name: _not_in(frame, incoming.get(name), name) for name, frame in made.items()}
    incoming, stale["assignment"] = _fte30(stored, stale["assignment"], incoming)
    stale["person"] = _unreferenced(stored, named, stale, incoming)
    return ({k: v for k, v in stale.items() if v.height},
            {**incoming, **_organisations(stored, incoming)})


def _made(stored: Ledger, name: str, org: str, lea: str, year: int,
          census: pl.DataFrame | None = None) -> pl.DataFrame:
    """The stored rows of table `name` an import of LA `lea`'s `year` return into `org`
    makes (`census`: its assignments, when already found)."""
    ours = pl.col("organisation") == org
    if name in ("assignment", "post"):
        pattern = (rf"^{lea}/{year}/\d+(/before|/fte30)?$" if name == "assignment"
                   else rf"^{lea}/{year}/vacancy/\d+$")
        column = "assignment_id" if name == "assignment" else "post_id"
        return stored[name].filter(ours & pl.col(column).str.contains(pattern))
    if census is None:
        census = _made(stored, "assignment", org, lea, year)
    ref, first = date(year, 9, 30), date(year - 1, 10, 1)
    staff = census["staff_id"].unique().implode()
    if name in ("caseload", "payment"):
        return stored[name].filter(ours & pl.col("staff_id").is_in(staff)
                                   & (pl.col("date") == ref))
    # per record (`{lea}/{year}/{n}` and its `/before` marker), as `batch.absences` has it:
    # RoleStartDate is the record's earliest start (the marker's, when it started before the
    # year); RoleEndDate is a leaver's in-year end, or with no in-year assignment (it ended
    # by the year's first day) the marker's end
    marker = pl.col("assignment_id").str.contains(r"/(before|fte30)$")
    in_year_end = pl.col("end_date").filter(~marker).max()
    records = census.with_columns(pl.col("assignment_id").str.replace(r"/(before|fte30)$", "")
                                  .alias("_record")).group_by("_record").agg(
        pl.col("staff_id").first(), pl.col("start_date").min().alias("_role_start"),
        pl.when(marker.not_().any())
        .then(pl.when(in_year_end <= ref).then(in_year_end))
        .otherwise(pl.col("end_date").filter(marker).max()).alias("_role_end"))
    if name == "pay":  # on the record's date, as `batch.pay` dates it
        on = pl.col("_role_end").fill_null(ref)
        on = pl.when((on.dt.month() == 3) & (on.dt.day() == 31)).then(
            on - timedelta(1)).otherwise(on)
        days = records.select("staff_id", on.alias("snapshot_date")).unique()
        return stored.pay.filter(ours).join(days, on=["staff_id", "snapshot_date"],
                                            how="semi")
    begin = pl.max_horizontal(pl.col("_role_start"), pl.lit(first))
    last = pl.min_horizontal(pl.col("_role_end").fill_null(ref), pl.lit(ref - timedelta(1)))
    absences = stored.absence.filter(ours)
    start, end = sick_span(pl.col("_begin"), pl.col("_last"), pl.col("working_days_lost"))
    # imports made before this change stored the sickness over the record's whole time in
    # the year: found too, so that re-importing the return replaces it
    whole = pl.max_horizontal(begin, pl.min_horizontal(pl.col("_role_end"), pl.lit(ref)))
    spans = records.select("staff_id", begin.alias("_begin"), last.alias("_last"),
                           whole.alias("_whole")).unique()
    made = (absences.filter(pl.col("reason") == "SIC").join(spans, on="staff_id")
            .filter(((pl.col("start_date") == start) & (pl.col("end_date") == end))
                    | ((pl.col("start_date") == pl.col("_begin"))
                       & (pl.col("end_date") == pl.col("_whole"))))
            .select(absences.columns).unique(maintain_order=True))
    on_the_day = absences.filter(pl.col("staff_id").is_in(census["staff_id"].implode())
                                 & (pl.col("start_date") == ref) & (pl.col("end_date") == ref))
    return pl.concat([made, on_the_day]).unique(maintain_order=True)


def _fte30(stored: Ledger, stale: pl.DataFrame, incoming: dict[str, pl.DataFrame]
           ) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """The incoming rows and the stale assignments, without FTE30 on a day another return
    describes (`rows.covered`: the previous year's, stored or incoming): an incoming one is
    not stored, a stored one is deleted."""
    new = incoming.get("assignment")
    if new is None or new.is_empty():
        return incoming, stale
    kept = _not_in(_not_in(stored.assignment, stale, "assignment"), new, "assignment")
    every = pl.concat([kept, new.select(kept.columns).cast(kept.schema)])
    drop = covered(every)
    if drop.is_empty():
        return incoming, stale
    key = ["organisation", "assignment_id"]
    gone = kept.join(drop, on=key, how="semi")
    return ({**incoming, "assignment": new.join(drop.cast(new.select(key).schema), on=key,
                                                how="anti")},
            pl.concat([stale, gone]) if gone.height else stale)


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
