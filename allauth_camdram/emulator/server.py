"""A threaded WSGI server for the emulator that logs no query strings."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

logger = logging.getLogger(__name__)

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class EmulatorRequestHandler(WSGIRequestHandler):
    """Log each request's method, path and status, leaving out the query.

    Queries carry codes and ``access_token`` values, which must not be logged.
    """

    # Headers and body go out in separate writes; with Nagle's algorithm the
    # second waits for the client's delayed ACK, about 40 ms per request.
    disable_nagle_algorithm = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.info("%s %s %s", self.command, urlsplit(self.path).path, code)

    def log_message(self, format: str, *args: Any) -> None:
        logger.warning("HTTP server: %s", format % args)


class EmulatorServer(ThreadedWSGIServer):
    # Benchmarks open many connections at once; the default backlog is 10.
    request_queue_size = 128


def create_server(host: str, port: int) -> EmulatorServer:
    """Bind and listen; ``port`` 0 picks a free port (see ``server_address``)."""
    server = EmulatorServer((host, port), EmulatorRequestHandler, ipv6=":" in host)
    # Static files are served with the app, as DEBUG is off.
    server.set_app(StaticFilesHandler(WSGIHandler()))
    return server


def serve_until_interrupted(
    server: EmulatorServer, on_ready: Callable[[], None], on_stop: Callable[[], None]
) -> None:
    """Serve until SIGINT (Ctrl-C) or SIGTERM, then close the socket and call ``on_stop``.

    ``on_ready`` runs once the signal handlers are in place, so a signal sent
    as soon as it reports readiness still stops the server cleanly. SIGINT
    gets a handler too, because a shell script that starts the emulator in the
    background leaves SIGINT ignored, and Python installs its KeyboardInterrupt
    handler only when SIGINT starts at its default action.
    """
    previous = {number: signal.signal(number, _interrupt) for number in _STOP_SIGNALS}
    try:
        on_ready()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        server.server_close()
        on_stop()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
