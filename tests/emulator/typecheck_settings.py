"""Settings for mypy's Django plugin: the test settings plus the emulator's apps.

The plugin learns model fields and managers from the installed apps. The
emulator runs with its own settings, so its models are added here rather
than to the test settings, where they would need migrations and a database.
"""

from __future__ import annotations

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider", "allauth_camdram.emulator"]
