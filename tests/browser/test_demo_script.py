"""demo.sh started as a script or CI job would, stopped by a signal, and used by hand.

Each test runs demo.sh in a copy of example_project/, so the demo's default
files (.demo/ and db.sqlite3) stay out of the checkout. The script runs with
the test's own Python (``DEMO_PYTHON``), so it creates no virtualenv and
installs nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from allauth_camdram.emulator.client import Emulator
from allauth_camdram.emulator.defaults import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from tests.browser.example_site import EXAMPLE_DIR, ExampleSite, free_port
from tests.browser.flows import CALLBACK_PATH, sign_in_and_allow

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [
    pytest.mark.emulator,
    pytest.mark.skipif(os.name != "posix", reason="demo.sh is a bash script"),
]

BANNER_END = "Press Ctrl-C to stop both servers."
STOPPED = "\nStopped the site and the emulator.\n"
STARTUP_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 30
# A shell without job control, as in a CI job running "demo.sh &", starts
# the script with SIGINT ignored.
IGNORING_SIGINT = ("bash", "-c", 'trap "" INT; exec bash "$0"')
# The same with the script's restart skipped, as it is whenever the running
# bash prints nothing for "trap -p INT" although SIGINT is ignored. The
# script then has to notice that a server stopped on SIGINT.
IGNORING_SIGINT_NO_RESTART = (
    "bash",
    "-c",
    'trap "" INT; DEMO_SIGINT_RESTORED=1 exec bash "$0"',
)
ROWAN = 4821


@dataclass
class Demo:
    """A running demo.sh, the leader of its own process group."""

    process: subprocess.Popen[bytes]
    example_dir: Path
    output_path: Path
    site_port: int
    emulator_port: int
    environ: dict[str, str]

    def output(self) -> str:
        return self.output_path.read_text(errors="replace")

    def stop(self, signal_number: int) -> int:
        """Send the signal to the whole process group and return the exit status."""
        os.killpg(self.process.pid, signal_number)
        return self.process.wait(timeout=STOP_TIMEOUT_SECONDS)


def port_is_free(port: int) -> bool:
    """Return whether a server could listen on the port now, as demo.sh checks it."""
    try:
        socket.create_server(("127.0.0.1", port)).close()
    except OSError:
        return False
    return True


def group_is_gone(process_group: int) -> bool:
    try:
        os.killpg(process_group, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def start_demo(tmp_path: Path) -> Iterator[Callable[..., Demo]]:
    """Return a function that starts demo.sh in a copy of example_project/.

    The function waits for the script's banner. ``shell`` is the command
    that runs the script, which is given as its last argument.
    """
    pytest.importorskip(
        "oauth2_provider",
        reason="the emulator needs django-oauth-toolkit: "
        'pip install "django-allauth-camdram[emulator]"',
    )
    example_dir = tmp_path / "example_project"
    shutil.copytree(
        EXAMPLE_DIR,
        example_dir,
        ignore=shutil.ignore_patterns(
            ".demo", "*.sqlite3", "__pycache__", ".mypy_cache"
        ),
    )
    started: list[Demo] = []

    def start(shell: tuple[str, ...] = ("bash",)) -> Demo:
        environ = {
            name: value
            for name, value in os.environ.items()
            # A developer's real Camdram app or EXAMPLE_DATABASE, or
            # pytest-django's settings module, would point the demo elsewhere.
            if not name.startswith("CAMDRAM_")
            and name not in {"DJANGO_SETTINGS_MODULE", "EXAMPLE_DATABASE"}
        }
        site_port, emulator_port = free_port(), free_port()
        environ.update(
            {
                "DEMO_PYTHON": sys.executable,
                "SITE_PORT": str(site_port),
                "EMULATOR_PORT": str(emulator_port),
            }
        )
        output_path = tmp_path / f"demo-output-{len(started)}.txt"
        with output_path.open("wb") as output:
            process = subprocess.Popen(
                [*shell, str(example_dir / "demo.sh")],
                env=environ,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        demo = Demo(
            process, example_dir, output_path, site_port, emulator_port, environ
        )
        started.append(demo)
        _wait_for_banner(demo)
        return demo

    yield start
    for demo in started:
        if not group_is_gone(demo.process.pid):
            os.killpg(demo.process.pid, signal.SIGKILL)
        demo.process.wait()


def _wait_for_banner(demo: Demo) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while BANNER_END not in demo.output():
        if demo.process.poll() is not None:
            raise RuntimeError(
                f"demo.sh exited with status {demo.process.returncode}:\n"
                f"{demo.output()}"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"demo.sh printed no banner within {STARTUP_TIMEOUT_SECONDS} s:\n"
                f"{demo.output()}"
            )
        time.sleep(0.1)


@pytest.mark.parametrize(
    ("signal_number", "shell"),
    [
        pytest.param(signal.SIGINT, ("bash",), id="sigint"),
        pytest.param(signal.SIGINT, IGNORING_SIGINT, id="sigint-ignored-at-start"),
        pytest.param(
            signal.SIGINT, IGNORING_SIGINT_NO_RESTART, id="sigint-ignored-no-restart"
        ),
        pytest.param(signal.SIGTERM, ("bash",), id="sigterm"),
        pytest.param(signal.SIGTERM, IGNORING_SIGINT, id="sigterm-sigint-ignored"),
    ],
)
def test_demo_group_signal_stops_cleanly(
    start_demo: Callable[..., Demo],
    signal_number: signal.Signals,
    shell: tuple[str, ...],
) -> None:
    demo = start_demo(shell)

    status = demo.stop(signal_number)

    assert status == 0
    assert demo.output().endswith(STOPPED)
    assert "demo.sh:" not in demo.output()
    assert group_is_gone(demo.process.pid)
    assert port_is_free(demo.site_port)
    assert port_is_free(demo.emulator_port)


@pytest.mark.browser
def test_demo_sync_command_syncs_person(
    start_demo: Callable[..., Demo], page: Page, tmp_path: Path
) -> None:
    demo = start_demo()
    command = (
        f"cd {demo.example_dir} && "
        f"CAMDRAM_URL=http://127.0.0.1:{demo.emulator_port} "
        f"{sys.executable} manage.py camdram_sync"
    )
    site_url = f"http://localhost:{demo.site_port}"
    site = ExampleSite(site_url, demo.example_dir / ".demo" / "site.log")
    emulator = _demo_emulator(demo, site_url)
    sign_in_and_allow(page, site, emulator, "Rowan Testwhistle")

    # Run from another folder and without the variables that demo.sh exports,
    # as in another terminal.
    synced = subprocess.run(
        ["bash", "-c", command],
        env={
            name: value for name, value in demo.environ.items() if name != "DEMO_PYTHON"
        },
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    demo.stop(signal.SIGINT)

    # The sign-in synced already, so the command finds nothing new.
    assert (synced.returncode, synced.stdout.splitlines()) == (
        0,
        [
            f"[1/1] Camdram id {ROWAN}: ok, shows +0 ~0 -0, organisations +0 ~0 -0",
            "Synced 1 Camdram account(s): 1 ok, 0 failed, 0 skipped.",
        ],
    )
    assert command in [line.strip() for line in demo.output().splitlines()]


def _demo_emulator(demo: Demo, site_url: str) -> Emulator:
    """Return a handle on the demo's emulator for the browser steps."""
    return Emulator(
        f"http://127.0.0.1:{demo.emulator_port}",
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        [site_url + CALLBACK_PATH],
    )
