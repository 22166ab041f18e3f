"""A fake Camdram at the HTTP transport, built on ``responses``.

Tests set each endpoint's reply and read back every request that reached it.
By default the token and account endpoints follow Camdram's rules:

- The token endpoint takes client credentials by exactly one method, needs
  ``redirect_uri``, and checks a code issued by ``authorize()`` the way
  Camdram does (single use, same ``redirect_uri``). A code that
  ``authorize()`` did not issue is accepted, so a test can skip consent.
- The account endpoint needs ``Authorization: Bearer <token>`` with a token
  the token endpoint issued, spelled with a capital B. Without such a header
  it redirects to Camdram's login page, as Camdram does.
"""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

import requests
import responses

from allauth_camdram.constants import (
    ACCOUNT_PATH,
    AUTHORIZE_PATH,
    ORGANISATIONS_PATH,
    SHOWS_PATH,
    SUPPORTED_SCOPES,
    TOKEN_PATH,
)

BASE_URL = "https://camdram.test"
# The app configured in tests/settings.py.
CLIENT_ID = "12_3abcdefghijklmnopqrstuvwxyz0123456789abcdefghij"
CLIENT_SECRET = "s3cret+/=value"

GOOD_TOKEN = {
    "access_token": "A1",
    "expires_in": 3600,
    "token_type": "bearer",
    "scope": "user_email user_shows user_orgs",
    "refresh_token": "R1",
}
GOOD_ACCOUNT = {
    "id": 4242,
    "name": "Test Person",
    "email": "test.person@example.org",
    "_links": {"self": "/auth/account"},
    "_type": "user",
}

# Where Camdram sends a request that carries no token it recognises.
LOGIN_PAGE_PATH = "/auth/login"
LOGIN_PAGE = "<!DOCTYPE html><html><body>Log in to Camdram</body></html>"

Reply = tuple[int, dict[str, str], str | bytes]
Handler = Callable[[requests.PreparedRequest], Reply]


def json_reply(body: Any, status: int = 200) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(body)


def raise_error(error: Exception) -> Handler:
    """Return a handler that raises ``error`` at the transport, like a timeout."""

    def handler(request: requests.PreparedRequest) -> Reply:
        raise error

    return handler


@dataclass
class RecordedRequest:
    method: str
    url: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    form: dict[str, list[str]]
    body: bytes


@dataclass
class FakeCamdram:
    mock: responses.RequestsMock
    base_url: str = BASE_URL
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    token_body: dict[str, Any] = field(default_factory=lambda: dict(GOOD_TOKEN))
    account_body: Any = field(default_factory=lambda: dict(GOOD_ACCOUNT))
    requests: list[RecordedRequest] = field(default_factory=list)
    handlers: dict[str, Handler] = field(default_factory=dict)
    issued_codes: dict[str, str] = field(default_factory=dict)
    used_codes: set[str] = field(default_factory=set)
    issued_tokens: set[str] = field(default_factory=set)
    _code_numbers: itertools.count[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self.reply(TOKEN_PATH, self._token_endpoint)
        self.reply(ACCOUNT_PATH, self._account_endpoint)
        self.reply(SHOWS_PATH, json_reply([]))
        self.reply(ORGANISATIONS_PATH, json_reply([]))
        self.reply(LOGIN_PAGE_PATH, (200, {"Content-Type": "text/html"}, LOGIN_PAGE))
        paths = (
            TOKEN_PATH,
            ACCOUNT_PATH,
            SHOWS_PATH,
            ORGANISATIONS_PATH,
            LOGIN_PAGE_PATH,
        )
        for path in paths:
            for method in ("GET", "POST"):
                self.mock.add_callback(
                    method,
                    self.base_url + path,
                    callback=self._dispatch,
                    content_type=None,
                )

    def reply(self, path: str, reply: Reply | Handler) -> None:
        """Set the reply of ``path``: a fixed reply or a function of the request."""
        if callable(reply):
            self.handlers[path] = reply
        else:
            fixed = reply
            self.handlers[path] = lambda request: fixed

    def to(self, path: str) -> list[RecordedRequest]:
        """Return the recorded requests to ``path``, oldest first."""
        return [request for request in self.requests if request.path == path]

    def authorize(self, location: str, *, allow: bool = True) -> dict[str, str]:
        """Act as the person on Camdram's consent page for ``location``.

        Returns the query the browser then brings to the callback: a code
        and the state after Allow, or an OAuth error after Cancel or for a
        scope Camdram does not support.
        """
        url = urlsplit(location)
        assert (
            f"{url.scheme}://{url.netloc}{url.path}" == self.base_url + AUTHORIZE_PATH
        )
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        assert query.get("client_id") == self.client_id, query
        assert query.get("response_type") == "code", query
        redirect_uri = query["redirect_uri"]

        callback: dict[str, str] = {}
        if query.get("state"):
            callback["state"] = query["state"]
        scopes = query.get("scope", "").split(" ")
        if any(scope and scope not in SUPPORTED_SCOPES for scope in scopes):
            callback["error"] = "invalid_scope"
            callback["error_description"] = "An unsupported scope was requested."
        elif not allow:
            callback["error"] = "access_denied"
            callback["error_description"] = "The user denied access to your application"
        else:
            code = f"CODE-{next(self._code_numbers)}"
            self.issued_codes[code] = redirect_uri
            callback["code"] = code
        return callback

    def _token_endpoint(self, request: requests.PreparedRequest) -> Reply:
        form = _parse_form(request)
        basic = request.headers.get("Authorization", "")
        if basic and "client_id" in form:
            return self._oauth_error(
                "invalid_request", "two client authentication methods"
            )
        if basic.startswith("Basic "):
            decoded = base64.b64decode(basic.removeprefix("Basic ")).decode()
            client_id, _, secret = decoded.partition(":")
            client_id, secret = unquote_plus(client_id), unquote_plus(secret)
        else:
            client_id = form.get("client_id", [""])[0]
            secret = form.get("client_secret", [""])[0]
        if (client_id, secret) != (self.client_id, self.client_secret):
            return self._oauth_error(
                "invalid_client", "The client credentials are invalid"
            )

        if form.get("grant_type") != ["authorization_code"]:
            return self._oauth_error("invalid_request", "Invalid grant_type parameter")
        code = form.get("code", [""])[0]
        redirect_uri = form.get("redirect_uri", [""])[0]
        if not redirect_uri:
            return self._oauth_error(
                "invalid_request", "The redirect URI parameter is required."
            )
        if code in self.used_codes:
            return self._oauth_error(
                "invalid_grant", "Code doesn't exist or is invalid for the client"
            )
        if code in self.issued_codes:
            if self.issued_codes[code] != redirect_uri:
                return self._oauth_error(
                    "redirect_uri_mismatch",
                    "The redirect URI is missing or do not match",
                )
            self.used_codes.add(code)
        return json_reply(self.token_body)

    def _account_endpoint(self, request: requests.PreparedRequest) -> Reply:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            # Camdram ignores a lowercase scheme and, seeing no token at all,
            # sends the browser to its login page.
            return 302, {"Location": self.base_url + LOGIN_PAGE_PATH}, ""
        if header.removeprefix("Bearer ") not in self.issued_tokens:
            return self._oauth_error(
                "invalid_grant", "The access token provided is invalid.", status=401
            )
        return json_reply(self.account_body)

    def _oauth_error(self, error: str, description: str, status: int = 400) -> Reply:
        return json_reply({"error": error, "error_description": description}, status)

    def _dispatch(self, request: requests.PreparedRequest) -> Reply:
        url = urlsplit(request.url or "")
        self.requests.append(
            RecordedRequest(
                method=request.method or "",
                url=request.url or "",
                path=url.path,
                query=parse_qs(url.query, keep_blank_values=True),
                headers=dict(request.headers),
                form=_parse_form(request),
                body=_body_bytes(request),
            )
        )
        reply = self.handlers[url.path](request)
        if url.path == TOKEN_PATH:
            self._remember_issued_token(reply)
        return reply

    def _remember_issued_token(self, reply: Reply) -> None:
        status, _, body = reply
        if status != 200:
            return
        try:
            data = json.loads(body)
        except ValueError:
            return
        if isinstance(data, dict) and isinstance(data.get("access_token"), str):
            self.issued_tokens.add(data["access_token"])


def _body_bytes(request: requests.PreparedRequest) -> bytes:
    body = request.body or b""
    return body.encode() if isinstance(body, str) else body


def _parse_form(request: requests.PreparedRequest) -> dict[str, list[str]]:
    if "application/x-www-form-urlencoded" not in request.headers.get(
        "Content-Type", ""
    ):
        return {}
    return parse_qs(_body_bytes(request).decode(), keep_blank_values=True)


def callback_url(params: dict[str, str]) -> str:
    """Return the callback path with ``params``, as Camdram redirects to it."""
    return "/accounts/camdram/login/callback/?" + urlencode(params)


# Distinctive values for tests that check no secret leaks into a page or log.
SECRET_TOKEN = {
    "access_token": "ACCESS-7f3a9c2e41",
    "expires_in": 3600,
    "token_type": "bearer",
    "scope": "user_email user_shows user_orgs",
    "refresh_token": "REFRESH-2b8e4d6a90",
}
SECRET_TEXTS = (
    CLIENT_SECRET,
    SECRET_TOKEN["access_token"],
    SECRET_TOKEN["refresh_token"],
)


def assert_nothing_created() -> None:
    """Assert that a failed login left no user, social account or token."""
    from allauth.socialaccount.models import SocialAccount, SocialToken
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.count() == 0
    assert SocialAccount.objects.count() == 0
    assert SocialToken.objects.count() == 0


def assert_no_secrets(*texts: str | bytes) -> None:
    """Assert that no client secret or token appears in any of ``texts``."""
    for text in texts:
        decoded = text.decode(errors="replace") if isinstance(text, bytes) else text
        for secret in SECRET_TEXTS:
            assert secret not in decoded
