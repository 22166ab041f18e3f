"""Request log, control-API guard, added latency and injected faults."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db.models import F
from django.http import HttpRequest, HttpResponse

from allauth_camdram.constants import (
    ACCOUNT_PATH,
    AUTHORIZE_PATH,
    ORGANISATIONS_PATH,
    SHOWS_PATH,
    TOKEN_PATH,
)
from allauth_camdram.emulator.encoding import (
    JSON_CONTENT_TYPE,
    camdram_error_response,
    encode_compact,
)
from allauth_camdram.emulator.models import Fault
from allauth_camdram.emulator.models.faults import KIND_ERROR, KIND_HTML, KIND_SLOW
from allauth_camdram.emulator.network import is_loopback
from allauth_camdram.emulator.state import STATE
from allauth_camdram.emulator.views.token import basic_credentials

logger = logging.getLogger(__name__)

CONTROL_PREFIX = "/_emulator/"
ENDPOINTS = {
    AUTHORIZE_PATH: "authorize",
    TOKEN_PATH: "token",
    ACCOUNT_PATH: "account",
    SHOWS_PATH: "shows",
    ORGANISATIONS_PATH: "organisations",
}
# Paths that would only fill the request log with noise.
UNLOGGED_PREFIXES = (CONTROL_PREFIX, "/static/", "/admin/", "/favicon.ico")
# Authorization schemes reported in the log; any other first word might be
# a bare token, so it is logged as "other".
KNOWN_SCHEMES = {"basic", "bearer", "digest", "mac", "token"}
FAULT_META_KEY = "camdram_emulator.fault"

Handler = Callable[[HttpRequest], HttpResponse]


class RequestLogMiddleware:
    """Record each request's shape, never its token, code or secret values."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(UNLOGGED_PREFIXES):
            return self.get_response(request)
        entry = describe_request(request)
        response = self.get_response(request)
        entry["status"] = response.status_code
        entry["fault"] = request.META.get(FAULT_META_KEY)
        STATE.record(entry)
        return response


class ControlAccessMiddleware:
    """Serve the control API to loopback clients only."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(CONTROL_PREFIX) and not is_loopback(
            request.META.get("REMOTE_ADDR", "")
        ):
            logger.warning(
                "Rejected a control API request from %s",
                request.META.get("REMOTE_ADDR"),
            )
            body = encode_compact(
                {
                    "error": "The control API accepts requests from loopback clients only."
                }
            )
            return HttpResponse(body, status=403, content_type=JSON_CONTENT_TYPE)
        return self.get_response(request)


class LatencyAndFaultMiddleware:
    """Add the configured latency, then apply the endpoint's oldest enabled fault."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(CONTROL_PREFIX):
            return self.get_response(request)
        if STATE.latency_ms:
            time.sleep(STATE.latency_ms / 1000)
        endpoint = ENDPOINTS.get(request.path)
        fault = _claim_fault(endpoint) if endpoint else None
        if fault is None:
            return self.get_response(request)

        request.META[FAULT_META_KEY] = f"{fault.kind} {fault.effective_status()}"
        if fault.delay_ms:
            time.sleep(fault.delay_ms / 1000)
        if fault.kind == KIND_SLOW:
            return self.get_response(request)
        status = fault.effective_status()
        if fault.kind == KIND_ERROR:
            return camdram_error_response(status)
        if fault.kind == KIND_HTML:
            page = (
                "<!DOCTYPE html><html><head><title>Camdram</title></head>"
                f"<body><h1>Something went wrong ({status})</h1></body></html>"
            )
            return HttpResponse(
                page, status=status, content_type="text/html; charset=utf-8"
            )
        return HttpResponse(
            '{"error": {"code": ', status=status, content_type=JSON_CONTENT_TYPE
        )


def describe_request(request: HttpRequest) -> dict[str, Any]:
    """Return the request's method, path and parameter names, without their values.

    Token requests also record the values of ``grant_type`` and ``client_id``.
    """
    body = _body_parameters(request)
    scheme = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0]
    entry: dict[str, Any] = {
        "time": datetime.now(UTC).isoformat(),
        "method": request.method,
        "path": request.path,
        "query_keys": sorted(request.GET.keys()),
        "body_keys": sorted(body.keys()),
        "authorization": None,
        "grant_type": None,
        "client_auth": None,
        "client_id": None,
    }
    if scheme:
        entry["authorization"] = scheme if scheme.lower() in KNOWN_SCHEMES else "other"
    if request.path == TOKEN_PATH:
        parameters = request.GET if request.method == "GET" else body
        entry["grant_type"] = parameters.get("grant_type")
        basic = basic_credentials(request)
        if basic is not None:
            entry["client_auth"] = "basic"
            entry["client_id"] = basic[0]
        elif parameters.get("client_id"):
            entry["client_auth"] = "body"
            entry["client_id"] = parameters.get("client_id")
    return entry


def _body_parameters(request: HttpRequest) -> dict[str, Any]:
    if request.method != "POST":
        return {}
    if request.content_type == "application/json":
        try:
            decoded = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return decoded if isinstance(decoded, dict) else {}
    return {key: request.POST.get(key) for key in request.POST}


def _claim_fault(endpoint: str) -> Fault | None:
    """Return the fault to apply, counting it against its remaining uses."""
    faults = Fault.objects.active().filter(endpoint=endpoint)
    for fault in faults.order_by("id"):
        if fault.remaining is None:
            return fault
        # Decrement only if no other thread used the last one meanwhile.
        claimed = Fault.objects.filter(pk=fault.pk, remaining__gt=0).update(
            remaining=F("remaining") - 1
        )
        if claimed:
            return fault
    return None
