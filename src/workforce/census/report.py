"""A validation report as rows, and its three renderings: a readable table, CSV and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from workforce.census.validate import Finding, Report
from workforce.spreadsheet import safe_text

COLUMNS = ("file", "severity", "code", "record", "line", "swe", "field", "value", "message")
HEADINGS = {"file": "File", "severity": "Severity", "code": "Rule", "record": "Record",
            "line": "Line", "swe": "SWE number", "field": "Item", "value": "Value",
            "message": "What is wrong"}


def rows(reports: Sequence[Report]) -> list[dict[str, object]]:
    """One row per finding, in the report's order."""
    return [{k: asdict(f)[k] for k in COLUMNS} for r in reports for f in r.findings]


def sentence(f: Finding) -> str:
    """A finding as one plain-English line: who, which item, what is wrong."""
    who = f"Worker {f.swe}" if f.swe else f.record.capitalize()
    where = f" ({f.record}, line {f.line})" if f.line else f" ({f.record})"
    item = f", {f.field}" if f.field else ""
    value = f" (value '{f.value}')" if f.value else ""
    return f"{f.severity.upper()} {f.code}: {who}{where}{item}{value}: {f.message}"


def counted(n: int, one: str, many: str) -> str:
    """`n` and the noun, singular for 1: "1 error", "2 errors"."""
    return f"{n:,} {one if n == 1 else many}"


def summary(report: Report) -> str:
    year = report.year or "unknown year"
    if any(f.code == "READ" for f in report.errors):  # not read as a return: no counts
        return (f"{report.file}: could not be read as a census return "
                f"({counted(len(report.errors), 'error', 'errors')})")
    return (f"{report.file}: {year} return for LA {report.lea or '?'}, "
            f"{counted(report.workers, 'worker', 'workers')}, "
            f"{counted(len(report.errors), 'error', 'errors')}, "
            f"{counted(len(report.queries), 'query', 'queries')}")


def by_rule(report: Report) -> list[str]:
    """One line per (rule, item): how many records it hits and what is wrong."""
    counts: dict[tuple[str, str, str, str], int] = {}
    for f in report.findings:
        key = (f.severity, f.code, f.field, f.message)
        counts[key] = counts.get(key, 0) + 1
    return [f"{sev.upper():5} {code:9} {item or '-':17} {n:>6,} x  {msg}"
            for (sev, code, item, msg), n in sorted(counts.items())]


def to_csv(reports: Sequence[Report]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS))
    writer.writerow(HEADINGS)
    writer.writerows({k: safe_text(v) for k, v in row.items()} for row in rows(reports))
    return buf.getvalue()


def to_xlsx(reports: Sequence[Report], path: str | Path) -> None:
    """Write a workbook: a Summary sheet and a Findings sheet with a filter on every column."""
    from workforce.spreadsheet import workbook

    book = workbook(str(path))
    bold = book.add_format({"bold": True})
    head = book.add_worksheet("Summary")
    for i, title in enumerate(("File", "Year", "LA", "Workers", "Errors", "Queries")):
        head.write(0, i, title, bold)
    for r, rep in enumerate(reports, start=1):
        head.write_row(r, 0, [rep.file, rep.year or "", rep.lea, rep.workers,
                              len(rep.errors), len(rep.queries)])
    sheet = book.add_worksheet("Findings")
    sheet.write_row(0, 0, [HEADINGS[c] for c in COLUMNS], bold)
    data = rows(reports)
    for r, row in enumerate(data, start=1):
        sheet.write_row(r, 0, [row[c] for c in COLUMNS])
    sheet.autofilter(0, 0, max(len(data), 1), len(COLUMNS) - 1)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 24)
    sheet.set_column(len(COLUMNS) - 1, len(COLUMNS) - 1, 90)
    book.close()


def to_table(reports: Sequence[Report]):  # -> rich.table.Table
    """A Rich table for the terminal: one line per finding, grouped by file."""
    from rich.table import Table

    table = Table(title="CSWW validation", show_lines=False, expand=False)
    for title, style in (("", "bold"), ("Rule", ""), ("Where", ""), ("Item", "cyan"),
                         ("Value", ""), ("What is wrong", "")):
        table.add_column(title, style=style, overflow="fold")
    for r in reports:
        for f in r.findings:
            mark = "[red]ERROR[/red]" if f.severity == "error" else "[yellow]query[/yellow]"
            where = " · ".join(x for x in (f.record, f.swe, f"line {f.line}" if f.line else "")
                               if x)
            file = f"{Path(f.file).name}: " if len(reports) > 1 else ""
            table.add_row(mark, f.code, file + where, f.field, f.value, f.message)
    return table
