"""Fixtures for the browser tests: Chromium, the emulator and the example site.

The emulator listens on 127.0.0.1 and the site on localhost, so the two
servers' session cookies never mix in the browser, as in ``demo.sh``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.example_site import ExampleSite, free_port, run_example_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from allauth_camdram.emulator.testing import Emulator

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS_DIR = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Return the Chromium to drive, or skip the browser tests without one.

    With ``CAMDRAM_REQUIRE_BROWSER=1`` the hook in ``tests/conftest.py`` turns
    this skip into a failure.
    """
    configured = os.environ.get("CAMDRAM_TEST_CHROMIUM", DEFAULT_CHROMIUM)
    path = shutil.which(configured)
    if path is None:
        pytest.skip(
            f"Chromium not found at {configured}; install Debian's chromium "
            "package or set CAMDRAM_TEST_CHROMIUM to a Chromium executable"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright is not installed; pip install playwright")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    # Playwright's own browser download cannot work offline, so the tests
    # always drive the system's Chromium.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A separate browser profile, so cookies never carry over between tests."""
    browser_context = browser.new_context(viewport={"width": 1200, "height": 800})
    browser_context.set_default_timeout(15_000)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def emulator_process(site_port: int) -> Iterator[Emulator]:
    """The Camdram emulator, with the example site's callback registered."""
    pytest.importorskip(
        "oauth2_provider",
        reason="the emulator needs django-oauth-toolkit: "
        'pip install "django-allauth-camdram[emulator]"',
    )
    from allauth_camdram.emulator.testing import run_emulator

    callback = f"http://localhost:{site_port}/accounts/camdram/login/callback/"
    with run_emulator(redirect_uris=[callback]) as emulator:
        yield emulator


@pytest.fixture
def emulator(emulator_process: Emulator) -> Iterator[Emulator]:
    """The emulator, put back to its seed data and without faults after a test."""
    yield emulator_process
    emulator_process.reset()


@pytest.fixture(scope="session")
def example_site(
    emulator_process: Emulator,
    site_port: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ExampleSite]:
    """The example site, signing people in with the emulator."""
    environ = {
        "CAMDRAM_URL": emulator_process.base_url,
        "CAMDRAM_CLIENT_ID": emulator_process.client_id,
        "CAMDRAM_CLIENT_SECRET": emulator_process.client_secret,
    }
    with run_example_site(
        site_port, tmp_path_factory.mktemp("example_site"), environ
    ) as site:
        yield site


@pytest.fixture(scope="session")
def screenshot() -> Callable[[Page, str], Path]:
    """Return a function that saves a full-page screenshot under screenshots/."""
    SCREENSHOTS_DIR.mkdir(exist_ok=True)

    def save(page: Page, name: str) -> Path:
        path = SCREENSHOTS_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
