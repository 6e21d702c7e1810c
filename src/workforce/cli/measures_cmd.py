"""`workforce measures`: compute any measure for any window, series and breakdown."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from workforce.cli import context

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("measures")(measures)


def measures(
    org: str = typer.Option(None, help="Organisation code (LA code); default: every one."),
    measure: list[str] = typer.Option(None, "--measure", "-m", help="Measure id; repeat for "
                                                                   "more. Default: all."),
    as_at: str = typer.Option(None, "--as-at", help="Stock measures at DATE, flow measures "
                                                    "over the 12 months ending DATE."),
    start: str = typer.Option(None, "--from", help="Window start (yyyy-mm-dd)."),
    end: str = typer.Option(None, "--to", help="Window end (yyyy-mm-dd)."),
    by: list[str] = typer.Option(None, "--by", help="Breakdown, e.g. unit, team, "
                                                    "staff_group, org_role, experience, sex."),
    series: str = typer.Option(None, help="monthly, quarterly, financial-year or dfe-year "
                                          "windows over --from..--to."),
    fmt: str = typer.Option("table", "--format", help="table, csv, json or xlsx."),
    output: Path = typer.Option(None, "-o", "--output", help="Write to this file."),
    data: Path = typer.Option(None, help="Read the ledger from this folder of import files "
                                         "instead of the database."),
    list_: bool = typer.Option(False, "--list", help="List every measure with its "
                                                     "definition."),
    threshold: int = typer.Option(5, help="Suppress figures about fewer than this many "
                                          "people (0 turns suppression off)."),
) -> None:
    """Compute measures. JSON rows: {id, organisation, start, end, <breakdowns>, numerator,
    denominator, value, suppressed} (see docs/measures.md)."""
    from workforce.measures import all_measures

    if list_:
        _print_list(all_measures())
        return
    try:
        windows = _windows(as_at, start, end, series)
    except ValueError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(2) from None
    registry = all_measures()
    unknown = [m for m in measure or [] if m not in registry]
    if unknown:
        console.print(f"[red]Unknown measure(s): {', '.join(unknown)}. "
                      "See `workforce measures --list`.")
        raise typer.Exit(2)
    from workforce.measures import engine
    from workforce.measures.output import format_rows

    try:
        ledger = context.load_ledger(org, data)
        rows = engine.run(ledger, measure or None, windows, by or (),
                          threshold=threshold or None)
    except ValueError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(2) from None
    rendered = format_rows(rows.drop("people"), fmt)
    if output is not None:
        mode = "wb" if isinstance(rendered, bytes) else "w"
        with output.open(mode) as fh:
            fh.write(rendered)
        console.print(f"Wrote {rows.height} rows to {output}")
    elif isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        sys.stdout.write(rendered)


def _windows(as_at: str | None, start: str | None, end: str | None, series: str | None):
    from workforce.measures import windows as w

    if series:
        if not (start and end):
            raise ValueError("--series needs --from and --to")
        return w.series(series, date.fromisoformat(start), date.fromisoformat(end))
    if start or end:
        if not (start and end):
            raise ValueError("Give both --from and --to, or --as-at")
        return [w.Window(date.fromisoformat(start), date.fromisoformat(end))]
    return [w.as_at(date.fromisoformat(as_at) if as_at else date.today())]


def _print_list(registry) -> None:
    table = Table("id", "measure", "definition", show_lines=False)
    for mid, m in registry.items():
        label = f"{m.title} (local variant)" if m.local_variant else m.title
        table.add_row(mid, label, m.definition)
    Console().print(table)
