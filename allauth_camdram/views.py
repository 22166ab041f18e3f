"""allauth's OAuth2 adapter for Camdram and the two views allauth mounts."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from allauth_camdram import conf
from allauth_camdram.constants import (
    ACCOUNT_PATH,
    AUTHORIZE_PATH,
    GRANTED_SCOPE_SESSION_KEY,
    PROVIDER_ID,
    TOKEN_PATH,
)
from allauth_camdram.exceptions import CamdramAPIError
from allauth_camdram.oauth2_client import CamdramOAuth2Client
from allauth_camdram.responses import parse_api_response, parse_expires_in

logger = logging.getLogger(__name__)

# The callback's "error" parameter comes from the browser, so only
# characters an OAuth error code can contain are written to the log.
_UNSAFE_ERROR_CHARACTERS = re.compile(r"[^A-Za-z0-9_.-]")


# allauth ships no type information, so its base classes are Any to mypy.
class CamdramOAuth2Adapter(OAuth2Adapter):  # type: ignore[misc]
    """Camdram's OAuth2 endpoints, read from settings on every request."""

    provider_id = PROVIDER_ID
    client_class = CamdramOAuth2Client
    scope_delimiter = " "

    # The provider that built this adapter, or the first one looked up.
    provider: Any = None

    def get_provider(self) -> Any:
        # allauth calls get_provider() from the views, the client set-up and
        # complete_login(). Each call looks up the SocialApp, which is a query
        # for an app in the database, so one adapter keeps the first result.
        if self.provider is None:
            self.provider = super().get_provider()
        return self.provider

    def _base_url(self) -> str:
        return conf.camdram_url(self.get_provider().app)

    @property
    def authorize_url(self) -> str:
        return self._base_url() + AUTHORIZE_PATH

    @property
    def access_token_url(self) -> str:
        return self._base_url() + TOKEN_PATH

    @property
    def profile_url(self) -> str:
        return self._base_url() + ACCOUNT_PATH

    def parse_token(self, data: dict[str, Any]) -> SocialToken:
        token = SocialToken(token=data["access_token"])
        token.token_secret = data.get("refresh_token") or ""
        expires_in = parse_expires_in(data.get(self.expires_in_key))
        if expires_in is not None:
            token.expires_at = timezone.now() + timedelta(seconds=expires_in)
        return token

    def complete_login(
        self,
        request: HttpRequest,
        app: SocialApp,
        token: SocialToken,
        **kwargs: Any,
    ) -> SocialLogin:
        data = fetch_account(self.profile_url, token.token)
        try:
            login: SocialLogin = self.get_provider().sociallogin_from_response(
                request, data
            )
        except ProviderException:
            logger.warning("Camdram %s returned no valid account id", ACCOUNT_PATH)
            raise

        # Keep what Camdram granted for the sync that runs after this login,
        # so that it calls only the endpoints the scope allows. Camdram sends
        # null when nothing was granted and a proxy may drop the key, so a
        # value from an earlier login in this session must not stand in.
        response = kwargs.get("response") or {}
        granted = response.get("scope")
        if isinstance(granted, str):
            request.session[GRANTED_SCOPE_SESSION_KEY] = granted
        else:
            request.session.pop(GRANTED_SCOPE_SESSION_KEY, None)
        return login


def fetch_account(url: str, access_token: str) -> dict[str, Any]:
    """Fetch ``/auth/account.json`` and return it, or raise ``OAuth2Error``.

    Camdram matches the ``Bearer`` scheme case-sensitively and ignores the
    header otherwise, so the scheme is spelled here rather than copied from
    the token reply's lowercase ``token_type``. The token never goes in the
    URL, where proxies and server logs would keep it.
    """
    headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
    try:
        with get_adapter().get_requests_session() as session:
            response = session.get(url, headers=headers, allow_redirects=False)
    except requests.Timeout as error:
        logger.warning("Camdram %s timed out during login", ACCOUNT_PATH)
        raise OAuth2Error(f"Camdram {ACCOUNT_PATH} timed out") from error
    except requests.RequestException as error:
        logger.warning(
            "Request to Camdram %s failed during login: %s",
            ACCOUNT_PATH,
            type(error).__name__,
        )
        raise OAuth2Error(f"Request to Camdram {ACCOUNT_PATH} failed") from error
    logger.debug("Camdram %s returned %s", ACCOUNT_PATH, response.status_code)

    try:
        data = parse_api_response(response, ACCOUNT_PATH)
    except CamdramAPIError as error:
        logger.warning("Camdram login failed: %s", error)
        raise OAuth2Error(str(error)) from error
    if not isinstance(data, dict):
        logger.warning("Camdram %s returned JSON that is not an object", ACCOUNT_PATH)
        raise OAuth2Error(f"Camdram {ACCOUNT_PATH} did not return a JSON object")
    return data


class CamdramCallbackView(OAuth2CallbackView):  # type: ignore[misc]
    """allauth's callback, plus a log line when Camdram reports an error.

    ``access_denied`` is the person pressing Cancel and is not logged. Any
    other ``error`` (``invalid_scope`` above all) means the site is
    misconfigured, so it is logged at ERROR with Camdram's error code.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        error = request.GET.get("error")
        if error and error != self.adapter.login_cancelled_error:
            logger.error(
                "Camdram returned error=%s to the login callback; check the "
                "Camdram provider's SCOPE and the app's redirect URI",
                _UNSAFE_ERROR_CHARACTERS.sub("?", error[:64]),
            )
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


oauth2_login = OAuth2LoginView.adapter_view(CamdramOAuth2Adapter)
oauth2_callback = CamdramCallbackView.adapter_view(CamdramOAuth2Adapter)
