"""On a phone (375 px wide) the strategy, targets, change history, reports, people and audit
log pages fit the screen: a table wider than the page scrolls inside its own labelled,
focusable region (as the work lists' tables do) instead of making the whole page scroll
sideways (WCAG 1.4.10 Reflow). Screenshots go to var/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.browser import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("static_files")]
PHONE = {"width": 375, "height": 800}

# The document is no wider than the window; every table sits in a scroll region that has a
# name and can take the keyboard's focus (so its hidden columns can be scrolled to).
CHECK = """() => ({
  page: document.documentElement.scrollWidth,
  window: window.innerWidth,
  loose: Array.from(document.querySelectorAll('main table')).filter(t => {
    const wrap = t.closest('.wf-table-wrap');
    return !wrap || wrap.getAttribute('role') !== 'region' || !wrap.getAttribute('aria-label')
      || wrap.getAttribute('tabindex') !== '0';
  }).length,
  tables: document.querySelectorAll('main table').length,
})"""


def test_the_strategy_targets_history_and_reports_pages_fit_a_phone(browser, live_server,
                                                                     demo_strategy):
    from workforce_web.strategy.models import Review, Target, Theme

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, "lead")
        page.goto(f"{live_server.url}/reports/")
        page.click("button:has-text('Open the report')")  # so that the list has a row
        page.wait_for_selector("h1:has-text('Workforce report')")
        target = Target.objects.filter(strategy=demo_strategy).order_by("ref").first()
        theme = Theme.objects.filter(strategy=demo_strategy).first()
        review = Review.objects.filter(strategy=demo_strategy).first()
        pages = {
            "overview": f"/strategy/{demo_strategy.pk}/",
            "target": f"/strategy/targets/{target.pk}/",
            "targets": "/dashboards/targets/",
            "history": f"/strategy/{demo_strategy.pk}/history/",
            "reports": "/reports/",
            "theme": f"/strategy/themes/{theme.pk}/",
            "reviews": f"/strategy/{demo_strategy.pk}/reviews/",
            "review": f"/strategy/reviews/{review.pk}/",
        }
        _fit(page, live_server, pages)
    finally:
        context.close()


# Files whose problems fill every column: the longest column name an import names
# (working_days_lost), a staff number as the value, and a warning below the problems.
PROBLEM_FILES = {
    "person.csv": "organisation,staff_id,name,sex,ethnicity,disability\n"
                  "T1,T1p8,Eve Ellis,F,WBRI,N\n{org},{staff},Finn Ford,Q,WBRI,N\n",
    "absence.csv": "organisation,staff_id,start_date,end_date,reason,working_days_lost\n"
                   "{org},{staff},2025-01-06,2025-01-06,SIC,one\n"
                   "{org},{staff},{ahead},{ahead},OTH,1\n",
}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_import_pages_tables_of_problems_fit_a_phone(browser, live_server, demo_org,
                                                         kind):
    """CSV files, or a workbook of the same sheets, whose table named each problem's sheet in
    a fifth column, Sheet, and was 401 px wide in the 345 px its region has."""
    from datetime import date, timedelta

    from workforce_web.bridge import load_ledger

    org = load_ledger().organisations[0]
    given = {"org": org, "staff": load_ledger(org).person["staff_id"][0],
             "ahead": (date.today() + timedelta(days=300)).isoformat()}
    texts = {name: text.format(**given) for name, text in PROBLEM_FILES.items()}
    files = [{"name": name, "mimeType": "text/csv", "buffer": text.encode()}
             for name, text in texts.items()] if kind == "csv" else [
        {"name": "hr_extract.xlsx", "buffer": _workbook(texts),
         "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, "lead")
        page.goto(f"{live_server.url}/imports/")
        page.set_input_files("#files", files=files)
        with page.expect_navigation():
            page.click("button:has-text('Check and import')")
        assert page.locator("h1").inner_text() == "Import HR extracts"
        assert page.locator("main table").count() == (2 if kind == "csv" else 1)
        # Row, Column, Value, Problem: a workbook's sheet heads its rows, not a column
        assert page.locator("main table thead th").count() == (8 if kind == "csv" else 4)
        assert page.locator("main th[scope=rowgroup]").all_inner_texts() == (
            [] if kind == "csv" else ["Sheet: person", "Sheet: absence"])
        warned = "absence.csv" if kind == "csv" else "hr_extract.xlsx"
        assert page.get_by_text(f"Also check in {warned}").count() == 1
        _tables_fit(page, "mobile-import-problems" + ("" if kind == "csv" else "-workbook"))
    finally:
        context.close()


def _tables_fit(page, name: str) -> None:
    """The page (screenshot `name`) fits the phone, and so do its tables their regions:
    nothing to scroll to (a table as wide as its content, and as wide as its region shows),
    and nothing serious for the accessibility checker."""
    shots = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    found = page.evaluate(CHECK)
    assert found["page"] <= found["window"], found
    assert found["loose"] == 0, found
    assert page.evaluate("() => Array.from(document.querySelectorAll('.wf-table-wrap'))"
                         ".map(w => [w.scrollWidth, w.clientWidth])"
                         ".filter(([s, c]) => s > c)") == []
    assert serious_violations(page) == []


def _workbook(texts: dict[str, str]) -> bytes:
    """An .xlsx file with a sheet per file of `texts`, named after its table."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in texts.items():
        sheet = book.create_sheet(name.removesuffix(".csv"))
        for line in text.strip().splitlines():
            sheet.append(line.split(","))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_the_strategy_imports_table_of_problems_fits_a_phone(browser, live_server,
                                                            demo_strategy):
    """An action plan workbook with problems on three sheets, one of them a long value:
    its table named each problem's file and sheet in columns of their own, six in all."""
    import io

    import openpyxl

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, "lead")
        page.goto(f"{live_server.url}/strategy/import/")
        exported = page.request.get(f"{live_server.url}/strategy/{demo_strategy.pk}/export.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(exported.body()))
        book["Actions"]["B3"] = "Our wrokforce"  # an unknown theme
        book["Actions"]["J5"] = "next Tuesday"  # not a date
        book["Targets"]["D2"] = "M99"  # an unknown measure
        book["Tracked values"]["C2"] = "not a number " * 6  # a long value
        data = io.BytesIO()
        book.save(data)
        page.set_input_files("#id_file", files=[{
            "name": "action-plan-workforce-strategy.xlsx", "buffer": data.getvalue(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
        with page.expect_navigation():
            page.click("button:has-text('Check and import')")
        assert page.locator("main table").count() == 1
        assert page.locator("#problems tbody td:last-child").count() == 4  # a row a problem
        _tables_fit(page, "mobile-strategy-import-problems")
    finally:
        context.close()


def test_the_people_pages_and_the_audit_log_fit_a_phone(browser, live_server, demo_org):
    """The people list and a person's record (the lead's), and the audit log holding the
    lead's long entries (the admin's)."""
    for who in ("lead", "admin"):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            sign_in(page, live_server, who)
            if who == "lead":
                page.goto(f"{live_server.url}/people/", timeout=180_000)
                person = page.get_attribute("main table a[href^='/people/']", "href")
                _fit(page, live_server, {"people": "/people/", "person": person})
            else:
                _fit(page, live_server, {"audit": "/audit/"})
        finally:
            context.close()


def _fit(page, live_server, pages: dict[str, str]) -> None:
    """Open each of `pages` (name: address) and check that it fits the phone's width, its
    tables in scroll regions, with no serious accessibility fault; a screenshot of each."""
    shots = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for name, url in pages.items():
        response = page.goto(f"{live_server.url}{url}", timeout=180_000)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        found = page.evaluate(CHECK)
        assert found["tables"] >= 1, name
        assert found["page"] <= found["window"], (name, found)
        assert found["loose"] == 0, (name, found)
        page.screenshot(path=str(shots / f"mobile-{name}.png"), full_page=True)
        assert serious_violations(page) == [], name


# Every text of every drawn chart (legend items, axis labels, a bar's value) as its SVG's own
# box holds it: the SVG is as wide as its container, so text beyond it is cut off or hidden.
CHART_TEXTS = """() => Array.from(document.querySelectorAll('[data-wf-chart] svg')).map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim());
  return {
    chart: svg.closest('[data-wf-chart]').getAttribute('data-wf-chart'),
    width: Math.round(box.width),
    texts: texts.map(t => t.textContent),
    outside: texts.map(t => [t.textContent, t.getBoundingClientRect()])
      .filter(([, r]) => r.left < box.left - 0.5 || r.right > box.right + 0.5
                         || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
      .map(([text, r]) => `${text} at ${Math.round(r.left)}-${Math.round(r.right)} px`),
  };
})"""
CHART_PAGES = ("stability", "caseloads", "support", "wellbeing", "grow", "profile")


def test_the_dashboard_charts_legends_and_values_fit_a_phone(browser, live_server,
                                                            demo_strategy):
    """The charts fill the 345 px their column has on a phone: their legends' second column
    ("Strategy trajectory (T01)", "England", "Statistical neighbours") lay beyond the right
    edge, and the values after the longest bars were cut ("471" read "47")."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    shots = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        sign_in(page, live_server, "lead")
        seen: dict[str, list[str]] = {}
        for slug in CHART_PAGES:
            response = page.goto(f"{live_server.url}/dashboards/{slug}/", timeout=180_000)
            assert response.status == 200, slug
            page.wait_for_function(
                "() => document.querySelectorAll('[data-wf-chart]').length > 0 && "
                "document.querySelectorAll('[data-wf-chart]').length === "
                "document.querySelectorAll('.wf-chart--drawn').length", timeout=60_000)
            page.screenshot(path=str(shots / f"mobile-charts-{slug}.png"), full_page=True)
            for chart in page.evaluate(CHART_TEXTS):
                assert chart["width"] <= PHONE["width"], (slug, chart["chart"], chart["width"])
                assert chart["outside"] == [], (slug, chart["chart"], chart["outside"])
                seen[chart["chart"]] = chart["texts"]
        # The check covered legends with several items and bars with their values.
        texts = [t for chart in seen.values() for t in chart]
        assert {"England", "Statistical neighbours (median)"} <= set(texts)
        assert any(t.startswith("Strategy trajectory") for t in texts)
        assert any(name.endswith("-bars") for name in seen), sorted(seen)
    finally:
        context.close()
