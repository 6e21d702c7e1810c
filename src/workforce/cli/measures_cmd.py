"""`workforce measures`: compute any measure for any window, series and breakdown."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from workforce.cli import context
from workforce.cli.errors import check_writable, fail, file_errors
from workforce.cli.options import parse_date
from workforce.measures.suppression import DEFAULT_THRESHOLD
from workforce.runtime import configured_threshold

console = Console(stderr=True)
LIST_FIELDS = ("id", "title", "definition", "formula", "unit", "polarity", "kind", "source",
               "breakdowns", "local_variant")


class Format(StrEnum):
    """The formats `measures.output` writes (`FORMATS`; a test checks they agree)."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class SeriesKind(StrEnum):
    monthly = "monthly"
    quarterly = "quarterly"
    financial_year = "financial-year"
    dfe_year = "dfe-year"


def register(app: typer.Typer) -> None:
    app.command("measures")(measures)


def measures(
    org: str = typer.Option(None, help="Organisation: its code, DfE 3-digit LA number or ONS "
                                       "E-code; default: every one."),
    measure: list[str] = typer.Option(None, "--measure", "-m", help="Measure id; repeat for "
                                                                   "more. Default: all."),
    as_at: str = typer.Option(None, "--as-at", help="Stock measures at DATE, flow measures "
                                                    "over the 12 months ending DATE "
                                                    "(yyyy-mm-dd or dd/mm/yyyy; default "
                                                    "today)."),
    start: str = typer.Option(None, "--from", help="Window start (yyyy-mm-dd or "
                                                   "dd/mm/yyyy)."),
    end: str = typer.Option(None, "--to", help="Window end (yyyy-mm-dd or dd/mm/yyyy)."),
    by: list[str] = typer.Option(None, "--by", help="Breakdown, e.g. unit, team, "
                                                    "staff_group, org_role, experience, sex."),
    series: SeriesKind = typer.Option(None, help="Windows over --from..--to: monthly, "
                                                 "quarterly, financial-year or dfe-year."),
    fmt: Format = typer.Option(Format.table, "--format", case_sensitive=False,
                               help="table, csv, json or xlsx (--list: table, csv or json)."),
    output: Path = typer.Option(None, "-o", "--output", help="Write to this file."),
    data: Path = typer.Option(None, help="Read the ledger from this folder of import files "
                                         "instead of the database."),
    list_: bool = typer.Option(False, "--list", help="List every measure with its "
                                                     "definition."),
    threshold: int | None = typer.Option(None, min=0,
                                  help="Suppress figures about fewer than this many people (0 "
                                       "turns suppression off; below 5 is recorded in the "
                                       "audit log). Default: SUPPRESSION_THRESHOLD, else 5."),
) -> None:
    """Compute measures. JSON rows: {id, organisation, start, end, (each breakdown), numerator,
    denominator, value, suppressed} (see docs/measures.md). Figures about 1 to 4 people can
    tell who someone is, so measures from the database with a threshold below 5 are recorded
    in the audit log."""
    from workforce.measures import all_measures

    registry = all_measures()
    if list_:
        if fmt is Format.xlsx:
            raise fail("--list writes table, csv or json; use --format table, csv or json.")
        _emit(_render_list(registry, fmt), output, f"{len(registry)} measures")
        return
    try:
        if threshold is None:
            threshold = configured_threshold()
        windows = _windows(as_at, start, end, series.value if series else None)
        _check_choices(registry, measure or list(registry), by or [])
    except ValueError as exc:
        raise fail(str(exc)) from None
    from workforce.measures import engine
    from workforce.measures.output import format_rows

    if output is not None:
        with file_errors(output):
            check_writable(output)  # before the measures are worked out
    try:
        with file_errors(data, "read"):
            ledger = context.load_ledger(org, data)
        if not ledger.organisations:
            raise ValueError(f"No organisation in {data}." if data else context.EMPTY)
        rows = engine.run(ledger, measure or None, windows, by or (),
                          threshold=threshold or None, frugal=True)
    except ValueError as exc:
        raise fail(str(exc)) from None
    _emit(format_rows(rows.drop("people"), fmt.value), output, f"{rows.height} rows")
    if data is None and threshold < DEFAULT_THRESHOLD:
        _audit_unsuppressed(rows, threshold, output)


def _audit_unsuppressed(rows, threshold: int, output: Path | None) -> None:  # noqa: ANN001
    """One audit record per organisation: how many figures about 1 to 4 people were shown,
    and where they went."""
    import polars as pl

    small = rows.filter(~pl.col("suppressed") & pl.col("people").is_between(1, 4))
    shown_by_org = dict(small.group_by("organisation").len().iter_rows())
    where = output.resolve() if output is not None else "standard output"
    for org in rows["organisation"].unique(maintain_order=True).to_list():
        shown = shown_by_org.get(org, 0)
        context.audit("workforce measures", "cli_measures_unsuppressed", org,
                      f"figures not suppressed (threshold {threshold}): {shown:,} figures "
                      f"about 1 to 4 people to {where}")


def _emit(rendered: str | bytes, output: Path | None, what: str) -> None:
    if output is not None:
        mode = "wb" if isinstance(rendered, bytes) else "w"
        with file_errors(output), output.open(mode) as fh:
            fh.write(rendered)
        console.print(f"Wrote {what} to {output}")
    elif isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        sys.stdout.write(rendered)


def _windows(as_at: str | None, start: str | None, end: str | None, series: str | None):
    from workforce.measures import windows as w

    if as_at and (start or end or series):
        raise ValueError("Give either --as-at DATE or --from DATE --to DATE, not both.")
    if series and not (start and end):
        raise ValueError(f"--series {series} needs --from and --to.")
    if start or end:
        if not (start and end):
            raise ValueError("Give both --from and --to, or --as-at.")
        first, last = parse_date(start, "--from"), parse_date(end, "--to")
        if last < first:
            raise ValueError(f"--to {end} is before --from {start}.")
        if series:
            found = w.series(series, first, last)
            if not found:
                raise ValueError(f"No whole {series} window ends between {start} and {end}.")
            return found
        return [w.Window(first, last)]
    return [w.as_at(parse_date(as_at, "--as-at") if as_at else date.today())]


def _check_choices(registry, ids: list[str], by: list[str]) -> None:
    """Unknown measure ids and breakdowns no chosen measure offers are errors up front."""
    unknown = [m for m in ids if m not in registry]
    if unknown:
        raise ValueError(f"Unknown measure(s): {', '.join(unknown)}. "
                         "See `workforce measures --list`.")
    offered = sorted({b for m in ids for b in registry[m].breakdowns})
    missing = [b for b in by if b not in offered]
    if missing:
        raise ValueError(f"No chosen measure can be broken down by {', '.join(missing)}. "
                         f"Breakdowns offered: {', '.join(offered) or 'none'}.")


def _label(m) -> str:
    """The title, marked as a local variant once (some titles already say so)."""
    if m.local_variant and "local variant" not in m.title.lower():
        return f"{m.title} (local variant)"
    return m.title


def _render_list(registry, fmt: Format) -> str:
    records = [{"id": mid, "title": m.title, "definition": m.definition,
                "formula": m.formula, "unit": m.unit, "polarity": m.polarity, "kind": m.kind,
                "source": m.source, "breakdowns": list(m.breakdowns),
                "local_variant": m.local_variant} for mid, m in registry.items()]
    if fmt is Format.json:
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt is Format.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=LIST_FIELDS, lineterminator="\n")
        writer.writeheader()
        for rec in records:
            writer.writerow({**rec, "breakdowns": ";".join(rec["breakdowns"])})
        return buf.getvalue()
    table = Table("id", "measure", "definition", show_lines=False)
    for rec in records:
        # a docstring's line breaks are where its source lines end: the table wraps anew
        table.add_row(rec["id"], _label(registry[rec["id"]]), " ".join(rec["definition"].split()))
    out = Console(record=True, width=Console().width, file=io.StringIO())
    out.print(table)
    return out.export_text()
