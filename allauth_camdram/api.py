"""HTTP calls to Camdram's account API, as a person or as the app's owner.

``CamdramSession`` extends requests-oauthlib's ``OAuth2Session`` but replaces
its request and refresh logic, for these reasons:

* Its transport check lets plain http through only when the process-wide
  ``OAUTHLIB_INSECURE_TRANSPORT`` variable is set. Here the site's
  ``CAMDRAM_ALLOW_HTTP`` setting decides, and the environment is never touched.
* Its automatic refresh adds HTTP Basic as soon as a request carries the
  client credentials, which Camdram then receives twice. It refreshes only
  after expiry, never when the expiry is unknown, and without a
  ``token_updater`` it raises ``TokenUpdated`` instead of saving the token.

Refreshing and saving the person's token is in ``allauth_camdram.tokens``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from allauth.socialaccount import app_settings as socialaccount_settings
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.core.exceptions import MultipleObjectsReturned
from django.utils import timezone
from oauthlib.oauth2 import BackendApplicationClient
from oauthlib.oauth2.rfc6749.tokens import prepare_bearer_headers
from requests_oauthlib import OAuth2Session

from allauth_camdram import conf
from allauth_camdram.conf import app_settings
from allauth_camdram.constants import PROVIDER_ID, TOKEN_PATH
from allauth_camdram.exceptions import (
    CamdramAPIError,
    CamdramConfigurationError,
    CamdramConnectionError,
    CamdramInsecureURL,
    CamdramInvalidResponse,
    CamdramReauthorizationRequired,
    CamdramServerError,
    CamdramTimeout,
    CamdramUnauthorized,
)
from allauth_camdram.responses import (
    TokenResponseError,
    parse_api_response,
    parse_token_response,
)

logger = logging.getLogger(__name__)

# Token endpoint errors that mean the site's Camdram app is misconfigured:
# a wrong client id or secret, or an app type that may not refresh tokens.
_CONFIGURATION_ERRORS = frozenset({"invalid_client", "unauthorized_client"})
# Token endpoint errors that mean this refresh token can never work again,
# so only a new sign-in helps.
_DEAD_GRANT_ERRORS = frozenset({"invalid_grant", "invalid_scope"})


class CamdramSession(OAuth2Session):
    """An HTTP session for Camdram that never follows redirects.

    It sends ``Authorization: Bearer <token>`` with a capital B, because
    Camdram ignores the header otherwise, and never puts the token in a URL.
    Every request times out after allauth's ``SOCIALACCOUNT_REQUESTS_TIMEOUT``.
    """

    def request(  # type: ignore[override]
        self,
        method: str | bytes,
        url: str | bytes,
        data: Any = None,
        headers: dict[str, str] | None = None,
        withhold_token: bool = False,
        **kwargs: Any,
    ) -> requests.Response:
        text_url = url.decode() if isinstance(url, bytes) else url
        require_allowed_url(text_url)
        kwargs.setdefault("timeout", socialaccount_settings.REQUESTS_TIMEOUT)
        kwargs["allow_redirects"] = False
        headers = {"Accept": "application/json", **(headers or {})}
        if not withhold_token and self.access_token:
            headers = prepare_bearer_headers(self.access_token, headers)
        return requests.Session.request(
            self, method, text_url, data=data, headers=headers, **kwargs
        )


def require_allowed_url(url: str) -> None:
    """Raise ``CamdramInsecureURL`` unless ``url`` is https, or http when allowed."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "https":
        return
    if scheme == "http" and app_settings.ALLOW_HTTP:
        return
    raise CamdramInsecureURL(
        f"The Camdram URL {url} is not https. Set CAMDRAM_ALLOW_HTTP = True only "
        "to reach a local Camdram emulator over plain http."
    )


def get_camdram_app(app: SocialApp | None = None) -> SocialApp:
    """Return ``app``, or the site's Camdram app from settings or the database.

    A token of an app defined in settings has ``app`` set to ``None``, so
    the app is looked up the way allauth's login does.
    """
    if app is not None:
        return app
    try:
        found: SocialApp = get_adapter().get_app(request=None, provider=PROVIDER_ID)
    except SocialApp.DoesNotExist:
        raise CamdramConfigurationError(
            "No Camdram app is configured. Add one to "
            'SOCIALACCOUNT_PROVIDERS["camdram"]["APPS"] or as a social application.'
        ) from None
    except MultipleObjectsReturned:
        raise CamdramConfigurationError(
            "More than one Camdram app is configured; mark all but one as hidden."
        ) from None
    return found


def fetch_json(app: SocialApp, path: str, access_token: str) -> Any:
    """GET ``path`` once with ``access_token`` and return the decoded JSON.

    Raises ``CamdramAPIError`` subclasses for a 401, 403, redirect, 5xx,
    non-JSON body, timeout or failed connection. It touches no database, so
    threads may call it at the same time.
    """
    session = CamdramSession(token={"access_token": access_token})
    response = _send(session, "GET", app, path)
    return parse_api_response(response, path)


def post_token_request(app: SocialApp, body: str) -> dict[str, Any]:
    """POST ``body`` to Camdram's token endpoint and return the token reply.

    The client id and secret must be in ``body``, and no HTTP Basic header is
    sent, so Camdram receives exactly one client authentication method.
    """
    # This session has no access token, so it sends no Authorization header.
    response = _send(
        CamdramSession(),
        "POST",
        app,
        TOKEN_PATH,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    status = response.status_code
    try:
        return parse_token_response(response)
    except TokenResponseError as error:
        raise _token_error(status, error) from None


def _send(
    session: CamdramSession, method: str, app: SocialApp, path: str, **kwargs: Any
) -> requests.Response:
    """Send one request to ``path`` on the app's Camdram and close ``session``.

    Raises ``CamdramTimeout`` or ``CamdramConnectionError`` when no response
    arrives.
    """
    try:
        with session:
            response = session.request(method, conf.camdram_url(app) + path, **kwargs)
    except requests.Timeout:
        raise CamdramTimeout(
            path, None, f"timed out after {socialaccount_settings.REQUESTS_TIMEOUT} s"
        ) from None
    except requests.RequestException as error:
        raise CamdramConnectionError(path, None, type(error).__name__) from None
    logger.debug("Camdram %s returned %s", path, response.status_code)
    return response


def expiry_from_reply(reply: dict[str, Any]) -> datetime | None:
    """Return when the token in ``reply`` expires, or ``None`` without ``expires_in``."""
    expires_in = reply.get("expires_in")
    if not isinstance(expires_in, int):
        return None
    return timezone.now() + timedelta(seconds=expires_in)


def expires_soon(expires_at: datetime | None) -> bool:
    """Return whether a token expiring at ``expires_at`` needs a refresh now.

    A token is refreshed ``CAMDRAM_TOKEN_REFRESH_LEEWAY`` seconds early, so a
    request never starts with a token that lapses on the way. An unknown
    expiry counts as valid: a 401 then triggers the single refresh.
    """
    if expires_at is None:
        return False
    leeway = timedelta(seconds=app_settings.TOKEN_REFRESH_LEEWAY)
    return expires_at <= timezone.now() + leeway


class CamdramAppClient:
    """Calls Camdram as the app's owner, with a client-credentials token.

    Camdram runs such calls as the user who registered the app, with every
    scope, and issues no refresh token, so an expired token is replaced by
    asking for a new one.
    """

    def __init__(self, app: SocialApp | None = None) -> None:
        self.app = get_camdram_app(app)
        self._access_token: str | None = None
        self._expires_at: datetime | None = None

    def get_json(self, path: str) -> Any:
        """GET ``path`` and return the JSON, fetching a token when needed.

        A token is fetched first when there is none or it expires soon. After
        a 401 one new token is fetched and the request is retried once.
        """
        if self._access_token is None or expires_soon(self._expires_at):
            self._fetch_token()
        assert self._access_token is not None
        try:
            return fetch_json(self.app, path, self._access_token)
        except CamdramUnauthorized as error:
            if error.status != 401:
                raise
        self._fetch_token()
        return fetch_json(self.app, path, self._access_token)

    def _fetch_token(self) -> None:
        client = BackendApplicationClient(client_id=self.app.client_id)
        body = client.prepare_request_body(
            include_client_id=True, client_secret=self.app.secret
        )
        try:
            reply = post_token_request(self.app, body)
        except CamdramReauthorizationRequired as error:
            # A client-credentials grant has no refresh token to go dead, so
            # this is Camdram rejecting the app.
            raise CamdramConfigurationError(str(error)) from None
        self._access_token = reply["access_token"]
        self._expires_at = expiry_from_reply(reply)
        logger.info("Fetched a Camdram client-credentials token")


def _token_error(status: int, error: TokenResponseError) -> Exception:
    code = error.error_code
    if code in _DEAD_GRANT_ERRORS:
        return CamdramReauthorizationRequired(
            f"Camdram rejected the refresh token ({code}); the person must "
            "sign in with Camdram again"
        )
    if code in _CONFIGURATION_ERRORS:
        logger.error(
            "Camdram rejected this site's client credentials (%s). Check the "
            "Camdram app's client id, secret and type (Website).",
            code,
        )
        return CamdramConfigurationError(
            f"Camdram rejected this site's client credentials ({code})"
        )
    if status >= 500:
        return CamdramServerError(TOKEN_PATH, status, "unexpected status")
    if status == 200:
        return CamdramInvalidResponse(TOKEN_PATH, status, str(error))
    return CamdramAPIError(TOKEN_PATH, status, code or "no OAuth error code")
