"""Run the example site in a subprocess for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "example_project"
STARTUP_TIMEOUT_SECONDS = 60


@dataclass
class ExampleSite:
    """A running example site and where its output goes."""

    base_url: str
    log_path: Path

    def read_log(self) -> str:
        return self.log_path.read_text(errors="replace")


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def site_environment(workdir: Path, environ: dict[str, str]) -> dict[str, str]:
    """Return the environment to run the example site's ``manage.py`` in.

    ``environ`` is added to a copy of this process's environment, after every
    ``CAMDRAM_*`` variable is removed so that a developer's real Camdram app
    can never leak into a test. The database is ``site.sqlite3`` in workdir.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("CAMDRAM_")
    }
    env.update(
        {
            # pytest-django exports the test suite's settings module, and a
            # child process would inherit it.
            "DJANGO_SETTINGS_MODULE": "example_site.settings",
            "EXAMPLE_DATABASE": str(workdir / "site.sqlite3"),
            "EXAMPLE_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(environ)
    return env


def run_manage(
    arguments: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run the example site's ``manage.py`` and return its captured output.

    Raises ``RuntimeError`` with the command's output if it fails.
    """
    completed = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=EXAMPLE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(arguments)} exited with status "
            f"{completed.returncode}:\n{completed.stdout}{completed.stderr}"
        )
    return completed


@contextmanager
def run_example_site(
    port: int, workdir: Path, environ: dict[str, str]
) -> Iterator[ExampleSite]:
    """Migrate a fresh SQLite database and serve the site on localhost:port."""
    env = site_environment(workdir, environ)
    run_manage(["migrate", "--verbosity", "0"], env)

    site = ExampleSite(
        base_url=f"http://localhost:{port}", log_path=workdir / "site.log"
    )
    with site.log_path.open("wb") as log:
        # --insecure serves the static files although DEBUG is off, so the
        # screenshots show the styled pages.
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--insecure",
                f"localhost:{port}",
            ],
            cwd=EXAMPLE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(site, process)
            yield site
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(site: ExampleSite, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    session = requests.Session()
    # Proxy settings from the environment must not catch loopback requests.
    session.trust_env = False
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"The example site exited with status {process.returncode}:\n"
                f"{site.read_log()}"
            )
        try:
            # Any HTTP status means the site is serving.
            session.get(site.base_url + "/", timeout=2)
            return
        except (requests.ConnectionError, requests.Timeout):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"The example site did not respond within {STARTUP_TIMEOUT_SECONDS} s:\n"
                f"{site.read_log()}"
            )
        time.sleep(0.1)
