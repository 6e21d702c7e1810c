"""`workforce census ...`: export the DfE children's social work workforce census return,
validate returns, and import past returns as history."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from workforce.census.layouts import LATEST, YEARS
from workforce.cli.errors import file_errors, not_stored

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
                  help="The DfE children's social work workforce census (CSWW).")
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
SHOW = 20  # findings listed after an export; `validate` lists them all
if not out.is_terminal:  # reports piped to a file or a log keep whole lines
    out = Console(width=220, soft_wrap=True)


@app.command("export")
def export_cmd(
    output: Path = typer.Option(..., "-o", "--output", help="The XML file to write."),
    year: int = typer.Option(LATEST, help=f"Collection year ({YEARS[1]}-{YEARS[-1]}): the "
                                          "census year ends on 30 September of it."),
    org: str = typer.Option(None, help="Organisation code or DfE LA number (needed when the "
                                       "data holds several organisations)."),
    data: Path = typer.Option(None, help="Read the ledger from this folder of CSV/XLSX "
                                         "files instead of the database."),
    flag: list[str] = typer.Option([], help="2025 LA-level incentive flag the ledger cannot "
                                            "know, e.g. --flag CostSWE=1 (0 no, 1 all, 2 some)."),
) -> None:
    """Build the return from the ledger and write it; then validate it and list what to fix.
    The return holds SWE numbers and dates of birth, so only you can read the file (mode
    0600), and an export from the database is recorded in the audit log, as a download from
    the web is."""
    from workforce.census.report import by_rule, sentence, summary
    from workforce.census.validate import validate
    from workforce.census.write import export
    from workforce.cli.context import load_ledger
    from workforce.imports.export import private_file

    flags = _flags(flag)
    try:
        with file_errors(data, lead="Cannot export: ", verb="read"):
            ledger = load_ledger(org, data)
        with file_errors(output, lead="Cannot export: "):
            new = private_file(output)  # only you can read it, before the return goes in
            try:
                ret = export(ledger, output, year, org, flags)
            except BaseException:  # nothing built or part written: no file left for it
                if new:
                    output.unlink(missing_ok=True)
                raise
    except ValueError as exc:
        console.print(f"[red]Cannot export:[/red] {exc}")
        raise typer.Exit(2) from None
    if data is None:  # a folder of files is the user's own copy, outside the audited database
        try:
            _audit_return(ledger.organisations[0], ret, output)
        except Exception as exc:  # noqa: BLE001 - any database failure: the file goes
            output.unlink(missing_ok=True)
            console.print(f"[red]Cannot export:[/red] the audit log could not record the "
                          f"export ({exc}), so {output} was removed.")
            raise typer.Exit(2) from None
    console.print(f"Wrote {output}: {ret.layout.year} return for LA {ret.lea}, "
                  f"{ret.workers.height:,} worker records.")
    report = validate(output)
    out.print(summary(report), highlight=False)
    for line in by_rule(report):
        out.print("  " + line, highlight=False, markup=False)
    for f in report.findings[:SHOW]:
        out.print(sentence(f), highlight=False)
    if len(report.findings) > SHOW:
        out.print(f"... and {len(report.findings) - SHOW:,} more: run `workforce census "
                  f"validate {output}` for the full list (CSV or XLSX too).", highlight=False)
    if report.errors:
        console.print("[yellow]Fix the errors in the source data before submitting.[/yellow]")


def _audit_return(organisation: str, ret, output: Path) -> None:  # noqa: ANN001
    from workforce.census.named import staff_in_return
    from workforce.cli.context import audit

    staff = staff_in_return(ret.workers)
    audit("workforce census export", "cli_census_export", organisation,
          f"census return {ret.layout.year} (SWE numbers): {len(staff):,} people in "
          f"{ret.workers.height:,} worker records to {output.resolve()}", staff)


def _flags(items: list[str]) -> dict[str, str]:
    from workforce.census.layouts import INCENTIVE_FLAGS

    flags = {}
    for item in items:
        name, _, value = item.partition("=")
        if name not in INCENTIVE_FLAGS or value not in ("0", "1", "2"):
            known = ", ".join(INCENTIVE_FLAGS)
            raise typer.BadParameter(f"{item!r}: use NAME=0|1|2 with NAME one of {known}")
        flags[name] = value
    return flags


@app.command("validate")
def validate_cmd(
    files: list[Path] = typer.Argument(..., help="Census return XML files."),
    fmt: str = typer.Option("table", "--format", help="table, csv or xlsx."),
    output: Path = typer.Option(None, "-o", "--output", help="Write the report here (needed "
                                                               "for xlsx)."),
) -> None:
    """Check returns against their year's schema and DfE's business rules. Exits with 1 when
    any file has an error. A report written to a file names workers by SWE number, so only
    you can read it (mode 0600)."""
    from workforce.census import report as rep
    from workforce.census.validate import validate_many

    if fmt not in ("table", "csv", "xlsx"):
        raise typer.BadParameter("--format must be table, csv or xlsx")
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter("--format xlsx needs -o FILE.xlsx")
    reports = validate_many(files)
    for r in reports:
        console.print(rep.summary(r), highlight=False)
    if output is not None and fmt == "xlsx":
        with file_errors(output):
            _private(output)
            rep.to_xlsx(reports, output)
        console.print(f"Wrote {output}")
    elif output is not None:
        text = rep.to_csv(reports) if fmt == "csv" else "\n".join(
            rep.sentence(f) for r in reports for f in r.findings) + "\n"
        with file_errors(output):
            _private(output)
            output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {output}")
    elif fmt == "csv":
        out.print(rep.to_csv(reports), end="", highlight=False, markup=False, soft_wrap=True)
    elif any(r.findings for r in reports):
        out.print(rep.to_table(reports))
    if any(r.errors for r in reports):
        raise typer.Exit(1)


@app.command("import")
def import_cmd(
    files: list[Path] = typer.Argument(..., help="Past census returns (2021-2025 layouts)."),
    pseudonymise: bool = typer.Option(False, help="Replace SWE numbers with keyed pseudonyms "
                                                  "(HMAC-SHA256), for pooling returns. Needs "
                                                  "--key-file."),
    key_file: Path = typer.Option(None, help="File holding the council's pseudonymisation key. "
                                             "Only with --pseudonymise: a key file without it "
                                             "is refused, so that real SWE numbers are never "
                                             "stored by mistake."),
    org: str = typer.Option(None, help="Load into this organisation code (default: the "
                                       "stored organisation with the return's LA number, else "
                                       "a new one per LA number)."),
    out_dir: Path = typer.Option(None, "--out", help="Write the rows as import-ready CSV files "
                                                      "here instead of the database."),
) -> None:
    """Load past returns into the ledger as yearly history. Each file is checked against its
    year's schema and DfE's business rules as it streams: a file with any error loads nothing
    (its errors are listed with the SWE number and item), the others still load; queries are
    listed as warnings and do not stop a file. A return whose organisation already holds its
    people from its own staff records (or its social workers in that year) is refused too,
    as storing it would count them twice: import it into an organisation of its own with
    --org. Exits with 1 when any file was refused."""
    from workforce.census.load import import_returns, read_key

    key = None
    if key_file is not None and not pseudonymise:
        console.print("[red]Not loaded:[/red] --key-file is only used with --pseudonymise. Add "
                      "--pseudonymise to replace SWE numbers with keyed pseudonyms, or leave "
                      "out --key-file to store the SWE numbers as they are.")
        raise typer.Exit(2)
    if pseudonymise:
        if key_file is None:
            raise typer.BadParameter("--pseudonymise needs --key-file (the council's key)")
        try:
            key = read_key(key_file)
        except (OSError, ValueError) as exc:
            raise typer.BadParameter(str(exc)) from None
    if org is not None and out_dir is None:
        org = _known_org(org)
    # without --org, a return goes to the stored organisation with its LA number, if any
    # (where its people may already be held, which storing checks), not to a second one
    staging, results = import_returns(files, key, org, out_dir,
                                      resolve=None if out_dir is not None else _org_of_la)
    refused: dict[int, str] = {}
    try:
        for r in results:
            _report_file(r)
        if any(r.ok for r in results):
            refused = _store(staging, out_dir, [str(r.file) for r in results if r.ok])
    finally:
        staging.close()
    if not all(r.ok for r in results) or refused:
        raise typer.Exit(1)


def _private(path: Path) -> None:
    """Make `path` a file only you can read, before person-level data is written to it."""
    from workforce.imports.export import private_file

    private_file(path)


def _report_file(r) -> None:  # noqa: ANN001 - a census.load.Loaded
    from workforce.census.report import counted, sentence

    if r.ok:
        console.print(f"{r.file}: {r.year} return for LA {r.lea}, {r.workers:,} workers "
                      "read.", highlight=False)
    else:
        console.print(f"[red]{r.file}: not loaded[/red] "
                      f"({counted(len(r.problems), 'error', 'errors')}):")
        for f in r.problems[:50]:
            out.print("  " + sentence(f), highlight=False, soft_wrap=True)
        if len(r.problems) > 50:
            out.print(f"  ... and {len(r.problems) - 50:,} more: run `workforce census "
                      f"validate {r.file}` for the full list.", highlight=False)
    if r.warnings:
        console.print(f"  {len(r.warnings)} queries (warnings; they do not stop the load):",
                      highlight=False)
        for f in r.warnings[:20]:
            out.print("  warning: " + sentence(f), highlight=False, soft_wrap=True)
        if len(r.warnings) > 20:
            out.print(f"  ... and {len(r.warnings) - 20:,} more.", highlight=False)
    for note in r.notes:
        console.print(f"  note: {note}", highlight=False)


def _known_org(org: str) -> str:
    """The code of the stored organisation `org` names (its code, LA number or E-code), or
    `org` itself for a new organisation."""
    from workforce.cli.context import organisation_code

    try:
        return organisation_code(org)
    except ValueError:
        return org


def _org_of_la(lea: str) -> str:
    """The stored organisation with LA number `lea`, or `lea` for a new one; a census read
    error (the file is not loaded, the others are) when several have it."""
    from workforce.census.read import CensusReadError
    from workforce.cli.context import organisation_code
    from workforce.ledger.orgs import AmbiguousOrganisation

    try:
        return organisation_code(lea)
    except AmbiguousOrganisation as exc:
        raise CensusReadError(f"{exc} Choose one with --org.") from None
    except ValueError:
        return lea


def _store(staging, out_dir: Path | None, files: list[str]  # noqa: ANN001
           ) -> dict[int, str]:
    """Store (or write) the staged returns; the ones refused, by their number in `staging`,
    with why (the organisation already holds their people from another source)."""
    if out_dir is not None:
        from workforce.census.load import write_folder
        from workforce.imports.export import private_folder

        with file_errors(out_dir):
            private_folder(out_dir)  # a folder made for the files: only you can open it
            counts = write_folder(staging, out_dir)
        console.print(f"Wrote {len(counts)} CSV files to {out_dir} "
                      f"({sum(counts.values()):,} rows).")
        return {}
    from workforce.census.held import held_elsewhere
    from workforce.census.replace import plan
    from workforce.census.report import counted
    from workforce.cli.context import DatabaseBusy, store_replacing

    refused: dict[int, str] = {}

    def planned(stored):  # noqa: ANN001, ANN202 - in the transaction, over what is stored
        refused.update(held_elsewhere(staging, stored))
        for n in refused:
            staging.refuse(n)
        returns = [staging.returns[n][:3] for n in sorted(staging.kept.values())]
        if not returns:
            return {}, {}
        # The database takes whole frames in one transaction (see census.load on memory).
        # What an earlier import of the same LA and year stored is replaced in it.
        return plan(stored, returns, staging.tables())

    organisations = sorted({staging.returns[n][0] for n in staging.kept.values()})
    with not_stored(", ".join(files), DatabaseBusy):  # rolled back, as `workforce import`
        report, deleted = store_replacing(organisations, planned)
    for n, why in refused.items():
        console.print(f"[red]{staging.returns[n][3]}: not loaded[/red]: {why}",
                      highlight=False)
    if not staging.kept:  # every file refused: nothing was stored
        return refused
    added, changed, unchanged = (sum(getattr(report, k, {}).values())
                                 for k in ("added", "changed", "unchanged"))
    removed = sum(deleted.values())
    what = counted(len(staging.kept), "return", "returns")
    console.print(f"Stored {what}: {added:,} rows added, {changed:,} changed, "
                  f"{unchanged:,} unchanged.", highlight=False)
    if removed:
        console.print(f"Removed {removed:,} rows an earlier import of the same return "
                      "stored that it no longer has.", highlight=False)
    elif not added and not changed:
        console.print("Nothing changed: the database already held these rows as they are.",
                      highlight=False)
    return refused
