"""Reading import files: `read_file` for one, `read_files` for several imported together
(a batch), and `store_batch`, the order a batch is stored in.

The steps: read each file's bytes into raw sheets (CSV or XLSX, whatever the name says),
decide which table each sheet holds, then check the sheets in table dependency order
(organisations, units, posts, people, then everything that refers to them) so that a file
may refer to rows in another file of the same import. Then rows that two files of the batch
both give with different values are reported in both, and finally rows that rely on a file
which failed are reported, since that file will not be stored.

A batch is stored all or nothing: only when no file has a problem, and then every file in
one transaction (`store_batch`, inside the caller's transaction), so that no file is stored
without the files it may rely on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path

import polars as pl

from workforce.imports.absences import check_absence_overlaps, known_absences
from workforce.imports.ahead import warn_far_ahead
from workforce.imports.csv_reader import read_csv
from workforce.imports.detect import assign_tables
from workforce.imports.errors import ImportResult, Problems, materialise, quoted
from workforce.imports.overlaps import check_fte_overlaps, merge_assignments
from workforce.imports.programmes import check_programme_overlaps, known_programmes
from workforce.imports.references import KeyPool, Reliance, check_references, report_reliance
from workforce.imports.sheets import ROW, Progress, RawSheet, Source
from workforce.imports.sniff import NotASpreadsheet, file_kind
from workforce.imports.validate import Checked, check_sheet, natural_key
from workforce.imports.xlsx_reader import estimate_rows, read_xlsx
from workforce.ledger.frames import Ledger, organisations_in
from workforce.ledger.tables import TABLES, pay_snapshot

ORDER = {name: i for i, name in enumerate(TABLES)}


def read_file(path: str | Path, context: Ledger | None = None, table: str | None = None,
              progress: Progress | None = None, today: date | None = None) -> ImportResult:
    """Read and check one CSV or XLSX file; see `read_files`.

    `table` names the table the file holds, when its name (or sheet name) does not say.
    """
    return _read([Path(path)], context, progress, table, today)[0]


def read_files(paths: Iterable[str | Path], context: Ledger | None = None,
               progress: Progress | None = None,
               today: date | None = None) -> list[ImportResult]:
    """Read and check files imported together; one `ImportResult` per file, in input order.

    References may point at rows stored in `context` or read from another of the files.
    `progress(rows_done, rows_total)`, if given, is called as rows are read and checked.
    `today` (default: the real today) is the day of the import: a date of something that
    has happened (a supervision, a completed course...) after it is an error.
    The files are one batch: store it (`store_batch`, in one transaction) only if no
    result has `errors`, and then every result's `given_tables()`; a row two files give
    with different values is an error in both.
    """
    return _read([Path(p) for p in paths], context, progress, None, today)


@dataclass
class _Tracker:
    """Reports progress in rows across all files, from an up-front estimate of the total."""

    callback: Progress | None
    total: int = 0
    done: int = 0

    def file(self, rows: int) -> None:
        """A file has been read: `rows` more rows are done."""
        self.done += rows
        self._report(self.done)

    def within(self, done: int, _total: int) -> None:
        """A reader's own progress through the current file."""
        self._report(self.done + done)

    def finish(self) -> None:
        """Everything is read and checked (the estimate may have been high)."""
        self._report(max(self.total, self.done))

    def _report(self, done: int) -> None:
        if self.callback is not None:
            self.total = max(self.total, done)
            self.callback(done, self.total)


@dataclass
class _Run:
    """What checking one sheet leaves for the next: keys, assignments, absences,
    programme places and reliances."""

    stored: Ledger
    pool: KeyPool
    today: date
    assignment_sheets: list[Checked] = field(default_factory=list)
    absence_sheets: list[Checked] = field(default_factory=list)
    programme_sheets: list[Checked] = field(default_factory=list)
    reliances: list[Reliance] = field(default_factory=list)

    def known_assignments(self) -> pl.DataFrame:
        """Stored assignments, replaced or added to by assignment sheets checked so far."""
        known = self.stored["assignment"]
        for sheet in self.assignment_sheets:
            known = merge_assignments(known, sheet)
        return known


def _read(paths: list[Path], context: Ledger | None, progress: Progress | None,
          table: str | None, today: date | None) -> list[ImportResult]:
    datas = [_bytes(path) for path in paths]
    tracker = _Tracker(progress, sum(_estimate(p, d) for p, d in zip(paths, datas, strict=True)))
    sources = [_open(path, data, tracker) for path, data in zip(paths, datas, strict=True)]
    work = [(source, sheet, name) for source in sources
            for sheet, name in assign_tables(source, table)]
    work.sort(key=lambda item: ORDER[item[2]])
    stored = context or Ledger()
    run = _Run(stored, KeyPool(context), today or date.today())
    checked: dict[int, list[Checked]] = {id(s): [] for s in sources}
    for source, sheet, name in work:
        checked[id(source)].append(_check_safely(run, source, sheet, name))
    _report_disagreements(sources, checked)
    _report_failed_providers(run, sources, checked)
    tracker.finish()
    return [_result(source, checked[id(source)]) for source in sources]


def _bytes(path: Path) -> bytes | OSError:
    try:
        return path.read_bytes()
    except OSError as exc:
        return exc


def _estimate(path: Path, data: bytes | OSError) -> int:
    if isinstance(data, OSError):
        return 0
    if data.startswith(b"PK"):
        return estimate_rows(data)
    return max(data.count(b"\n") - 1, 0)


def _open(path: Path, data: bytes | OSError, tracker: _Tracker) -> Source:
    source = Source(path)
    if isinstance(data, OSError):
        source.fail(f"could not be opened ({data.strerror or data})",
                    "Check the file name and that it is not open elsewhere.")
        return source
    if not data.strip():
        source.fail("the file is empty", "Export the data again, with a header row and rows.")
        return source
    try:
        source.kind = file_kind(data)
    except NotASpreadsheet as exc:
        source.fail(f"is not a CSV file or an Excel workbook: it looks like {exc.what}",
                    "Export the data from your spreadsheet as CSV UTF-8 (.csv) or as an "
                    "Excel Workbook (.xlsx).")
        return source
    _warn_about_name(source)
    try:
        if source.kind == "xlsx":
            read_xlsx(source, data, tracker.within)
        else:
            read_csv(source, data)
    except Exception as exc:  # noqa: BLE001 - a fault of ours must still not be a traceback
        source.sheets.clear()
        source.fail(f"could not be read ({type(exc).__name__}: {exc})",
                    "This is a fault in Workforce, not necessarily in the file: please report "
                    "it, with the file if you can share it.")
    tracker.file(sum(sheet.frame.height for sheet in source.sheets))
    return source


def _warn_about_name(source: Source) -> None:
    suffix = source.path.suffix.lower()
    if source.kind == "xlsx" and suffix not in (".xlsx", ".xlsm"):
        source.warn("this is an Excel workbook although its name does not end .xlsx; it was "
                    "read as a workbook")
    if source.kind == "csv" and suffix in (".xlsx", ".xlsm", ".xls"):
        source.warn("this is a text (CSV) file although its name ends "
                    f"{suffix}; it was read as CSV")


def _check_safely(run: _Run, source: Source, sheet: RawSheet, name: str) -> Checked:
    try:
        return _check(run, source, sheet, name)
    except Exception as exc:  # noqa: BLE001 - a fault of ours must still not be a traceback
        t = TABLES[name]
        problems = Problems()
        problems.add(None, None, None, f"could not be checked ({type(exc).__name__}: {exc})",
                     "This is a fault in Workforce, not in the file: please report it, with "
                     "the file if you can share it.")
        return Checked(sheet, t, pl.DataFrame(schema={ROW: pl.Int64, **t.schema}), problems)


def _check(run: _Run, source: Source, sheet: RawSheet, name: str) -> Checked:
    provider = str(source.path)
    result = check_sheet(sheet, TABLES[name], run.today)
    run.reliances.append(check_references(result, run.pool, provider))
    if name == "assignment" and "contract" in result.present:
        check_fte_overlaps(result, run.known_assignments())
        run.assignment_sheets.append(result)
    if name == "absence":
        check_absence_overlaps(result, known_absences(run.stored["absence"],
                                                      run.absence_sheets), run.today)
        run.absence_sheets.append(result)
    if name == "programme":
        check_programme_overlaps(result, known_programmes(run.stored["programme"],
                                                          run.programme_sheets))
        run.programme_sheets.append(result)
    if name == "pay":
        _warn_without_pay_snapshot(sheet, result)
    warn_far_ahead(result, run.today)
    run.pool.add(result, provider)
    return result


def _warn_without_pay_snapshot(sheet: RawSheet, result: Checked) -> None:
    """The gender pay gap (M36, M36a) reads 31 March pay only: say so when a pay file has
    none, rather than let the gap come out empty without a word."""
    pay = result.valid()
    if pay.height and not pay.select(pay_snapshot(pl.col("snapshot_date")).any()).item():
        sheet.warn("no pay is dated 31 March, the gender pay gap's snapshot date, so the gap "
                   "(M36, M36a) cannot be worked out from this file; pay on other dates is "
                   "still used for the census's base salary")


def _report_disagreements(sources: list[Source], checked: dict[int, list[Checked]]) -> None:
    """Report a row that two files of the batch both give (the same natural key) with
    different values in a column both files have, in each of the two files, naming the
    other file and its row: neither can be said to win. Rows given alike are fine (they
    are stored once); only rows that passed their own checks are compared."""
    labels = _labels(sources)
    sheets: dict[str, list[tuple[str, Checked, pl.DataFrame]]] = {}
    for source in sources:
        for c in checked[id(source)]:
            if set(natural_key(c.table)) <= set(c.present):
                sheets.setdefault(c.table.name, []).append((labels[id(source)], c, c.valid()))
    sheets = {name: found for name, found in sheets.items() if len(found) > 1}
    for (file_a, a, rows_a), (file_b, b, rows_b) in (pair for found in sheets.values()
                                                     for pair in combinations(found, 2)):
        key = natural_key(a.table)
        shared = [col for col in a.table.names if col in a.present and col in b.present
                  and col not in key]
        if not shared:
            continue
        pairs = rows_a.select(ROW, *key, *shared).join(
            rows_b.select(ROW, *key, *shared), on=key, suffix="_b")
        differ = [~pl.col(col).eq_missing(pl.col(f"{col}_b")) for col in shared]
        pairs = pairs.with_columns(pl.concat_str(
            [pl.when(d).then(pl.lit(col)) for d, col in zip(differ, shared, strict=True)],
            separator=", ", ignore_nulls=True).alias("_differ")).filter(
            pl.any_horizontal(differ))
        if pairs.is_empty():
            continue
        shown = pl.concat_str([pl.col(col).cast(pl.String) for col in a.table.key],
                              separator=", ")
        for here, mine, there, other in ((a, ROW, f"{ROW}_b", file_b),
                                         (b, f"{ROW}_b", ROW, file_a)):
            here.problems.add_frame(pairs.select(
                pl.col(mine).alias("row"), pl.lit(", ".join(a.table.key)).alias("column"),
                shown.alias("value"),
                pl.concat_str([quoted(shown), pl.lit(" is also on row "),
                               pl.col(there).cast(pl.String), pl.lit(f" of {other}, with "
                               "different values in "), pl.col("_differ")]).alias("message"),
                pl.lit(f"The files imported together give this {a.table.name} twice and do "
                       "not agree, so neither is stored: correct the one that is wrong, or "
                       "leave the row out of one file.").alias("hint")))


def _labels(sources: list[Source]) -> dict[int, str]:
    """How messages name each file: its name, or its path where two files share a name."""
    names = [s.name for s in sources]
    return {id(s): s.name if names.count(s.name) == 1 else str(s.path) for s in sources}


def _report_failed_providers(run: _Run, sources: list[Source],
                             checked: dict[int, list[Checked]]) -> None:
    failed = {str(s.path) for s in sources
              if s.problems or any(c.problems for c in checked[id(s)])}
    while failed:
        failed = report_reliance(run.reliances, failed)


def _result(source: Source, checked: list[Checked]) -> ImportResult:
    parts = [(None, source.problems)] + [(c.raw.sheet, c.problems) for c in checked]
    errors, hidden = materialise(source.name, parts)
    warnings = list(source.warnings)
    for c in checked:
        warnings += c.raw.warnings
    valid = {c.table.name: c.valid() for c in checked}
    tables = {name: frame.drop(ROW) for name, frame in valid.items()}
    columns = {c.table.name: c.present for c in checked}
    return ImportResult(source.path, tables, errors, warnings, hidden, columns,
                        rows={name: frame[ROW] for name, frame in valid.items()},
                        sheets={c.table.name: c.raw.sheet for c in checked},
                        organisations=_organisations(checked))


def _organisations(checked: list[Checked]) -> tuple[str, ...]:
    """The organisations the checked sheets' rows give, rows with problems as well (a cell
    that could not be read is left out), in order."""
    return tuple(organisations_in((c.table.name, c.frame) for c in checked))


@dataclass
class StoreCounts:
    """What storing one file of a batch changed, per table: rows added, changed and already
    identical (the sum of the store's reports for the file's tables)."""

    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def total_written(self) -> int:
        return sum(self.added.values()) + sum(self.changed.values())

    def count(self, report) -> None:  # noqa: ANN001 - the store's report: added/changed/...
        for mine, theirs in ((self.added, report.added), (self.changed, report.changed),
                             (self.unchanged, report.unchanged)):
            for table, n in theirs.items():
                mine[table] = mine.get(table, 0) + n


def store_batch(parts: list[tuple[str, dict[str, pl.DataFrame]]],
                store: Callable[[dict[str, pl.DataFrame]], object]) -> list[StoreCounts]:
    """Store the files of a batch, `(label, tables)` each (`ImportResult.given_tables()`),
    by calling `store` with one table of one file at a time: tables in dependency order
    (organisations, units, posts, people, assignments...), the files holding a table in the
    order given. Returns what each file changed, in the order given.

    The caller runs this inside ONE transaction, so that the batch is stored whole or not
    at all: when `store` raises (rows refused once merged with the stored values, a busy
    database...) the exception is re-raised as it is, with `batch_file` set to the label of
    the file being stored, and the caller's rollback undoes the files stored before it.
    Storing a table at a time, rather than a file at a time, lets a file refer to rows of
    any other file of the batch; storing each file's frame on its own keeps a file that
    leaves out a column from blanking it in rows another file gives."""
    counts = [StoreCounts() for _ in parts]
    for name in TABLES:
        for (label, tables), count in zip(parts, counts, strict=True):
            if name not in tables:
                continue
            try:
                count.count(store({name: tables[name]}))
            except Exception as exc:
                exc.batch_file = label  # type: ignore[attr-defined]
                raise
    return counts
