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
def test_a_cover_then_each_section_starts_its_own_page_in_order(pdf_file, report):
    pages = pages_text(pdf_file)
    assert "Workforce report" in pages[0] and "July to September 2025" in pages[0]
    # Each page's first line is the running header; a section's title comes next.
    firsts = [[line.strip() for line in p.splitlines() if line.strip()][1] for p in pages[1:]]
    starts = []
    for n, s in enumerate(report.sections, start=1):
        title = s.title if s.annex else f"{n}. {s.title}"
        assert title in firsts, f"no page starts with {title!r}"
        starts.append(firsts.index(title))
    assert starts == sorted(starts) and starts[0] == 0
    assert len(pages) >= len(report.sections) + 1


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
