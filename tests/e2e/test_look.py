"""How the dashboards and the strategy look on a 1280 px screen: the dashboards' sub-menu keeps
every page and Targets on one row, and a status tag is the same colour on both."""

from __future__ import annotations

import pytest

from tests.e2e.browser import serious_violations, sign_in
from workforce_web.dashboards.pages import PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("static_files")]


def tag_colours(page, selector: str) -> dict[str, tuple[str, str]]:
    """Each status's (text colour, background) among the tags `selector` finds."""
    return page.evaluate("""(selector) => {
      const out = {};
      for (const tag of document.querySelectorAll(selector)) {
        const style = getComputedStyle(tag);
        out[tag.dataset.rag || tag.className.match(/wf-rag--(\\w+)/)[1]] =
          [style.color, style.backgroundColor];
      }
      return out; }""", selector)


def test_the_dashboards_sub_menu_fits_one_row_and_amber_is_one_colour(page, live_server,
                                                                       demo_strategy):
    sign_in(page, live_server, "lead")
    dashboards: dict[str, tuple[str, str]] = {}
    for p in PAGES:
        page.goto(f"{live_server.url}/dashboards/{p.slug}/", timeout=180_000)
        items = page.locator(".wf-subnav__item")
        assert items.count() == len(PAGES) + 1  # every page, and Targets
        assert page.locator(".wf-subnav >> text=Targets").count() == 1
        tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
        assert len(tops) == 1, f"{p.slug}: the sub-menu wraps onto {len(tops)} rows"
        dashboards |= tag_colours(page, "strong.wf-rag")
    page.goto(f"{live_server.url}/strategy/{demo_strategy.pk}/")
    strategy = tag_colours(page, "strong.wfs-rag")
    shared = set(dashboards) & set(strategy) & {"green", "amber", "red"}
    assert "amber" in shared, (dashboards, strategy)
    for rag in shared:
        assert dashboards[rag] == strategy[rag], rag


def test_filter_errors_link_to_their_fields_without_accessibility_problems(page, live_server,
                                                                           demo_org):
    sign_in(page, live_server, "lead")
    for url, field in (("/dashboards/stability/?as_at=1900-01-01&group=cats", "#filter-as_at"),
                       ("/dashboards/work-lists/?threshold=abc", "#wl-threshold")):
        page.goto(f"{live_server.url}{url}", timeout=180_000)
        page.wait_for_selector(".govuk-error-summary")
        assert serious_violations(page) == [], url
        page.click(f".govuk-error-summary a[href='{field}']")
        assert page.evaluate("document.activeElement.id") == field[1:], url
