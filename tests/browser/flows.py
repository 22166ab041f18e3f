"""Steps a person takes in the browser, shared by the browser tests."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

    from allauth_camdram.emulator.testing import Emulator
    from tests.browser.example_site import ExampleSite

CALLBACK_PATH = "/accounts/camdram/login/callback/"
CANCELLED_PATH = "/accounts/3rdparty/login/cancelled/"
PERSON_PATH = "/me/"


def press_sign_in(page: Page, site: ExampleSite) -> None:
    """Open the site's home page and press the Camdram button."""
    page.goto(site.base_url + "/")
    page.get_by_role("button", name="Sign in with Camdram").click()


def choose_person(page: Page, emulator: Emulator, name: str) -> None:
    """Pick a person on the emulator's sign-in page."""
    page.wait_for_url(f"{emulator.base_url}/auth/login*")
    page.get_by_role("button", name=re.compile(re.escape(name))).click()


def wait_for_consent(page: Page, emulator: Emulator) -> None:
    """Wait until the emulator shows its Allow / Cancel page."""
    page.wait_for_url(f"{emulator.base_url}/oauth/v2/auth*")
    page.get_by_role("button", name="Allow").wait_for()


def sign_in_and_allow(
    page: Page, site: ExampleSite, emulator: Emulator, name: str
) -> None:
    """Sign in with Camdram as ``name``, press Allow and reach the person's page.

    The browser must not be signed in at the emulator yet, and the emulator
    must not remember an earlier Allow for this person.
    """
    press_sign_in(page, site)
    choose_person(page, emulator, name)
    wait_for_consent(page, emulator)
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(site.base_url + PERSON_PATH)


def sign_out(page: Page, site: ExampleSite) -> None:
    """Press the header's Sign out button and wait for the home page."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(site.base_url + "/")


def is_consent_page(response: Response, emulator: Emulator) -> bool:
    """Return whether a response is the emulator's consent page, not a redirect."""
    return (
        response.url.startswith(f"{emulator.base_url}/oauth/v2/auth")
        and response.request.method == "GET"
        and response.status == 200
    )
