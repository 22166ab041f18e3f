"""Command line: ``python -m allauth_camdram.emulator [options]``.

Prepares the SQLite database, prints what a site needs to configure, then
serves until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from allauth_camdram.emulator.defaults import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_DATABASE,
    DEFAULT_PORT,
    DEFAULT_REDIRECT_URIS,
    RUNNING_MESSAGE,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m allauth_camdram.emulator",
        description="Run a local Camdram: OAuth server, account API and admin.",
    )

    server = parser.add_argument_group("server")
    server.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (127.0.0.1)"
    )
    server.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port; 0 picks a free one ({DEFAULT_PORT})",
    )

    data = parser.add_argument_group("data")
    data.add_argument(
        "--data",
        type=Path,
        help="seed data JSON file (the shipped emulator/data/default.json)",
    )
    data.add_argument(
        "--database",
        default=DEFAULT_DATABASE,
        help=f"SQLite file, created if missing and kept between runs (./{DEFAULT_DATABASE})",
    )
    data.add_argument(
        "--reset", action="store_true", help="delete the database file first"
    )

    app = parser.add_argument_group("OAuth app")
    app.add_argument(
        "--client-id", default=DEFAULT_CLIENT_ID, help="the app's client id"
    )
    app.add_argument(
        "--client-secret", default=DEFAULT_CLIENT_SECRET, help="the app's secret"
    )
    app.add_argument(
        "--redirect-uri",
        action="append",
        dest="redirect_uris",
        metavar="URI",
        help="a registered redirect URI, matched by Camdram's prefix rule; repeat for more "
        "(default: the allauth callbacks of http://localhost:8000 and http://127.0.0.1:8000)",
    )

    testing = parser.add_argument_group("testing")
    testing.add_argument(
        "--latency-ms",
        type=int,
        default=0,
        help="delay added to every request, in ms (0)",
    )
    testing.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="ENDPOINT:KIND[:N]",
        help="inject a fault for this run only, e.g. token:error:503, shows:slow:2000, "
        "account:html, organisations:invalid_json; N is the delay in ms for slow, else "
        "the HTTP status. Faults added in the admin stay until deleted there",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    database = Path(options.database).resolve()
    if options.reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)

    # The emulator is its own Django project; a site's settings must not leak in.
    os.environ["DJANGO_SETTINGS_MODULE"] = "allauth_camdram.emulator.settings"
    os.environ["CAMDRAM_EMULATOR_DATABASE"] = str(database)
    os.environ["CAMDRAM_EMULATOR_HOST"] = options.host
    import django

    django.setup()

    from allauth_camdram.emulator import bootstrap, seed, server
    from allauth_camdram.emulator.banner import banner
    from allauth_camdram.emulator.models import Fault
    from allauth_camdram.emulator.state import STATE

    # Bad options and a busy port are reported before the slow migration.
    data_path = options.data or seed.DEFAULT_DATA
    redirect_uris = options.redirect_uris or list(DEFAULT_REDIRECT_URIS)
    try:
        faults = [bootstrap.parse_fault(text) for text in options.fault]
        document = seed.read_document(data_path)
    except ValueError as error:
        print(f"Camdram emulator: {error}", file=sys.stderr)
        return 2
    try:
        httpd = server.create_server(options.host, options.port)
    except OSError as error:
        print(
            f"Camdram emulator: cannot listen on {options.host}:{options.port}: {error}",
            file=sys.stderr,
        )
        return 1

    try:
        people = bootstrap.prepare(
            document=document,
            client_id=options.client_id,
            client_secret=options.client_secret,
            redirect_uris=redirect_uris,
            faults=faults,
        )
    except ValueError as error:
        httpd.server_close()
        print(
            f"Camdram emulator: invalid data in {data_path}: {error}", file=sys.stderr
        )
        return 2

    STATE.latency_ms = STATE.startup_latency_ms = options.latency_ms
    STATE.seed_path = data_path
    STATE.main_app.client_id = options.client_id
    STATE.main_app.redirect_uris = redirect_uris

    host, port = options.host, httpd.server_port
    url = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
    print(
        banner(
            url=url,
            database=database,
            client_id=options.client_id,
            client_secret=options.client_secret,
            redirect_uris=redirect_uris,
            people=people,
            latency_ms=options.latency_ms,
            faults=list(Fault.objects.active()),
        )
    )
    server.serve_until_interrupted(
        httpd,
        on_ready=lambda: print(RUNNING_MESSAGE.format(url=url), flush=True),
        on_stop=lambda: print("Camdram emulator stopped.", flush=True),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
