"""Data commands: demo-data, import, template, export, serve."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from workforce.cli import context
from workforce.cli.errors import fail, file_errors
from workforce.cli.options import parse_date
from workforce.wording import listed

console = Console(stderr=True)
out = Console()


def register(app: typer.Typer) -> None:
    app.command("demo-data")(demo_data)
    app.command("import")(import_files)
    app.command("template")(template)
    app.command("export")(export)
    app.command("serve")(serve)


def demo_data(
    staff: int = typer.Option(600, help="Number of staff (about 40% social workers)."),
    years: int = typer.Option(6, help="Years of history up to today."),
    seed: int = typer.Option(1, help="Random seed: the same seed gives the same data."),
    out_dir: Path | None = typer.Option(None, "--out", help="Write import-ready CSVs here "
                                                             "instead of loading the database."),
    today: str | None = typer.Option(None, help="Pretend today is this date (yyyy-mm-dd or "
                                         "dd/mm/yyyy)."),
    users: bool = typer.Option(True, help="Create one demo user per role."),
    port: int = typer.Option(8000, help="Port the web app is served on, for the sign-in "
                                        "address printed with the demo users."),
    url_host: str = typer.Option("127.0.0.1", "--host", help="Host the web app is served on, "
                                                              "for the sign-in address."),
) -> None:
    """Generate the synthetic demo organisation, into the database or as CSV files."""
    from workforce.demo import generate

    day = _day(today) if today else date.today()
    started = time.perf_counter()
    try:
        ledger = generate(staff=staff, years=years, seed=seed, today=day)
    except ValueError as exc:  # too few staff or years: the generator says which
        raise fail(f"{exc}: nothing was generated.") from None
    console.print(f"Generated {sum(ledger.row_counts().values()):,} rows in "
                  f"{time.perf_counter() - started:.1f}s")
    if out_dir is not None:
        from workforce.imports import write_csv_folder

        try:
            write_csv_folder(ledger, out_dir)
        except OSError as exc:
            raise fail(f"Cannot write the CSV files to {out_dir} "
                       f"({exc.strerror or exc}).") from None
        console.print(f"Wrote CSV files to {out_dir}")
        return
    total = sum(ledger.row_counts().values())
    with _database_errors(), _bar(total, "Storing the demo organisation") as advance:
        report, demo_users = context.replace_organisation(ledger, advance, users, day)
    console.print(f"Stored {sum(report.added.values()):,} rows in the "
                  f"{context.database_label()}.")
    if demo_users:
        where = f"http://{url_host}:{port}/" if url_host else "the web app (`workforce serve`)"
        out.print(f"\nDemo users (sign in at {where}):")
        for username, password, role in demo_users:
            out.print(f"  {role:<28} username: {username:<8} password: {password}")


def _day(text: str) -> date:
    """The --today option as a date (`options.parse_date`), or a plain message and exit
    code 2."""
    try:
        return parse_date(text, "--today")
    except ValueError as exc:
        raise fail(str(exc)) from None


@contextmanager
def _database_errors():
    """Turn "cannot use the database" (ValueError from the context) into a message and exit 2,
    never a traceback."""
    try:
        yield
    except ValueError as exc:
        raise fail(str(exc)) from None


@contextmanager
def _bar(total: int, label: str):
    """A Rich progress bar over `total` rows; yields the function that advances it."""
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}"
                  "/{task.total:,} rows"), TimeElapsedColumn(), console=console,
                  disable=not console.is_terminal) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def import_files(
    paths: list[Path] = typer.Argument(..., help="CSV or XLSX files, one table each (named "
                                                 "after the table) or one sheet per table."),
) -> None:
    """Validate and import HR extracts. The files are one batch, stored whole or not at
    all: if any file has a problem, nothing from any of them is stored. Another import of
    an organisation the files' rows give, being stored meanwhile (the web's, another
    command's), is waited for, and the files checked again against what it stored
    (`context.ledger_held`); imports of other organisations are not. Files with problems
    are reported whether or not the database is busy: when it stays busy past its timeout,
    with the problems they had against what was stored when they were checked."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise fail(f"No such file: {', '.join(map(str, missing))}")
    with _database_errors():
        checked = context.ledger_versions()
        ledger = context.load_ledger()
    results = _check(paths, ledger)
    names = _names(results)
    # rows with problems too: a reference to a person another import is storing is one
    held = sorted({o for r in results for o in r.organisations})
    if not held and any(r.errors for r in results):  # no organisation's import to wait for
        _report_checks(results, names)
    first_results, first_names = results, names  # as checked before waiting for the lock
    try:
        with context.ledger_held(held, checked) as changed:
            if changed:  # another import stored rows since: check against them now
                results = _check(paths, context.load_ledger())
                names = _names(results)
            _report_checks(results, names)
            counts = _store_batch(results, names)
    except ValueError as exc:  # a busy database, or refused as the transaction ended
        if isinstance(exc, context.DatabaseBusy) and any(r.errors for r in first_results):
            _report_checks(first_results, first_names)  # the lock is needed to store, not
            # to say what is wrong
        _refused(exc, results, [names[id(r)] for r in results])
        raise typer.Exit(2) from None
    for name, report in counts:
        console.print(f"Stored {name}: {sum(report.added.values()):,} added, "
                      f"{sum(report.changed.values()):,} changed, "
                      f"{sum(report.unchanged.values()):,} unchanged", highlight=False)


def _check(paths: list[Path], ledger) -> list:  # noqa: ANN001 - a Ledger; ImportResults
    """Read and check the files against the stored `ledger`, with a progress bar."""
    from workforce.imports import read_files

    with Progress(TextColumn("Checking {task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task("files", total=None)
        return read_files(paths, context=ledger,
                          progress=lambda done, total: bar.update(task, completed=done,
                                                                  total=total))


def _report_checks(results, names: dict[int, str]) -> None:  # noqa: ANN001 - ImportResults
    """Print every file's warnings and problems; exit 1 when any file has a problem."""
    for res in results:
        for w in res.warnings:  # each already starts with its file (and sheet)
            console.print(w, style="yellow", markup=False, highlight=False)
        if res.errors:
            _red(f"{names[id(res)]}: not imported — {len(res.errors)} problem(s):")
            for e in res.errors:
                console.print(f"  {e}", highlight=False)
    failed = [names[id(r)] for r in results if r.errors]
    if failed:
        _red(_not_stored(failed, [names[id(r)] for r in results]))
        raise typer.Exit(1)


def _red(text: str) -> None:
    """An error line, file names and values printed as they are (never read as markup)."""
    console.print(text, style="red", markup=False, highlight=False)


def _names(results) -> dict[int, str]:  # noqa: ANN001 - workforce.imports.ImportResult's
    """How messages name each file: its name, or its path where two files share a name."""
    names = [r.path.name for r in results]
    return {id(r): r.path.name if names.count(r.path.name) == 1 else str(r.path)
            for r in results}


def _not_stored(failed: list[str], batch: list[str], why: str = "") -> str:
    """Why nothing of the batch was stored: which files failed, and that the others were
    not stored either, because they came with them."""
    one = len(failed) == 1
    others = [n for n in batch if n not in failed]
    why = why or ("has problems" if one else "have problems")
    said = f"Nothing was imported: {listed(failed)} {why}, so nothing from " + (
        "it was stored" if one else "them was stored")
    if others:
        were = "was" if len(others) == 1 else "were"
        said += (f", and {listed(others)} {were} not stored either, although "
                 f"{'it' if len(others) == 1 else 'they'} passed the checks, because "
                 f"{'it' if len(others) == 1 else 'they'} {were} in the same batch (a file "
                 "may rely on the others)")
    return said + (". The database is as it was. Fix the problems and import all the files "
                   "again.")


def _store_batch(results, names: dict[int, str]) -> list:  # noqa: ANN001 - ImportResults
    """Store every file of the batch in one transaction (the tables in dependency order),
    or, when the store is refused or the database is busy, none of them (exit 2, saying
    why). Returns (name, what it changed) for each file, to print once committed."""
    parts = [(names[id(r)], r.given_tables()) for r in results]
    batch = [label for label, _ in parts]
    total = sum(f.height for _, tables in parts for f in tables.values())
    label = f"{len(parts)} files" if len(parts) > 1 else batch[0]
    try:
        with _bar(total, f"Storing {label}") as advance:
            counts = context.store_batch(parts, progress=advance)
    except ValueError as exc:  # refused rows, a busy database (or no database to use)
        _refused(exc, results, batch)
        raise typer.Exit(2) from None
    return list(zip(batch, counts, strict=True))


def _refused(exc: ValueError, results, batch: list[str]) -> None:  # noqa: ANN001
    """Say why the store refused the batch `batch` (`results`, labelled alike): at the file,
    row and columns it names where it names them (`refused_problem`), with what to do. The
    files' warnings were printed as they were checked."""
    from workforce.imports.refusals import refused_file, refused_problem

    refused = refused_file(exc)
    if refused is None or isinstance(exc, context.DatabaseBusy):
        _red(f"{listed(batch)}: not imported — {exc}")
        if hint := getattr(exc, "hint", ""):
            console.print(f"  {hint}", highlight=False, markup=False)
        return
    problem = refused_problem(exc, refused, results[batch.index(refused)])
    if problem.row is None and problem.column is None:
        _red(f"{refused}: not imported — {exc}")
        if problem.hint:
            console.print(f"  {problem.hint}", highlight=False, markup=False)
    else:
        _red(f"{refused}: not imported — refused when it was stored:")
        console.print(f"  {problem}", highlight=False, markup=False)
    _red(_not_stored([refused], batch, "was refused when it was stored"))


def template(
    table: str = typer.Argument(None, help="Table name; omit with --all."),
    output: Path = typer.Option(None, "-o", "--output", help="File (.csv or .xlsx)."),
    all_dir: Path = typer.Option(None, "--all", help="Write every template into this folder."),
) -> None:
    """Write a blank import template with notes on every column and its codes."""
    from workforce.imports import write_all_templates, write_template
    from workforce.ledger import TABLES

    if all_dir is not None:
        with file_errors(all_dir):
            write_all_templates(all_dir)
        console.print(f"Wrote templates for {len(TABLES)} tables to {all_dir}")
        return
    if table not in TABLES:
        raise fail(f"Unknown table {table!r}. Tables: {', '.join(TABLES)}")
    path = output or Path(f"{table}.xlsx")
    try:
        with file_errors(path):
            write_template(table, path)
    except ValueError as exc:  # neither .xlsx nor .csv
        raise fail(f"{exc}.") from None
    console.print(f"Wrote {path}")


def export(
    output: Path = typer.Argument(..., help="Folder (CSV files) or a .xlsx file."),
    org: str = typer.Option(None, help="Organisation code, DfE 3-digit LA number or ONS "
                                       "E-code; default all."),
) -> None:
    """Export the ledger as import-ready CSV files (or one workbook). The files hold
    person-level data (names, SWE numbers, dates of birth), so only you can read them (mode
    0600, and 0700 for a folder the export makes), and each export is recorded in the audit
    log, as downloads from the web are."""
    from workforce.imports.export import private_folder, write_csv_folder, write_xlsx

    with _database_errors():
        ledger = context.load_ledger(org)
    book = output.suffix.lower() == ".xlsx"
    new = not output.exists()
    made: list[Path] = []  # the folders the export makes (for a workbook, none)
    with file_errors(output, lead="Not exported: "):  # nothing recorded: nothing was exported
        try:
            if not book:
                made = private_folder(output)
            written = [write_xlsx(ledger, output)] if book else write_csv_folder(ledger, output)
        except BaseException:  # a part-written export is not left behind
            _remove([output] if book and new else [], made, whole=True)
            raise
    try:  # recorded once written; an export the log cannot record is removed
        _audit_export(ledger, output)
    except Exception as exc:  # noqa: BLE001 - any database failure: nothing kept
        _remove(written, made)
        raise fail(f"Not exported: the audit log could not record it ({exc}), so what was "
                   "written was removed. Nothing was exported.") from None
    console.print(f"Exported to {output}")


def _remove(files: list[Path], folders: list[Path], whole: bool = False) -> None:
    """Remove the files an export wrote and the folders it made (innermost first; `whole`:
    with whatever the export left in them)."""
    import shutil

    for path in files:
        path.unlink(missing_ok=True)
    if whole and folders:
        shutil.rmtree(folders[0], ignore_errors=True)
        return
    for folder in reversed(folders):
        with suppress(OSError):  # not empty: the user's files are kept
            folder.rmdir()


def _audit_export(ledger, output: Path) -> None:  # noqa: ANN001 - a workforce.ledger.Ledger
    """An audit record per organisation exported, with its number of people, naming each
    (over more records when they do not fit one), so the log's Person filter finds them."""
    import polars as pl

    for code in ledger.organisations:
        staff = ledger.person.filter(pl.col("organisation") == code)["staff_id"].to_list()
        context.audit("workforce export", "cli_export", code,
                      f"person-level export: {len(staff):,} people to {output.resolve()}",
                      staff)


def serve(
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
    demo: bool = typer.Option(True, help="Load the demo organisation if the database is "
                                         "empty."),
) -> None:
    """Migrate the database, load the demo if empty, and serve the web app."""
    with _database_errors():
        empty = context.migrate()
    console.print(f"Data: {context.database_label()}", highlight=False)
    if demo and empty:
        console.print("Loading the demo organisation (first run only)…")
        demo_data(staff=600, years=6, seed=1, out_dir=None, today=None, users=True,
                  port=port, url_host=host)
    console.print(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
    sys.stdout.flush()
    context.runserver(host, port)
