"""Serve the benchmark's site with Django's threaded WSGI server, Nagle's algorithm off.

Usage: ``python -m login_site.serve HOST PORT``, with ``DJANGO_SETTINGS_MODULE``
set. It is ``runserver`` without the checks and the autoreloader.
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

import django
from django.core.servers.basehttp import (
    ThreadedWSGIServer,
    WSGIRequestHandler,
    get_internal_wsgi_application,
)


class RequestHandler(WSGIRequestHandler):
    # Django writes a response's headers and body separately. With Nagle's
    # algorithm the body then waits for the client's delayed ACK, up to
    # 40 ms on Linux, when requests follow each other quickly. nginx, which
    # usually sits in front of a production site, turns it off by default
    # (its tcp_nodelay setting).
    disable_nagle_algorithm = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # The callback's query contains the authorisation code, so the
        # request line is logged without it.
        path = urlsplit(self.path).path
        self.log_message('"%s" %s %s', f"{self.command} {path}", str(code), str(size))


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    django.setup()
    server = ThreadedWSGIServer((host, port), RequestHandler)
    server.set_app(get_internal_wsgi_application())
    server.serve_forever()


if __name__ == "__main__":
    main()
