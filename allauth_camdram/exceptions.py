"""Exceptions raised when Camdram's API fails after login.

Each message names the endpoint that failed and how. None carries a token or a response
body, so they are safe to log and to store as a sync error.
"""

from __future__ import annotations


class CamdramError(Exception):
    """Base class of every error this package raises about Camdram."""


class CamdramAPIError(CamdramError):
    """A request to a Camdram endpoint failed.

    ``endpoint`` is the URL path (for example ``/auth/account/shows.json``)
    and ``status`` the HTTP status, or ``None`` when no reply arrived.
    """

    def __init__(self, endpoint: str, status: int | None, detail: str) -> None:
        self.endpoint = endpoint
        self.status = status
        self.detail = detail
        where = f"{endpoint} returned HTTP {status}" if status else f"{endpoint} failed"
        super().__init__(f"Camdram {where}: {detail}")


class CamdramUnauthorized(CamdramAPIError):
    """Camdram rejected the access token (HTTP 401), even after a refresh."""


class CamdramForbidden(CamdramAPIError):
    """The token lacks the scope the endpoint needs (HTTP 403)."""


class CamdramServerError(CamdramAPIError):
    """Camdram responded with a 5xx status or another unexpected status."""


class CamdramInvalidResponse(CamdramAPIError):
    """Camdram's reply was not the JSON the endpoint documents."""


class CamdramTimeout(CamdramAPIError):
    """Camdram did not respond within ``SOCIALACCOUNT_REQUESTS_TIMEOUT``."""


class CamdramConnectionError(CamdramAPIError):
    """The connection to Camdram failed before any reply arrived."""


class CamdramTokenMissing(CamdramError):
    """The social account has no stored ``SocialToken`` to call Camdram with."""


class CamdramReauthorizationRequired(CamdramError):
    """Camdram rejected the refresh token, so the person must sign in again.

    Camdram's refresh tokens live 14 days and are single-use, and a person can
    revoke the site's access from their Camdram account page.
    """


class CamdramConfigurationError(CamdramError):
    """The site's Camdram client id or secret was rejected."""


class CamdramInsecureURL(CamdramConfigurationError):
    """The Camdram URL is not https, and ``CAMDRAM_ALLOW_HTTP`` is off."""
