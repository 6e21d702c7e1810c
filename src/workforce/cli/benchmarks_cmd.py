"""`workforce benchmarks`: DfE's published indicators and statistical neighbours.

    workforce benchmarks show --la 333            # Sandwell against England, region, SNs
    workforce benchmarks load FILE                # a newer DfE indicators file (checked first)
    workforce benchmarks reset                    # back to the shipped release
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from workforce import benchmarks as bm
from workforce.benchmarks.indicators import HEADLINE_COLUMNS
from workforce.cli.errors import fail

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
                  help="DfE's published workforce indicators and statistical neighbours.")
console = Console()
errors = Console(stderr=True)


@app.command("load")
def load_file(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="DfE's indicators CSV (data set '1. Indicators')."),
    release: str = typer.Option(None, help="Name of the release, e.g. 'Children's social "
                                           "work workforce, reporting year 2026'."),
    force: bool = typer.Option(False, help="Load even if older than the data in use."),
    folder: Path = typer.Option(None, "--dir", help="Data folder (default var/benchmarks)."),
) -> None:
    """Check a newer DfE indicators file and make it the one in use."""
    checked = bm.install(file, folder, release, force)
    if not checked.ok:
        errors.print(f"[red]{file} was not loaded:")
        for problem in checked.problems:
            errors.print(f"  - {problem}")
        raise typer.Exit(1)
    b = bm.load(folder)
    console.print(f"Loaded {file.name}: years {min(checked.years)}-{max(checked.years)}, "
                  f"{len(checked.indicators)} indicators. Release in use: {b.vintage}.")
    if checked.ignored:
        console.print(f"Columns not used: {', '.join(checked.ignored)}.")


@app.command("reset")
def reset(folder: Path = typer.Option(None, "--dir", help="Data folder.")) -> None:
    """Stop using a loaded file and go back to the release shipped with the product."""
    removed = bm.uninstall(folder)
    console.print("Back to the shipped release." if removed else "No loaded file; the shipped "
                  "release is in use.")


@app.command("show")
def show(
    la: str = typer.Option(..., "--la", help="DfE 3-digit LA number, e.g. 333."),
    indicator: list[str] = typer.Option(None, "--indicator", "-i",
                                        help="Indicator column; repeat. Default: headline."),
    folder: Path = typer.Option(None, "--dir", help="Data folder."),
) -> None:
    """The LA's published figures against England, its region and its neighbours' median."""
    b = bm.load(folder)
    who = bm.authority(b, la)
    if who is None:
        raise fail(f"No local authority {la!r} in DfE's file: use the 3-digit LA number.")
    unknown = [i for i in indicator or [] if i not in bm.INDICATORS]
    if unknown:
        raise fail(f"Unknown indicator(s) {', '.join(unknown)}; known: "
                   f"{', '.join(bm.INDICATORS)}")
    console.print(f"[bold]{who.name}[/] ({la}), {who.region_name}. Release: {b.vintage}.")
    for ind in indicator or HEADLINE_COLUMNS:
        console.print(_table(b, ind, la, who.region_name))
    names = ", ".join(bm.neighbours_of(b, la)["name"].to_list()) or "none (joint return)"
    console.print(f"Statistical neighbours: {names}.")


def _table(b: bm.Benchmarks, indicator: str, la: str, region: str) -> Table:
    info = bm.INDICATORS[indicator]
    t = Table(title=f"{info.title} ({info.period})", title_justify="left")
    for col in ("Year", "Published", "England", region, "Neighbours' median"):
        t.add_column(col, justify="right")
    for r in bm.comparators(b, indicator, la).iter_rows(named=True):
        own = r["published_status"] or _num(r["published"])
        t.add_row(str(r["year"]), own, _num(r["england"]), _num(r["region"]),
                  _num(r["neighbours"]))
    return t


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:,.1f}"
