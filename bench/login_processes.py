"""Start the benchmark's site processes, read their CPU time and run the worker.

Each site is the example site with ``bench/login_site/settings.py``, served
by ``bench/login_site/serve.py`` on localhost with a SQLite database of its
own.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

REPOSITORY = Path(__file__).resolve().parent.parent
BENCH_DIR = REPOSITORY / "bench"
EXAMPLE_DIR = REPOSITORY / "example_project"
CALLBACK_PATH = "/accounts/camdram/login/callback/"
STARTUP_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 10
# /proc/<pid>/stat counts CPU time in clock ticks.
CLOCK_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Configuration:
    """One way of running the site: whether it syncs, and on which task backend."""

    key: str
    title: str
    sync: bool
    tasks: str

    @property
    def sync_inline(self) -> bool:
        """Whether the sync runs during the callback."""
        return self.sync and self.tasks == "immediate"


@dataclass
class Site:
    """A running site process."""

    configuration: Configuration
    base_url: str
    pid: int
    environment: dict[str, str]
    database: Path
    log_path: Path

    @property
    def callback_url(self) -> str:
        return self.base_url + CALLBACK_PATH

    def read_log(self) -> str:
        return self.log_path.read_text(errors="replace")


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def callback_url(port: int) -> str:
    return f"http://localhost:{port}{CALLBACK_PATH}"


def site_environment(
    configuration: Configuration, database: Path, camdram: dict[str, str]
) -> dict[str, str]:
    """Return the environment for the site's ``django-admin`` commands.

    Every ``CAMDRAM_*`` variable of this process is dropped, so that a real
    Camdram app configured in the shell is never used.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("CAMDRAM_")
    }
    environment.update(camdram)
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "login_site.settings",
            "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(EXAMPLE_DIR)]),
            "EXAMPLE_DATABASE": str(database),
            "EXAMPLE_DEBUG": "0",
            "BENCH_SYNC": "1" if configuration.sync else "0",
            "BENCH_TASKS": configuration.tasks,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return environment


def run_django(arguments: list[str], environment: dict[str, str], workdir: Path) -> str:
    """Run a ``django-admin`` command and return its output, or raise ``RuntimeError``.

    It runs in ``workdir``, because ``python -m`` imports from the current
    directory first, and the site must use the installed package.
    """
    completed = subprocess.run(
        [sys.executable, "-m", "django", *arguments],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"django-admin {' '.join(arguments)} exited with status "
            f"{completed.returncode}:\n{completed.stdout}{completed.stderr}"
        )
    return completed.stdout + completed.stderr


@contextmanager
def run_site(
    configuration: Configuration,
    port: int,
    workdir: Path,
    camdram: dict[str, str],
) -> Iterator[Site]:
    """Migrate a new database and serve the site on localhost:port until exit."""
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "site.sqlite3"
    environment = site_environment(configuration, database, camdram)
    run_django(["migrate", "--verbosity", "0"], environment, workdir)

    log_path = workdir / "site.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "login_site.serve",
                "localhost",
                str(port),
            ],
            cwd=workdir,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        site = Site(
            configuration=configuration,
            base_url=f"http://localhost:{port}",
            pid=process.pid,
            environment=environment,
            database=database,
            log_path=log_path,
        )
        try:
            _wait_until_serving(site, process)
            yield site
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def process_cpu_seconds(pid: int) -> float | None:
    """Return the user plus system CPU time of a process so far, from /proc.

    It includes threads that have exited, but counts in clock ticks, usually
    10 ms, so it is exact only summed over many requests. Returns ``None``
    where there is no /proc, as on macOS.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    # The command name in brackets may contain spaces, so fields are
    # counted after its closing bracket: utime and stime are fields 14 and 15.
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS_PER_SECOND


def run_worker(site: Site) -> dict[tuple[str, str], int]:
    """Run every queued task with django-tasks-db's worker, then count the results.

    Returns the number of tasks for each (task status, return value).
    """
    run_django(
        ["db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        site.environment,
        site.database.parent,
    )
    with sqlite3.connect(site.database) as connection:
        rows = connection.execute(
            "SELECT status, COALESCE(return_value, 'null'), COUNT(*) "
            "FROM django_tasks_database_dbtaskresult GROUP BY 1, 2"
        ).fetchall()
    connection.close()
    return {(status, value): count for status, value, count in rows}


def _wait_until_serving(site: Site, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    session = requests.Session()
    # Proxy settings from the environment must not catch loopback requests.
    session.trust_env = False
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"The {site.configuration.title} site exited with status "
                f"{process.returncode}:\n{site.read_log()}"
            )
        try:
            # Any HTTP status means the site is serving.
            session.get(site.base_url + "/", timeout=2)
            return
        except (requests.ConnectionError, requests.Timeout):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"The {site.configuration.title} site did not respond within "
                f"{STARTUP_TIMEOUT_SECONDS} s:\n{site.read_log()}"
            )
        time.sleep(0.1)
