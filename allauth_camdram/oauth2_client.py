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

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from django.utils.http import urlencode

from allauth_camdram.responses import TokenResponseError, parse_token_response

logger = logging.getLogger(__name__)


class CamdramOAuth2Client(OAuth2Client):
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
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.callback_url,
            "client_id": self.consumer_key,
            "client_secret": self.consumer_secret,
        }
        if pkce_code_verifier:
            data["code_verifier"] = pkce_code_verifier

        with get_adapter().get_requests_session() as session:
            response = session.request(
                "POST",
                self.access_token_url,
                data=data,
                headers={"Accept": "application/json"},
            )
        logger.debug(
            "Camdram token endpoint %s returned %s",
            self.access_token_url,
            response.status_code,
        )
        try:
            return parse_token_response(response)
        except TokenResponseError as error:
            if error.error_code in ("invalid_client", "unauthorized_client"):
                # The site's client id or secret is wrong, so every login fails
                # until someone fixes the configuration.
                logger.error(
                    "Camdram rejected this site's client credentials (%s). "
                    "Check the Camdram app's client id and secret.",
                    error.error_code,
                )
            else:
                logger.warning("Camdram token exchange failed: %s", error)
            raise OAuth2Error(str(error)) from error
