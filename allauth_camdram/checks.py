"""System checks for the Camdram provider's configuration."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, register


@register()
def check_camdram(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # TODO: the checks listed in the README; filled in by the checks work.
    return []
