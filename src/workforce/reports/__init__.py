"""The quarterly workforce report for boards and committees, as PDF, Excel and HTML.

    from workforce.reports import Request, build, render
    report = build(ledger, Request("2025-Q3", plan=plan, commentary={"summary": "..."}))
    pdf_bytes = render(report, "pdf")          # or "xlsx", "html"

One module per concept: `model` (a report as plain data, every engine figure with its
source), `contents` (what each section shows), `figures` (engine rows in a few batched runs),
`goals` (targets by the strategy's rules), `sections`, `summary`, `progress` and `annex` (the
sections), `build` (the assembly), and the renderers `html`, `pdf` (WeasyPrint, tagged
PDF/UA, charts drawn as SVG by vl-convert) and `excel` (xlsxwriter).
"""

from __future__ import annotations

from workforce.ledger import Ledger
from workforce.reports.build import SECTIONS, Request, build, quarter_end_of
from workforce.reports.figures import Run
from workforce.reports.model import Report
from workforce.runtime import paused_gc

FORMATS = {"pdf": "application/pdf",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "html": "text/html; charset=utf-8"}


@paused_gc()
def render(report: Report, fmt: str, page: str | None = None) -> bytes:
    """The report as `fmt` ("pdf", "xlsx" or "html") bytes; a PDF is printed from `page`,
    the report's HTML, when it has been made already (the HTML download is that page).

    The cyclic garbage collector waits meanwhile: WeasyPrint makes hundreds of thousands of
    short-lived objects, and the collections they set off, each going over every object the
    process holds, took a sixth of a PDF's time (`bench/report_first.py`)."""
    if fmt == "pdf":
        from workforce.reports import pdf

        return pdf.write(report, page)
    if fmt == "xlsx":
        from workforce.reports import excel

        return excel.write(report)
    if fmt == "html":
        from workforce.reports import html

        return html.render(report).encode("utf-8")
    raise ValueError(f"Unknown format {fmt!r}: use {', '.join(FORMATS)}")


def produce(ledger: Ledger, request: Request, fmt: str, run: Run | None = None) -> bytes:
    """Build and render in one call; charts' renderer starts while the figures compute."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: use {', '.join(FORMATS)}")
    warming = None
    if fmt in ("pdf", "html"):
        from workforce.reports.pdf import warm_up

        warming = warm_up()
    report = build(ledger, request, run)
    if warming is not None:
        warming.join()
    return render(report, fmt)


__all__ = ["FORMATS", "SECTIONS", "Report", "Request", "build", "produce", "quarter_end_of",
           "render"]
