"""Map the records of one return to ledger rows (used by `load.py`).

For collection year Y (year start 1 October Y-1, reference date 30 September Y):
- a directly employed worker becomes an assignment from max(RoleStartDate, 2 October Y-1) to
  RoleEndDate, or to 1 October Y while in post. History must not end on 30 September, or the
  measures would read everyone in post as a leaver; it runs one day past it, and the next
  year's return starts the day after that, so consecutive years touch without overlapping.
  A worker who started before the year also gets a zero-FTE marker from RoleStartDate, so the
  continuous spell (starters, time in service) is right without counting FTE twice when the
  previous year's return is loaded too. FTE is the return's FTE, or FTE30 for a leaver
  (leavers' FTE is 0 in the return; FTE30, the FTE at the previous 30 September, or for a
  starter who left in the year the FTE at leaving (`select.py`), is the best it offers).
- an agency worker becomes an agency assignment on 30 September and 1 October.
- Cases30 becomes a caseload snapshot on 30 September; WorkingDaysLost a sickness absence
  inside the year; Absat30Sept with ReasonAbsence an absence on 30 September.
- NumberOfVacancies becomes vacant social-work posts on 30 September (at most 1 FTE each), and
  NoAgencyFTE links agency workers to them, so that the measures give back both figures.

Rows leave the builder in batches (`emit`, every `batch` workers) as frames conformed to the
ledger's tables, so a return of any size is mapped in bounded memory. The LA-level module
comes before the workers (the schema's order), so agency cover is linked to posts as the
agency records stream past.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl

from workforce.census import batch
from workforce.census.read import Record
from workforce.census.rules import as_number
from workforce.ledger.tables import table

UNIT = "CSWW"
TABLES = ("person", "assignment", "caseload", "absence", "post")


class Builder:
    """Maps the records of one return to ledger rows (the mapping is in `batch.py`), handing
    them on in batches: `emit(table, frame)` receives frames conformed to the ledger's tables (the
    person frames carry `_agency` besides, for `dedupe`). Feed it the LA-level record (`add`)
    and each batch of worker records as a frame (`take`, `workers.frame`), then call
    `finish`."""

    def __init__(self, year: int, lea: str, org: str,
                 pseudo: Callable[[str], str] | None = None,
                 emit: Callable[[str, pl.DataFrame], None] | None = None) -> None:
        self.year, self.lea, self.org, self.pseudo = year, lea, org, pseudo
        self.emit = emit or (lambda name, frame: None)
        self.ref = date(year, 9, 30)
        self.workers = 0
        self.notes: list[str] = []
        # Posts are few and made here, as agency cover is linked in file order.
        self.post_rows: list[tuple[str, float]] = []
        self.vacant = 0.0
        self.cover = 0.0
        self.posts = 0
        self.columns = {name: self._columns(name) for name in batch.MADE}

    def add(self, rec: Record) -> None:
        """Read the LA-level record (the vacancies and agency cover to link)."""
        if rec.kind == "la":
            la = rec.values
            self.vacant = as_number(la.get("NumberOfVacancies")) or 0.0
            self.cover = min(as_number(la.get("NoAgencyFTE")) or 0.0, self.vacant)

    def take(self, records: pl.DataFrame) -> None:
        """Hand on the rows of a batch of worker records, one frame per table."""
        self.workers += records.height
        agency, fte = records["AgencyWorker"].to_list(), records["FTE"].to_list()
        posts = [self._covered_post(as_number(f) or 0.0) if a == "1" else None
                 for a, f in zip(agency, fte, strict=True)]
        # The staff id: the normalised SWE number (`workers.SWE_KEY`), or its pseudonym.
        key = records["SWENo:key"].fill_null("")
        staff = (pl.Series("staff", [self.pseudo(s) for s in key.to_list()], pl.String)
                 if self.pseudo else key.alias("staff"))
        f = records.lazy().with_columns(staff)
        made = {"person": batch.person(f, self.pseudo is not None),
                "assignment": batch.assignments(f, self.lea, self.year, posts),
                "caseload": batch.caseload(f), "absence": batch.absences(f, self.year)}
        # One call for all the tables: polars plans and runs them together, in memory (the
        # default streaming engine costs more to start than a batch takes). The plans are
        # plain selections over one small frame: optimising them costs more than it saves.
        done = pl.collect_all([rows.select(self.columns[name]) for name, rows in made.items()],
                              engine="in-memory", optimizations=pl.QueryOptFlags.none())
        self._emit(dict(zip(made, done, strict=True)))
        self._emit(self._posts())

    def _emit(self, tables: dict[str, pl.DataFrame]) -> None:
        """Emit each table's rows that are not empty."""
        for name, out in tables.items():
            if out.height:
                self.emit(name, out)

    def _columns(self, name: str) -> list[pl.Expr]:
        """What `take` selects from the rows made for table `name` (the columns
        `batch.MADE[name]`): the columns of ledger table `name` (as `ledger.conform`), the
        constants filled in; person rows keep `_agency` besides. The same for every batch."""
        have = batch.MADE[name]
        same = self._constants(name)
        cols = [(same[c.name] if c.name in same else pl.col(c.name) if c.name in have
                 else pl.lit(None)).cast(c.dtype, strict=False).alias(c.name)
                for c in table(name).columns]
        return [*cols, *([pl.col("_agency")] if name == "person" else [])]

    def _posts(self) -> dict[str, pl.DataFrame]:
        """The posts made since the last call, if any, as rows of the ledger's table (made
        directly: a plan for a few rows of constants costs more than the rows)."""
        if not self.post_rows:
            return {}
        ids, ftes = zip(*self.post_rows, strict=True)
        self.post_rows = []
        return {"post": _frame("post", {
            "organisation": self.org, "post_id": list(ids), "unit": UNIT,
            "title": "Vacancy (census return)", "staff_group": "social_worker",
            "fte": list(ftes), "start_date": self.ref, "end_date": self.ref}, len(ids))}

    def finish(self) -> None:
        """The vacant posts not covered by agency workers, the last rows, the organisation and
        its census unit."""
        if self.cover > 1e-6:
            self.notes.append(f"NoAgencyFTE is more than the agency FTE in the records; "
                              f"{self.cover:.2f} FTE of cover could not be linked to a worker.")
        rest = self.vacant
        while rest > 1e-9:
            self._post(min(1.0, rest))
            rest -= min(1.0, rest)
        self._emit({**self._posts(), "organisation": _frame("organisation", dict(
            code=self.org, name=f"Local authority {self.lea}", old_la_code=self.lea)),
            "unit": _frame("unit", dict(organisation=self.org, code=UNIT, kind="service",
                                        name="Child and family social work (census)"))})

    def _covered_post(self, fte: float) -> str | None:
        """The vacant post an agency worker covers while NoAgencyFTE lasts (at most 1 FTE
        each, in file order), or None."""
        size = min(fte, self.cover, 1.0)
        if self.cover <= 1e-9 or size <= 0:
            return None
        self.cover -= size
        self.vacant -= size
        return self._post(size)

    def _post(self, size: float) -> str:
        self.posts += 1
        pid = f"{self.lea}/{self.year}/vacancy/{self.posts}"
        self.post_rows.append((pid, round(size, 6)))
        return pid

    def _constants(self, name: str) -> dict[str, pl.Expr]:
        """Columns with one value for the whole return, added once rather than per row."""
        same: dict[str, object] = {"organisation": self.org}
        if name == "assignment":
            same |= dict(unit=UNIT, staff_group="social_worker",
                         job_title="Social worker (census return)")
        elif name == "caseload":
            same["date"] = self.ref
        elif name == "person":
            same["disability"] = "U"
        exprs = {k: pl.lit(v) for k, v in same.items()}
        if name == "person":
            exprs |= {"name": pl.col("staff_id"),
                      "swe_number": pl.lit(None, pl.String) if self.pseudo else pl.col("staff_id")}
        return exprs


def _frame(name: str, values: dict[str, object], height: int = 1) -> pl.DataFrame:
    """`height` rows of ledger table `name`: each column from `values`, a list of values or
    one value for every row; columns not in `values` are empty."""
    return pl.DataFrame([pl.Series(c.name, v if isinstance(v := values.get(c.name), list)
                                   else [v] * height, c.dtype) for c in table(name).columns])


def dedupe(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """One row per natural key (the last wins); caseloads and absences on the same key add
    up, since two records of one person (agency duplicates) can share a day. A person's
    directly employed record describes them better than an agency one (`_agency`, dropped)."""
    if name == "person" and "_agency" in frame.columns:
        frame = frame.sort("_agency", descending=True, maintain_order=True).drop("_agency")
    t = table(name)
    key = list(t.key) if name == "organisation" else ["organisation", *t.key]
    if name == "caseload":
        return frame.group_by(key, maintain_order=True).agg(pl.col("cases").sum())
    if name == "absence":
        return frame.group_by(key, maintain_order=True).agg(
            pl.col("end_date").max(), pl.col("working_days_lost").sum())
    return frame.unique(key, keep="last", maintain_order=True)
