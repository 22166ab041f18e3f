"""A proxy of allauth's ``SocialAccount`` for the Camdram accounts alone.

The proxy gives the admin an entry of its own, with its own permissions,
next to allauth's admin for social accounts of every provider.
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.db import models
from django.utils.translation import gettext_lazy as _

from allauth_camdram.constants import PROVIDER_ID


class LinkedCamdramAccountManager(models.Manager["LinkedCamdramAccount"]):
    def get_queryset(self) -> models.QuerySet[LinkedCamdramAccount]:
        return super().get_queryset().filter(provider=PROVIDER_ID)


class LinkedCamdramAccount(SocialAccount):  # type: ignore[misc]
    """A social account whose provider is Camdram."""

    objects = LinkedCamdramAccountManager()

    class Meta:
        proxy = True
        verbose_name = _("linked Camdram account")
        verbose_name_plural = _("linked Camdram accounts")

    def __str__(self) -> str:
        # The user is not read here, so a list of accounts costs no query
        # per row. The name is Camdram's and may contain HTML, so callers
        # that write HTML must escape it.
        name = self.camdram_name
        if name:
            return f"{name} (Camdram {self.uid})"
        return f"Camdram account {self.uid}"

    @property
    def camdram_name(self) -> str:
        """The name Camdram gave at the latest sign-in, or ``""``."""
        return _text(self.extra_data, "name")

    @property
    def camdram_email(self) -> str:
        """The email Camdram gave at the latest sign-in, or ``""``.

        Camdram sends it only when the person granted the ``user_email`` scope.
        """
        return _text(self.extra_data, "email")


def _text(data: object, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""
