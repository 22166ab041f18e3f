"""allauth's headless (single-page app) redirect flow with Camdram."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from allauth_camdram.constants import TOKEN_PATH
from tests.fake_camdram import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeCamdram,
    assert_nothing_created,
    callback_url,
)

pytestmark = pytest.mark.django_db

REDIRECT_URL = "/_allauth/browser/v1/auth/provider/redirect"


def start_headless(client: Client, process: str = "login") -> str:
    response = client.post(
        REDIRECT_URL,
        {"provider": "camdram", "process": process, "callback_url": "/app/"},
    )
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def test_headless_config_lists_camdram(client):
    response = client.get("/_allauth/browser/v1/config")

    providers = response.json()["data"]["socialaccount"]["providers"]
    assert providers == [
        {
            "id": "camdram",
            "name": "Camdram",
            "flows": ["provider_redirect"],
            "client_id": CLIENT_ID,
        }
    ]


def test_headless_login_ends_at_callback_url(client, camdram: FakeCamdram):
    location = start_headless(client)

    response = client.get(callback_url(camdram.authorize(location)))

    assert location.startswith("https://camdram.test/oauth/v2/auth?")
    assert response.status_code == 302
    assert response["Location"] == "/app/"
    assert SocialAccount.objects.get().uid == "4242"
    session = client.get("/_allauth/browser/v1/auth/session")
    assert session.status_code == 200
    assert session.json()["data"]["user"]["email"] == "test.person@example.org"


def test_headless_cancel_ends_at_frontend(client, camdram: FakeCamdram):
    location = start_headless(client)

    response = client.get(callback_url(camdram.authorize(location, allow=False)))

    assert response.status_code == 302
    assert response["Location"] == "/app/?error=cancelled&error_process=login"
    assert camdram.to(TOKEN_PATH) == []
    assert_nothing_created()


def test_headless_token_failure_ends_at_frontend(client, camdram: FakeCamdram):
    location = start_headless(client)
    camdram.client_secret = "changed-on-camdram"

    response = client.get(callback_url(camdram.authorize(location)))

    assert response.status_code == 302
    assert response["Location"] == "/app/?error=unknown&error_process=login"
    assert_nothing_created()


def test_headless_bad_scope_ends_at_frontend(client, camdram: FakeCamdram):
    providers = {
        "camdram": {
            "CAMDRAM_URL": "https://camdram.test",
            "SCOPE": ["api_write"],
            "APPS": [{"client_id": CLIENT_ID, "secret": CLIENT_SECRET}],
        }
    }

    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        location = start_headless(client)

    assert location == "/app/?error=unknown&error_process=login"
    assert camdram.requests == []


def test_headless_connect_adds_account(client, camdram: FakeCamdram):
    user = get_user_model().objects.create_user("local", "local@example.org", "pw")
    client.force_login(user)
    location = start_headless(client, process="connect")

    response = client.get(callback_url(camdram.authorize(location)))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/app/"
    assert "error" not in parse_qs(urlsplit(response["Location"]).query)
    assert SocialAccount.objects.get().user == user
