"""Dashboards in headless Chromium: each role signs in, visits every page (with the demo
strategy's targets), runs axe-core on it, changes a filter and downloads a table (and, where the
role may see people, a work list), uses the keyboard, and leaves screenshots in var/screenshots/
for a person to look at."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.e2e.browser import serious_violations, sign_in
from workforce_web.dashboards.pages import PAGES

PERSON_LEVEL = {"lead", "manager", "admin"}

pytestmark = pytest.mark.usefixtures("static_files")


@pytest.fixture
def demo_with_strategy(demo_org, demo_strategy):
    """The demo organisation with its demo strategy (16 targets) stored."""
    return demo_org


def visit(page, url: str) -> None:
    response = page.goto(url, timeout=180_000)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")


def charts_drawn(page) -> None:
    if page.locator("[data-wf-chart]").count():
        page.wait_for_selector(".wf-chart--drawn svg", timeout=30_000)
        assert page.locator(".wf-chart--failed").count() == 0


@pytest.mark.e2e
@pytest.mark.parametrize("who", ["lead", "manager", "viewer", "admin"])
def test_each_role_visits_every_dashboard_page_without_serious_accessibility_problems(
        page, live_server, demo_with_strategy, screenshot, who):
    sign_in(page, live_server, who)
    problems = {}
    for p in PAGES:
        visit(page, f"{live_server.url}/dashboards/{p.slug}/")
        assert page.locator("h1").inner_text().endswith(
            "overview" if p.slug == "overview" else p.title)
        charts_drawn(page)
        problems[p.slug] = serious_violations(page)
        wide = page.evaluate("Array.from(document.querySelectorAll('table')).filter(t => "
                             "t.scrollWidth > t.parentElement.clientWidth + 2).length")
        assert wide == 0, f"{p.slug}: {wide} table(s) wider than the page"
        screenshot(f"dashboards-{p.slug}-{who}")
    menu = page.locator(".govuk-service-navigation__item")
    tops = {round(menu.nth(i).bounding_box()["y"]) for i in range(menu.count())}
    assert len(tops) == 1, "the service navigation keeps to one line"
    assert page.locator("header button:has-text('Sign out')").count() == 1
    for path, name in (("work-lists/", "worklist"), ("targets/", "targets")):
        response = page.goto(f"{live_server.url}/dashboards/{path}")
        if name == "worklist" and who not in PERSON_LEVEL:
            assert response.status == 403
            continue
        assert response.status == 200
        problems[name] = serious_violations(page)
        screenshot(f"dashboards-{name}-{who}")
    assert not any(problems.values()), problems


ROLE_CHOICES = {  # page, which unit option to choose, download format
    "lead": ("caseloads", 2, "csv"),
    "manager": ("caseloads", 1, "csv"),
    "viewer": ("stability", 2, "csv"),
    "admin": ("support", 2, "xlsx"),
}


def download(page, link, tmp_path, name: str) -> list[list]:
    """Click a download link; the file's rows (CSV text or XLSX values)."""
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / name
    info.value.save_as(saved)
    if name.endswith(".xlsx"):
        sheet = openpyxl.load_workbook(saved).active
        return [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    return list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))


@pytest.mark.e2e
@pytest.mark.parametrize("who", list(ROLE_CHOICES))
def test_each_role_changes_a_filter_and_downloads_a_table(page, live_server, demo_org,
                                                          screenshot, tmp_path, who):
    slug, option, fmt = ROLE_CHOICES[who]
    sign_in(page, live_server, who)
    visit(page, f"{live_server.url}/dashboards/{slug}/")
    options = page.locator("#filter-unit option")
    assert options.count() > option, "a unit to choose"
    unit = options.nth(option)
    code, name = unit.get_attribute("value"), unit.inner_text().strip()
    page.select_option("#filter-unit", code)
    page.select_option("#filter-period", "quarter")
    page.click("button:has-text('Apply filters')")
    page.wait_for_load_state("networkidle")
    assert f"unit={code}" in page.url and "period=quarter" in page.url
    assert name in page.locator(".govuk-caption-l").inner_text()
    charts_drawn(page)
    assert not serious_violations(page)
    screenshot(f"dashboards-{slug}-{who}-filtered")
    link = page.locator(f"a:has-text('Download {'CSV' if fmt == 'csv' else 'Excel'}')").first
    rows = download(page, link, tmp_path, f"table.{fmt}")
    assert rows[0][0] == "Period" and len(rows) > 8, rows[:2]
    assert "?" in link.get_attribute("href") and f"unit={code}" in link.get_attribute("href")

    if who not in PERSON_LEVEL:
        response = page.request.get(f"{live_server.url}/dashboards/work-lists/supervision.csv")
        assert response.status == 403
        return
    visit(page, f"{live_server.url}/dashboards/work-lists/")
    wl = page.locator("#wl-unit option")
    page.select_option("#wl-unit", wl.nth(1).get_attribute("value"))
    page.click("button:has-text('Apply filters')")
    page.wait_for_load_state("networkidle")
    assert "unit=" in page.url
    links = page.locator("a:has-text('Download CSV')")
    if links.count():
        rows = download(page, links.first, tmp_path, "worklist.csv")
        assert rows[0][:3] == ["Name", "Staff number", "Unit"]


@pytest.mark.e2e
def test_the_keyboard_reaches_the_content_and_the_filters(page, live_server, demo_org):
    sign_in(page, live_server, "lead")
    visit(page, f"{live_server.url}/dashboards/stability/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main-content", timeout=5000)  # the jump is not always at once
    assert page.url.endswith("#main-content")
    page.focus("#filter-period")
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#filter-period", "el => el.value") == "month"
    page.focus("button:has-text('Apply filters')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "period=month" in page.url
    summary = page.locator(".wf-table-details summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".wf-table-details").first.get_attribute("open") is not None


@pytest.mark.e2e
def test_a_manager_sees_their_work_lists_and_a_viewer_does_not(page, live_server, demo_org,
                                                               screenshot):
    sign_in(page, live_server, "viewer")
    assert page.locator("nav >> text=Work lists").count() == 0
    page.context.clear_cookies()
    sign_in(page, live_server, "manager")
    visit(page, f"{live_server.url}/dashboards/work-lists/")
    assert page.locator("h2:has-text('Supervision overdue')").count() == 1
    assert not serious_violations(page)
    screenshot("dashboards-worklist-manager-top")
