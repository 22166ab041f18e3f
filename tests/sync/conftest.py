"""Fixtures for the sync tests: a person's token and Camdram's account API.

``CamdramAccountAPI`` extends the fake Camdram of ``tests/fake_camdram.py``
with the refresh and client-credentials grants and the two list endpoints.
It follows Camdram's rules. Refresh tokens rotate on every use. The lists
need ``Authorization: Bearer <token>`` with a valid token, and a request
without one is redirected to the login page.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.utils import timezone

from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH, TOKEN_PATH
from tests.fake_camdram import (
    LOGIN_PAGE_PATH,
    FakeCamdram,
    Reply,
    _parse_form,
    json_reply,
)

FULL_SCOPE = "user_email user_shows user_orgs write write_org"


@dataclass
class CamdramAccountAPI:
    """Camdram's refresh grant and account lists, on top of ``FakeCamdram``."""

    camdram: FakeCamdram
    shows: list[Any] = field(default_factory=list)
    organisations: list[Any] = field(default_factory=list)
    valid_access_tokens: set[str] = field(default_factory=lambda: {"A1"})
    # Refresh token -> the scope of its grant; a used one is removed.
    refresh_tokens: dict[str, str | None] = field(
        default_factory=lambda: {"R1": "user_email user_shows user_orgs"}
    )
    refresh_reply_extra: dict[str, Any] = field(default_factory=dict)
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(2))

    def __post_init__(self) -> None:
        self.camdram.reply(TOKEN_PATH, self._token_endpoint)
        self.camdram.reply(SHOWS_PATH, lambda request: self._list(request, self.shows))
        self.camdram.reply(
            ORGANISATIONS_PATH,
            lambda request: self._list(request, self.organisations),
        )

    def refreshes(self) -> list[Any]:
        """Return the recorded refresh requests."""
        return [
            request
            for request in self.camdram.to(TOKEN_PATH)
            if request.form.get("grant_type") == ["refresh_token"]
        ]

    def _token_endpoint(self, request: requests.PreparedRequest) -> Reply:
        form = _parse_form(request)
        basic = request.headers.get("Authorization", "")
        if basic and "client_id" in form:
            return _oauth_error("invalid_request", "two client authentication methods")
        if basic.startswith("Basic "):
            decoded = base64.b64decode(basic.removeprefix("Basic ")).decode()
            client_id, _, secret = decoded.partition(":")
        else:
            client_id = form.get("client_id", [""])[0]
            secret = form.get("client_secret", [""])[0]
        if (client_id, secret) != (self.camdram.client_id, self.camdram.client_secret):
            return _oauth_error("invalid_client", "The client credentials are invalid")

        grant_type = form.get("grant_type", [""])[0]
        if grant_type == "client_credentials":
            access = f"C{next(self._numbers)}"
            self.valid_access_tokens.add(access)
            return json_reply(
                {
                    "access_token": access,
                    "expires_in": 3600,
                    "token_type": "bearer",
                    "scope": FULL_SCOPE,
                }
            )
        if grant_type != "refresh_token":
            return _oauth_error("invalid_request", "Invalid grant_type parameter")
        old = form.get("refresh_token", [""])[0]
        if old not in self.refresh_tokens:
            return _oauth_error("invalid_grant", "Invalid refresh token")
        scope = self.refresh_tokens.pop(old)
        number = next(self._numbers)
        access, refresh = f"A{number}", f"R{number}"
        self.valid_access_tokens.add(access)
        self.refresh_tokens[refresh] = scope
        body: dict[str, Any] = {
            "access_token": access,
            "expires_in": 3600,
            "token_type": "bearer",
            "scope": scope,
            "refresh_token": refresh,
        }
        body.update(self.refresh_reply_extra)
        return json_reply(body)

    def _list(self, request: requests.PreparedRequest, items: list[Any]) -> Reply:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return 302, {"Location": self.camdram.base_url + LOGIN_PAGE_PATH}, ""
        if header.removeprefix("Bearer ") not in self.valid_access_tokens:
            return _oauth_error(
                "invalid_grant", "The access token provided has expired.", status=401
            )
        return json_reply(items)


def _oauth_error(error: str, description: str, status: int = 400) -> Reply:
    return json_reply({"error": error, "error_description": description}, status)


@pytest.fixture
def api(camdram: FakeCamdram) -> CamdramAccountAPI:
    return CamdramAccountAPI(camdram)


@pytest.fixture
def account(db: None) -> SocialAccount:
    user = get_user_model().objects.create_user(username="person")
    return SocialAccount.objects.create(user=user, provider="camdram", uid="4242")


@pytest.fixture
def token(account: SocialAccount) -> SocialToken:
    return SocialToken.objects.create(
        account=account,
        token="A1",
        token_secret="R1",
        expires_at=timezone.now() + timedelta(hours=1),
    )


def show(camdram_id: int | str, name: str = "", **extra: Any) -> dict[str, Any]:
    """Return a show shaped as Camdram sends it, with one performance."""
    slug = f"2025-show-{camdram_id}"
    item: dict[str, Any] = {
        "id": camdram_id,
        "societies": [{"name": "Unregistered Players"}],
        "name": name or f"Show {camdram_id}",
        "slug": slug,
        "category": "drama",
        "performances": [
            {
                "date_string": "19:45, Tue 18th \u2013 Sat 22nd November 2025",
                "id": 1,
                "start_at": "2025-11-18T19:45:00+00:00",
                "repeat_until": "2025-11-22",
                "show": {"id": camdram_id, "name": "x", "slug": slug, "_type": "show"},
                "venue": {
                    "id": 38,
                    "name": "Studio",
                    "slug": "studio",
                    "_type": "venue",
                },
                "_links": {"show": f"/shows/{slug}", "venue": "/venues/studio"},
                "_type": "performance",
            }
        ],
        "societies_display_list": ["Unregistered Players"],
        "_links": {"self": f"/shows/{slug}"},
        "_type": "show",
    }
    item.update(extra)
    return item


def society(camdram_id: int | str, name: str = "", **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": camdram_id,
        "name": name or f"Society {camdram_id}",
        "short_name": f"S{camdram_id}",
        "slug": f"society-{camdram_id}",
        "_type": "society",
    }
    item.update(extra)
    return item


def venue(camdram_id: int | str, name: str = "", **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": camdram_id,
        "address": "1 Example Lane,\nCambridge",
        "name": name or f"Venue {camdram_id}",
        "slug": f"venue-{camdram_id}",
        "_type": "venue",
    }
    item.update(extra)
    return item
