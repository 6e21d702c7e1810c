"""A workforce lead builds and checks the census return in the browser and downloads it."""

from __future__ import annotations

from tests.e2e.browser import sign_in


def test_a_lead_builds_checks_and_downloads_the_census_return(page, live_server, demo_org,
                                                              screenshot):
    sign_in(page, live_server, "lead")
    page.wait_for_selector("h1:has-text('Workforce overview')")
    page.click("nav >> text=Census")
    page.select_option("#year", "2025")
    page.click("button:has-text('Build and check the return')")
    page.wait_for_selector("h2:has-text('2025 return')")
    screenshot("census-lead")
    with page.expect_download() as info:
        page.click("text=Download the return (XML)")
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as fh:
        assert b"<CSWWWorker>" in fh.read()
