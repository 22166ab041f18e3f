"""OAuth bodies and headers as Camdram's server library sends them."""

from __future__ import annotations

from django.http import HttpResponse

from allauth_camdram.emulator.encoding import JSON_CONTENT_TYPE, encode_compact
from allauth_camdram.emulator.tokens import ACCESS_TOKEN_LIFETIME, IssuedTokens

INVALID_ACCESS_TOKEN = "The access token provided is invalid."  # noqa: S105
EXPIRED_ACCESS_TOKEN = "The access token provided has expired."  # noqa: S105


class OAuthError(Exception):
    """An OAuth error with Camdram's wording.

    Camdram's OAuth library sends a missing description as JSON null.
    """

    def __init__(self, error: str, description: str | None = None) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description

    def body(self) -> str:
        return encode_compact(
            {"error": self.error, "error_description": self.description}
        )


def no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def token_success(tokens: IssuedTokens) -> HttpResponse:
    """Return the token body: compact, ``token_type`` in lower case, ``scope`` null if empty."""
    body: dict[str, object] = {
        "access_token": tokens.access_token,
        "expires_in": int(ACCESS_TOKEN_LIFETIME.total_seconds()),
        "token_type": "bearer",
        "scope": tokens.scope,
    }
    if tokens.refresh_token is not None:
        body["refresh_token"] = tokens.refresh_token
    return no_store(HttpResponse(encode_compact(body), content_type=JSON_CONTENT_TYPE))


def token_error(error: OAuthError) -> HttpResponse:
    """Return a token-endpoint error: 400 for every error, ``invalid_client`` included."""
    response = HttpResponse(error.body(), status=400, content_type=JSON_CONTENT_TYPE)
    return no_store(response)


def bearer_error(description: str) -> HttpResponse:
    """Return the 401 for an unknown or expired access token on any API URL."""
    error = OAuthError("invalid_grant", description)
    response = no_store(
        HttpResponse(error.body(), status=401, content_type=JSON_CONTENT_TYPE)
    )
    response["WWW-Authenticate"] = (
        f'Bearer realm="Service", error="invalid_grant", error_description="{description}"'
    )
    return response
