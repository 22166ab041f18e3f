"""The signed-in person's page: shows and organisations synced from Camdram."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.flows import PERSON_PATH, press_sign_in, sign_in_and_allow, sign_out

if TYPE_CHECKING:
    from playwright.sync_api import Dialog, Page

    from allauth_camdram.emulator.testing import Emulator
    from tests.browser.example_site import ExampleSite

pytestmark = pytest.mark.browser

ROWAN = 4821
ZOE = 5102
MORGAN = 5377


def shows_listed(page: Page) -> list[tuple[str, str | None]]:
    """Return each listed show's name and link, in page order."""
    links = page.locator("table.listing tbody td > a")
    return [(link.inner_text(), link.get_attribute("href")) for link in links.all()]


def organisations_listed(page: Page) -> list[tuple[str, str]]:
    """Return each listed organisation's name and kind, in page order."""
    items = page.locator("ul.organisations li")
    return [
        (item.locator("a").inner_text(), item.locator(".badge").text_content() or "")
        for item in items.all()
    ]


def test_person_page_lists_shows_and_organisations(
    page: Page, example_site: ExampleSite, emulator: Emulator
) -> None:
    emulator.forget_consent(ROWAN)

    sign_in_and_allow(page, example_site, emulator, "Rowan Testwhistle")

    camdram = emulator.base_url
    assert shows_listed(page) == [
        ("Saltmarsh: A Musical", f"{camdram}/shows/2026-saltmarsh-a-musical"),
        ("The Paper Orchard", f"{camdram}/shows/2025-the-paper-orchard"),
        ("Untitled Sketch Night", f"{camdram}/shows/untitled-sketch-night"),
    ]
    assert organisations_listed(page) == [
        ("Fenland Lantern Players", "society"),
        ("Marshgate Studio Theatre", "venue"),
        ("Quayside Puppetry Circle", "society"),
    ]
    assert page.locator(".status").inner_text() == "Succeeded"


def test_person_page_shows_names_as_text(
    page: Page, example_site: ExampleSite, emulator: Emulator
) -> None:
    dialogs: list[str] = []

    def record_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record_dialog)
    emulator.forget_consent(MORGAN)

    sign_in_and_allow(page, example_site, emulator, "Morgan Lake")

    assert [name for name, _ in shows_listed(page)] == [
        "<script>alert(1)</script>",
        "Untitled Sketch Night",
    ]
    assert page.locator("main script").count() == 0
    assert dialogs == []
    account = page.locator(".camdram-account")
    assert account.locator("dt:text-is('Email') + dd").inner_text() == "not shared"


def test_person_page_keeps_html_and_emoji_names(
    page: Page, example_site: ExampleSite, emulator: Emulator
) -> None:
    emulator.forget_consent(ZOE)

    sign_in_and_allow(page, example_site, emulator, "Zoë O'Brien")

    assert [name for name, _ in shows_listed(page)] == [
        "Rock & Roll <Live>",
        "The Paper Orchard",
        "🎭 Improv Night 😇",
    ]
    assert organisations_listed(page) == [
        ("Rock & Roll <Live> Collective", "society"),
        ("The Old Granary Loft", "venue"),
    ]


def test_next_sign_in_shows_camdram_changes(
    page: Page, example_site: ExampleSite, emulator: Emulator
) -> None:
    emulator.forget_consent(ROWAN)
    sign_in_and_allow(page, example_site, emulator, "Rowan Testwhistle")
    sign_out(page, example_site)

    emulator.rename_show(9013, "The Paper Orchard (revival)")
    emulator.add_show(9990, "Fenland Nights", "2026-fenland-nights", admins=[ROWAN])
    emulator.delete("shows", 9150)
    press_sign_in(page, example_site)
    page.wait_for_url(example_site.base_url + PERSON_PATH)

    assert [name for name, _ in shows_listed(page)] == [
        "Fenland Nights",
        "Saltmarsh: A Musical",
        "The Paper Orchard (revival)",
    ]
