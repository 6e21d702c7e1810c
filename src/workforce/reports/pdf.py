"""The report as an accessible A4 PDF, printed by WeasyPrint from the report's HTML, with its
charts drawn as SVG by vl-convert from the same Vega-Lite specs the web draws.

- Tagged (PDF/UA-1): headings, paragraphs, lists, tables with header cells and figures with
  their alternative text are in the structure tree, so screen readers follow the document.
- Real text everywhere, charts included: charts are vector SVG whose labels are `<text>`.
- A4 with page numbers ("Page 3 of 18") and the organisation and title on every page but the
  cover (`report.css`); system fonts only, nothing is fetched.

vl-convert starts a JavaScript engine on its first call (a few seconds); `warm_up` starts it
in a thread while the figures are computed, once per process. A chart is drawn once: its SVG
is kept by its spec (`DRAWN`), so the HTML download and the PDF printed from the same report,
or a report made again with new commentary, draw none again. Where a PDF's time goes is
measured by `bench/report_web.py` and, for the first report of a process (every `workforce
report`), `bench/report_first.py`: most of it is WeasyPrint laying out the pages.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
from collections import OrderedDict

from workforce.reports.model import Report

VARIANT = "pdf/ua-1"
WIDTH = 640  # px: the A4 content width (174 mm) is 658 px at 96 px per inch
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"  # as report.css
DRAWN = 64
"""How many charts' SVG are kept (a report has about ten; each is some 20 to 40 KB)."""
_LOCK = threading.Lock()  # vl-convert draws one chart at a time
_WARM_LOCK = threading.Lock()
_DRAWN: OrderedDict[str, str] = OrderedDict()
_WARMING: list[threading.Thread] = []


def write(report: Report, page: str | None = None) -> bytes:
    """The report as PDF bytes, printed from `page`, its HTML (`html.render` with `draw`),
    when it has been made already."""
    if page is None:
        from workforce.reports.html import render

        page = render(report, draw)
    return print_html(page)


def print_html(page: str) -> bytes:
    """The report's HTML (`html.render(report, draw)`) printed as a tagged PDF."""
    from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not support at warning level; the report's
    # stylesheet is ours and checked by looking at the pages, so only errors are worth seeing.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=page).write_pdf(pdf_variant=VARIANT, pdf_tags=True,
                                       custom_metadata=True)


def fixed(spec: dict, width: int = WIDTH) -> dict:
    """A copy of `spec` for paper: a fixed width (there is no container to fill) and the
    report's own font, so the text is measured and drawn in the same face everywhere."""
    out = copy.deepcopy(spec)
    _set_font(out.get("config", {}))
    labels = [str(p.get("category", "")) for p in out.get("data", {}).get("values", [])]
    if any(labels):  # bars: room for the longest group name, and for the value after a bar
        out["width"] = max(240, width - min(360, 7 * max(map(len, labels))) - 50)
        out["autosize"] = {"type": "pad"}
        out["padding"] = {"left": 5, "top": 5, "right": 40, "bottom": 5}
    else:
        out["width"] = width
        out["autosize"] = {"type": "fit-x", "contains": "padding"}
    return out


def _set_font(config: dict) -> None:
    for key, value in config.items():
        if isinstance(value, dict):
            _set_font(value)
        elif key in ("font", "labelFont", "titleFont"):
            config[key] = FONT


def draw(spec: dict, width: int = WIDTH) -> str:
    """The chart as an SVG document (text as text); a chart drawn before is not drawn again
    (the same spec and width give the same SVG)."""
    import vl_convert as vlc

    key = json.dumps([spec, width], sort_keys=True, default=str)
    with _LOCK:
        svg = _DRAWN.get(key)
        if svg is None:
            svg = vlc.vegalite_to_svg(fixed(spec, width))
            _DRAWN[key] = svg
            while len(_DRAWN) > DRAWN:
                _DRAWN.popitem(last=False)
        _DRAWN.move_to_end(key)
        return svg


def warm_up() -> threading.Thread:
    """Start vl-convert's engine, and load WeasyPrint with its fonts (about a second of
    imports and font set-up), in a background thread while the figures are computed; join
    it before drawing. Done once per process: later calls return the same thread."""
    with _WARM_LOCK:
        if not _WARMING:
            _WARMING.append(_warming())
        return _WARMING[0]


def _warming() -> threading.Thread:
    def run() -> None:
        draw({"mark": "point", "data": {"values": [{"x": 1}]},
              "encoding": {"x": {"field": "x", "type": "quantitative"}}}, 10)
        from weasyprint import HTML

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        HTML(string=f'<p style="font-family: {FONT}">Warm-up <b>bold</b></p>').render()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
