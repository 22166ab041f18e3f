"""The site admin opens the linked Camdram accounts page after a sign-in."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.admin.conftest import assert_no_secret
from tests.browser.example_site import run_manage, site_environment
from tests.browser.flows import sign_in_and_allow, sign_out

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from allauth_camdram.emulator.testing import Emulator
    from tests.browser.example_site import ExampleSite

pytestmark = pytest.mark.browser

ROWAN = 4821
ACCOUNTS_PATH = "/admin/allauth_camdram/linkedcamdramaccount/"


def stored_tokens(site: ExampleSite) -> list[str]:
    """Return every access and refresh token in the example site's database."""
    database = site.log_path.parent / "site.sqlite3"
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT token, token_secret FROM socialaccount_socialtoken"
        ).fetchall()
    return [value for row in rows for value in row if value]


def test_admin_linked_accounts_page(
    page: Page,
    example_site: ExampleSite,
    emulator: Emulator,
    screenshot: Callable[[Page, str], Path],
) -> None:
    emulator.forget_consent(ROWAN)
    sign_in_and_allow(page, example_site, emulator, "Rowan Testwhistle")
    sign_out(page, example_site)
    environment = site_environment(example_site.log_path.parent, {})
    username, password = run_manage(["demo_admin"], environment).stdout.split()

    # The list has ten columns, which need a wider window than the site pages.
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{example_site.base_url}/admin/login/?next={ACCOUNTS_PATH}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(example_site.base_url + ACCOUNTS_PATH)
    # With Django's navigation sidebar collapsed, every column fits.
    page.locator("#toggle-nav-sidebar").click()
    screenshot(page, "admin-linked-accounts")

    row = page.locator("#result_list tbody tr").filter(has_text="Rowan Testwhistle")
    assert page.locator("h1").inner_text() == "Select linked Camdram account to change"
    assert row.locator(".field-camdram_id").inner_text() == str(ROWAN)
    assert row.locator(".field-sync_status").inner_text() == "succeeded"
    assert row.locator(".field-token_state").inner_text() == "valid"
    assert int(row.locator(".field-show_count").inner_text()) > 0
    tokens = stored_tokens(example_site)
    assert len(tokens) >= 2
    assert_no_secret(page.content(), [*tokens, emulator.client_secret])
