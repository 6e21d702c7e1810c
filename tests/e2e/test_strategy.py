"""A workforce lead runs the action plan in the browser: adds an action, posts a progress
update, looks at a target's chart, prepares and submits a quarterly review that an
administrator approves; a viewer reads the plan without edit buttons. Screenshots go to
var/screenshots/."""

from __future__ import annotations

import pytest

from tests.e2e.browser import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("static_files")]


def test_a_lead_adds_an_action_posts_an_update_and_an_admin_approves_a_review(
        page, live_server, demo_strategy, screenshot):
    sign_in(page, live_server, "lead")
    page.click("nav >> text=Strategy")
    page.wait_for_selector(f'h1:has-text("{demo_strategy.title}")')
    assert page.locator("text=Leadership and culture").count() >= 1
    screenshot("strategy-overview-lead")
    assert serious_violations(page) == []

    page.click("text=Add an action")
    page.select_option("#id_theme", label="Our workforce")
    page.fill("#id_ref", "A9.01")
    page.fill("#id_title", "Run a recruitment open day for newly qualified social workers")
    page.select_option("#id_owner", label="manager")
    page.fill("#id_owner_name", "Head of service")
    page.fill("#id_start", "2026-01-05")
    page.fill("#id_due", "2027-03-31")
    page.select_option("#id_status", "in_progress")
    screenshot("strategy-action-form")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Run a recruitment open day')")

    page.fill("#id_text", "Venue booked and the university careers teams invited.")
    page.fill("#id_evidence", "https://example.org/open-day")
    page.click("button:has-text('Post update')")
    page.wait_for_selector(".wfs-update >> text=Venue booked")
    assert page.locator(".wfs-history >> text=Progress update").count() == 1
    screenshot("strategy-action")

    page.goto(f"{live_server.url}/strategy/{demo_strategy.pk}/targets/T01/")
    page.wait_for_selector("#target-chart svg", timeout=15000)
    assert page.locator("#target-table tbody tr").count() > 3
    screenshot("strategy-target")
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/strategy/{demo_strategy.pk}/reviews/")
    page.fill("#id_forum", "Workforce task group")
    page.click("button:has-text('Prepare review')")
    page.wait_for_selector("h1:has-text('Review of')")
    page.fill("#id_theme_0", "Listening events are well attended.")
    page.click("button:has-text('Save commentary')")
    page.wait_for_selector("text=Commentary saved")
    page.click("button:has-text('Submit for approval')")
    page.wait_for_selector(".wfs-review-status:has-text('Submitted')")
    # the lead prepared and submitted it: someone else approves it (separation of duties)
    assert page.locator("button:has-text('Approve')").count() == 0
    assert page.locator("text=You cannot approve a review you prepared and submitted").count()
    review = page.url
    with page.expect_navigation():
        page.click(".wf-header__signout-form button")
    sign_in(page, live_server, "admin")
    page.goto(review)
    page.click("button:has-text('Approve')")
    page.wait_for_selector(".wfs-review-status:has-text('Approved')")
    assert page.locator("text=approved and locked").count() == 1
    assert page.get_by_text("Listening events are well attended.", exact=True).count() == 1
    screenshot("strategy-review-approved")
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/strategy/{demo_strategy.pk}/feedback/")
    page.wait_for_selector("h1:has-text('You said, we did')")
    screenshot("strategy-feedback")
    page.click(".wf-subnav >> text=Overview")
    page.click("th >> text=Our workforce")
    page.wait_for_selector("h1:has-text('Our workforce')")
    assert page.locator("text=Run a recruitment open day").count() == 1
    screenshot("strategy-theme")
    assert serious_violations(page) == []


@pytest.mark.parametrize("who", ["lead", "viewer"])
def test_the_action_feedback_and_history_pages_have_no_serious_accessibility_problems(
        page, live_server, demo_strategy, screenshot, who):
    """axe-core on an action with progress updates, history and linked feedback (with its
    update form for a lead), the feedback log (with its form) and the whole history."""
    from workforce_web.strategy.models import Action

    action = Action.objects.filter(strategy=demo_strategy, updates__isnull=False,
                                   feedback__isnull=False).order_by("ref").first()
    assert action is not None
    sign_in(page, live_server, who)
    pages = {"action": f"/strategy/actions/{action.pk}/",
             "feedback": f"/strategy/{demo_strategy.pk}/feedback/",
             "history": f"/strategy/{demo_strategy.pk}/history/"}
    for name, url in pages.items():
        page.goto(f"{live_server.url}{url}")
        page.wait_for_selector("h1")
        screenshot(f"strategy-{name}-{who}")
        assert serious_violations(page) == [], name
    page.goto(f"{live_server.url}{pages['action']}")
    if who == "lead":  # the action page's error summary and messages, too
        page.click("button:has-text('Post update')")
        page.wait_for_selector(".govuk-error-summary, .govuk-error-message")
        assert serious_violations(page) == [], "action with errors"


def test_a_viewer_reads_the_plan_without_edit_buttons(page, live_server, demo_strategy,
                                                      screenshot):
    sign_in(page, live_server, "viewer")
    page.goto(f"{live_server.url}/strategy/")
    page.wait_for_selector(f'h1:has-text("{demo_strategy.title}")')
    assert page.locator("text=Add an action").count() == 0
    page.click(".govuk-table >> nth=0 >> a >> nth=0")
    page.wait_for_selector("h1")
    assert page.locator("text=Edit the theme").count() == 0
    page.goto(f"{live_server.url}/strategy/{demo_strategy.pk}/reviews/")
    page.click("tbody a >> nth=0")
    page.wait_for_selector(".wfs-review-status:has-text('Approved')")
    screenshot("strategy-review-viewer")


def test_a_lead_sees_every_problem_of_a_broken_workbook(page, live_server, demo_strategy,
                                                        screenshot, tmp_path):
    import io

    import openpyxl

    sign_in(page, live_server, "lead")
    page.goto(f"{live_server.url}/strategy/import/")
    response = page.request.get(f"{live_server.url}/strategy/{demo_strategy.pk}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.body()))
    book["Actions"]["B3"] = "Our wrokforce"
    book["Actions"]["J5"] = "next Tuesday"
    book["Targets"]["D2"] = "M99"
    path = tmp_path / "action-plan.xlsx"
    book.save(path)
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('Check and import')")
    page.wait_for_selector("#problems")
    screenshot("strategy-import-problems")
    assert page.locator("#problems tbody td:last-child").count() == 3  # a row a problem
    assert page.locator("#problems th[scope=rowgroup]").all_inner_texts() == [
        "Sheet: Actions", "Sheet: Targets"]
    assert serious_violations(page) == []
