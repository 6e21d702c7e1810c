"""The report as one self-contained HTML document: the HTML download, and what the PDF is
printed from (`pdf.py` adds nothing but the page rules in `report.css`).

Accessible by construction: one `h1` (the cover), an `h2` per section, tables with captions,
column headers and row headers (`scope`), charts as images whose `alt` is the chart's text
alternative with every number in the table beside it, RAG statuses as words as well as colours.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from html import escape
from importlib import resources

from workforce.reports.model import Cell, Chart, Definition, Report, Section, Table

Render = Callable[[dict], str]
NUM = ' class="num"'
SHORT = 14  # rows: a table this short is kept on one page


def css() -> str:
    return resources.files("workforce.reports").joinpath("report.css").read_text("utf-8")


def render(report: Report, draw: Render | None = None) -> str:
    """The whole report as HTML; `draw` turns a Vega-Lite spec into SVG (default: vl-convert,
    `pdf.draw`)."""
    if draw is None:
        from workforce.reports.pdf import draw as drawn
        draw = drawn
    parts = [_head(report), '<body>', _cover(report)]
    numbered = [s for s in report.sections if s.key != "definitions"]
    for n, s in enumerate(numbered, start=1):
        parts.append(_section(s, n, draw))
    parts.append(_definitions(report.definitions))
    parts.append("</body></html>")
    return "\n".join(parts)


def _head(r: Report) -> str:
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
            f"<title>{escape(r.title)} – {escape(r.organisation_name)}</title>"
            f'<meta name="author" content="{escape(r.organisation_name)}">'
            f'<meta name="description" content="Quarterly workforce report for '
            f'{escape(r.scope)}, {escape(r.period_label)}">'
            f'<meta name="keywords" content="workforce, children\'s services, {r.period}">'
            f'<meta name="generator" content="Workforce">'
            f'<meta name="dcterms.created" content="{r.produced.isoformat()}">'
            f"<style>{css()}{_running(r)}</style></head>")


def _running(r: Report) -> str:
    """The page header's title and footer's rule, for every page but the cover (CSS strings:
    no entity escapes apply inside <style>, so characters that could end one are dropped)."""
    quoted = re.sub(r'[\\"<>]', "", r.title)
    rule = f"Figures about fewer than {r.threshold} people are shown as c"
    return (f'@page {{ @top-right {{ content: "{quoted}"; }} '
            f'@bottom-left {{ content: "{rule}"; }} }} '
            "@page :first { @top-right { content: none; } @bottom-left { content: none; } }")



def _cover(r: Report) -> str:
    facts = [("Period", f"{r.period_label} ({r.period})"), ("Covering", r.scope),
             ("For", r.audience), ("Produced", f"{r.produced.day} {r.produced:%B %Y}")]
    if r.strategy:
        facts.append(("Strategy", r.strategy))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    points = "".join(f"<li>{escape(p)}</li>" for p in r.summary)
    contents = "".join(f'<li><a href="#{s.key}">{escape(s.title)}</a></li>'
                       for s in r.sections)
    out = ['<section class="cover" aria-label="Cover">',
           f'<p class="org">{escape(r.organisation_name)}</p>',
           f'<h1>Workforce report<span class="period">{escape(r.period_label)}</span></h1>',
           f'<dl class="facts">{dl}</dl>']
    if points:
        out.append(f'<div class="glance"><h2 class="small">At a glance</h2><ul>{points}</ul>'
                   "</div>")
    out.append(f'<nav aria-label="Contents"><h2 class="small">Contents</h2><ol>{contents}'
               "</ol></nav>")
    out.append('<div class="about"><h2 class="small">About the figures</h2>'
               + "".join(f"<p>{escape(a)}</p>" for a in r.about) + "</div>")
    out.append("</section>")
    return "\n".join(out)


def _section(s: Section, n: int, draw: Render) -> str:
    out = [f'<section id="{s.key}" class="section{" annex" if s.annex else ""}">',
           '<div class="section-head">',
           f"<h2>{'' if s.annex else f'{n}. '}{escape(s.title)}</h2>"]
    if s.lead:
        out.append(f'<p class="lead">{escape(s.lead)}</p>')
    if s.points:
        items = "".join(f"<li>{escape(p)}</li>" for p in s.points)
        out.append(f'<div class="points"><h3>Key points</h3><ul>{items}</ul></div>')
    out.append("</div>")
    if s.commentary.strip():
        paras = "".join(f"<p>{escape(p.strip())}</p>" for p in s.commentary.split("\n\n")
                        if p.strip())
        out.append(f'<div class="commentary"><h3>Commentary</h3>{paras}</div>')
    tables = {t.key: t for t in s.tables}
    charted = {c.table for c in s.charts}
    shown: set[str] = set()
    if s.tables and s.tables[0].key not in charted:
        out.append(_table(s.tables[0]))
        shown.add(s.tables[0].key)
    for chart in s.charts:
        out.append(_figure(chart, draw))
        if chart.table in tables and chart.table not in shown:
            out.append(_table(tables[chart.table]))
            shown.add(chart.table)
    out += [_table(t) for t in s.tables if t.key not in shown]
    out += [f'<p class="note">{escape(note)}</p>' for note in s.notes]
    out.append("</section>")
    return "\n".join(out)


def _figure(chart: Chart, draw: Render) -> str:
    svg = draw(chart.spec)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    found = re.search(r'<svg[^>]*\swidth="([0-9.]+)"', svg)
    # Drawn at its own size (never stretched), so chart text keeps the size it was set in.
    size = f' style="width:{float(found.group(1)) * 0.75:.0f}pt"' if found else ""
    return (f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}"{size} '
            f'alt="{escape(chart.description)}"><figcaption>Figure: {escape(chart.title)}. '
            "The table below gives every number in the chart.</figcaption></figure>")


def _cell(c: Cell, header: bool = False, numeric: bool = False) -> str:
    classes = []
    if numeric and not c.rag:
        classes.append("num")
    if c.rag:
        classes.append(f"rag rag-{c.rag}")
    cls = f' class="{" ".join(classes)}"' if classes else ""
    body = f"<span>{escape(c.text)}</span>" if c.rag else escape(c.text)
    if header:
        return f'<th scope="row"{cls}>{body}</th>'
    return f"<td{cls}>{body}</td>"


def _table(t: Table) -> str:
    cols = ""
    if t.widths and len(t.widths) == len(t.columns):
        total = sum(t.widths)
        cols = "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">'
                                      for w in t.widths) + "</colgroup>"
    numeric = [any(r[i].is_number or r[i].suppressed for r in t.rows)
               for i in range(len(t.columns))]
    heads = "".join(f'<th scope="col"{NUM if n else ""}>{_breakable(escape(h))}</th>'
                    for h, n in zip(t.columns, numeric, strict=True))
    rows = "".join("<tr>" + _cell(r[0], header=True) + "".join(
        _cell(c, numeric=n) for c, n in zip(r[1:], numeric[1:], strict=True)) + "</tr>"
        for r in t.rows)
    if not t.rows:
        rows = f'<tr><td colspan="{len(t.columns)}">None.</td></tr>'
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in t.notes)
    short = " short" if len(t.rows) <= SHORT else ""
    return (f'<div class="table{short}" id="t-{t.key}"><table>'
            f"<caption>{escape(t.caption)}</caption>{cols}<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>{notes}</div>")


BREAKS = {"Establishment": "Establish&shy;ment", "establishment": "establish&shy;ment",
          "Permanent": "Perma&shy;nent", "compliance": "compli&shy;ance"}
"""Where the long words of narrow column headings may break (soft hyphens: hyphenating
every word costs the printer a dictionary load and a pass over all the text)."""


def _breakable(heading: str) -> str:
    return re.sub(r"[A-Za-z]{9,}", lambda m: BREAKS.get(m.group(0), m.group(0)), heading)


def _definitions(defs: list[Definition]) -> str:
    rows = []
    for d in defs:
        rows.append(
            f'<tr><th scope="row"><b>{escape(d.title)}</b><span>{escape(d.id)}</span>'
            f"<span>{escape(d.unit)}. {escape(d.better)}.</span><span>{escape(d.period)}."
            f"</span></th><td><p>{escape(d.definition)}</p>"
            f'<p class="formula"><b>Formula:</b> {escape(d.formula)}</p>'
            f'<p class="source"><b>Source:</b> {escape(d.source)}</p></td></tr>')
    return ('<section id="definitions" class="section annex"><div class="section-head">'
            "<h2>Annex B: definitions</h2>"
            '<p class="lead">How every measure in this report is defined and computed. The '
            "same definitions drive the dashboards, the exports and the DfE return.</p></div>"
            '<table class="definitions"><caption>Definitions of the measures used</caption>'
            '<colgroup><col style="width:30%"><col style="width:70%"></colgroup>'
            '<thead><tr><th scope="col">Measure</th><th scope="col">Definition</th></tr>'
            "</thead><tbody>" + "".join(rows) + "</tbody></table></section>")
