"""Dashboards in headless Chromium: each role signs in, visits every page, runs axe-core on it,
changes a filter, downloads a table, uses the keyboard, and leaves screenshots in
var/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.browser import sign_in
from workforce_web.dashboards.pages import PAGES

STATIC = Path(__file__).resolve().parents[2] / "src" / "workforce_web" / "static"
AXE = STATIC / "vendor" / "axe.min.js"
PERSON_LEVEL = {"lead", "manager", "admin"}


@pytest.fixture(autouse=True)
def _static_files(settings):
    """Serve the built assets (css, vendor scripts) from the live server."""
    if not (STATIC / "css" / "app.css").exists():
        pytest.skip("Front-end assets are not built: run `npm run build` first.")
    settings.STATICFILES_DIRS = [STATIC]




def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as 'rule: target' lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, "
                           "{resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {n['target']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical") for n in v["nodes"]]


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
        page, live_server, demo_org, screenshot, who):
    sign_in(page, live_server, who)
    problems = {}
    for p in PAGES:
        visit(page, f"{live_server.url}/dashboards/{p.slug}/")
        assert page.locator("h1").inner_text().endswith(
            "overview" if p.slug == "overview" else p.title)
        charts_drawn(page)
        problems[p.slug] = serious_violations(page)
        screenshot(f"dashboards-{p.slug}-{who}")
    for path, name in (("work-lists/", "worklist"), ("targets/", "targets")):
        response = page.goto(f"{live_server.url}/dashboards/{path}")
        if name == "worklist" and who not in PERSON_LEVEL:
            assert response.status == 403
            continue
        assert response.status == 200
        problems[name] = serious_violations(page)
        screenshot(f"dashboards-{name}-{who}")
    assert not any(problems.values()), problems


@pytest.mark.e2e
def test_a_manager_changes_a_filter_and_downloads_a_table(page, live_server, demo_org,
                                                          screenshot, tmp_path):
    sign_in(page, live_server, "manager")
    visit(page, f"{live_server.url}/dashboards/caseloads/")
    options = page.locator("#filter-unit option")
    assert options.count() >= 2, "a manager of a service chooses among its teams"
    team = options.nth(1)
    code, name = team.get_attribute("value"), team.inner_text().strip()
    page.select_option("#filter-unit", code)
    page.select_option("#filter-period", "quarter")
    page.click("button:has-text('Apply filters')")
    page.wait_for_load_state("networkidle")
    assert f"unit={code}" in page.url and "period=quarter" in page.url
    assert name in page.locator(".govuk-caption-l").inner_text()
    charts_drawn(page)
    screenshot("dashboards-caseloads-manager-filtered")
    with page.expect_download() as info:
        page.locator("a:has-text('Download CSV')").first.click()
    saved = tmp_path / "table.csv"
    info.value.save_as(saved)
    lines = saved.read_text().splitlines()
    assert lines[0].startswith("Period,") and len(lines) > 8


@pytest.mark.e2e
def test_the_keyboard_reaches_the_content_and_the_filters(page, live_server, demo_org):
    sign_in(page, live_server, "lead")
    visit(page, f"{live_server.url}/dashboards/stability/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
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
