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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

import polars as pl

from workforce.census.read import Record
from workforce.census.rules import as_date, as_number
from workforce.ledger.tables import table

UNIT = "CSWW"
TABLES = ("person", "assignment", "caseload", "absence", "post")
DAY = timedelta(days=1)
SEX = {"M": "M", "F": "F", "1": "M", "2": "F"}


class Builder:
    """Collects the rows of one return, record by record."""

    def __init__(self, year: int, lea: str, org: str,
                 pseudo: Callable[[str], str] | None = None) -> None:
        from workforce.census.load import normalise_swe

        self.year, self.lea, self.org, self.pseudo = year, lea, org, pseudo
        self.ident = pseudo or normalise_swe
        self.ref = date(year, 9, 30)
        self.start = date(year - 1, 10, 1)
        self.workers = 0
        self.la: dict[str, str] = {}
        self.notes: list[str] = []
        # Column lists per table, filled row by row: far lighter than keeping a dict per
        # row. Every row of a table carries the same keys; absent columns are added later.
        self.cols: dict[str, defaultdict[str, list[object]]] = {
            t: defaultdict(list) for t in TABLES}
        self.agency_rows: list[int] = []
        self.post_links: dict[int, str] = {}

    def _add(self, name: str, row: dict[str, object]) -> None:
        cols = self.cols[name]
        for col, value in row.items():
            cols[col].append(value)

    def add(self, rec: Record) -> None:
        if rec.kind == "la":
            self.la = rec.values
        elif rec.kind == "worker":
            self.workers += 1
            self._worker(rec.index, rec.values)

    def _id(self, n: int, suffix: str = "") -> str:
        return f"{self.lea}/{self.year}/{n}{suffix}"

    def _worker(self, n: int, w: dict[str, str]) -> None:
        staff = self.ident(w.get("SWENo", ""))
        agency = w.get("AgencyWorker") == "1"
        self._add("person", self._person(staff, w, agency))
        base = dict(staff_id=staff, org_role=w.get("OrgRole") or None,
                    case_holder=(as_number(w.get("Cases30")) or 0) > 0)
        if agency:
            self.agency_rows.append(len(self.cols["assignment"]["assignment_id"]))
            self._add("assignment", dict(
                base, assignment_id=self._id(n), contract="agency",
                fte=as_number(w.get("FTE")) or 0.0, start_date=self.ref,
                end_date=self.ref + DAY,  # ending on 30 September would be leaving then
                start_origin=None, leaving_reason=None, leaver_destination=None))
        else:
            self._direct(n, w, base)
        if w.get("Cases30") and not w.get("RoleEndDate"):
            self._add("caseload", dict(staff_id=staff, cases=int(w["Cases30"])))
        self._absence(staff, w)

    def _direct(self, n: int, w: dict[str, str], base: dict[str, object]) -> None:
        start = as_date(w.get("RoleStartDate")) or self.start
        end = as_date(w.get("RoleEndDate"))
        leaver = end is not None
        fte = (as_number(w.get("FTE30")) if leaver else as_number(w.get("FTE"))) or 0.0
        main_from = start if start >= self.start else self.start + DAY
        main_to = end if leaver else self.ref + DAY
        slices = []
        if start < self.start:
            stub_to = min(self.start, end) if end else self.start
            slices.append((self._id(n, "/before"), start, stub_to,
                           0.0 if main_to >= main_from else fte))
        if main_to >= main_from:
            slices.append((self._id(n), main_from, main_to, fte))
        for i, (aid, first, last, f) in enumerate(slices):
            final = i == len(slices) - 1
            self._add("assignment", dict(
                base, assignment_id=aid, contract="permanent", fte=f, start_date=first,
                end_date=last, start_origin=w.get("StartOrigin") or None if i == 0 else None,
                leaving_reason=w.get("ReasonLeave") or None if final else None,
                leaver_destination=w.get("LeaverDestination") or None if final else None))

    def _person(self, staff: str, w: dict[str, str], agency: bool) -> dict[str, object]:
        born = as_date(w.get("PersonBirthDate"))
        if born and self.pseudo:
            born = born.replace(day=1)  # pooled data keeps the month of birth only
        route = ("step_up" if w.get("StepUpGrad") == "1"
                 else "frontline" if w.get("FrontlineGrad") == "1" else None)
        return dict(
            staff_id=staff, birth_date=born,
            sex=SEX.get(w.get("Sex") or w.get("GenderCurrent") or "", "U"),
            ethnicity=w.get("Ethnicity") or "NOBT",
            qual_level=w.get("QualLevel") or None, qual_route=route,
            qual_institution=None if self.pseudo else w.get("QualInst") or None,
            _agency=agency)

    def _absence(self, staff: str, w: dict[str, str]) -> None:
        days = as_number(w.get("WorkingDaysLost")) or 0.0
        start = as_date(w.get("RoleStartDate"))
        end = as_date(w.get("RoleEndDate"))
        row = dict(staff_id=staff)
        if days > 0:
            first = max(start or self.start, self.start)
            self._add("absence", dict(
                row, start_date=first, end_date=max(first, min(end or self.ref, self.ref)),
                reason="SIC", working_days_lost=days))
        if w.get("Absat30Sept") == "1" and w.get("ReasonAbsence"):
            self._add("absence", dict(row, start_date=self.ref, end_date=self.ref,
                                      reason=w["ReasonAbsence"], working_days_lost=0.0))

    def tables(self) -> dict[str, pl.DataFrame]:
        """The rows as frames (not yet conformed to the ledger's schemas)."""
        self._vacancies()
        if self.agency_rows:
            n = len(self.cols["assignment"]["assignment_id"])
            self.cols["assignment"]["post_id"] = [self.post_links.get(i) for i in range(n)]
        out = {}
        for name, cols in self.cols.items():
            schema = {**table(name).schema, "_agency": pl.Boolean}
            if any(cols.values()):
                frame = pl.DataFrame(dict(cols), schema={c: schema[c] for c in cols})
                out[name] = frame.with_columns(self._constants(name))
        if "person" in out:  # a directly employed record describes a person better
            out["person"] = (out["person"].sort("_agency", descending=True)
                             .unique("staff_id", keep="last", maintain_order=True)
                             .drop("_agency"))
        out["organisation"] = pl.DataFrame([dict(code=self.org, name=f"Local authority "
                                                 f"{self.lea}", old_la_code=self.lea)])
        out["unit"] = pl.DataFrame([dict(organisation=self.org, code=UNIT, kind="service",
                                         name="Child and family social work (census)")])
        return {name: dedupe(name, frame) for name, frame in out.items()}

    def _constants(self, name: str) -> list[pl.Expr]:
        """Columns with one value for the whole return, added once rather than per row."""
        same: dict[str, object] = {"organisation": self.org}
        if name == "assignment":
            same |= dict(unit=UNIT, staff_group="social_worker",
                         job_title="Social worker (census return)")
        elif name == "caseload":
            same["date"] = self.ref
        elif name == "post":
            same |= dict(unit=UNIT, title="Vacancy (census return)",
                         staff_group="social_worker", start_date=self.ref, end_date=self.ref)
        elif name == "person":
            same["disability"] = "U"
        exprs = [pl.lit(v).alias(k) for k, v in same.items()]
        if name == "person":
            exprs += [pl.col("staff_id").alias("name"),
                      (pl.lit(None, pl.String) if self.pseudo else pl.col("staff_id"))
                      .alias("swe_number")]
        return exprs

    def _vacancies(self) -> None:
        vacant = as_number(self.la.get("NumberOfVacancies")) or 0.0
        cover = min(as_number(self.la.get("NoAgencyFTE")) or 0.0, vacant)
        fte = self.cols["assignment"]["fte"]
        posts: list[tuple[float, int | None]] = []
        for row in self.agency_rows:
            if cover <= 1e-9:
                break
            size = min(float(fte[row]), cover, 1.0)  # type: ignore[arg-type]
            if size > 0:
                posts.append((size, row))
                cover -= size
        if cover > 1e-6:
            self.notes.append(f"NoAgencyFTE is more than the agency FTE in the records; "
                              f"{cover:.2f} FTE of cover could not be linked to a worker.")
        rest = vacant - sum(s for s, _ in posts)
        while rest > 1e-9:
            posts.append((min(1.0, rest), None))
            rest -= min(1.0, rest)
        for i, (size, row) in enumerate(posts, start=1):
            pid = f"{self.lea}/{self.year}/vacancy/{i}"
            self._add("post", dict(post_id=pid, fte=round(size, 6)))
            if row is not None:
                self.post_links[row] = pid


def dedupe(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """One row per natural key (the last wins); caseloads and absences on the same key add
    up, since two records of one person (agency duplicates) can share a day."""
    t = table(name)
    key = list(t.key) if name == "organisation" else ["organisation", *t.key]
    if name == "caseload":
        return frame.group_by(key, maintain_order=True).agg(pl.col("cases").sum())
    if name == "absence":
        return frame.group_by(key, maintain_order=True).agg(
            pl.col("end_date").max(), pl.col("working_days_lost").sum())
    return frame.unique(key, keep="last", maintain_order=True)
