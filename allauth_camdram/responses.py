"""Validation of Camdram's HTTP replies, shared by login and sync."""

from __future__ import annotations

import json
from typing import Any

import requests

from allauth_camdram.exceptions import (
    CamdramAPIError,
    CamdramForbidden,
    CamdramInvalidResponse,
    CamdramServerError,
    CamdramUnauthorized,
)

# Camdram's token replies give the token_type "bearer" in lower case. RFC 6749
# makes the comparison case-insensitive, and an absent token_type is read as bearer.
BEARER = "bearer"


class TokenResponseError(Exception):
    """A reply from the token endpoint that contains no usable token.

    ``error_code`` is the OAuth ``error`` value when Camdram sent one.
    """

    def __init__(self, message: str, error_code: str | None = None) -> None:
        self.error_code = error_code
        super().__init__(message)


def parse_token_response(response: requests.Response) -> dict[str, Any]:
    """Return the token reply as a dict, or raise ``TokenResponseError``.

    Camdram responds to every token error with HTTP 400 and a JSON body
    containing ``error`` and ``error_description``, including bad client
    credentials.
    """
    status = response.status_code
    data = _decode_json_object(response)

    if status != 200:
        if data is not None and isinstance(data.get("error"), str):
            code = data["error"]
            description = data.get("error_description")
            detail = f": {description}" if isinstance(description, str) else ""
            raise TokenResponseError(
                f"Camdram's token endpoint returned HTTP {status}, error {code}{detail}",
                error_code=code,
            )
        raise TokenResponseError(
            f"Camdram's token endpoint returned HTTP {status} without an OAuth error"
        )

    if data is None:
        raise TokenResponseError(
            "Camdram's token endpoint returned HTTP 200 but the body is not a JSON object"
        )
    access_token = data.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise TokenResponseError("Camdram's token endpoint returned no access_token")
    token_type = data.get("token_type")
    if token_type is not None and str(token_type).lower() != BEARER:
        raise TokenResponseError(
            f"Camdram's token endpoint returned token_type {token_type!r}; "
            "only bearer tokens are supported"
        )

    refresh_token = data.get("refresh_token")
    if not isinstance(refresh_token, str) or not refresh_token:
        # allauth keeps the stored refresh token when none arrives, so an
        # empty or null value must not be passed on as a new one.
        data.pop("refresh_token", None)
    expires_in = parse_expires_in(data.get("expires_in"))
    if expires_in is None:
        data.pop("expires_in", None)
    else:
        data["expires_in"] = expires_in
    return data


def parse_expires_in(value: object) -> int | None:
    """Return ``expires_in`` as whole seconds, or ``None`` if unusable.

    Some proxies turn the number into a string, so ``"3600"`` is accepted.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, float):
        seconds = int(value)
    elif isinstance(value, str):
        try:
            seconds = int(value.strip())
        except ValueError:
            return None
    else:
        return None
    return seconds if seconds > 0 else None


def parse_api_response(response: requests.Response, endpoint: str) -> Any:
    """Return the decoded JSON of an API reply, or raise ``CamdramAPIError``.

    Camdram responds with a 302 to its login page when it finds no token on
    a request. Both callers turn redirects off, so the HTML login page is
    never parsed as data.
    """
    status = response.status_code
    if status == 401:
        raise CamdramUnauthorized(endpoint, status, _oauth_error_summary(response))
    if status == 403:
        raise CamdramForbidden(endpoint, status, "the token lacks the scope")
    if 300 <= status < 400:
        raise CamdramUnauthorized(
            endpoint, status, "Camdram redirected to its login page"
        )
    if status != 200:
        raise CamdramServerError(endpoint, status, "unexpected status")
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        content_type = response.headers.get("Content-Type", "no Content-Type")
        raise CamdramInvalidResponse(
            endpoint, status, f"the body is not valid JSON ({content_type})"
        ) from None


def _decode_json_object(response: requests.Response) -> dict[str, Any] | None:
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _oauth_error_summary(response: requests.Response) -> str:
    data = _decode_json_object(response)
    if data is not None and isinstance(data.get("error"), str):
        return str(data["error"])
    return "the access token was rejected"


__all__ = [
    "BEARER",
    "CamdramAPIError",
    "TokenResponseError",
    "parse_api_response",
    "parse_expires_in",
    "parse_token_response",
]
