"""Start the emulator from tests and scripts, and drive it over HTTP.

    from allauth_camdram.emulator.testing import run_emulator

    with run_emulator() as emulator:
        emulator.set_fault("token", "error", status=503, times=1)
        ...

The emulator runs as a subprocess on a free loopback port with a database in
a temporary directory, so nothing here needs Django settings. Only
``requests`` is used, which django-allauth-camdram already depends on.
"""

from __future__ import annotations

import atexit
import os
import queue
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from allauth_camdram.emulator.client import Emulator, EmulatorError
from allauth_camdram.emulator.defaults import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_REDIRECT_URIS,
)

__all__ = ["Emulator", "EmulatorError", "run_emulator"]

STARTUP_TIMEOUT = 60.0

_RUNNING_LINE = re.compile(r"Camdram emulator running at (http://\S+/)")

# Migrating a new database takes seconds, so each test process migrates one
# per data file and later emulators start from a copy of it.
_templates: dict[str, Path] = {}
_templates_lock = threading.Lock()


@contextmanager
def run_emulator(
    *,
    data: Path | None = None,
    client_id: str = DEFAULT_CLIENT_ID,
    client_secret: str = DEFAULT_CLIENT_SECRET,
    redirect_uris: Sequence[str] = DEFAULT_REDIRECT_URIS,
    latency_ms: int = 0,
    database: Path | None = None,
    extra_arguments: Sequence[str] = (),
) -> Iterator[Emulator]:
    """Start the emulator on a free loopback port; stop it on leaving the block.

    The database is a new file in a temporary directory unless ``database``
    names one, for example to restart on the same data.
    """
    with tempfile.TemporaryDirectory(prefix="camdram-emulator-") as directory:
        template_key = str(data or "")
        database = database or Path(directory) / "emulator.sqlite3"
        new_database = not database.exists()
        if new_database:
            with _templates_lock:
                template = _templates.get(template_key)
            if template is not None:
                shutil.copyfile(template, database)
        command = [
            sys.executable, "-m", "allauth_camdram.emulator",
            "--host", "127.0.0.1", "--port", "0",
            "--database", str(database),
            "--client-id", client_id, "--client-secret", client_secret,
            "--latency-ms", str(latency_ms),
        ]  # fmt: skip
        for uri in redirect_uris:
            command += ["--redirect-uri", uri]
        if data is not None:
            command += ["--data", str(data)]
        command += list(extra_arguments)
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        environment.pop("DJANGO_SETTINGS_MODULE", None)
        stderr_path = Path(directory) / "stderr.log"
        with stderr_path.open("w") as stderr:
            process = subprocess.Popen(  # noqa: S603
                command,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                encoding="utf-8",
                env=environment,
            )
            emulator = Emulator("", client_id, client_secret, redirect_uris, process)
            try:
                emulator.base_url = _wait_until_running(emulator, stderr_path)
                if new_database:
                    _save_template(template_key, database)
                yield emulator
            finally:
                emulator.stop()


def _save_template(key: str, database: Path) -> None:
    """Keep a copy of a freshly prepared database for later emulators."""
    with _templates_lock:
        if key in _templates:
            return
        directory = Path(tempfile.mkdtemp(prefix="camdram-emulator-templates-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        template = directory / "template.sqlite3"
        # SQLite's backup API copies a consistent snapshot while the
        # emulator has the database open in WAL mode.
        with sqlite3.connect(database) as source, sqlite3.connect(template) as target:
            source.backup(target)
        source.close()
        target.close()
        _templates[key] = template


def _wait_until_running(emulator: Emulator, stderr_path: Path) -> str:
    """Return the emulator's URL, without the final slash, once it is running."""
    process = emulator.process
    assert process is not None and process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    emulator.output_reader = threading.Thread(
        target=_read_lines, args=(process.stdout, emulator.output, lines), daemon=True
    )
    emulator.output_reader.start()
    while True:
        try:
            line = lines.get(timeout=STARTUP_TIMEOUT)
        except queue.Empty:
            process.kill()
            raise EmulatorError(
                f"The emulator did not start within {STARTUP_TIMEOUT:.0f} s"
            ) from None
        if line is None:
            process.wait()
            raise EmulatorError(
                f"The emulator exited with status {process.returncode}:\n"
                f"{''.join(emulator.output)}{stderr_path.read_text()}"
            )
        match = _RUNNING_LINE.search(line)
        if match:
            return match.group(1).rstrip("/")


def _read_lines(
    stream: IO[str], output: list[str], lines: queue.Queue[str | None]
) -> None:
    # Reading until the end keeps the pipe from filling up while tests run.
    for line in stream:
        output.append(line)
        lines.put(line)
    lines.put(None)
