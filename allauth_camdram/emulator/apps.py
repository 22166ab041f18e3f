from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CamdramEmulatorConfig(AppConfig):
    name = "allauth_camdram.emulator"
    label = "camdram_emulator"
    verbose_name = _("Camdram emulator")
    default_auto_field = "django.db.models.BigAutoField"
