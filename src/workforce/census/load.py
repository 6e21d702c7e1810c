"""Import past CSWW returns into the ledger as yearly history.

Each file is recognised from its own content (header year, else the layout), checked against
its year's schema and DfE's business rules (`validate.Checker`) in the same streamed pass that
maps it to ledger rows for one organisation per LA number (`LEA`). A file with any schema fault
or business-rule error, or that cannot be read, loads nothing: its faults are reported (with
the worker's SWE number and the item) and the other files still load. Queries do not stop a
file; they are reported as warnings. Rows are keyed by LA, year and record, and storing a
return first removes what an earlier import of the same LA and year stored that it does not
make again (`replace.py`, in the same transaction), so that re-importing a file, or a
corrected copy of it, replaces its rows rather than adding to them.

Memory: rows leave the reader in batches (`rows.Builder`) and are staged (`Staging`) file by
file, as Parquet parts in a temporary folder (small returns stay in memory); a refused file's
parts are deleted, so nothing of it is kept. `write_folder` then writes the merged tables to
CSV files a part at a time (peak memory flat in the file's size) and moves them into place
only once every table is written. Storing into the database (`workforce census import`
without `--out`) goes through `workforce.cli.context.store_tables`, which takes whole frames
and writes them in one transaction, so there the rows are collected as polars frames first:
memory grows with the rows, and cannot be flat until the database bridge takes batches
inside its transaction.

How a return becomes history (see `rows.py` for the item mapping): a return describes one
census year, so each worker record becomes an assignment covering that year only, plus a
zero-FTE marker back to the worker's RoleStartDate so that starters and time in service come
out right. Several years' returns of the same LA fit together without double counting.
A return's records are people by their SWE number (normalised, `workers.normalise_swe`):
records that share one must agree on who the person is (`returns.CSWW_E31`, an error), so
an import never merges two people.

A return is not stored into an organisation that holds its people from another source (its
HR records, say): `held.py` says why and how that is found.

Pseudonymisation (for regional pooling): with a key, every SWE number is replaced by
HMAC-SHA256(key, normalised SWE number), the name and SWE number are not stored, and dates of
birth are kept to the month. A bare hash would not do: SWE numbers are short and sequential,
so anyone could hash every possible number and reverse it. With a key only its holder can link
a pseudonym to a person, and the same key always gives the same pseudonym, so one council's
returns line up across years and an alliance can pool them. Keep the key out of the data.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import polars as pl

from workforce.census import batch, returns, rows
from workforce.census.read import CensusReadError, SchemaInvalid, iter_records
from workforce.census.ruleset import Context
from workforce.census.validate import (
    Checker,
    Finding,
    Report,
    Sniff,
    file_finding,
    sniff,
    without_schema,
)
from workforce.census.workers import normalise_swe
from workforce.census.xsd import libxml_schema
from workforce.ledger.tables import table
from workforce.runtime import paused_gc

MIN_KEY_BYTES = 16


def pseudonym(swe: str, key: bytes) -> str:
    """A stable keyed pseudonym for an SWE number: 'P' + 32 hex digits of HMAC-SHA256."""
    digest = hmac.new(key, normalise_swe(swe).encode(), hashlib.sha256).hexdigest()
    return "P" + digest[:32]


def read_key(path: str | Path) -> bytes:
    """The council's pseudonymisation key from a file (at least 16 bytes, e.g. 64 hex
    characters from `python -c "import secrets; print(secrets.token_hex(32))"`)."""
    key = Path(path).read_bytes().strip()
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"The key in {path} is too short: use at least {MIN_KEY_BYTES} "
                         "random bytes (for example 64 hex characters).")
    return key


@dataclass
class Loaded:
    """The result of reading one file: its rows (in memory, from `load_return`), or the
    reasons it was refused; queries found on the way are `warnings`."""

    file: str
    year: int | None = None
    lea: str = ""
    org: str | None = None  # the organisation it goes into, when not the LA number
    workers: int = 0
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


Emit = Callable[[str, pl.DataFrame], None]


def read_return(path: str | Path, emit: Emit, key: bytes | None = None,
                org: str | None = None, info: Sniff | None = None,
                resolve: Callable[[str], str] | None = None) -> Loaded:
    """Stream one return: its schema, its business rules and its rows in one pass, the rows
    handed to `emit(table, frame)` in batches. When the result is not `ok` the caller must
    discard whatever was emitted. Without `org`, the rows go to the organisation `resolve`
    names for the return's LA number (a stored organisation with that LA number), else to
    one coded by the LA number."""
    out = Loaded(str(path))
    try:
        info = found = info or sniff(path)
        out.year, out.lea = info.year, info.lea
        if info.year is None or not info.lea:
            what = "collection year" if info.year is None else "LA number (LEA)"
            out.problems.append(file_finding(out.file, f"The file's {what} could not be found."))
            return out
        if org is None and resolve is not None:
            org = resolve(info.lea)
            out.org = org
        builder = rows.Builder(info.year, info.lea, org or info.lea,
                               (lambda s: pseudonym(s, key)) if key else None, emit)
        report = Report(out.file, info.year, info.lea)
        checker = Checker(path, Context(info.year), report, then=builder.take)
        with paused_gc():
            for rec in iter_records(path, libxml_schema(info.year, info.la_element)):
                checker.see(rec)
                if rec.kind == "la":
                    builder.add(rec)
            checker.finish()
        out.workers = builder.workers
        out.problems, out.warnings = report.errors, report.queries
        if out.ok:
            builder.finish()
            out.notes = builder.notes
    except CensusReadError as exc:
        out.problems.append(file_finding(out.file, str(exc)))
    except SchemaInvalid:  # list every fault with its place; load nothing from this file
        without_schema(path, checker.ctx, found.la_element, report)
        out.problems, out.warnings = report.errors, report.queries
    return out


def load_return(path: str | Path, key: bytes | None = None, org: str | None = None) -> Loaded:
    """Read one return into ledger tables in memory, all or nothing."""
    parts: dict[str, list[pl.DataFrame]] = {}
    out = read_return(path, lambda name, frame: parts.setdefault(name, []).append(frame),
                      key, org)
    if out.ok:
        out.tables = {name: rows.dedupe(name, pl.concat(frames))
                      for name, frames in parts.items()}
    return out


def load_returns(paths: Iterable[str | Path], key: bytes | None = None,
                 org: str | None = None) -> tuple[dict[str, pl.DataFrame], list[Loaded]]:
    """Import several files in memory; the rows of the files that loaded, merged by table,
    and a result per file."""
    results = [load_return(p, key, org) for p in paths]
    latest: dict[tuple[str, int | None], Loaded] = {}  # the same LA and year: the later one
    for r in sorted(results, key=lambda r: r.year or 0):  # later years describe people last
        if r.ok:
            latest.pop((org or r.lea, r.year), None)
            latest[(org or r.lea, r.year)] = r
    merged: dict[str, list[pl.DataFrame]] = {}
    for r in latest.values():
        for name, frame in r.tables.items():
            merged.setdefault(name, []).append(frame)
    tables = {name: rows.dedupe(name, pl.concat(frames, how="vertical_relaxed"))
              for name, frames in merged.items()}
    if "assignment" in tables:
        tables["assignment"] = rows.uncovered(tables["assignment"])
    return tables, results


BY_PERSON = ("person", "caseload", "absence", "pay", "payment")  # keys that can repeat
HELD_ROWS = 5_000  # rows of a table kept in memory before they are written to a part


class Staging:
    """The rows of several returns staged as Parquet parts in a temporary folder, file by
    file, then merged lazily: later years describe people last, and a file for the same LA
    and year as an earlier one replaces it. Only records of people whose staff id appears
    more than once (found from 8-byte hashes, as `returns.repeated`) are merged in memory.
    A return's FTE30 on a day another staged return of its organisation describes is left
    out (`rows.covered`), found from hashes of the people and days each return describes on
    its 30 September (`_at_ref`)."""

    def __init__(self, where: str | Path | None = None) -> None:
        if where is not None:  # beside the output, so that moving files there is a rename
            Path(where).mkdir(parents=True, exist_ok=True)
        self.where = where
        self._dir: Path | None = None  # made when the first part is written
        self.parts: dict[int, dict[str, list[Path]]] = {}
        self.held: dict[int, dict[str, list[pl.DataFrame]]] = {}  # not yet written out
        self.ids: dict[int, array] = {}
        self.at_ref: dict[int, array] = {}  # people and day in post on 30 September, hashed
        self.kept: dict[tuple[str, int | None], int] = {}
        self.returns: dict[int, tuple[str, str, int, str]] = {}  # organisation, LA, year, file
        self.keys: dict[int, bytes | None] = {}

    def read(self, path: str | Path, key: bytes | None = None, org: str | None = None,
             info: Sniff | None = None, resolve: Callable[[str], str] | None = None
             ) -> Loaded:
        """Stage one return's rows; a refused file leaves nothing behind."""
        n = len(self.parts)
        self.parts[n], self.held[n], self.ids[n] = {}, {}, array("Q")
        self.at_ref[n] = array("Q")

        def emit(name: str, frame: pl.DataFrame) -> None:
            if name == "person":
                self.ids[n].extend(frame["staff_id"].hash(returns.SEED).to_list())
            elif name == "assignment":
                self.at_ref[n].extend(_at_ref(frame).to_list())
            held = self.held[n].setdefault(name, [])
            held.append(frame)
            if sum(f.height for f in held) >= HELD_ROWS:
                self._spill(n, name)

        out = read_return(path, emit, key, org, info, resolve)
        if out.ok:
            code = org or out.org or out.lea
            self.kept[(code, out.year)] = n  # a later one replaces
            self.returns[n], self.keys[n] = (code, out.lea, out.year, out.file), key  # type: ignore[assignment]
        else:
            self._drop(n)
        return out

    def refuse(self, n: int) -> None:
        """Leave out staged file `n` (found unfit to store after it was read)."""
        self.kept = {k: v for k, v in self.kept.items() if v != n}
        self._drop(n)

    @property
    def dir(self) -> Path:
        """The temporary folder of the Parquet parts (small returns need none)."""
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix=".census-import-", dir=self.where))
        return self._dir

    def _spill(self, n: int, name: str) -> None:
        """Write the rows held for one file's table to Parquet parts of at most `HELD_ROWS`
        rows: a batch of records makes more rows of some tables (three assignments a
        worker), and reading parts of three times the rows back, one after another, moved
        the peak of a file ten times larger up by several MB."""
        files = self.parts[n].setdefault(name, [])
        for part in pl.concat(self.held[n].pop(name)).iter_slices(HELD_ROWS):
            target = self.dir / f"{n:04d}-{name}-{len(files):05d}.parquet"
            part.write_parquet(target, compression="lz4", statistics=False)
            files.append(target)

    def _drop(self, n: int) -> None:
        for files in self.parts.pop(n, {}).values():
            for f in files:
                f.unlink(missing_ok=True)
        self.held.pop(n, None)
        self.ids.pop(n, None)
        self.at_ref.pop(n, None)

    def tables(self) -> dict[str, pl.DataFrame]:
        """The merged tables, in memory (for the database, which takes whole frames)."""
        return {name: pl.concat(list(pieces)) for name, pieces in self.pieces()}

    def pieces(self) -> Iterator[tuple[str, Iterator[pl.DataFrame]]]:
        """Each merged table as the pieces that make it up, one staged part at a time, so a
        table of any size can be written out in bounded memory."""
        keep = sorted(self.kept.values())
        ids = array("Q")
        for n in keep:
            ids.extend(self.ids[n])
        repeated = pl.Series(sorted(returns.repeated(ids)), dtype=pl.UInt64)
        names = dict.fromkeys(name for n in keep for name in (*self.parts[n], *self.held[n]))
        for name in sorted(names, key=lambda t: rows.TABLES.index(t) if t in rows.TABLES
                           else -1):
            yield name, self._merged(name, keep, repeated)

    def _staged(self, name: str, keep: list[int]) -> Iterator[tuple[int, pl.DataFrame]]:
        """One table's staged pieces, in file order: each file's parts, then what it holds;
        with the number of the file each came from."""
        for n in keep:
            for f in self.parts[n].get(name, []):
                yield n, pl.read_parquet(f)
            held = self.held[n].get(name)
            if held:  # fewer than HELD_ROWS rows: one piece
                yield n, held[0] if len(held) == 1 else pl.concat(held)

    def _merged(self, name: str, keep: list[int], repeated: pl.Series
                ) -> Iterator[pl.DataFrame]:
        columns = list(table(name).schema)

        def conformed(piece: pl.DataFrame) -> pl.DataFrame:
            return piece if piece.columns == columns else piece.select(columns)

        if name in ("organisation", "unit"):
            pieces = [piece for _, piece in self._staged(name, keep)]
            one = len(pieces) == 1 and pieces[0].height == 1  # one return: nothing to merge
            yield conformed(pieces[0]) if one else rows.dedupe(name, pl.concat(pieces)
                                                                .select(columns))
            return
        if name == "assignment":
            yield from self._without_covered(keep, conformed)
            return
        if name not in BY_PERSON or repeated.len() == 0:
            for _, piece in self._staged(name, keep):
                yield conformed(piece)
            return
        # People in several records: their rows are merged in memory (few, in one return).
        hit = pl.col("staff_id").hash(returns.SEED).is_in(repeated.implode())
        parts = []  # one pass over the staged parts: the rest goes on at once
        for n, piece in self._staged(name, keep):
            mask = piece.select(hit).to_series()
            parts.append(piece.filter(mask).with_columns(pl.lit(n, pl.Int32).alias("_file")))
            yield piece.filter(~mask).select(columns)
        few = pl.concat(parts)
        if name == "person":  # per file, directly employed records last; later files last
            few = few.sort("_file", "_agency", descending=[False, True],
                           maintain_order=True).drop("_file", "_agency")
        yield rows.dedupe(name, few).select(columns)

    def _without_covered(self, keep: list[int], conformed: Callable[[pl.DataFrame],
                         pl.DataFrame]) -> Iterator[pl.DataFrame]:
        """The staged assignments, each return's FTE30 on a day another staged return of its
        organisation describes left out (`rows.covered`)."""
        def described(n: int) -> pl.Series:  # by the other returns of file n's organisation
            hashes = array("Q")
            for m in keep:
                if m != n and self.returns[m][0] == self.returns[n][0]:
                    hashes.extend(self.at_ref[m])
            return pl.Series(hashes, dtype=pl.UInt64)

        seen = {n: described(n) for n in keep}
        piece = pl.col("assignment_id").str.ends_with(batch.FTE30_PIECE)
        day = pl.struct("staff_id", "start_date").hash(returns.SEED)
        for n, part in self._staged("assignment", keep):
            if seen[n].len():  # a return cannot describe the day before its own year
                part = part.filter(~(piece & day.is_in(seen[n].implode())))
            yield conformed(part)

    def close(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)


def _at_ref(assignments: pl.DataFrame) -> pl.Series:
    """Hashes of (staff_id, 30 September) of the directly employed assignments (not markers
    nor FTE30) running on a 30 September: a return's in post on its reference date, and
    leavers on it. As `rows.covered` finds them, for the FTE30 of a later return."""
    ids = pl.col("assignment_id")
    end = pl.col("end_date")
    day = pl.date(end.dt.year(), 9, 30)
    on = (~ids.str.contains(r"/(before|fte30)$") & (pl.col("contract") != "agency")
          & end.is_not_null() & (day <= end) & (pl.col("start_date") <= day))
    return assignments.filter(on).select(
        pl.struct("staff_id", day.alias("start_date")).hash(returns.SEED)).to_series()


def import_returns(paths: Iterable[str | Path], key: bytes | None = None,
                   org: str | None = None, where: str | Path | None = None,
                   resolve: Callable[[str], str] | None = None
                   ) -> tuple[Staging, list[Loaded]]:
    """Stage several returns (in year order) for storing; each file all or nothing. The
    caller takes `staging.tables()` or `write_folder(staging, ...)` and must `close()` the
    staging. Without `org`, `resolve` names the organisation of each return's LA number (see
    `read_return`)."""
    staging = Staging(where)
    try:
        found = []
        results: list[Loaded] = []
        for p in paths:
            try:
                found.append((sniff(p), p))
            except CensusReadError as exc:
                results.append(Loaded(str(p), problems=[file_finding(str(p), str(exc))]))
        found.sort(key=lambda f: f[0].year or 0)  # later years describe people last
        results += [staging.read(p, key, org, info, resolve) for info, p in found]
    except BaseException:
        staging.close()
        raise
    return staging, results


def write_folder(staging: Staging, folder: str | Path) -> dict[str, int]:
    """Write the staged tables as import-ready CSV files into `folder`, a staged part at a
    time (flat memory; the tables that are one piece in memory are written together, in one
    polars call), all or nothing: every file is written to a temporary folder inside `folder`
    and moved into place only when all are written, readable by its owner only (0600: the
    records name workers). Returns the rows per table."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".census-csv-", dir=folder))
    try:
        counts = {}
        whole = []  # tables in one piece, written together at the end (one polars call)
        for name, pieces in staging.pieces():
            first, second = next(pieces), next(pieces, None)  # a staged table has rows
            counts[name] = first.height
            if second is None:
                whole.append(first.lazy().sink_csv(work / f"{name}.csv", lazy=True))
                continue
            with open(work / f"{name}.csv", "wb") as out:
                _write_csv(first, out, header=True)
                for piece in itertools.chain([second], pieces):
                    _write_csv(piece, out, header=False)
                    counts[name] += piece.height
        pl.collect_all(whole)
        for name in counts:  # workers' records: readable by their owner only
            os.chmod(work / f"{name}.csv", 0o600)
            os.replace(work / f"{name}.csv", folder / f"{name}.csv")
        return counts
    finally:
        shutil.rmtree(work, ignore_errors=True)



CSV_ROWS = 4_096  # rows written to a CSV file in one call


def _write_csv(piece: pl.DataFrame, out: IO[bytes], header: bool) -> None:
    """Append `piece` to an open CSV file (with the header line when `header`), a slice at a
    time: polars builds a call's text in memory, and a whole staged part's moved the peak
    of a file ten times larger up by several MB."""
    if piece.is_empty():  # (the header still goes first)
        piece.write_csv(out, include_header=header)
    for i, part in enumerate(piece.iter_slices(CSV_ROWS)):
        part.write_csv(out, include_header=header and i == 0)
