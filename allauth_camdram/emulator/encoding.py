"""JSON bodies written byte for byte the way Camdram's PHP writes them.

Camdram's API bodies come from PHP's ``json_encode`` with
``JSON_PRETTY_PRINT``: four-space indent, ``/`` escaped as ``\\/`` and every
non-ASCII character as ``\\uXXXX`` (emoji as a surrogate pair). Its OAuth
bodies use the same escaping without the indent. Python's ``json`` escapes
non-ASCII the same way with ``ensure_ascii``, so only the slash needs work.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

JSON_CONTENT_TYPE = "application/json"

# Symfony's reason phrases for the statuses Camdram's error body can carry.
REASON_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def encode_pretty(value: Any) -> str:
    """Encode an API body as Camdram does: indented by four spaces."""
    # A slash can only occur inside a JSON string, so replacing it in the
    # encoded text cannot touch the structure.
    return json.dumps(value, indent=4, ensure_ascii=True).replace("/", "\\/")


def encode_compact(value: Any) -> str:
    """Encode an OAuth body as Camdram does: no spaces at all."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace(
        "/", "\\/"
    )


def api_response(value: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        encode_pretty(value), status=status, content_type=JSON_CONTENT_TYPE
    )


def camdram_error_response(status: int) -> HttpResponse:
    """Return Camdram's own error body, e.g. ``{"error":{"code":403,...}}``."""
    body = {"error": {"code": status, "message": REASON_PHRASES.get(status, "Error")}}
    return HttpResponse(
        encode_compact(body), status=status, content_type=JSON_CONTENT_TYPE
    )
