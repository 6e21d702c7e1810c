"""`workforce report`: the quarterly workforce report as PDF, Excel or HTML.

    workforce report --period 2025-Q3 --format pdf -o board-2025-Q3.pdf
    workforce report --period 2025-Q3 --data exports/ --strategy strategy.xlsx -o report.xlsx

Figures are always suppressed (figures about 1 to 4 people show as "c"). Targets and actions
come from the strategy workbook given with `--strategy`, else from the strategy stored in the
database when the command reads the database.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console

from workforce.cli import context
from workforce.cli.errors import cannot, check_writable, fail, file_errors

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    period: str = typer.Option(..., help="The quarter, e.g. 2025-Q3."),
    output: Path = typer.Option(..., "-o", "--output", help="Write the report to this file."),
    fmt: str = typer.Option(None, "--format", help="pdf, xlsx or html (default: from the "
                                                   "output file's suffix)."),
    unit: str = typer.Option("", help="Report on one unit (code) and the units below it "
                                      "instead of the whole organisation."),
    org: str = typer.Option(None, help="Organisation code, DfE 3-digit LA number or ONS "
                                       "E-code (default: the first one)."),
    data: Path = typer.Option(None, help="Read the ledger from this folder of import files "
                                         "instead of the database."),
    strategy: Path = typer.Option(None, help="A strategy workbook (.xlsx) with the targets "
                                             "and action plan."),
    commentary: Path = typer.Option(None, help="A JSON file of commentary by section: "
                                               '{"summary": "...", "stability": "..."}.'),
) -> None:
    """Write the quarterly workforce report for boards and committees."""
    from workforce.reports import FORMATS, Request, produce, quarter_end_of
    from workforce.runtime import DEFAULT_THRESHOLD, configured_threshold

    chosen = (fmt or output.suffix.lstrip(".")).lower()
    with file_errors(output):
        check_writable(output)  # before the report is worked out
    try:
        if chosen not in FORMATS:
            raise ValueError(f"Unknown format {chosen!r}: use --format pdf, xlsx or html")
        quarter_end_of(period)
        notes = _commentary(commentary)
        started = time.perf_counter()
        ledger = context.load_ledger(org, data)
        if not ledger.organisations:
            raise ValueError(f"No organisation in {data}." if data else context.EMPTY)
        code = ledger.organisations[0]  # with --org, the one it names (by any of its codes)
        plan = _plan(strategy, code, data)
        request = Request(period, code, unit, plan, commentary=notes,
                          threshold=configured_threshold())
        body = produce(ledger, request, chosen)
    except ValueError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:  # --data, --strategy or --commentary: nothing is written before
        raise fail(cannot("read", exc) or str(exc)) from None
    with file_errors(output):
        output.write_bytes(body)
    if data is None and request.threshold < DEFAULT_THRESHOLD:
        # figures about 1 to 4 people can tell who someone is: recorded as the measures
        # command records them (the web's reports are suppressed at the setting too)
        context.audit("workforce report", "cli_report_unsuppressed", code,
                      f"{period} report with figures suppressed only below "
                      f"{request.threshold} people, written to {output.resolve()}")
    console.print(f"Wrote the {period} report ({chosen}, {len(body) / 1024:,.0f} KB) to "
                  f"{output} in {time.perf_counter() - started:.1f}s")


def _commentary(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        raise ValueError(f"{path}: give an object of section: text, e.g. "
                         '{"summary": "Turnover is falling."}')
    return found


def _plan(path: Path | None, organisation: str, data: Path | None):  # noqa: ANN202
    """The strategy from a workbook, else the database's (when reading the database)."""
    if path is not None:
        from workforce.strategy.workbook_read import read_plan

        plan, problems = read_plan(path.read_bytes(), path.name, organisation)
        if problems:
            raise ValueError("\n".join(str(p) for p in problems[:20]))
        return plan
    return context.load_plan(organisation) if data is None else None
