"""The control API under ``/_emulator/``: JSON endpoints for tests and scripts.

Only loopback clients reach it (see ``ControlAccessMiddleware``). Camdram has
nothing like it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from allauth_camdram.emulator import seed
from allauth_camdram.emulator.applications import create_application
from allauth_camdram.emulator.models import AppAuthorisation, Fault, Person
from allauth_camdram.emulator.models.faults import ENDPOINT_CHOICES, KIND_CHOICES
from allauth_camdram.emulator.models.oauth import APP_TYPE_CHOICES, APP_TYPE_WEBSITE
from allauth_camdram.emulator.state import STATE
from allauth_camdram.emulator.tokens import REFRESH_TOKEN_LIFETIME

logger = logging.getLogger(__name__)

ControlView = Callable[..., Any]
_ENDPOINTS = {value for value, _ in ENDPOINT_CHOICES}
_KINDS = {value for value, _ in KIND_CHOICES}
_APP_TYPES = {value for value, _ in APP_TYPE_CHOICES}


class ControlError(ValueError):
    """A control request that cannot be carried out, returned as HTTP 400."""


def control_endpoint(
    *methods: str,
) -> Callable[[ControlView], Callable[..., HttpResponse]]:
    """Turn a view that returns JSON-ready data into a CSRF-exempt JSON endpoint."""

    def decorate(view: ControlView) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                return _json({"error": f"Use one of {', '.join(methods)}."}, 405)
            try:
                return _json(view(request, *args, **kwargs))
            except (ControlError, seed.DataError) as error:
                return _json({"error": str(error)}, 400)
            except Http404 as error:
                return _json({"error": str(error) or "Not found"}, 404)

        return wrapper

    return decorate


@control_endpoint("GET")
def status(request: HttpRequest) -> dict[str, Any]:
    return {
        "client_id": STATE.main_app.client_id,
        "redirect_uris": STATE.main_app.redirect_uris,
        "latency_ms": STATE.latency_ms,
        "people": [
            {"id": person.pk, "name": person.name, "email": person.email}
            for person in Person.objects.all()
        ],
    }


@control_endpoint("GET", "POST", "DELETE")
def faults(request: HttpRequest) -> Any:
    if request.method == "DELETE":
        deleted, _ = Fault.objects.all().delete()
        return {"deleted": deleted}
    if request.method == "POST":
        return _fault_json(_create_fault(_body(request)))
    return [_fault_json(fault) for fault in Fault.objects.all()]


@control_endpoint("DELETE")
def fault_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    deleted, _ = Fault.objects.filter(pk=pk).delete()
    return {"deleted": deleted}


@control_endpoint("GET", "PUT")
def latency(request: HttpRequest) -> dict[str, int]:
    if request.method == "PUT":
        STATE.latency_ms = _non_negative(_body(request).get("ms"), "ms")
    return {"ms": STATE.latency_ms}


@control_endpoint("GET", "DELETE")
def request_log(request: HttpRequest) -> Any:
    if request.method == "DELETE":
        STATE.clear_log()
        return {"cleared": True}
    after = request.GET.get("after", "0")
    return STATE.entries(after=int(after) if after.isdigit() else 0)


@control_endpoint("POST")
def expire_tokens(request: HttpRequest, person_id: int) -> dict[str, int]:
    """Expire a person's access tokens now; refresh tokens and codes on request."""
    person = get_object_or_404(Person, pk=person_id)
    options = _body(request)
    past = timezone.now() - timedelta(seconds=1)
    counts = {"access_tokens": 0, "refresh_tokens": 0, "codes": 0}
    if options.get("access", True):
        counts["access_tokens"] = AccessToken.objects.filter(user=person.user).update(
            expires=past
        )
    if options.get("refresh", False):
        # django-oauth-toolkit stores no expiry for refresh tokens, so age them.
        counts["refresh_tokens"] = RefreshToken.objects.filter(user=person.user).update(
            created=past - REFRESH_TOKEN_LIFETIME
        )
    if options.get("codes", False):
        counts["codes"] = Grant.objects.filter(user=person.user).update(expires=past)
    logger.info("Expired tokens of person %s: %s", person.pk, counts)
    return counts


@control_endpoint("DELETE")
def authorisations(request: HttpRequest, person_id: int) -> dict[str, int]:
    deleted, _ = AppAuthorisation.objects.filter(person_id=person_id).delete()
    return {"deleted": deleted}


@control_endpoint("POST")
def data(request: HttpRequest) -> dict[str, int]:
    """Create or update listings from a document in the seed data format."""
    return seed.load(_body(request), overwrite=True)


@control_endpoint("PATCH", "DELETE")
def listing_detail(request: HttpRequest, kind: str, pk: int) -> dict[str, Any]:
    if kind not in seed.MODELS:
        raise ControlError(f"Unknown kind {kind!r}; use one of {sorted(seed.MODELS)}")
    model = seed.MODELS[kind]
    instance = get_object_or_404(model, pk=pk)
    if request.method == "DELETE":
        instance.delete()
        return {"deleted": 1}
    seed.load({kind: [{**_body(request), "id": pk}]}, overwrite=True)
    return {"updated": 1}


@control_endpoint("POST")
def apps(request: HttpRequest) -> dict[str, Any]:
    """Create an extra OAuth app, e.g. of type "other" or "server"."""
    options = _body(request)
    app_type, redirect_uris = _check_app_options(options)
    owner_id = options.get("owner")
    owner = get_object_or_404(Person, pk=owner_id) if owner_id is not None else None

    application, secret = create_application(
        redirect_uris=redirect_uris,
        name=str(options.get("name", "Test app")),
        owner=owner,
        app_type=app_type,
        client_id=options.get("client_id"),
        client_secret=options.get("client_secret"),
    )
    return {
        "client_id": application.client_id,
        "client_secret": secret,
        "app_type": app_type,
    }


@control_endpoint("POST")
def reset(request: HttpRequest) -> dict[str, Any]:
    """Clear faults and the request log and restore the starting latency.

    By default it also restores the seed data and deletes remembered consents.
    """
    options = _body(request)
    Fault.objects.all().delete()
    STATE.latency_ms = STATE.startup_latency_ms
    STATE.clear_log()
    restored = None
    if options.get("data", True) and STATE.seed_path is not None and STATE.data_changed:
        restored = seed.restore(seed.read_document(STATE.seed_path))
        STATE.data_changed = False
    forgotten = 0
    if options.get("consents", True):
        forgotten, _ = AppAuthorisation.objects.all().delete()
    return {"restored": restored, "forgotten_consents": forgotten}


def _check_app_options(options: dict[str, Any]) -> tuple[str, list[str]]:
    app_type = options.get("app_type", APP_TYPE_WEBSITE)
    if app_type not in _APP_TYPES:
        raise ControlError(
            f"Unknown app_type {app_type!r}; use one of {sorted(_APP_TYPES)}"
        )

    redirect_uris = options.get("redirect_uris", [])
    if not isinstance(redirect_uris, list) or not all(
        isinstance(uri, str) for uri in redirect_uris
    ):
        raise ControlError("redirect_uris must be a list of strings")

    client_id = options.get("client_id")
    if (
        client_id is not None
        and Application.objects.filter(client_id=client_id).exists()
    ):
        raise ControlError(f"An app with client id {client_id!r} exists already")
    return app_type, redirect_uris


def _create_fault(options: dict[str, Any]) -> Fault:
    endpoint = options.get("endpoint")
    kind = options.get("kind")
    if endpoint not in _ENDPOINTS:
        raise ControlError(
            f"Unknown endpoint {endpoint!r}; use one of {sorted(_ENDPOINTS)}"
        )
    if kind not in _KINDS:
        raise ControlError(f"Unknown kind {kind!r}; use one of {sorted(_KINDS)}")
    status = options.get("status")
    if status is not None and (not isinstance(status, int) or not 100 <= status <= 599):
        raise ControlError(f"status must be an HTTP status code, not {status!r}")
    times = options.get("times")
    if times is not None and (not isinstance(times, int) or times < 1):
        raise ControlError(f"times must be a positive integer or null, not {times!r}")
    return Fault.objects.create(
        endpoint=endpoint,
        kind=kind,
        delay_ms=_non_negative(options.get("delay_ms", 0), "delay_ms"),
        status=status,
        remaining=times,
    )


def _fault_json(fault: Fault) -> dict[str, Any]:
    return {
        "id": fault.pk,
        "endpoint": fault.endpoint,
        "kind": fault.kind,
        "delay_ms": fault.delay_ms,
        "status": fault.effective_status(),
        "remaining": fault.remaining,
        "enabled": fault.enabled,
    }


def _non_negative(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ControlError(
            f"{name} must be a whole number of milliseconds, not {value!r}"
        )
    return value


def _body(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        decoded = json.loads(request.body)
    except ValueError as error:
        raise ControlError(f"The body is not valid JSON: {error}") from error
    if not isinstance(decoded, dict):
        raise ControlError("The body must be a JSON object")
    return decoded


def _json(value: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(value), status=status, content_type="application/json"
    )
