"""Camdram's base URL, plain http for the emulator, and https behind a proxy."""

from __future__ import annotations

import importlib
import os
import pkgutil
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import allauth_camdram
from allauth_camdram.constants import ACCOUNT_PATH, TOKEN_PATH
from tests.fake_camdram import CLIENT_ID, CLIENT_SECRET, FakeCamdram, callback_url

pytestmark = pytest.mark.django_db

PROXY_HEADERS = {"HTTP_HOST": "theatre.example.org", "HTTP_X_FORWARDED_PROTO": "https"}


def providers(camdram_url: str | None = None, app_url: str | None = None) -> dict:
    app: dict = {"client_id": CLIENT_ID, "secret": CLIENT_SECRET}
    if app_url is not None:
        app["settings"] = {"camdram_url": app_url}
    provider: dict = {"APPS": [app]}
    if camdram_url is not None:
        provider["CAMDRAM_URL"] = camdram_url
    return {"camdram": provider}


def authorize_location(client, **headers: str) -> str:
    response = client.post("/accounts/camdram/login/", **headers)
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def test_camdram_url_default_is_camdram_net(client, camdram: FakeCamdram):
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers()):
        location = authorize_location(client)

    assert location.startswith("https://www.camdram.net/oauth/v2/auth?")


def test_camdram_url_setting_read_per_request(client, camdram: FakeCamdram):
    other = FakeCamdram(camdram.mock, base_url="https://other.camdram.test")

    with override_settings(
        SOCIALACCOUNT_PROVIDERS=providers("https://other.camdram.test/")
    ):
        location = authorize_location(client)
        response = client.get(callback_url(other.authorize(location)))

    assert response.status_code == 302
    assert location.startswith("https://other.camdram.test/oauth/v2/auth?")
    assert [r.path for r in other.requests][:2] == [TOKEN_PATH, ACCOUNT_PATH]
    assert camdram.requests == []


def test_app_camdram_url_wins(client, camdram: FakeCamdram):
    app_camdram = FakeCamdram(camdram.mock, base_url="https://app.camdram.test")

    with override_settings(
        SOCIALACCOUNT_PROVIDERS=providers(
            "https://other.camdram.test", app_url="https://app.camdram.test"
        )
    ):
        location = authorize_location(client)
        response = client.get(callback_url(app_camdram.authorize(location)))

    assert response.status_code == 302
    assert [r.path for r in app_camdram.requests][:2] == [TOKEN_PATH, ACCOUNT_PATH]


@pytest.mark.parametrize(
    "url",
    ["www.camdram.net", "ftp://camdram.test", "https://", "https://camdram.test/?a=1"],
)
def test_camdram_url_not_absolute_fails(client, camdram: FakeCamdram, url):
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers(url)):
        response = client.post("/accounts/camdram/login/")

    assert response.status_code == 401
    assert camdram.requests == []


def test_camdram_url_http_rejected_by_default(client, camdram: FakeCamdram, caplog):
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers("http://127.0.0.1:8765")):
        response = client.post("/accounts/camdram/login/")

    assert response.status_code == 401
    assert "CAMDRAM_ALLOW_HTTP" in caplog.text


def test_camdram_url_http_allowed_for_emulator(
    client, camdram: FakeCamdram, monkeypatch
):
    monkeypatch.delenv("OAUTHLIB_INSECURE_TRANSPORT", raising=False)
    emulator = FakeCamdram(camdram.mock, base_url="http://127.0.0.1:8765")

    with override_settings(
        SOCIALACCOUNT_PROVIDERS=providers("http://127.0.0.1:8765"),
        CAMDRAM_ALLOW_HTTP=True,
    ):
        location = authorize_location(client)
        response = client.get(callback_url(emulator.authorize(location)))

    assert response.status_code == 302
    assert SocialAccount.objects.get().uid == "4242"
    assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ


def test_importing_package_leaves_oauthlib_env(monkeypatch):
    monkeypatch.delenv("OAUTHLIB_INSECURE_TRANSPORT", raising=False)

    imported = import_package_modules(allauth_camdram.__name__)

    assert "allauth_camdram.views" in imported
    assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ


def import_package_modules(package: str) -> list[str]:
    """Import every module of ``package`` except the emulator and migrations."""
    imported = []
    for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
        # The emulator is a separate program with its own settings and models.
        if module.name in ("emulator", "migrations", "__main__"):
            continue
        name = f"{package}.{module.name}"
        importlib.import_module(name)
        imported.append(name)
        if module.ispkg:
            imported += import_package_modules(name)
    return imported


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_redirect_uri_https_behind_proxy(client, camdram: FakeCamdram):
    location = authorize_location(client, **PROXY_HEADERS)
    sent = parse_qs(urlsplit(location).query)["redirect_uri"][0]
    params = camdram.authorize(location)

    response = client.get(callback_url(params), **PROXY_HEADERS)

    assert sent == "https://theatre.example.org/accounts/camdram/login/callback/"
    assert response.status_code == 302
    (token_request,) = camdram.to(TOKEN_PATH)
    assert token_request.form["redirect_uri"] == [sent]


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_redirect_uri_mismatch_logged(client, camdram: FakeCamdram, caplog):
    # A proxy that drops X-Forwarded-Proto on the return leg makes the two
    # redirect URIs differ, which Camdram rejects.
    location = authorize_location(client, **PROXY_HEADERS)
    params = camdram.authorize(location)

    response = client.get(callback_url(params), HTTP_HOST="theatre.example.org")

    assert response.status_code == 401
    assert SocialAccount.objects.count() == 0
    assert "redirect_uri_mismatch" in caplog.text


def test_database_app_camdram_url(client, camdram: FakeCamdram):
    db_camdram = FakeCamdram(camdram.mock, base_url="https://db.camdram.test")
    app = SocialApp.objects.create(
        provider="camdram",
        name="Camdram",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"camdram_url": "https://db.camdram.test"},
    )

    with override_settings(SOCIALACCOUNT_PROVIDERS={"camdram": {}}):
        location = authorize_location(client)
        response = client.get(callback_url(db_camdram.authorize(location)))

    assert response.status_code == 302
    assert location.startswith("https://db.camdram.test/oauth/v2/auth?")
    assert SocialToken.objects.get().app == app


def test_database_app_read_once_per_request(client, camdram: FakeCamdram):
    SocialApp.objects.create(
        provider="camdram",
        name="Camdram",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"camdram_url": "https://camdram.test"},
    )

    with override_settings(SOCIALACCOUNT_PROVIDERS={"camdram": {}}):
        with CaptureQueriesContext(connection) as login_queries:
            location = authorize_location(client)
        with CaptureQueriesContext(connection) as callback_queries:
            response = client.get(callback_url(camdram.authorize(location)))

    assert response.status_code == 302
    assert app_lookups(login_queries) == 1
    assert app_lookups(callback_queries) == 1


def app_lookups(queries: CaptureQueriesContext) -> int:
    return sum(
        query["sql"].startswith("SELECT")
        and 'FROM "socialaccount_socialapp"' in query["sql"]
        for query in queries.captured_queries
    )
