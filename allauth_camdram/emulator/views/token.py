"""``/oauth/v2/token``, checked in the order Camdram's OAuth library checks.

Camdram differs from RFC 6749 in ways clients meet: GET works as well as
POST, a POST body may be JSON, ``invalid_client`` is a 400, and every
refresh rotates the refresh token.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from urllib.parse import unquote_plus

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import Application, Grant, RefreshToken

from allauth_camdram.constants import SUPPORTED_SCOPES
from allauth_camdram.emulator import redirect_uris
from allauth_camdram.emulator.encoding import camdram_error_response
from allauth_camdram.emulator.models.oauth import ALLOWED_GRANTS, APP_TYPE_WEBSITE
from allauth_camdram.emulator.oauth_responses import (
    OAuthError,
    token_error,
    token_success,
)
from allauth_camdram.emulator.tokens import (
    IssuedTokens,
    client_secret_matches,
    exchange,
    find_code,
    find_refresh_token,
    issue_tokens,
    refresh_token_expires,
)

logger = logging.getLogger(__name__)

# The grant types Camdram's library recognises. Any other is an invalid_request.
GRANT_TYPE_PATTERN = re.compile(
    r"^(authorization_code|token|password|client_credentials|refresh_token|https?://.+|urn:.+)$"
)
FULL_SCOPE = " ".join(SUPPORTED_SCOPES)
INVALID_CODE = "Code doesn't exist or is invalid for the client"


class OwnerlessAppError(Exception):
    """A client_credentials grant for an app that no person owns."""


@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return camdram_error_response(405)
    try:
        parameters = read_parameters(request)
    except ValueError:
        return camdram_error_response(400)
    try:
        tokens = _grant(request, parameters)
    except OAuthError as error:
        logger.info("Token request rejected: %s", error.error)
        return token_error(error)
    except OwnerlessAppError:
        # Camdram cannot store a token without a user and fails with a 500.
        return camdram_error_response(500)
    return token_success(tokens)


def read_parameters(request: HttpRequest) -> dict[str, str]:
    """Read GET parameters from the query, POST ones from the form or JSON body.

    A POST's query string is ignored, as on Camdram.
    """
    if request.method == "GET":
        return {key: request.GET.get(key, "") for key in request.GET}
    if request.content_type == "application/json":
        decoded = json.loads(request.body or b"{}")
        if not isinstance(decoded, dict):
            raise ValueError("JSON body is not an object")
        return {str(key): _scalar_text(value) for key, value in decoded.items()}
    return {key: request.POST.get(key, "") for key in request.POST}


def basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    """Return the form-decoded client id and secret of an HTTP Basic header."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, _, password = decoded.partition(":")
    # RFC 6749 section 2.3.1 form-encodes both values before base64.
    return unquote_plus(user), unquote_plus(password)


def _grant(request: HttpRequest, parameters: dict[str, str]) -> IssuedTokens:
    grant_type = parameters.get("grant_type", "")
    if not GRANT_TYPE_PATTERN.match(grant_type):
        raise OAuthError(
            "invalid_request", "Invalid grant_type parameter or parameter missing"
        )

    application = _authenticate_client(request, parameters)
    profile = getattr(application, "camdram_profile", None)
    app_type = profile.app_type if profile is not None else APP_TYPE_WEBSITE
    if grant_type not in ALLOWED_GRANTS[app_type]:
        raise OAuthError(
            "unauthorized_client", "The grant type is unauthorized for this client_id"
        )

    if grant_type == "authorization_code":
        grant = _check_code(application, parameters)
        scope = _narrow_scope(parameters, grant.scope or None)
        tokens = exchange(grant, application, grant.user, scope)
        if tokens is None:
            raise OAuthError("invalid_grant", INVALID_CODE)
        return tokens
    if grant_type == "refresh_token":
        refresh = _check_refresh_token(application, parameters)
        stored = refresh.access_token.scope if refresh.access_token else ""
        scope = _narrow_scope(parameters, stored or None)
        tokens = exchange(refresh, application, refresh.user, scope)
        if tokens is None:
            raise OAuthError("invalid_grant", "Invalid refresh token")
        return tokens
    if grant_type == "client_credentials":
        # Camdram acts as the app's owner, with every scope unless narrowed.
        if application.user is None:
            raise OwnerlessAppError
        scope = _narrow_scope(parameters, FULL_SCOPE)
        return issue_tokens(
            application, application.user, scope, with_refresh_token=False
        )
    raise OAuthError("unsupported_grant_type")


def _authenticate_client(
    request: HttpRequest, parameters: dict[str, str]
) -> Application:
    # Basic wins whenever it names a client, even if the body names another.
    basic = basic_credentials(request)
    if basic is not None and basic[0]:
        client_id, secret = basic
    else:
        client_id = parameters.get("client_id", "")
        secret = parameters.get("client_secret", "")
        if not client_id:
            raise OAuthError(
                "invalid_client", "Client id was not found in the headers or body"
            )
    application: Application | None = (
        Application.objects.select_related("camdram_profile", "user")
        .filter(client_id=client_id)
        .first()
    )
    if application is None or not client_secret_matches(application, secret):
        raise OAuthError("invalid_client", "The client credentials are invalid")
    return application


def _check_code(application: Application, parameters: dict[str, str]) -> Grant:
    code = parameters.get("code", "")
    if not code:
        raise OAuthError("invalid_request", 'Missing parameter. "code" is required')
    redirect_uri = redirect_uris.sanitise(parameters.get("redirect_uri", ""))
    if not redirect_uri:
        raise OAuthError("invalid_request", "The redirect URI parameter is required.")
    grant = find_code(code)
    if grant is None or grant.application_id != application.pk:
        raise OAuthError("invalid_grant", INVALID_CODE)
    if not redirect_uris.matches(redirect_uri, grant.redirect_uri):
        raise OAuthError(
            "redirect_uri_mismatch", "The redirect URI is missing or do not match"
        )
    if timezone.now() > grant.expires:
        raise OAuthError("invalid_grant", "The authorization code has expired")
    return grant


def _check_refresh_token(
    application: Application, parameters: dict[str, str]
) -> RefreshToken:
    raw = parameters.get("refresh_token", "")
    if not raw:
        raise OAuthError("invalid_request", 'No "refresh_token" parameter found')
    refresh = find_refresh_token(raw)
    if refresh is None or refresh.application_id != application.pk:
        raise OAuthError("invalid_grant", "Invalid refresh token")
    if timezone.now() > refresh_token_expires(refresh):
        raise OAuthError("invalid_grant", "Refresh token has expired")
    return refresh


def _narrow_scope(parameters: dict[str, str], stored: str | None) -> str | None:
    """Apply an optional ``scope`` parameter, which may only narrow the grant.

    When the grant has no scope at all, any requested scope is rejected.
    """
    requested = parameters.get("scope", "")
    if not requested:
        return stored
    if stored is None or not set(requested.split(" ")) <= set(stored.split(" ")):
        raise OAuthError("invalid_scope", "An unsupported scope was requested.")
    return requested


def _scalar_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (str, int, float)):
        return str(value)
    return ""
