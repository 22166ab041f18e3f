from __future__ import annotations

import pytest
import requests

from allauth_camdram.emulator import pytest_plugin, signin
from allauth_camdram.emulator.testing import Emulator

# The package's fixtures: one emulator per session, reset before each test.
camdram_emulator_process = pytest_plugin.camdram_emulator_process
camdram_emulator = pytest_plugin.camdram_emulator


@pytest.fixture
def emulator(camdram_emulator: Emulator) -> Emulator:
    return camdram_emulator


@pytest.fixture
def http() -> requests.Session:
    """A session with no cookies yet, like a site's server talking to Camdram."""
    return signin.new_session()
