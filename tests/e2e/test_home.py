"""A person signs in and sees the home page with its headline figures."""

from __future__ import annotations

from tests.e2e.browser import sign_in


def test_a_workforce_lead_signs_in_and_sees_the_headline_figures(page, live_server, demo_org,
                                                                  screenshot):
    sign_in(page, live_server, "lead")
    page.wait_for_selector("h1:has-text('Workforce overview')")
    values = page.locator(".wf-headline__value").all_inner_texts()
    assert len(values) == 4
    assert all(v not in ("", "–") for v in values), values
    assert page.locator("nav >> text=People").count() == 1
    shot = screenshot("home-lead")
    assert shot.stat().st_size > 10_000


def test_a_viewer_sees_no_people_link_and_is_refused_the_people_list(page, live_server,
                                                                     demo_org, screenshot):
    sign_in(page, live_server, "viewer")
    page.wait_for_selector("h1:has-text('Workforce overview')")
    assert page.locator("nav >> text=People").count() == 0
    response = page.goto(f"{live_server.url}/people/")
    assert response.status == 403
    screenshot("people-refused-viewer")
