"""Template context shared by every page, allauth's pages included."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def camdram(request: HttpRequest) -> dict[str, object]:
    """Return which Camdram the site signs people in with."""
    return {
        "camdram_url": settings.CAMDRAM_URL,
        "using_emulator": settings.CAMDRAM_ALLOW_HTTP,
    }
