"""`workforce strategy ...`: the action plan from the command line.

`template` and `check` need no database. `import`, `export` and `demo` change or read the
database, so they run the web package's `strategy` management command in a child process:
the core never imports the web package (import-linter contract), and `workforce.cli.context`
is the one door that may.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer
from rich.console import Console

from workforce.cli import context
from workforce.cli.errors import fail, file_errors
from workforce.cli.options import parse_date

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
                  help="Strategy and action plan: the Excel template, import, export, demo.")
console = Console(stderr=True)
out = Console(soft_wrap=True)  # what a command found, as the import prints it: standard output


@app.command("template")
def template(output: Path = typer.Argument(..., help="Where to write the blank workbook "
                                                     "(.xlsx).")) -> None:
    """Write the blank action-plan workbook, with notes on every column."""
    from workforce.strategy.workbook_write import template as blank

    with file_errors(output):
        output.write_bytes(blank())
    console.print(f"Wrote the action plan template to {output}")


@app.command("check")
def check(path: Path = typer.Argument(..., help="An action-plan workbook (.xlsx).")) -> None:
    """Check a workbook against the template's rules without storing anything (measures and
    tracked codes are checked; units, usernames and tracked measures in the database are
    checked on import). Warnings, such as a target's milestone outside the range from its
    baseline to its goal, are printed as the import prints them, but saying that they would
    be stored as given (the check stores nothing), and do not fail the check (a baseline
    given by its date alone is measured, and its milestones checked, on import)."""
    from workforce.strategy.workbook_read import read_workbook
    from workforce.strategy.workbook_targets import checked

    _exists(path)
    with file_errors(path, verb="read"):
        found = read_workbook(path.read_bytes(), path.name, "")
    plan = found.plan
    for p in found.problems:  # on standard error, as the import prints them
        console.print(str(p), highlight=False, markup=False, soft_wrap=True)
    if plan is None:
        raise typer.Exit(1)
    out.print(f"{path.name}: {len(plan.themes)} themes, {len(plan.actions)} actions, "
              f"{len(plan.targets)} targets; no problems.", highlight=False, markup=False)
    for warning in found.warnings:  # one line each, as the import's but for the hint
        out.print(f"Warning: {checked(warning)}", markup=False, highlight=False)


@app.command("import")
def import_plan(path: Path = typer.Argument(..., help="An action-plan workbook (.xlsx)."),
                org: str = typer.Option(None, help="Organisation code, LA number or E-code "
                                                   "(default: the only one)."),
                user: str = typer.Option(None, help="Username the changes are recorded "
                                                    "under."),
                replace_newer: bool = typer.Option(
                    False, "--replace-newer", help="Import a workbook exported before the "
                                                   "plan's latest change, replacing the "
                                                   "changes made since (refused without "
                                                   "this).")) -> None:
    """Import a workbook into the database: the whole plan, or nothing when it has any
    problem. Importing the same workbook again changes nothing. A workbook exported before
    the plan last changed is refused, as it would undo the changes made since, unless
    `--replace-newer` is given."""
    _exists(path)
    _web("import", str(path), *_org(org), *_opt("--user", user),
         *(["--replace-newer"] if replace_newer else []))


@app.command("export")
def export(path: Path = typer.Argument(..., help="The workbook to write (.xlsx)."),
           org: str = typer.Option(None, help="Organisation code, LA number or E-code "
                                              "(default: the only one)."),
           strategy: str = typer.Option(None, help="Strategy title or id (default: the only "
                                                   "one).")) -> None:
    """Export a whole plan: themes, actions with updates, targets with today's RAG, tracked
    measures, feedback, reviews and the change history."""
    _web("export", str(path), *_org(org), *_opt("--strategy", strategy))


@app.command("demo")
def demo(org: str = typer.Option(None, help="Organisation code, LA number or E-code "
                                              "(default: the only one)."),
         today: str = typer.Option(None, help="Pretend today is this date (yyyy-mm-dd or "
                                              "dd/mm/yyyy).")
         ) -> None:
    """Build the demo strategy (four themes, about forty actions, targets, two reviews) for
    an organisation already in the database, replacing its strategies."""
    try:
        day = parse_date(today, "--today").isoformat() if today else None
    except ValueError as exc:
        raise fail(str(exc)) from None
    _web("demo", *_org(org), *_opt("--today", day))


def _opt(name: str, value: str | None) -> list[str]:
    return [name, value] if value else []


def _org(org: str | None) -> list[str]:
    """`--org CODE` for the web command, the organisation named by any of its codes; this
    also creates the database's tables when it is new."""
    try:
        if org is None:
            context.setup_django()
            return []
        return ["--org", context.organisation_code(org)]
    except ValueError as exc:
        raise fail(str(exc)) from None


def _exists(path: Path) -> None:
    if not path.exists():
        raise fail(f"No such file: {path}")


def _web(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "workforce_web", "strategy", *args],
                          check=False)
    if done.returncode:
        raise typer.Exit(done.returncode)
