"""Time "Sign in with Camdram" end to end against the emulator.

It starts the Camdram emulator with a fixed delay on every request, and
three site processes on localhost, each with its own SQLite database:

1. sync off (``CAMDRAM_SYNC = False``), a plain allauth sign-in;
2. sync inline, with django-tasks' ``ImmediateBackend``;
3. sync deferred, queued with django-tasks-db's ``DatabaseBackend``. No
   worker runs while the callbacks are timed; afterwards ``db_worker --batch``
   runs the queued syncs, to show that they succeed.

A ``requests.Session`` per site plays the browser: it presses the site's
Camdram button, approves at the emulator, then GETs the site's callback,
which is timed. The sign-ins take turns between the sites, so a change in
the machine's load affects every configuration alike. The first sign-ins
of each site (the sign-up among them) are not counted.

For each configuration it prints the callback's wall time, the requests
the site made to Camdram during it and how many of them ran one after the
other, and the site process's CPU time, then a verdict on each target.

Run from the repository root, after ``pip install -e ".[emulator,bench]"``:

    python bench/login.py
    python bench/login.py --latency-ms 100 --sign-ins 50
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from login_browser import Browser, check_signed_in
from login_processes import (
    Configuration,
    Site,
    callback_url,
    free_port,
    process_cpu_seconds,
    run_site,
    run_worker,
)
from login_report import Call, SignIn, format_tables, summarise, verdicts
from login_site.probe import CALLS_HEADER, CPU_HEADER, QUERIES_HEADER

from allauth_camdram.constants import (
    ACCOUNT_PATH,
    ORGANISATIONS_PATH,
    SHOWS_PATH,
    TOKEN_PATH,
)
from allauth_camdram.emulator.testing import Emulator, run_emulator

CONFIGURATIONS = (
    Configuration("off", "sync off", sync=False, tasks="immediate"),
    Configuration("inline", "sync inline", sync=True, tasks="immediate"),
    Configuration("deferred", "sync deferred", sync=True, tasks="database"),
)
# Rowan Testwhistle in the emulator's seed data: 3 shows and 3 organisations.
DEFAULT_PERSON = 4821
API_PATHS = (TOKEN_PATH, ACCOUNT_PATH, SHOWS_PATH, ORGANISATIONS_PATH)
# Modules the benchmark needs beyond the package itself, and their extras.
NEEDED_MODULES = {"oauth2_provider": "emulator", "django_tasks_db": "bench"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--latency-ms",
        type=int,
        default=50,
        help="delay the emulator adds to every request, in ms (50)",
    )
    parser.add_argument(
        "--sign-ins",
        type=int,
        default=30,
        help="timed sign-ins per configuration (30)",
    )
    parser.add_argument(
        "--warm-up",
        type=int,
        default=2,
        help="sign-ins per configuration before the timed ones (2)",
    )
    parser.add_argument(
        "--person",
        type=int,
        default=DEFAULT_PERSON,
        help=f"id of the emulator's person who signs in ({DEFAULT_PERSON})",
    )
    options = parser.parse_args()
    if options.sign_ins < 2 or options.warm_up < 1:
        parser.error("--sign-ins must be at least 2 and --warm-up at least 1")
    missing = [
        extra
        for module, extra in NEEDED_MODULES.items()
        if importlib.util.find_spec(module) is None
    ]
    if missing:
        sys.exit(
            f"bench/login.py needs the {' and '.join(missing)} extra: "
            'pip install -e ".[emulator,bench]"'
        )

    print(describe_machine())
    print(f"Latency: {options.latency_ms} ms per request to the emulator")
    print(f"Sign-ins: {options.warm_up} warm-up and {options.sign_ins} timed each")
    print(f"Load average before: {format_load()}", flush=True)

    with tempfile.TemporaryDirectory(prefix="camdram-login-bench-") as directory:
        results, worker_results = run(options, Path(directory))

    print(f"Load average after: {format_load()}\n")
    summaries = [
        summarise(
            configuration.title, results[configuration.key], options.latency_ms / 1000
        )
        for configuration in CONFIGURATIONS
    ]
    print(format_tables(summaries, options.latency_ms))
    print()
    print(
        "Deferred syncs run by db_worker afterwards (status, return value: count): "
        + ", ".join(
            f"{status} {value}: {count}"
            for (status, value), count in sorted(worker_results.items())
        )
    )
    baseline, inline, deferred = summaries
    for line in verdicts(baseline, inline, deferred, options.latency_ms):
        print(line)


def run(
    options: argparse.Namespace, workdir: Path
) -> tuple[dict[str, list[SignIn]], dict[tuple[str, str], int]]:
    """Start the emulator and the sites, sign in many times, and run the worker."""
    ports = {configuration.key: free_port() for configuration in CONFIGURATIONS}
    with ExitStack() as stack:
        emulator = stack.enter_context(
            run_emulator(
                latency_ms=options.latency_ms,
                redirect_uris=[callback_url(port) for port in ports.values()],
            )
        )
        camdram = {
            "CAMDRAM_URL": emulator.base_url,
            "CAMDRAM_CLIENT_ID": emulator.client_id,
            "CAMDRAM_CLIENT_SECRET": emulator.client_secret,
        }
        sites = [
            stack.enter_context(
                run_site(
                    configuration,
                    ports[configuration.key],
                    workdir / configuration.key,
                    camdram,
                )
            )
            for configuration in CONFIGURATIONS
        ]
        browsers = [
            Browser(site.base_url, emulator.base_url, options.person) for site in sites
        ]
        timer = CallbackTimer(emulator, options.latency_ms / 1000)

        for _ in range(options.warm_up):
            for site, browser in zip(sites, browsers, strict=True):
                timer.sign_in(site, browser)
        results: dict[str, list[SignIn]] = {
            site.configuration.key: [] for site in sites
        }
        for round_number in range(1, options.sign_ins + 1):
            for site, browser in zip(sites, browsers, strict=True):
                results[site.configuration.key].append(timer.sign_in(site, browser))
            print(
                f"Timed sign-in {round_number} of {options.sign_ins}",
                end="\r",
                file=sys.stderr,
            )
        print(file=sys.stderr)

        worker_results = run_worker(sites[2])
    return results, worker_results


class CallbackTimer:
    """Run sign-ins and measure each callback at the site and at the emulator."""

    def __init__(self, emulator: Emulator, latency: float) -> None:
        self.emulator = emulator
        self.latency = latency
        self.last_logged = 0

    def sign_in(self, site: Site, browser: Browser) -> SignIn:
        """Sign in once, sign out again, and return the callback's figures."""
        callback_url = browser.go_to_callback()
        # Requests before the callback are not timed, so their log is dropped.
        self._new_arrivals()

        cpu_before = process_cpu_seconds(site.pid)
        start = time.perf_counter()
        response = browser.open_callback(callback_url)
        wall = time.perf_counter() - start
        cpu_after = process_cpu_seconds(site.pid)
        check_signed_in(response)

        arrivals = self._new_arrivals()
        calls = [
            Call(method, path, begin, end)
            for method, host, path, begin, end in json.loads(
                response.headers[CALLS_HEADER]
            )
        ]
        # Only an inline sync fetches the shows and organisations in the callback.
        expected = API_PATHS if site.configuration.sync_inline else API_PATHS[:2]
        paths = sorted(call.path for call in calls)
        if paths != sorted(expected) or len(calls) != len(arrivals):
            raise RuntimeError(
                f"The {site.configuration.title} site requested {paths} during "
                f"the callback, not {sorted(expected)}; the emulator logged "
                f"{[path for path, _ in arrivals]}"
            )
        browser.sign_out()
        return SignIn(
            wall_seconds=wall,
            cpu_seconds=float(response.headers[CPU_HEADER]),
            proc_cpu_seconds=None
            if cpu_before is None or cpu_after is None
            else cpu_after - cpu_before,
            queries=int(response.headers[QUERIES_HEADER]),
            calls=calls,
            arrivals=arrivals,
        )

    def _new_arrivals(self) -> list[tuple[str, float]]:
        """Return what the emulator logged since the last call: paths and arrival times."""
        entries = self.emulator.request_log(after=self.last_logged)
        if entries:
            self.last_logged = max(entry["sequence"] for entry in entries)
        return [
            (entry["path"], datetime.fromisoformat(entry["time"]).timestamp())
            for entry in entries
        ]


def describe_machine() -> str:
    """Return the CPUs, memory and software versions, for the results page."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kibibytes = int(meminfo.read_text().split()[1])
        memory = f"{kibibytes / 2**20:.1f} GiB"
    return (
        f"Machine: {os.cpu_count()} CPUs ({model}), {memory} of memory, "
        f"{platform.system()} {platform.release()}\n"
        f"Python {platform.python_version()}, Django {version('django')}, "
        f"django-allauth {version('django-allauth')}, "
        f"django-tasks {version('django-tasks')}, "
        f"django-tasks-db {version('django-tasks-db')}"
    )


def format_load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
