"""Validate a CSWW return: the schema of the file's year, then DfE's business rules.

The year and layout are read from the file itself (header `Year`, else the LA-level element
name and the worker items). The file is streamed: libxml2 checks the schema while the rules
run record by record. Only a file with faults is read again: to list every schema fault with
its place, and to name the workers behind them. Every finding names the record, the worker's
SWE number, the item, its value and what is wrong, in plain English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import polars as pl

from workforce.census import returns, rules
from workforce.census.layouts import YEARS, guess_year
from workforce.census.read import CensusReadError, Record, SchemaInvalid, iter_records
from workforce.census.ruleset import Check
from workforce.census.workers import ITEMS, Batch, Items, normalise_swe
from workforce.census.xsd import libxml_schema, schema_faults
from workforce.runtime import paused_gc
from workforce.wording import listed

XSD = "XSD"
SNIFF_BYTES = 4_096  # read at a time by `sniff`: the header, LA-level module and first worker


@dataclass(frozen=True)
class Finding:
    """One thing to fix (error) or explain (query)."""

    file: str
    severity: str
    code: str
    record: str
    swe: str
    field: str
    value: str
    message: str
    line: int = 0


@dataclass
class Report:
    """The findings for one file."""

    file: str
    year: int | None = None
    lea: str = ""
    workers: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == rules.ERROR]

    @property
    def queries(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == rules.QUERY]


@dataclass(frozen=True)
class Sniff:
    """What the start of a file says about it."""

    year: int | None
    la_element: str | None
    lea: str


def sniff(path: str | Path) -> Sniff:
    """Read the header, the LA-level module and the first worker to recognise the layout."""
    header: dict[str, str] = {}
    la_element = None
    for rec in iter_records(path, chunk=SNIFF_BYTES):
        if rec.kind == "header":
            header = rec.values
        elif rec.kind == "la":
            la_element = rec.tag
        else:
            year = _year(header.get("Year")) or guess_year(la_element or "", set(rec.values))
            return Sniff(year, la_element, header.get("LEA", ""))
    return Sniff(_year(header.get("Year")), la_element, header.get("LEA", ""))


def _year(text: str | None) -> int | None:
    """The header's collection year; None when it has none (the layout then tells). A year
    it names that is not supported is an error: guessing from the layout would load the
    file as another year."""
    if not text:
        return None
    if not (text.isdigit() and int(text) in YEARS):
        raise CensusReadError(f"The header's collection year is {text!r}, which is not a "
                              f"supported year ({YEARS[0]}-{YEARS[-1]}).")
    return int(text)


def validate(path: str | Path) -> Report:
    """Check one file; read errors and unknown layouts are findings too, never exceptions."""
    name = str(path)
    report = Report(name)
    try:
        info = sniff(path)
        report.year, report.lea = info.year, info.lea
        if info.year is None:
            report.findings.append(file_finding(
                name, "The file's collection year could not be recognised "
                f"(supported: {YEARS[0]}-{YEARS[-1]})."))
            return report
        ctx = rules.Context(info.year)
        schema = libxml_schema(info.year, info.la_element)
        try:
            _check(path, ctx, report, schema)
        except SchemaInvalid:
            return without_schema(path, ctx, info.la_element, report)
    except CensusReadError as exc:
        report.findings.append(file_finding(name, str(exc)))
    report.findings.sort(key=_order)
    return report


def without_schema(path: str | Path, ctx: rules.Context, la_element: str | None,
                   report: Report) -> Report:
    """What `validate` reports of a file whose schema check failed, in `report` (the
    findings of the pass that failed are dropped): the business rules checked without the
    schema, then every schema fault with its place; a file that cannot be read is one
    finding. Import calls it too, rather than validating the file again from the start."""
    report.findings.clear()
    try:
        _check(path, ctx, report, None)
        _add_schema_faults(path, ctx, report, la_element)
    except CensusReadError as exc:
        report.findings.append(file_finding(report.file, str(exc)))
    report.findings.sort(key=_order)
    return report


def _order(f: Finding) -> tuple[int, int, str, str]:
    rank = {"file": 0, "header": 1, "la": 2}.get(f.record, 3)
    index = int(f.record.split()[1]) if f.record.startswith("worker ") else 0
    return (rank, index, f.severity, f.code)


def validate_many(paths: Iterable[str | Path]) -> list[Report]:
    return [validate(p) for p in paths]


def file_finding(name: str, message: str) -> Finding:
    """A file that cannot be read or recognised, as one error finding."""
    return Finding(name, rules.ERROR, "READ", "file", "", "", "", message)


def _check(path: str | Path, ctx: rules.Context, report: Report, schema: object) -> None:
    checker = Checker(path, ctx, report)
    with paused_gc():
        for rec in iter_records(path, schema):  # type: ignore[arg-type]
            checker.see(rec)
        checker.finish()


class Checker:
    """DfE's business rules over a stream of records: feed it each record (`see`), then
    `finish` for the last batch of workers and the rules that compare records. Findings go to
    `report`. Worker records are checked a batch at a time (`workers.py`); each batch's frame
    is then handed to `then` (the import maps the same frame to rows). Used by `validate` and,
    in the same pass as reading the rows, by `load`."""

    def __init__(self, path: str | Path, ctx: rules.Context, report: Report,
                 then: Callable[[pl.DataFrame], None] | None = None) -> None:
        self.path, self.ctx, self.report, self.then = path, ctx, report, then
        self.totals = returns.Totals()
        self.la: dict[str, str] = {}
        self.header = False
        self.checks = {kind: [(r.check, r) for r in rules.rules_for(kind)]
                       for kind in ("header", "la")}
        self.faults = worker_faults(ctx)
        self.flags, self.any_fault = _selected(ctx)
        self.batch = Batch()
        report.workers = 0

    def see(self, rec: Record) -> None:
        if rec.kind == "worker":
            self.report.workers += 1
            if rec.repeated:
                self.totals.repeated += [(rec.index, name) for name in rec.repeated]
            if self.batch.add(rec):
                self._workers()
            return
        self.header = self.header or rec.kind == "header"
        if rec.kind == "la":
            self.la = {**rec.values, "_element": rec.tag}
        _apply(self.checks[rec.kind], rec, self.ctx, self.report)

    def _workers(self) -> None:
        frame = self.batch.take()
        if frame is None:
            return
        # The rules (each item's fault flags and whether a record has any) and the totals,
        # in one pass; the flags are kept for the records at fault, not worked out again.
        checked = frame.select(self.flags).with_columns(self.any_fault)
        self.totals.see(checked)
        if checked["_fault"].any():  # the common case is a batch with nothing to report
            self.report.findings += _worker_findings(
                checked.filter(pl.col("_fault")), self.faults, self.report.file)
        if self.then is not None:
            self.then(frame)

    def finish(self) -> None:
        self._workers()
        report = self.report
        if not self.header:  # the schema allows a return without one; the header rules do not
            _apply(self.checks["header"], Record("header", 0, 0, "Header"), self.ctx, report)
        for r in rules.rules_for("return"):
            if r.check(self.totals, self.la, self.ctx):
                report.findings.extend(self._return_findings(r))
        report.findings.sort(key=_order)

    def _return_findings(self, r: rules.Rule) -> list[Finding]:
        file = self.report.file
        if r.code in ("CSWW-E30", "CSWW-E31", "CSWW-Q34"):
            return [f for f in self._shared_swe if f.code == r.code]
        if r.code == "CSWW-Q33":
            return [Finding(file, r.severity, r.code, f"worker {i}", "", item, "", r.text)
                    for i, item in self.totals.repeated]
        item = {"CSWW-Q30": "NoAgencyFTE", "CSWW-Q31": "NoAgencyHeadcount"}.get(r.code, "")
        return [Finding(file, r.severity, r.code, "la", "", item, "", r.text)]

    @cached_property
    def _shared_swe(self) -> list[Finding]:
        """The findings of the rules that compare records sharing an SWE number (CSWW-E30,
        CSWW-E31, CSWW-Q34), from one second pass for them all."""
        return shared_swe_findings(self.path, self.ctx, self.totals, self.report.file)


@lru_cache(maxsize=len(YEARS))
def worker_faults(ctx: rules.Context) -> list[tuple[rules.Rule, str, pl.Expr]]:
    """Every worker rule's check of each item, in code order, as (rule, item, expression true
    where a record is at fault)."""
    w = Items()
    return [(r, item, fault.fill_null(False))
            for r in rules.rules_for("worker") for item, fault in r.check(w, ctx).items()]


@lru_cache(maxsize=len(YEARS))
def _selected(ctx: rules.Context) -> tuple[list[pl.Expr], pl.Expr]:
    """What `Checker` selects from each batch: each fault's flag (column `f0`, `f1`, ...,
    first), the totals and what a finding quotes (the record's number, line and SWE number,
    and the items checked), so that the records at fault are one filter away; then `_fault`,
    true where a record has any fault (a sum of the flags is quicker than
    `any_horizontal`)."""
    faults = worker_faults(ctx)
    names = [_flag(i) for i in range(len(faults))]
    quoted = dict.fromkeys(["n", "line", "SWENo",
                            *(item for _, item, _ in faults if item in ITEMS)])
    return ([*(fault.alias(name) for name, (_, _, fault) in zip(names, faults, strict=True)),
             *returns.TOTALS, *map(pl.col, quoted)],
            (pl.sum_horizontal(names) > 0).alias("_fault"))


def _flag(i: int) -> str:
    """The column of the `i`th of `worker_faults` in what `Checker` selects."""
    return f"f{i}"


def _worker_findings(bad: pl.DataFrame, faults: list[tuple[rules.Rule, str, pl.Expr]],
                     file: str) -> list[Finding]:
    """The findings of the worker records with a fault (`bad`: their rows as selected by
    `Checker`): record by record, rules in code order, each quoting its item (empty when
    the item is not one of a worker's)."""
    at = {name: i for i, name in enumerate(bad.columns)}
    where = [(r, item, at[_flag(i)], at.get(item)) for i, (r, item, _) in enumerate(faults)]
    n, line, swe = at["n"], at["line"], at["SWENo"]
    return [Finding(file, r.severity, r.code, f"worker {row[n]}", row[swe] or "", item,
                    (row[q] or "") if q is not None else "", r.text, row[line])
            for row in bad.iter_rows() for r, item, hit, q in where if row[hit]]


def _apply(checks: list[tuple[Check, rules.Rule]], rec: Record, ctx: rules.Context,
           report: Report) -> None:
    values = rec.values
    for check, r in checks:
        hit = check(values, ctx)
        if not hit:
            continue
        for item in [hit] if isinstance(hit, str) else hit:
            report.findings.append(Finding(
                report.file, r.severity, r.code, _where(rec), values.get("SWENo", ""), item,
                values.get(item, ""), r.text, rec.line))


def _where(rec: Record) -> str:
    return f"worker {rec.index}" if rec.kind == "worker" else rec.kind


def shared_swe_findings(path: str | Path, ctx: rules.Context, totals: returns.Totals,
                        file: str) -> list[Finding]:
    """The findings of the records that share an SWE number: duplicates (CSWW-E30), records
    that disagree about the person (CSWW-E31) and records adding up to more than 1 FTE at 30
    September (CSWW-Q34), each naming the other records. The records are read again, in a
    second streamed pass, only when some are at fault."""
    if totals.shared.is_empty():
        return []
    wanted = pl.concat([totals.duplicates, totals.suspects]).unique("n").sort("n")
    if wanted.is_empty():
        return []
    at_fault = set(wanted["n"].to_list())
    records = {rec.index: rec for rec in iter_records(path)
               if rec.kind == "worker" and rec.index in at_fault}
    out: list[Finding] = []
    e30, e31, q34 = rules.RULES["CSWW-E30"], rules.RULES["CSWW-E31"], rules.RULES["CSWW-Q34"]
    for (_,), group in wanted.group_by("_person", maintain_order=True):
        recs = [records[n] for n in group["n"].to_list() if n in records]
        if not recs:
            continue
        seen: dict[tuple[str, str], list[Record]] = {}
        for rec in recs:  # CSWW-E30: the same SWE number and RoleStartDate (direct records)
            if rec.values.get("AgencyWorker") != "1":
                swe = normalise_swe(rec.values.get("SWENo", ""))
                seen.setdefault((swe, rec.values.get("RoleStartDate", "")), []).append(rec)
        twice = [rec for same in seen.values() if len(same) > 1 for rec in same]
        out += [_finding(e30, file, rec, "SWENo") for rec in twice]
        swe, also = _swe_number(recs)
        workers = f"Workers {listed([str(r.index) for r in recs])} share SWE number {swe}{also}"
        differ = False
        for item in ("PersonBirthDate", ctx.layout.gender_item, "Ethnicity"):
            given = [rec for rec in recs if rec.values.get(item)]
            if len({rec.values[item] for rec in given}) > 1:
                differ = True
                said = f"{workers}: {item} is {_values_by_worker(given, item)}. {e31.text}"
                out += [_finding(e31, file, rec, item, said) for rec in given]
        if differ or twice:  # the FTE is no wonder then: fix those first
            continue
        held = [rec for rec in recs if _fte_30(rec) > 0]
        total = sum(map(_fte_30, held))
        if total > returns.MORE_THAN_ONE:
            each = _values_by_worker(held, "FTE", lambda rec: _fte(_fte_30(rec)))
            said = f"{workers} and add up to {_fte(total)} FTE at 30 September ({each}). "
            out += [_finding(q34, file, rec, "FTE", said + q34.text) for rec in held]
    return out


def _finding(r: rules.Rule, file: str, rec: Record, item: str, message: str = "") -> Finding:
    value = rec.values.get(item, "")
    return Finding(file, r.severity, r.code, f"worker {rec.index}", rec.values.get("SWENo", ""),
                   item, value, message or r.text, rec.line)


def _swe_number(recs: list[Record]) -> tuple[str, str]:
    """The SWE number records share, normalised, and how any of them wrote it otherwise
    (e.g. " (written SW0100860 in worker 2)")."""
    swe = normalise_swe(recs[0].values.get("SWENo", ""))
    other = [rec for rec in recs if rec.values.get("SWENo") != swe]
    if not other:
        return swe, ""
    return swe, f" (written {_values_by_worker(other, 'SWENo')})"


def _values_by_worker(recs: list[Record], item: str,
                      show: Callable[[Record], str] | None = None) -> str:
    """E.g. "1965-12-10 in worker 1 and 1991-06-03 in workers 2 and 3"."""
    show = show or (lambda rec: rec.values.get(item, ""))
    by_value: dict[str, list[str]] = {}
    for rec in recs:
        by_value.setdefault(show(rec), []).append(str(rec.index))
    return listed([f"{value} in worker{'s' if len(ns) > 1 else ''} {listed(ns)}"
                    for value, ns in by_value.items()])


def _fte_30(rec: Record) -> float:
    """A record's FTE at 30 September, as `returns.FTE_30`: a leaver has none."""
    if rec.values.get("RoleEndDate"):
        return 0.0
    return rules.as_number(rec.values.get("FTE")) or 0.0


def _fte(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _add_schema_faults(path: str | Path, ctx: rules.Context, report: Report,
                       la_element: str | None) -> None:
    faults = list(schema_faults(path, ctx.year, la_element))
    wanted = {f.index for f in faults if f.record == "worker"}
    found: dict[tuple[str, int], Record] = {}
    for rec in iter_records(path):
        if rec.kind != "worker" or rec.index in wanted:
            found[(rec.kind, rec.index)] = rec
    for f in faults:
        faulty = found.get((f.record, f.index))
        values = faulty.values if faulty else {}
        report.findings.append(Finding(
            report.file, rules.ERROR, XSD, f"worker {f.index}" if f.record == "worker"
            else f.record, values.get("SWENo", ""), f.field,
            values.get(f.field, "") if f.value is None else f.value, f.message,
            faulty.line if faulty else 0))
