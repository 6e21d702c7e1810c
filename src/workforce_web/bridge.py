"""The one bridge between the database and the core: querysets <-> ledger frames.

Views and CLI commands that need data call `load_ledger` and `store_tables` (or
`store_batch` for the files of one import); nothing else in the web package turns rows into
frames.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import polars as pl
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    OperationalError,
    connections,
    transaction,
)
from django.db.models import F

from workforce.imports.api import StoreCounts
from workforce.imports.api import store_batch as store_in_order
from workforce.ledger import TABLES, Ledger, conform, org_column, organisations_in
from workforce.ledger.merge import split_changes
from workforce.ledger.tables import Column
from workforce.runtime import paused_gc
from workforce_web import locks
from workforce_web.ledger.models import LEDGER_MODELS, LedgerVersion, unique_fields
from workforce_web.refusals import DatabaseRefused, ImportRefused

BATCH = 2000


def load_table(name: str, organisation: str | None = None) -> pl.DataFrame:
    """One table's rows (of one organisation, or all) as a frame with the declared schema.
    The queryset's SQL is run on the database cursor and the values are typed a column at a
    time in polars rather than a row at a time, which makes loading a large ledger (a
    million and a half rows for 5,000 staff over ten years) quicker. A stored value that
    does not fit its column's type (SQLite lets one in through other tools) is an error
    naming the table and column, never a silent blank."""
    t = TABLES[name]
    qs = LEDGER_MODELS[name].objects.all()
    if organisation is not None:
        qs = qs.filter(**{org_column(name): organisation})
    sql, params = qs.values_list(*t.names).query.get_compiler(using=qs.db).as_sql()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return t.empty()
    return pl.DataFrame([_typed(name, col, values) for col, values
                         in zip(t.columns, zip(*rows, strict=True), strict=True)])


def _typed(table: str, col: Column, values: tuple[object, ...]) -> pl.Series:
    """A column of database values as a series of the column's declared type. Django's
    backends give dates and booleans as Python objects; ISO text dates and 0/1 booleans (a
    SQLite file written by other tools) are read too."""
    if col.kind == "date":
        out = pl.Series(col.name, values, strict=False)
        out = out.str.to_date("%Y-%m-%d", strict=False) if out.dtype == pl.String else (
            out.cast(pl.Date, strict=False))
    elif col.kind == "bool":
        out = pl.Series(col.name, values, strict=False).cast(pl.Boolean, strict=False)
    else:
        out = pl.Series(col.name, values, dtype=col.dtype, strict=False)
    if out.null_count() > values.count(None):
        bad = next(v for v, o in zip(values, out, strict=True) if o is None and v is not None)
        raise ValueError(f"The database's {table} table holds {bad!r} in column {col.name}, "
                         f"which is not a {col.kind}: correct it there, or import the table "
                         "again.")
    return out


def load_ledger(organisation: str | None = None) -> Ledger:
    """The ledger of one organisation (or every organisation) from the database (with the
    garbage collector paused: the rows are tuples without cycles, and collecting over and
    over as millions of them pile up took a third of the time)."""
    with paused_gc():
        return Ledger({name: load_table(name, organisation) for name in TABLES})


def ledger_version(organisation: str) -> int:
    row = LedgerVersion.objects.filter(organisation=organisation).first()
    return row.version if row else 0


def ledger_versions() -> dict[str, int]:
    """Every organisation's ledger version (one that has none is at 0): read before the
    stored ledger an import's files are checked against, so that `ledger_held` can tell
    whether another import stored rows since."""
    return dict(LedgerVersion.objects.values_list("organisation", "version"))


class DatabaseBusy(ValueError):
    """The database stayed locked by another writer for longer than its busy timeout."""


@contextmanager
def _write_transaction() -> Iterator[None]:
    """One transaction that holds SQLite's write lock from its start.

    SQLite starts a transaction as a reader; a reader that then writes while another
    connection holds the write lock gets "database is locked" at once, without waiting the
    busy timeout (waiting could deadlock). Writing first (an update of no row) takes the
    lock at the start, where SQLite does wait. A lock held past the timeout is a
    `DatabaseBusy` with a plain message; what the database refuses as the transaction ends
    (a deferred constraint) a `DatabaseRefused` of no row (a row it refuses as it is written
    is one already, `_write`); either way the transaction is rolled back, so nothing is
    stored."""
    try:
        with transaction.atomic():
            connection = transaction.get_connection()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"UPDATE {LedgerVersion._meta.db_table} "
                                   "SET version = version WHERE 0")
            yield
    except OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise DatabaseBusy("the database is busy: another program or user was writing to it "
                           "and it did not become free in time, so nothing was stored. Try "
                           "again in a minute.") from None
    except (IntegrityError, DataError) as exc:
        raise DatabaseRefused(exc) from None


def organisations_of(tables: dict[str, pl.DataFrame]) -> list[str]:
    """The organisations whose rows `tables` give (their codes as text, as stored), in
    order."""
    return organisations_in((name, frame) for name, frame in tables.items()
                            if name in TABLES)


def lock_ledgers(organisations: list[str]) -> None:
    """Hold the ledger lock of each of `organisations` until the transaction ends
    (`locks.LEDGER`, in the order of their codes; PostgreSQL only: SQLite lets one
    transaction write at a time): an import of one of them waits here for another one's
    to commit or roll back, then reads what is stored; imports of other organisations do
    not wait."""
    locks.lock_organisations(locks.LEDGER, organisations)


@contextmanager
def ledger_held(organisations: list[str], checked: dict[str, int]) -> Iterator[bool]:
    """One import's transaction (`_write_transaction`: `DatabaseBusy` when SQLite stays
    locked by another writer, rolled back on any error), holding the ledgers of
    `organisations` (`lock_ledgers`) from its start, so that another import of any of them
    has committed or rolled back before this one reads anything. Yields whether any of them
    changed since `checked` (`ledger_versions`, read before the stored ledger the files were
    checked against): another import stored rows meanwhile, perhaps while this one waited,
    so the files must be checked again against what is stored now, under the lock, before
    they are stored (`store_batch`, in this transaction)."""
    with _write_transaction():
        lock_ledgers(organisations)
        now = dict(LedgerVersion.objects.filter(organisation__in=organisations)
                   .values_list("organisation", "version"))
        yield any(now.get(o, 0) != checked.get(o, 0) for o in organisations)


@dataclass
class StoreReport(StoreCounts):
    """What a store changed, per table: rows added, rows changed, rows already identical
    (the same counts as a file of a batch has, `imports.api.StoreCounts`)."""


def store_tables(tables: dict[str, pl.DataFrame],
                 progress: Callable[[int], None] | None = None) -> StoreReport:
    """Insert or update rows by natural key, all in one transaction (all or nothing).

    A frame may leave out optional columns (an import file without them): a stored row then
    keeps its values in those columns, and only the columns given are compared and updated;
    a new row gets nulls in them. Rows identical (in the columns given) to what is stored are
    not written, so a re-import changes nothing."""
    report = StoreReport()
    touched: set[str] = set()
    with _write_transaction():
        lock_ledgers(organisations_of(tables))  # before reading what is stored
        for name in [n for n in TABLES if n in tables]:
            keys = unique_fields(TABLES[name])
            given = [c for c in TABLES[name].names if c in tables[name].columns or c in keys]
            incoming = conform(name, tables[name]).select(given)
            if incoming.is_empty():
                continue
            orgs = incoming[org_column(name)].unique().to_list()
            stored = pl.concat([load_table(name, o) for o in orgs])
            _check_spans(name, incoming, stored, keys)
            existing = stored.select(given)
            new, changed, same = split_changes(existing, incoming, keys)
            _write(name, conform(name, new), update=False, progress=progress)
            _write(name, changed, update=True, progress=progress)
            report.added[name], report.changed[name], report.unchanged[name] = (
                new.height, changed.height, same)
            if new.height or changed.height:
                touched.update(orgs)
        for org in touched:
            obj, _ = LedgerVersion.objects.get_or_create(organisation=org)
            LedgerVersion.objects.filter(pk=obj.pk).update(version=F("version") + 1)
    return report


def store_batch(parts: list[tuple[str, dict[str, pl.DataFrame]]],
                progress: Callable[[int], None] | None = None) -> list[StoreCounts]:
    """Store the files of one import, `(name, tables)` each, in ONE transaction: tables in
    dependency order, each file's frame of a table stored on its own (`store_tables`), so
    that the batch is stored whole or not at all. Returns what each file changed. A refusal
    (`ImportRefused`) or a busy database (`DatabaseBusy`) rolls back every file; the
    exception's `batch_file` names the file being stored when it was raised. The ledgers of
    the organisations the files give are locked before anything stored is read
    (`lock_ledgers`), so that another import of one of them is stored before or after this
    one, never while; an import whose files were checked against the stored ledger first
    holds them from before it checks them again (`ledger_held`)."""
    with _write_transaction():
        lock_ledgers(sorted({o for _, tables in parts for o in organisations_of(tables)}))
        _check_sources(parts)
        return store_in_order(parts, lambda tables: store_tables(tables, progress))


def _check_sources(parts: list[tuple[str, dict[str, pl.DataFrame]]]) -> None:
    """Refuse (`ImportRefused`, naming the file) a batch that would store census returns'
    rows (assignments as a census import makes them, which `workforce census import --out`
    writes as CSV files) in an organisation holding HR records, or HR records given in the
    same batch: each worker would be two people and every FTE counted twice. `workforce
    census import` checks which returns may sit beside HR records (people and years that
    do not overlap: `census.held.held_elsewhere`); this import cannot tell, so it refuses.
    HR records into an organisation holding census rows are refused only where they give
    assignments of the returns' people on the days the returns describe
    (`_check_census_people`), or where person rows give SWE numbers that make HR records
    already stored such assignments: the census import may have put returns beside HR
    records rightly, and the council's next HR export of other people or years must still
    load."""
    from workforce.census.held import census_made

    given: dict[str, dict[bool, str]] = {}  # organisation -> census-made or not -> a file
    for label, tables in parts:
        frame = tables.get("assignment")
        if frame is None or frame.is_empty():
            continue
        for org, census in frame.select("organisation", census_made().alias("c")).unique(
                maintain_order=True).iter_rows():
            given.setdefault(org, {}).setdefault(census, label)
    for org, kinds in given.items():
        if True not in kinds:
            continue
        if False in kinds:
            where = f"{kinds[False]} gives it HR records"
        else:
            stored = load_table("assignment", org).select(census_made()).to_series()
            if stored.all():
                continue
            where = f"organisation {org} holds HR records (assignments a census import did " \
                    "not make)"
        _refuse(kinds[True], (
            f"its assignments are rows of a census return (as the census import writes them "
            f"to CSV files), and {where}: side by side, each worker would be two people and "
            "every FTE counted twice, so nothing was stored. Load past census returns with "
            "the census import instead (the command workforce census import FILE --org "
            "CODE, run by whoever administers Workforce), which checks which returns may "
            "sit beside HR records, or into an organisation of their own."))
    numbered: set[str] = set()  # organisations whose person rows give SWE numbers
    for _, tables in parts:
        people = tables.get("person")
        if people is not None and "swe_number" in people.columns:
            numbered.update(people["organisation"].unique().to_list())
    for org in dict.fromkeys([*(o for o, kinds in given.items() if False in kinds),
                              *sorted(numbered)]):
        _check_census_people(org, parts)


def _check_census_people(org: str, parts: list[tuple[str, dict[str, pl.DataFrame]]]) -> None:
    """Refuse (`ImportRefused`, naming the first file at fault) HR assignments that would
    count people twice: people whom organisation `org` already holds from a census return,
    on the days it describes (`census.beside`, the mirror of the census import's own check).
    Rows the organisation holds as they are pass (`beside.new_or_changed`), unless the batch
    gives their person another SWE number (`beside.swe_changed`): then they are checked, and
    so are that person's stored rows the batch does not give, naming the person file
    (`beside.given_twice`). The assignments are read once, only when the organisation holds
    census rows (a query of whether it does otherwise)."""
    from workforce.census.beside import (
        JOB_COLUMNS,
        counted_twice,
        described,
        given_twice,
        new_or_changed,
        people_after,
        swe_changed,
    )
    from workforce.census.held import census_made
    from workforce.census.rows import UNIT

    if not LEDGER_MODELS["assignment"].objects.filter(organisation=org, unit=UNIT).exists():
        return
    stored_jobs = load_table("assignment", org)
    made = stored_jobs.filter(census_made())
    if made.is_empty():
        return
    stored_people = load_table("person", org)
    census = described(Ledger({"person": stored_people, "assignment": made}))
    ours = pl.col("organisation") == org
    people = people_after(stored_people, [(label, tables["person"].filter(ours))
                                          for label, tables in parts if "person" in tables])
    changed = swe_changed(stored_people, people)
    renamed = pl.col("staff_id").is_in(changed["staff_id"].implode())
    unrenamed = stored_jobs.filter(~renamed)  # rows held as they are pass only of these
    given: list[pl.Series] = []
    for label, tables in parts:
        jobs = tables.get("assignment")
        if jobs is None or jobs.is_empty():
            continue
        given.append(jobs.filter(ours)["assignment_id"].cast(pl.String))
        jobs = jobs.filter(ours & ~census_made())
        missing = [c for c in JOB_COLUMNS if c not in jobs.columns]
        if missing:  # kept as stored on the rows the file updates (`store_tables`)
            jobs = jobs.join(stored_jobs.select("assignment_id", *missing),
                             on="assignment_id", how="left", maintain_order="left")
        _refuse(label, counted_twice(org, new_or_changed(jobs, unrenamed), people, census))
    if not changed.is_empty():
        ids = pl.concat(given) if given else pl.Series([], dtype=pl.String)
        held = stored_jobs.filter(renamed & ~census_made()
                                  & ~pl.col("assignment_id").is_in(ids.implode()))
        found = given_twice(org, held, changed, census)
        if found:
            _refuse(*found)


def _refuse(label: str, why: str | None) -> None:
    """Refuse the batch (`ImportRefused`, naming file `label`) for `why`, unless None."""
    if why:
        exc = ImportRefused(why)
        exc.batch_file = label  # type: ignore[attr-defined]
        raise exc


SPANS_NAMED = 5  # rows named in a refusal; the rest are counted


def _check_spans(name: str, incoming: pl.DataFrame, stored: pl.DataFrame,
                 keys: list[str]) -> None:
    """Refuse (`ImportRefused`) rows whose span would end before it starts once merged with
    what is stored: a file that leaves out an optional end (or start) column keeps the
    stored value, which the file's own checks never saw. Rows giving both columns were
    checked when the file was read, and new rows get nulls for what they leave out, so only
    rows updating a stored row with one column of the span are merged."""
    span = TABLES[name].span
    if span is None or set(span) <= set(incoming.columns) or stored.is_empty():
        return
    kept = [c for c in span if c not in incoming.columns]
    merged = incoming.join(stored.select(*keys, *kept), on=keys, how="inner",
                           nulls_equal=True)
    start, end = span
    bad = merged.filter(pl.col(end) < pl.col(start))
    if bad.is_empty():
        return
    def said(column: str, row: dict) -> str:
        return f"{'the stored ' if column in kept else ''}{column} {row[column]}"

    shown = [f"the row with {', '.join(f'{k} {row[k]!r}' for k in keys)} would have "
             f"{said(end, row)} before {said(start, row)}"
             for row in bad.head(SPANS_NAMED).iter_rows(named=True)]
    more = f" (and {bad.height - SPANS_NAMED:,} more rows)" if bad.height > SPANS_NAMED else ""
    raise ImportRefused(
        f"{'; '.join(shown)}{more}. The file has no {' or '.join(kept)} column, so the "
        f"stored value is kept, and {end} cannot be before {start}; nothing was stored. Add "
        f"the {' and '.join(kept)} column with the right dates, or correct "
        f"{end if start in kept else start}.")


def _write(name: str, frame: pl.DataFrame, update: bool,
           progress: Callable[[int], None] | None) -> None:
    """Insert `frame`'s rows, or (`update`) set the columns it has on the stored rows with
    the same natural key; columns it does not have are left as stored. A chunk of rows the
    database refuses is a `DatabaseRefused` naming the first row it refuses (`_refused`)."""
    if frame.is_empty():
        return
    for chunk in frame.iter_slices(BATCH):
        rows = list(chunk.iter_rows(named=True))
        try:
            with transaction.atomic():  # a savepoint: the search below needs the transaction
                _insert(name, rows, update)
        except (IntegrityError, DataError) as exc:
            raise _refused(name, rows, update, exc) from None
        if progress:
            progress(chunk.height)


def _insert(name: str, rows: list[dict], update: bool) -> None:
    model = LEDGER_MODELS[name]
    keys = unique_fields(TABLES[name])
    objs = [model(**row) for row in rows]
    if update:
        others = [c for c in rows[0] if c not in keys]
        model.objects.bulk_create(objs, update_conflicts=True, unique_fields=keys,
                                  update_fields=others or keys[:1], batch_size=BATCH)
    else:
        model.objects.bulk_create(objs, batch_size=BATCH)


def _refused(name: str, rows: list[dict], update: bool, exc: DatabaseError) -> DatabaseRefused:
    """The refusal of `rows` of table `name`, naming the first of them the database refuses
    written alone (each in a savepoint, rolled back with the batch), so that the user is
    told which row; `exc`, of no row, when it refuses them only together."""
    keys = unique_fields(TABLES[name])
    for row in rows:
        try:
            with transaction.atomic():
                _insert(name, [row], update)
        except (IntegrityError, DataError) as one:
            return DatabaseRefused(one, name, {k: row[k] for k in keys})
    return DatabaseRefused(exc, name)


def delete_organisation(organisation: str) -> None:
    """Remove every row of an organisation (used when reloading the demo). Its ledger
    version goes on counting (it is bumped, not deleted): results and reports are cached
    under it, and a version that started again at 1 named the old data's again."""
    with transaction.atomic():
        lock_ledgers([organisation])
        for name in reversed(list(TABLES)):
            LEDGER_MODELS[name].objects.filter(**{org_column(name): organisation}).delete()
        LedgerVersion.objects.filter(organisation=organisation).update(
            version=F("version") + 1)
