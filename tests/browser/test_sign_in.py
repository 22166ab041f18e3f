"""Sign in with Camdram in a real browser: the example site and the emulator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.flows import (
    CALLBACK_PATH,
    CANCELLED_PATH,
    PERSON_PATH,
    choose_person,
    is_consent_page,
    press_sign_in,
    sign_in_and_allow,
    sign_out,
    wait_for_consent,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

    from allauth_camdram.emulator.testing import Emulator
    from tests.browser.example_site import ExampleSite

    Screenshot = Callable[[Page, str], Path]

pytestmark = pytest.mark.browser

ROWAN = 4821
ZOE = 5102
AMIRA = 5230
MORGAN = 5377
KIT = 5460


def test_allow_signs_in_with_camdram_name(
    page: Page, example_site: ExampleSite, emulator: Emulator, screenshot: Screenshot
) -> None:
    emulator.forget_consent(ROWAN)

    page.goto(example_site.base_url + "/")
    screenshot(page, "01-home")
    page.get_by_role("button", name="Sign in with Camdram").click()
    page.wait_for_url(f"{emulator.base_url}/auth/login*")
    screenshot(page, "02-emulator-sign-in")
    choose_person(page, emulator, "Rowan Testwhistle")
    wait_for_consent(page, emulator)
    screenshot(page, "03-consent")
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(example_site.base_url + PERSON_PATH)
    screenshot(page, "04-signed-in")

    assert page.locator("h1").inner_text() == "Rowan Testwhistle"
    account = page.locator(".camdram-account")
    assert account.locator("dt:text-is('Camdram id') + dd").inner_text() == "4821"
    assert (
        account.locator("dt:text-is('Email') + dd").inner_text()
        == "rowan.testwhistle@example.org"
    )
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_allow_keeps_unusual_name_intact(
    page: Page, example_site: ExampleSite, emulator: Emulator
) -> None:
    emulator.forget_consent(ZOE)

    sign_in_and_allow(page, example_site, emulator, "Zoë O'Brien")

    assert page.locator("h1").inner_text() == "Zoë O'Brien 🎭"
    assert page.locator("header nav a").first.inner_text() == "Zoë O'Brien 🎭"


def test_cancel_shows_login_cancelled_page(
    page: Page, example_site: ExampleSite, emulator: Emulator, screenshot: Screenshot
) -> None:
    emulator.forget_consent(AMIRA)

    press_sign_in(page, example_site)
    choose_person(page, emulator, "Amira Haddad")
    wait_for_consent(page, emulator)
    page.get_by_role("button", name="Cancel").click()
    page.wait_for_url(example_site.base_url + CANCELLED_PATH)
    screenshot(page, "05-cancelled")

    assert page.locator("h1").inner_text() == "Login Cancelled"
    assert page.get_by_role("button", name="Sign out").count() == 0
    page.goto(example_site.base_url + PERSON_PATH)
    assert page.url == example_site.base_url + "/?next=/me/"


def test_second_sign_in_skips_consent(
    page: Page, example_site: ExampleSite, emulator: Emulator
) -> None:
    emulator.forget_consent(KIT)
    consent_pages: list[str] = []

    def record_consent_page(response: Response) -> None:
        if is_consent_page(response, emulator):
            consent_pages.append(response.url)

    page.on("response", record_consent_page)
    sign_in_and_allow(page, example_site, emulator, "Kit Marlowe-Jones")
    assert len(consent_pages) == 1

    sign_out(page, example_site)
    assert page.get_by_role("button", name="Sign out").count() == 0
    press_sign_in(page, example_site)
    page.wait_for_url(example_site.base_url + PERSON_PATH)

    assert len(consent_pages) == 1
    assert page.locator("h1").inner_text() == "Kit Marlowe-Jones"


@pytest.mark.parametrize(
    ("endpoint", "kind", "status"),
    [
        ("token", "error", 500),
        ("token", "html", None),
        ("account", "html", None),
        ("account", "invalid_json", None),
    ],
)
def test_camdram_fault_shows_error_page(
    page: Page,
    example_site: ExampleSite,
    emulator: Emulator,
    screenshot: Screenshot,
    endpoint: str,
    kind: str,
    status: int | None,
) -> None:
    emulator.forget_consent(MORGAN)
    emulator.set_fault(endpoint, kind, status=status)

    press_sign_in(page, example_site)
    choose_person(page, emulator, "Morgan Lake")
    wait_for_consent(page, emulator)
    with page.expect_response(lambda r: CALLBACK_PATH in r.url) as callback:
        page.get_by_role("button", name="Allow").click()
    page.wait_for_load_state()
    if (endpoint, kind) == ("token", "error"):
        screenshot(page, "06-error")

    assert callback.value.status == 401
    assert page.locator("h1").inner_text() == "Third-Party Login Failure"
    assert page.get_by_role("button", name="Sign out").count() == 0
