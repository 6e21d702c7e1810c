"""The PDF: A4, tagged, real text, a cover then each section on its own pages, no blank page,
page numbers, and charts with alternative text. Pages are rasterised with pdftoppm (Debian
package poppler-utils); those tests are skipped with a message when it is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from workforce.demo import generate
from workforce.reports import Request, build, html, pdf
from workforce.strategy.demo import build_demo_strategy

TODAY = date(2025, 11, 15)
POPPLER = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="pdftoppm/pdftotext missing: install the Debian package poppler-utils")


@pytest.fixture(scope="module")
def report():
    ledger = generate(staff=120, years=3, seed=5, today=TODAY)
    plan = build_demo_strategy(ledger.organisations[0], ledger, TODAY)
    return build(ledger, Request("2025-Q3", plan=plan, produced=TODAY,
                                 commentary={"stability": "Turnover is steady.\n\nAgency "
                                                          "use is falling."}))


@pytest.fixture(scope="module")
def pdf_file(report, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(pdf.write(report))
    return path


def pages_text(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return out.split("\f")[:-1]


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in
                                                 out.splitlines())}


@POPPLER
def test_the_pdf_is_a4_tagged_and_titled(pdf_file, report):
    meta = info(pdf_file)
    assert meta["Page size"].startswith("595.276 x 841.89")  # A4 in points
    assert meta["Tagged"] == "yes"
    assert meta["Title"].startswith("Workforce report: July to September 2025")


@POPPLER
def test_a_cover_then_every_section_in_order_each_heading_with_its_key_points(pdf_file,
                                                                           report):
    pages = pages_text(pdf_file)
    assert "Workforce report" in pages[0] and "July to September 2025" in pages[0]
    body = [[line.strip() for line in p.splitlines() if line.strip()] for p in pages[1:]]
    assert body[0][1] == "1. Summary"  # first line of a page is the running header
    found = []
    for n, s in enumerate(report.sections, start=1):
        title = s.title if s.annex else f"{n}. {s.title}"
        where = [(i, j) for i, lines in enumerate(body) for j, line in enumerate(lines)
                 if line == title]
        assert where, f"no heading {title!r}"
        page, line = where[0]
        found.append((page, line))
        # the heading is never the last thing on its page: its lead follows it there
        assert line + 3 < len(body[page]), f"{title!r} ends page {page + 2}"
    assert found == sorted(found)


def _fill(image: Path) -> float:
    """How far down the page's body the ink goes (0 to 1), header and footer left out."""
    grey = Image.open(image).convert("L")
    w, h = grey.size
    top, bottom = int(h * 0.06), int(h * 0.92)
    ink = grey.crop((0, top, w, bottom)).point(lambda v: 255 if v < 160 else 0).getbbox()
    return ink[3] / (bottom - top) if ink else 0.0


@POPPLER
def test_no_page_but_the_last_is_left_mostly_empty(pdf_file, tmp_path):
    """Sections follow one another rather than each forcing a new page, which left pages
    holding a table or two at the top and nothing else."""
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf_file),
                    str(tmp_path / "f")], check=True)
    images = sorted(tmp_path.glob("f-*.png"))
    fills = [round(_fill(i), 2) for i in images[1:-1]]  # not the cover, not the last page
    assert min(fills) >= 0.4, fills


def _long_table_report(rows: int):
    from workforce.reports.model import Cell, Report, Section, Table

    t = Table("posts", "Posts by service", ["Service", "FTE", "Vacant FTE"])
    for i in range(rows):
        t.add(f"Service {i + 1}", Cell(f"{10 + i}.0", 10.0 + i, "fte"), Cell("1.0", 1.0, "fte"))
    t.add("Total: everyone", Cell("9,999.0", 9999.0, "fte"), Cell("99.0", 99.0, "fte"))
    s = Section("posts", "Annex A: posts by section", "A long table.", annex=True)
    s.tables.append(t)
    return Report("T1", "Test council", "Test council", "2025-Q3", "July to September 2025",
                  date(2025, 7, 1), date(2025, 9, 30), TODAY, 5, "", sections=[s])


@POPPLER
def test_a_table_s_total_row_never_stands_alone_on_a_page(tmp_path):
    probe = tmp_path / "probe.pdf"
    probe.write_bytes(pdf.write(_long_table_report(150)))
    first = pages_text(probe)[1]
    fit = len(re.findall(r"Service [0-9]+", first))  # data rows that fill the first page
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.write(_long_table_report(fit)))  # the total would spill alone
    pages = pages_text(path)
    last = next(p for p in pages if "Total: everyone" in p)
    assert len(re.findall(r"Service [0-9]+", last)) >= 1, "the total row is alone"


@POPPLER
def test_every_page_is_numbered_and_none_is_blank(pdf_file, tmp_path):
    pages = pages_text(pdf_file)
    for n, text in enumerate(pages[1:], start=2):
        assert f"Page {n} of {len(pages)}" in text
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(pdf_file),
                    str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == len(pages)
    for image in images:
        grey = Image.open(image).convert("L").histogram()
        inked = sum(grey[:200]) / sum(grey)
        assert inked > 0.01, f"{image.name} is blank"


@POPPLER
def test_figures_and_commentary_are_real_text(pdf_file, report):
    text = re.sub(r"\s+", " ", " ".join(pages_text(pdf_file)))
    headline = report.section("summary").tables[0].rows[0]
    assert headline[0].text.split(" (")[0] in text and headline[1].text in text
    assert "Turnover is steady." in text and "Agency use is falling." in text
    assert "Social worker turnover, agency and vacancy rates" in text  # chart text


def test_every_chart_is_vector_with_its_text_alternative(report):
    page = html.render(report, lambda spec: "<svg xmlns='http://www.w3.org/2000/svg'/>")
    alts = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+"[^>]* alt="([^"]*)"', page)
    assert len(alts) == len(report.charts()) >= 8
    assert all(len(a) > 40 for a in alts)
    svg = pdf.draw(report.charts()[0].spec)
    assert "<text" in svg and "<image" not in svg


def test_tables_have_captions_and_header_cells(report):
    page = html.render(report, lambda spec: "<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert page.count("<caption>") >= len(report.tables())
    assert page.count('<th scope="col"') > 50 and page.count('<th scope="row"') > 100
    assert "rag rag-red" in page and ">Red<" in page  # status as a word, not colour alone


def test_no_two_elements_of_the_page_share_an_id(report):
    """Anchors are unique: the stability, caseloads and wellbeing sections' tables by service
    were each `t-by-service`, and WeasyPrint kept the first (a link to the others went
    there)."""
    page = html.render(report, lambda spec: "<svg xmlns='http://www.w3.org/2000/svg'/>")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len([i for i in ids if i.endswith("by-service")]) >= 2
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


def test_no_chart_is_drawn_for_a_single_figure(report):
    """'Highest: Resignation 26. Lowest: Resignation 26.' described a chart of one bar."""
    for chart in report.charts():
        found = re.search(r"Highest: (.+?) [0-9.,%]+\. Lowest: (.+?) [0-9.,%]+\.",
                          chart.description)
        assert not found or found.group(1) != found.group(2), chart.description
        values = [p for p in chart.spec["data"]["values"] if p.get("value") is not None]
        assert len(values) >= 2, chart.key
