"""``/oauth/v2/auth``: sign-in check, consent page and the redirect back.

Camdram validates the request only after the person presses a button: the
consent page appears even for a wrong redirect URI or an unknown scope.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from oauth2_provider.models import Application
from oauth2_provider.settings import oauth2_settings

from allauth_camdram.constants import SUPPORTED_SCOPES
from allauth_camdram.emulator import redirect_uris
from allauth_camdram.emulator.consent import is_remembered, remember, scope_items
from allauth_camdram.emulator.encoding import JSON_CONTENT_TYPE, camdram_error_response
from allauth_camdram.emulator.models import Person
from allauth_camdram.emulator.oauth_responses import OAuthError
from allauth_camdram.emulator.tokens import (
    ACCESS_TOKEN_LIFETIME,
    issue_code,
    issue_tokens,
)
from allauth_camdram.emulator.views.signin import (
    NEXT_SESSION_KEY,
    redirect_to_sign_in,
    signed_in_person,
)

logger = logging.getLogger(__name__)

FORM_PREFIX = "fos_oauth_server_authorize_form"
FIELDS = ("client_id", "response_type", "redirect_uri", "state", "scope")


@dataclass
class RedirectedError(Exception):
    """An error reported to the client by redirecting to its redirect URI."""

    redirect_uri: str
    error: OAuthError
    state: str | None


class RedirectUriError(Exception):
    """A redirect URI that cannot be trusted, so the error goes to the browser."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.error = OAuthError("redirect_uri_mismatch", description)


def authorize(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return camdram_error_response(405)
    person = signed_in_person(request)
    if person is None:
        return redirect_to_sign_in(request)

    if request.method == "GET":
        parameters = {field: request.GET.get(field) for field in FIELDS}
    else:
        parameters = {
            field: request.POST.get(f"{FORM_PREFIX}[{field}]") for field in FIELDS
        }
    application = _find_application(parameters["client_id"])
    if application is None:
        return render(request, "camdram_emulator/client_not_found.html", status=404)

    if request.method == "GET":
        if is_remembered(person, application, parameters["scope"]):
            return _approve_remembered(request, person, application, parameters)
        return _consent_page(request, person, application, parameters)

    accepted = "accepted" in request.POST
    if accepted:
        # Camdram stores the approval before it validates the request.
        remember(person, application, parameters["scope"])
    try:
        return _finish(
            person, application, parameters, accepted=accepted, consent_path=True
        )
    except RedirectUriError as problem:
        return HttpResponse(
            problem.error.body(), status=400, content_type=JSON_CONTENT_TYPE
        )
    except RedirectedError as problem:
        return _error_redirect(problem)


def _approve_remembered(
    request: HttpRequest,
    person: Person,
    application: Application,
    parameters: dict[str, str | None],
) -> HttpResponse:
    try:
        return _finish(
            person, application, parameters, accepted=True, consent_path=False
        )
    except (RedirectUriError, RedirectedError):
        # On this path Camdram's controller does not catch the library's
        # exceptions, so a bad request ends in its generic error page.
        logger.warning(
            "Remembered authorisation for an invalid request; responding with 500"
        )
        return render(request, "camdram_emulator/server_error.html", status=500)


def _consent_page(
    request: HttpRequest,
    person: Person,
    application: Application,
    parameters: dict[str, str | None],
) -> HttpResponse:
    descriptions = oauth2_settings.SCOPES
    requested = [
        descriptions.get(item, f"Use the permission \u201c{item}\u201d")
        for item in scope_items(parameters["scope"])
    ]
    # "Choose someone else" leads to the sign-in page, which then returns here.
    request.session[NEXT_SESSION_KEY] = request.get_full_path()
    profile = getattr(application, "camdram_profile", None)
    context = {
        "application": application,
        "website": profile.website if profile is not None else "",
        "person": person,
        "current": person,
        "requested": requested,
        "fields": [
            (f"{FORM_PREFIX}[{name}]", parameters[name] or "") for name in FIELDS
        ],
    }
    return render(request, "camdram_emulator/consent.html", context)


def _finish(
    person: Person,
    application: Application,
    parameters: dict[str, str | None],
    *,
    accepted: bool,
    consent_path: bool,
) -> HttpResponse:
    """Validate the request in Camdram's order, then redirect with a code or token."""
    redirect_uri = _check_redirect_uri(application, parameters["redirect_uri"])
    state = parameters["state"]
    response_type = parameters["response_type"]
    if not response_type:
        raise RedirectedError(
            redirect_uri, OAuthError("invalid_request", "Invalid response type."), state
        )
    if response_type not in ("code", "token"):
        raise RedirectedError(
            redirect_uri, OAuthError("unsupported_response_type"), state
        )
    scope = parameters["scope"]
    if scope and any(item not in SUPPORTED_SCOPES for item in scope.strip().split(" ")):
        raise RedirectedError(
            redirect_uri,
            OAuthError("invalid_scope", "An unsupported scope was requested."),
            state,
        )
    if not accepted:
        raise RedirectedError(
            redirect_uri,
            OAuthError("access_denied", "The user denied access to your application"),
            state,
        )

    if consent_path:
        # The consent form always posts a state, so an absent one comes back
        # as an empty "state=", and an empty scope becomes null.
        state = state or ""
        scope = scope or None
    if response_type == "code":
        code = issue_code(application, person.user, redirect_uri, scope)
        location = redirect_uris.add_parameters(
            redirect_uri, query={"state": state, "code": code}
        )
    else:
        tokens = issue_tokens(application, person.user, scope, with_refresh_token=False)
        fragment = {
            "state": state,
            "access_token": tokens.access_token,
            "expires_in": str(int(ACCESS_TOKEN_LIFETIME.total_seconds())),
            "token_type": "bearer",
            "scope": tokens.scope,
        }
        location = redirect_uris.add_parameters(redirect_uri, fragment=fragment)
    return _redirect(location)


def _check_redirect_uri(application: Application, supplied: str | None) -> str:
    uri = redirect_uris.sanitise(supplied or "")
    registered = redirect_uris.split_registered(application.redirect_uris)
    if not uri:
        if len(registered) > 1:
            raise RedirectUriError(
                "A redirect URL must be supplied when multiple redirect URLs are registered."
            )
        # Camdram enforces the parameter even when only one URI is registered.
        raise RedirectUriError("The redirect URI is mandatory and was not supplied.")
    if not redirect_uris.matches_any(uri, registered):
        raise RedirectUriError(
            "The redirect URI provided does not match registered URI(s)."
        )
    return uri


def _error_redirect(problem: RedirectedError) -> HttpResponse:
    query = {
        "error": problem.error.error,
        "error_description": problem.error.description,
        "state": problem.state or None,
    }
    response = _redirect(
        redirect_uris.add_parameters(problem.redirect_uri, query=query)
    )
    # Camdram's library also puts the error object in the redirect's body.
    response.content = problem.error.body().encode("utf-8")
    response["Content-Type"] = JSON_CONTENT_TYPE
    return response


def _redirect(location: str) -> HttpResponse:
    # Django's HttpResponseRedirect refuses custom schemes such as myapp://,
    # which Camdram allows.
    response = HttpResponse(status=302)
    response["Location"] = location
    return response


def _find_application(client_id: str | None) -> Application | None:
    if not client_id:
        return None
    application: Application | None = (
        Application.objects.select_related("camdram_profile")
        .filter(client_id=client_id)
        .first()
    )
    return application
