"""Helpers shared by the browser tests."""

from __future__ import annotations

from pathlib import Path

from workforce_web.accounts.demo_users import DEMO_PASSWORD

STATIC = Path(__file__).resolve().parents[2] / "src" / "workforce_web" / "static"
"""The built front-end assets (css, vendor scripts), served by the live server."""


def sign_in(page, live_server, username: str) -> None:
    """Sign in as a demo user and wait until the sign-in has landed on the next page."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():  # the next step needs the session the sign-in sets
        page.click("button[type=submit]")


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as 'rule (impact): target'."""
    page.add_script_tag(path=str(STATIC / "vendor" / "axe.min.js"))
    result = page.evaluate("async () => await axe.run(document, "
                           "{resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {n['target']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical") for n in v["nodes"]]
