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
  FTE30 of a worker who started before the year is an assignment of that FTE on the
  previous 30 September beside the marker (`/fte30`), left out where the previous year's
  return (or other records) describes the person that day (`covered`).
- an agency worker becomes an agency assignment on 30 September and 1 October.
- Cases30 becomes a caseload snapshot on 30 September; WorkingDaysLost a sickness absence
  of that many working days inside the record's time in the year, ending before 30
  September (`batch.absences`); Absat30Sept with ReasonAbsence an absence on 30 September.
- BaseSalary becomes the pay in effect on the record's date (`batch.pay`); RRPayments and
  OtherPayments payments dated 30 September, of the kinds the LA-level module's incentive
  flags and OtherAllowances name (`batch.payments`).
- NumberOfVacancies becomes vacant social-work posts on 30 September (at most 1 FTE each), and
  NoAgencyFTE and NoAgencyHeadcount link agency workers to them: the first NoAgencyHeadcount
  agency records (in file order; the return does not say which) each cover a post of their
  share of NoAgencyFTE (equal shares, none more than the worker's FTE or 1), so that the
  measures and a re-export give back all three figures. Without a NoAgencyHeadcount, agency
  records cover posts of their FTE in turn until NoAgencyFTE is used up.

So a re-export of an imported return gives back its items, but for what the ledger cannot
hold: an agency worker's ContractWeeks (the assignment would have to run over the
contract's weeks, which the return does not place, and the agency work would count on days
it does not describe); LA-level incentive flags of schemes nobody was paid under, and those
the ledger has no payments for (PerformanceAward, CarAllowance, RegionalWeighting, CostSWE,
CostDBS) or free text in OtherAllowances (give them with `--flag` on export); a worker's
two records' own pay items (one pay and one set of payments a person and day); and which
agency workers covered vacancies (file order decides).

Rows leave the builder in batches (`emit`, every `batch` workers) as frames conformed to the
ledger's tables, so a return of any size is mapped in bounded memory. The LA-level module
comes before the workers (the schema's order), so agency cover is linked to posts as the
agency records stream past (the posts' sizes are settled at the end).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl

from workforce.census import batch
from workforce.census.payitems import FLAG_KINDS, OTHER_KINDS
from workforce.census.read import Record
from workforce.census.rules import as_number
from workforce.ledger.codes import PAYMENT_KIND
from workforce.ledger.tables import table

UNIT = "CSWW"
TABLES = ("person", "assignment", "caseload", "absence", "pay", "payment", "post")
RR_DEFAULT = "golden_hello"  # RRPayments' kind when the return flags no scheme
OTHER_DEFAULT = "other"  # OtherPayments' kind when OtherAllowances names none of the ledger's


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
        # Posts are few and made here, as agency cover is linked in file order; their sizes
        # are settled once every agency record has been seen (`finish`).
        self.covering: list[tuple[str, float]] = []  # post id, the most it can cover
        self.vacant = 0.0
        self.cover = 0.0
        self.heads = 0
        self.linked = 0.0  # the most the posts linked so far can cover
        self.posts = 0
        self.rr_kinds: tuple[str, ...] = (RR_DEFAULT,)
        self.other_kinds: tuple[str, ...] = (OTHER_DEFAULT,)
        self.paid = (0, 0)  # records with RRPayments, and with OtherPayments, so far
        self.columns = {name: self._columns(name) for name in batch.MADE}

    def add(self, rec: Record) -> None:
        """Read the LA-level record (the vacancies and agency cover to link)."""
        if rec.kind == "la":
            la = rec.values
            self.vacant = as_number(la.get("NumberOfVacancies")) or 0.0
            self.cover = min(as_number(la.get("NoAgencyFTE")) or 0.0, self.vacant)
            self.heads = int(as_number(la.get("NoAgencyHeadcount")) or 0)
            self.rr_kinds = tuple(kinds[0] for flag, kinds in FLAG_KINDS.items()
                                  if la.get(flag) in ("1", "2")) or (RR_DEFAULT,)
            named = {PAYMENT_KIND[k].casefold(): k for k in OTHER_KINDS}
            other = [named.get(t.strip().casefold())
                     for t in (la.get("OtherAllowances") or "").split(",")]
            self.other_kinds = tuple(dict.fromkeys(k for k in other if k)) or (OTHER_DEFAULT,)

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
                "caseload": batch.caseload(f), "absence": batch.absences(f, self.year),
                "pay": batch.pay(f, self.year),
                "payment": batch.payments(f, self.year, self.rr_kinds, self.other_kinds,
                                          self.paid)}
        direct = (records["AgencyWorker"] != "1").fill_null(True)
        self.paid = tuple(  # type: ignore[assignment]
            n + int((direct & (records[f"{item}:number"] > 0)).sum())
            for n, item in zip(self.paid, ("RRPayments", "OtherPayments"), strict=True))
        # One call for all the tables: polars plans and runs them together, in memory (the
        # default streaming engine costs more to start than a batch takes). The plans are
        # plain selections over one small frame: optimising them costs more than it saves.
        done = pl.collect_all([rows.select(self.columns[name]) for name, rows in made.items()],
                              engine="in-memory", optimizations=pl.QueryOptFlags.none())
        self._emit(dict(zip(made, done, strict=True)))

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

    def _posts(self, posts: list[tuple[str, float]]) -> dict[str, pl.DataFrame]:
        """`posts` (id, FTE) as rows of the ledger's table (made directly: a plan for a few
        rows of constants costs more than the rows)."""
        if not posts:
            return {}
        ids, ftes = zip(*posts, strict=True)
        return {"post": _frame("post", {
            "organisation": self.org, "post_id": list(ids), "unit": UNIT,
            "title": "Vacancy (census return)", "staff_group": "social_worker",
            "fte": list(ftes), "start_date": self.ref, "end_date": self.ref}, len(ids))}

    def finish(self) -> None:
        """The vacant posts, those agency workers cover and the rest, the organisation and
        its census unit."""
        sizes = _shares([most for _, most in self.covering], self.cover,
                        even=self.heads > 0)
        posts = [(pid, size) for (pid, _), size in zip(self.covering, sizes, strict=True)]
        short = self.cover - sum(sizes)
        if short > 1e-6:
            self.notes.append(f"NoAgencyFTE is more than the agency FTE in the records; "
                              f"{short:.2f} FTE of cover could not be linked to a worker.")
        rest = self.vacant - sum(sizes)
        while rest > 1e-9:
            posts.append((self._post(), round(min(1.0, rest), 6)))
            rest -= min(1.0, rest)
        self._emit({**self._posts(posts), "organisation": _frame("organisation", dict(
            code=self.org, name=f"Local authority {self.lea}", old_la_code=self.lea)),
            "unit": _frame("unit", dict(organisation=self.org, code=UNIT, kind="service",
                                        name="Child and family social work (census)"))})

    def _covered_post(self, fte: float) -> str | None:
        """The vacant post an agency worker covers, or None: with a NoAgencyHeadcount, the
        first that many agency records with an FTE; without, records in turn while their
        FTE (at most 1 each) has not yet made up NoAgencyFTE. Its size is settled in
        `finish`."""
        most = min(fte, 1.0)
        if self.cover <= 1e-9 or most <= 0:
            return None
        if self.heads > 0:
            if len(self.covering) >= self.heads:
                return None
        elif self.linked >= self.cover - 1e-9:
            return None
        pid = self._post()
        self.covering.append((pid, most))
        self.linked += most
        return pid

    def _post(self) -> str:
        self.posts += 1
        return f"{self.lea}/{self.year}/vacancy/{self.posts}"

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


def _shares(most: list[float], total: float, even: bool) -> list[float]:
    """Parts of `total`, one per entry of `most`, none more than its entry (nor below 0): the
    entries in turn, each as much as is left (`even` False), or equal shares, those that
    cannot take a full share taking all they can (`even` True). Rounded to 6 decimals, the
    rounding made up on the part with the most room, so that they add up to `total` (or, when
    `most` cannot hold it, to their sum)."""
    if not most:
        return []
    if sum(most) <= total:
        return list(most)
    if not even:
        out, left = [], total
        for m in most:
            out.append(min(m, left))
            left -= out[-1]
    else:
        level, left, k = 0.0, total, len(most)
        for m in sorted(most):  # the share every entry with room takes
            if m * k >= left:
                level = left / k
                break
            left -= m
            k -= 1
        out = [min(m, level) for m in most]
    out = [round(x, 6) for x in out]
    room = max(range(len(out)), key=lambda i: most[i] - out[i])
    out[room] += total - sum(out)
    return out


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


def covered(assignments: pl.DataFrame) -> pl.DataFrame:
    """(organisation, assignment_id) of the FTE30 assignments (`batch.assignments`, id
    ending `/fte30`) on a day another directly employed assignment of the same person
    describes: the previous year's return (or HR records), whose FTE on its 30 September is
    the person's FTE that day. Stored beside it, FTE30 would count their FTE twice."""
    ids = pl.col("assignment_id")
    piece = ids.str.ends_with(batch.FTE30_PIECE)
    pieces = assignments.filter(piece).select("organisation", "assignment_id", "staff_id",
                                              pl.col("start_date").alias("_day"))
    if pieces.is_empty():
        return pieces.select("organisation", "assignment_id")
    others = assignments.filter(~piece & ~ids.str.ends_with("/before")
                                & (pl.col("contract") != "agency").fill_null(True))
    return (pieces.join(others.select("organisation", "staff_id", "start_date", "end_date"),
                        on=["organisation", "staff_id"])
            .filter((pl.col("start_date") <= pl.col("_day"))
                    & (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("_day"))))
            .select("organisation", "assignment_id").unique())


def uncovered(assignments: pl.DataFrame) -> pl.DataFrame:
    """`assignments` without the FTE30 assignments another one describes (`covered`)."""
    return assignments.join(covered(assignments), on=["organisation", "assignment_id"],
                            how="anti")
