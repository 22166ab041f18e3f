from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class CamdramEmulatorConfig(AppConfig):
    name = "allauth_camdram.emulator"
    label = "camdram_emulator"
    verbose_name = _("Camdram emulator")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from allauth_camdram.emulator import models
        from allauth_camdram.emulator.state import mark_data_changed

        for model in (
            models.Person,
            models.Image,
            models.Society,
            models.Venue,
            models.Show,
            models.ShowSociety,
            models.Performance,
        ):
            post_save.connect(mark_data_changed, sender=model)
            post_delete.connect(mark_data_changed, sender=model)
        # A person deleted at Camdram takes their tokens along, so delete
        # the Django user that django-oauth-toolkit's tokens belong to.
        post_delete.connect(_delete_user, sender=models.Person)
        for through in (
            models.Show.admins.through,
            models.Society.admins.through,
            models.Venue.admins.through,
        ):
            m2m_changed.connect(mark_data_changed, sender=through)


def _delete_user(instance: Any, **kwargs: Any) -> None:
    if instance.user_id is not None:
        get_user_model().objects.filter(pk=instance.user_id).delete()
