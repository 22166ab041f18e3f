from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllauthCamdramConfig(AppConfig):
    name = "allauth_camdram"
    verbose_name = _("Camdram")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing these registers the system checks and signal receivers.
        from allauth_camdram import checks, receivers  # noqa: F401
