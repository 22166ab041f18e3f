"""The control API under ``/_emulator/``: JSON endpoints for tests and scripts.

Only loopback clients reach it (see ``ControlAccessMiddleware``). Camdram has
nothing like it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from allauth_camdram.emulator import seed
from allauth_camdram.emulator.models import AppAuthorisation, Fault, Person
from allauth_camdram.emulator.models.faults import (
    ENDPOINT_CHOICES,
    KIND_CHOICES,
    SOURCE_CONTROL_API,
)
from allauth_camdram.emulator.state import STATE

logger = logging.getLogger(__name__)

ControlView = Callable[..., Any]
_ENDPOINTS = {value for value, _ in ENDPOINT_CHOICES}
_KINDS = {value for value, _ in KIND_CHOICES}


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
        return _fault_json(_create_fault(read_body(request)))
    return [_fault_json(fault) for fault in Fault.objects.all()]


@control_endpoint("DELETE")
def fault_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    deleted, _ = Fault.objects.filter(pk=pk).delete()
    return {"deleted": deleted}


@control_endpoint("GET", "PUT")
def latency(request: HttpRequest) -> dict[str, int]:
    if request.method == "PUT":
        STATE.latency_ms = _non_negative(read_body(request).get("ms"), "ms")
    return {"ms": STATE.latency_ms}


@control_endpoint("GET", "DELETE")
def request_log(request: HttpRequest) -> Any:
    if request.method == "DELETE":
        STATE.clear_log()
        return {"cleared": True}
    after = request.GET.get("after", "0")
    return STATE.entries(after=int(after) if after.isdigit() else 0)


@control_endpoint("POST")
def reset(request: HttpRequest) -> dict[str, Any]:
    """Clear faults and the request log and restore the starting latency.

    By default it also restores the seed data and deletes remembered consents.
    """
    options = read_body(request)
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
        source=SOURCE_CONTROL_API,
    )


def _fault_json(fault: Fault) -> dict[str, Any]:
    return {
        "id": fault.pk,
        "spec": fault.spec(),
        "endpoint": fault.endpoint,
        "kind": fault.kind,
        "delay_ms": fault.delay_ms,
        "status": fault.effective_status(),
        "remaining": fault.remaining,
        "enabled": fault.enabled,
        "source": fault.source,
    }


def _non_negative(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ControlError(
            f"{name} must be a whole number of milliseconds, not {value!r}"
        )
    return value


def read_body(request: HttpRequest) -> dict[str, Any]:
    """Decode the request's JSON object body; an empty body is an empty object."""
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
