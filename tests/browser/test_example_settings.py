"""Which Camdram the example site's settings point at, for each environment."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from typing import Any

import pytest

from allauth_camdram.emulator.defaults import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from tests.browser.example_site import EXAMPLE_DIR

SETTINGS_FILE = EXAMPLE_DIR / "example_site" / "settings.py"


@pytest.fixture
def load_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., dict[str, Any]]:
    """Return a function that evaluates the settings module with an environment."""

    def load(**environ: str) -> dict[str, Any]:
        for name in ("CAMDRAM_CLIENT_ID", "CAMDRAM_CLIENT_SECRET", "CAMDRAM_URL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


def test_settings_default_to_emulator(
    load_settings: Callable[..., dict[str, Any]],
) -> None:
    settings = load_settings()

    camdram = settings["SOCIALACCOUNT_PROVIDERS"]["camdram"]
    assert camdram["CAMDRAM_URL"] == "http://127.0.0.1:8001"
    assert camdram["APPS"] == [
        {"client_id": DEFAULT_CLIENT_ID, "secret": DEFAULT_CLIENT_SECRET}
    ]
    assert settings["CAMDRAM_ALLOW_HTTP"] is True


def test_settings_client_id_selects_real_camdram(
    load_settings: Callable[..., dict[str, Any]],
) -> None:
    settings = load_settings(
        CAMDRAM_CLIENT_ID="77_realclientid", CAMDRAM_CLIENT_SECRET="realsecret"
    )

    camdram = settings["SOCIALACCOUNT_PROVIDERS"]["camdram"]
    assert camdram["CAMDRAM_URL"] == "https://www.camdram.net"
    assert camdram["APPS"] == [{"client_id": "77_realclientid", "secret": "realsecret"}]
    assert settings["CAMDRAM_ALLOW_HTTP"] is False


def test_settings_camdram_url_overrides_default(
    load_settings: Callable[..., dict[str, Any]],
) -> None:
    settings = load_settings(CAMDRAM_URL="http://localhost:9123/")

    camdram = settings["SOCIALACCOUNT_PROVIDERS"]["camdram"]
    assert camdram["CAMDRAM_URL"] == "http://localhost:9123"
    assert camdram["APPS"][0]["client_id"] == DEFAULT_CLIENT_ID
    assert settings["CAMDRAM_ALLOW_HTTP"] is True


def test_settings_remote_http_not_allowed(
    load_settings: Callable[..., dict[str, Any]],
) -> None:
    settings = load_settings(CAMDRAM_URL="http://camdram.example.org")

    assert settings["CAMDRAM_ALLOW_HTTP"] is False


def test_settings_keep_tokens_without_verification(
    load_settings: Callable[..., dict[str, Any]],
) -> None:
    settings = load_settings()

    assert settings["SOCIALACCOUNT_STORE_TOKENS"] is True
    assert settings["ACCOUNT_EMAIL_VERIFICATION"] == "none"
