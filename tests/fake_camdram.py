"""A fake Camdram at the HTTP transport, built on ``responses``.

Tests set each endpoint's reply and read back every request that reached it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
import responses

from allauth_camdram.constants import (
    ACCOUNT_PATH,
    ORGANISATIONS_PATH,
    SHOWS_PATH,
    TOKEN_PATH,
)

BASE_URL = "https://camdram.test"

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

Reply = tuple[int, dict[str, str], str | bytes]
Handler = Callable[[requests.PreparedRequest], Reply]


def json_reply(body: Any, status: int = 200) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(body)


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    form: dict[str, list[str]]
    body: bytes


@dataclass
class FakeCamdram:
    mock: responses.RequestsMock
    base_url: str = BASE_URL
    requests: list[RecordedRequest] = field(default_factory=list)
    handlers: dict[str, Handler] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reply(TOKEN_PATH, json_reply(GOOD_TOKEN))
        self.reply(ACCOUNT_PATH, json_reply(GOOD_ACCOUNT))
        self.reply(SHOWS_PATH, json_reply([]))
        self.reply(ORGANISATIONS_PATH, json_reply([]))
        for path in (TOKEN_PATH, ACCOUNT_PATH, SHOWS_PATH, ORGANISATIONS_PATH):
            for method in ("GET", "POST"):
                self.mock.add_callback(
                    method,
                    self.base_url + path,
                    callback=self._dispatch,
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

    def _dispatch(self, request: requests.PreparedRequest) -> Reply:
        url = urlsplit(request.url or "")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        content_type = request.headers.get("Content-Type", "")
        form = (
            parse_qs(body.decode(), keep_blank_values=True)
            if "application/x-www-form-urlencoded" in content_type
            else {}
        )
        self.requests.append(
            RecordedRequest(
                method=request.method or "",
                path=url.path,
                query=parse_qs(url.query, keep_blank_values=True),
                headers=dict(request.headers),
                form=form,
                body=body,
            )
        )
        return self.handlers[url.path](request)
