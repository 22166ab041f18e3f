"""The token exchange at Camdram's ``/oauth/v2/token`` during login.

allauth's stock client breaks on several things Camdram and the proxies in
front of it really send (a reply without a Content-Type, HTML on a 502, a
``token_type`` of ``mac``), and turns some of them into a 500. This client
turns every bad reply into ``OAuth2Error``, which allauth's callback view
renders as its authentication error page.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from django.utils.http import urlencode

from allauth_camdram.conf import url_problem
from allauth_camdram.responses import TokenResponseError, parse_token_response
from allauth_camdram.scopes import describe_rejected_scopes

logger = logging.getLogger(__name__)

# Token errors that no retry by the person can fix: the site's client id,
# secret, app type or registered redirect URI is wrong.
_CONFIGURATION_ERRORS = (
    "invalid_client",
    "unauthorized_client",
    "redirect_uri_mismatch",
)


# allauth ships no type information, so its base classes are Any to mypy.
class CamdramOAuth2Client(OAuth2Client):  # type: ignore[misc]
    """Exchange an authorization code the way Camdram expects.

    Camdram requires ``redirect_uri`` on the exchange and rejects a ``scope``
    there unless it is a subset of the stored one, so ``scope`` is never sent.
    The client id and secret go in the form body only, because sending them
    by HTTP Basic as well is two authentication methods at once.
    """

    def get_redirect_url(
        self,
        authorization_url: str,
        scope: list[str],
        extra_params: dict[str, Any],
    ) -> str:
        # allauth renders its error page for an OAuth2Error raised here, and
        # in a headless login it sends the browser back to the frontend.
        _require_usable_url(authorization_url)
        problem = describe_rejected_scopes(scope)
        if problem:
            # Camdram reports error=invalid_scope only after the person has
            # clicked Allow, so stopping here spares them the round trip.
            logger.error("Camdram login not started: %s", problem)
            raise OAuth2Error(problem)

        # allauth's client joins the scopes through a set, so their order
        # changes from run to run. Camdram does not care, but people reading
        # the authorize URL and tests comparing it do.
        params = {
            self.client_id_parameter: self.consumer_key,
            "redirect_uri": self.callback_url,
            "scope": self.scope_delimiter.join(dict.fromkeys(scope)),
            "response_type": "code",
        }
        if self.state:
            params["state"] = self.state
        params.update(extra_params)
        return f"{authorization_url}?{urlencode(params)}"

    def get_access_token(
        self,
        code: str,
        pkce_code_verifier: str | None = None,
        extra_data: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if not code:
            raise OAuth2Error("The Camdram callback has no authorization code.")
        _require_usable_url(self.access_token_url)
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.callback_url,
            "client_id": self.consumer_key,
            "client_secret": self.consumer_secret,
        }
        if pkce_code_verifier:
            data["code_verifier"] = pkce_code_verifier

        try:
            with get_adapter().get_requests_session() as session:
                response = session.request(
                    "POST",
                    self.access_token_url,
                    data=data,
                    headers={"Accept": "application/json"},
                )
        except requests.Timeout as error:
            logger.warning("Camdram token endpoint timed out during login")
            raise OAuth2Error("Camdram's token endpoint timed out") from error
        except requests.RequestException as error:
            logger.warning(
                "Request to Camdram's token endpoint failed during login: %s",
                type(error).__name__,
            )
            raise OAuth2Error("Request to Camdram's token endpoint failed") from error
        logger.debug(
            "Camdram token endpoint %s returned %s",
            self.access_token_url,
            response.status_code,
        )

        try:
            return parse_token_response(response)
        except TokenResponseError as error:
            if error.error_code in _CONFIGURATION_ERRORS:
                # Every login fails until someone fixes the configuration.
                logger.error(
                    "Camdram rejected this site's configuration (%s). Check the "
                    "Camdram app's client id, secret, type (Website) and "
                    "redirect URI.",
                    error.error_code,
                )
            else:
                logger.warning("Camdram token exchange failed: %s", error)
            raise OAuth2Error(str(error)) from error


def _require_usable_url(url: str) -> None:
    """Raise ``OAuth2Error`` unless ``url`` is an https URL, or http when allowed.

    The client secret and the tokens travel to this URL, so plain http needs
    ``CAMDRAM_ALLOW_HTTP``, which is meant for an emulator on this machine.
    """
    problem = url_problem(url)
    if problem == "invalid":
        logger.error(
            "Camdram URL %r is not an absolute http(s) URL without a query; "
            "check CAMDRAM_URL",
            url,
        )
        raise OAuth2Error("The Camdram URL is not an absolute http(s) URL")
    if problem == "insecure":
        logger.error(
            "Camdram URL %r uses plain http; set CAMDRAM_ALLOW_HTTP = True "
            "only for a local emulator",
            url,
        )
        raise OAuth2Error("The Camdram URL uses plain http")
