"""Measure each request to the benchmark's site: CPU time and calls to Camdram.

Every outgoing HTTP request of the process is timed at requests' transport
adapter, the layer below allauth's and this package's sessions, including
the requests that sync threads make. The middleware adds three response
headers: the process CPU time the request took, and the SQL queries it ran
on the request's thread, where the sync runs every query. The third lists
the calls made during the request, timed from the request's start.

NOTE: the calls are collected process-wide, not per request, so the figures
are right only while the site serves one request at a time, as it does
under ``bench/login.py``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.db import connection
from django.http import HttpRequest, HttpResponse
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

CPU_HEADER = "X-Bench-CPU-Seconds"
QUERIES_HEADER = "X-Bench-SQL-Queries"
CALLS_HEADER = "X-Bench-Camdram-Calls"

_lock = threading.Lock()
# (method, host and port, path, start, end) of each request, perf_counter seconds.
_calls: list[tuple[str, str, str, float, float]] = []
_untimed_send = HTTPAdapter.send


def _timed_send(
    self: HTTPAdapter, request: PreparedRequest, *args: Any, **kwargs: Any
) -> Response:
    start = time.perf_counter()
    try:
        return _untimed_send(self, request, *args, **kwargs)
    finally:
        end = time.perf_counter()
        parts = urlsplit(request.url or "")
        with _lock:
            _calls.append((request.method or "", parts.netloc, parts.path, start, end))


HTTPAdapter.send = _timed_send  # type: ignore[method-assign]


class ProbeMiddleware:
    """Add the request's CPU time, SQL queries and calls to Camdram as headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with _lock:
            _calls.clear()
        queries = 0

        def count(execute: Callable[..., Any], *args: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(*args)

        start = time.perf_counter()
        # process_time counts every thread of the process, the sync's too.
        cpu_start = time.process_time()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        cpu = time.process_time() - cpu_start
        with _lock:
            calls = [
                [method, host, path, round(begin - start, 6), round(end - start, 6)]
                for method, host, path, begin, end in _calls
            ]
        response[CPU_HEADER] = f"{cpu:.6f}"
        response[QUERIES_HEADER] = str(queries)
        response[CALLS_HEADER] = json.dumps(calls)
        return response
