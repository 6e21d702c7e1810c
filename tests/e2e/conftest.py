"""Browser tests: headless Debian Chromium driven by Playwright against the live server.

They skip with a clear message when /usr/bin/chromium (or CHROMIUM_PATH) is missing.
Screenshots are written to var/screenshots/ so that a person can look at them.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
                    "(.ci/run does this in CI) to run the browser tests.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def screenshot(page):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return take


@pytest.fixture
def demo_org(transactional_db):
    """A small demo organisation with one user per role."""
    from workforce.demo import generate
    from workforce_web.accounts.demo_users import ensure_demo_users
    from workforce_web.bridge import store_tables

    ledger = generate(staff=150, years=2, seed=3, today=date.today())
    store_tables(dict(ledger.frames))
    services = ledger.unit.filter(ledger.unit["kind"] == "service")["code"].to_list()
    return ensure_demo_users(ledger.organisations[0], services)


@pytest.fixture
def static_files(settings):
    """Serve the built assets from the live server (skip when they are not built)."""
    from tests.e2e.browser import STATIC

    if not (STATIC / "css" / "app.css").exists():
        pytest.skip("Front-end assets are not built: run `npm run build` first.")
    settings.STATICFILES_DIRS = [STATIC]


@pytest.fixture
def demo_strategy(demo_org):
    """The demo organisation's demo strategy, stored."""
    from workforce_web.bridge import load_ledger
    from workforce_web.strategy.demo import store_demo_strategy

    org = load_ledger().organisations[0]
    return store_demo_strategy(org, load_ledger(org), date.today()).strategy
