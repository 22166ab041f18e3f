"""pytest fixtures that share one emulator process across a test session.

Enable them in the top-level ``conftest.py``::

    pytest_plugins = ["allauth_camdram.emulator.pytest_plugin"]

or import the two fixtures into a folder's ``conftest.py``. ``camdram_emulator``
gives each test a clean emulator: no faults, no added latency, an empty
request log, the seed data restored and no remembered consents. Tokens
issued to earlier tests stay valid.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from allauth_camdram.emulator.testing import Emulator, run_emulator


@pytest.fixture(scope="session")
def camdram_emulator_process() -> Iterator[Emulator]:
    """Start one emulator subprocess for the whole session, on a free loopback port."""
    with run_emulator() as emulator:
        yield emulator


@pytest.fixture
def camdram_emulator(camdram_emulator_process: Emulator) -> Emulator:
    """Return the session's emulator, reset to its starting state for this test."""
    camdram_emulator_process.reset()
    return camdram_emulator_process
