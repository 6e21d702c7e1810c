"""Helpers shared by the browser tests."""

from __future__ import annotations

from workforce_web.accounts.demo_users import DEMO_PASSWORD


def sign_in(page, live_server, username: str) -> None:
    """Sign in as a demo user and wait until the sign-in has landed on the next page."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():  # the next step needs the session the sign-in sets
        page.click("button[type=submit]")
