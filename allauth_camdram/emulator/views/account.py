"""The account API: ``/auth/account.json`` and the person's shows and organisations."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from allauth_camdram.constants import (
    SCOPE_USER_EMAIL,
    SCOPE_USER_ORGS,
    SCOPE_USER_SHOWS,
)
from allauth_camdram.emulator.encoding import api_response, camdram_error_response
from allauth_camdram.emulator.models import Performance, Person, ShowSociety
from allauth_camdram.emulator.oauth_responses import (
    EXPIRED_ACCESS_TOKEN,
    INVALID_ACCESS_TOKEN,
    bearer_error,
)
from allauth_camdram.emulator.serialize import (
    show_json,
    society_json,
    user_json,
    venue_json,
)
from allauth_camdram.emulator.tokens import find_access_token
from allauth_camdram.emulator.views.signin import redirect_to_sign_in, signed_in_person

logger = logging.getLogger(__name__)

# Camdram's OAuth library looks for "Bearer", whitespace and the token
# anywhere in the header, case-sensitively, so "bearer x" is no token at all.
BEARER_PATTERN = re.compile(r"Bearer\s+(\S+)")

AccountHandler = Callable[[Person, set[str]], HttpResponse]

# The API returns a JSON 405 for other methods, so Django's CSRF check,
# which would reject them first with an HTML 403, is left out.


@csrf_exempt
def account(request: HttpRequest) -> HttpResponse:
    return _with_person(request, _account)


@csrf_exempt
def shows(request: HttpRequest) -> HttpResponse:
    return _with_person(request, _shows)


@csrf_exempt
def organisations(request: HttpRequest) -> HttpResponse:
    return _with_person(request, _organisations)


def bearer_token(request: HttpRequest) -> str | None:
    match = BEARER_PATTERN.search(request.META.get("HTTP_AUTHORIZATION", ""))
    return match.group(1) if match else None


def _with_person(request: HttpRequest, handler: AccountHandler) -> HttpResponse:
    """Find the requesting person and their scopes, responding as Camdram's firewall does."""
    if request.method not in ("GET", "HEAD"):
        return camdram_error_response(405)
    header_token = bearer_token(request)
    query_token = request.GET.get("access_token") or None
    if header_token and query_token:
        # Camdram's library throws outside its error handling here.
        return camdram_error_response(500)
    raw = header_token or query_token
    if raw is None:
        person = signed_in_person(request)
        if person is None:
            return redirect_to_sign_in(request)
        # A browser session carries no scopes.
        return handler(person, set())

    token = find_access_token(raw)
    if token is None:
        return bearer_error(INVALID_ACCESS_TOKEN)
    if timezone.now() > token.expires:
        return bearer_error(EXPIRED_ACCESS_TOKEN)
    person = Person.objects.filter(user=token.user).first() if token.user else None
    if person is None:
        logger.error(
            "Access token %s belongs to no person; responding with 500", token.pk
        )
        return camdram_error_response(500)
    return handler(person, set(token.scope.split()))


def _account(person: Person, scopes: set[str]) -> HttpResponse:
    return api_response(user_json(person, with_email=SCOPE_USER_EMAIL in scopes))


def _shows(person: Person, scopes: set[str]) -> HttpResponse:
    if SCOPE_USER_SHOWS not in scopes:
        return camdram_error_response(403)
    queryset = (
        person.shows.select_related("image")
        .prefetch_related(
            Prefetch(
                "performances", queryset=Performance.objects.select_related("venue")
            ),
            Prefetch(
                "society_links", queryset=ShowSociety.objects.select_related("society")
            ),
        )
        .order_by("id")
    )
    return api_response([show_json(show) for show in queryset])


def _organisations(person: Person, scopes: set[str]) -> HttpResponse:
    if SCOPE_USER_ORGS not in scopes:
        return camdram_error_response(403)
    # Societies first, then venues, as Camdram merges the two lists.
    body = [
        society_json(s) for s in person.societies.select_related("image").order_by("id")
    ]
    body += [
        venue_json(v) for v in person.venues.select_related("image").order_by("id")
    ]
    return api_response(body)
