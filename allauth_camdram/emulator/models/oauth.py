"""Camdram's data about OAuth apps that django-oauth-toolkit's models lack."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Application

from allauth_camdram.emulator.models.listings import Person

APP_TYPE_WEBSITE = "website"
APP_TYPE_SERVER = "server"
APP_TYPE_OTHER = "other"

APP_TYPE_CHOICES = [
    (APP_TYPE_WEBSITE, _("Website")),
    (APP_TYPE_SERVER, _("Server-based app")),
    (APP_TYPE_OTHER, _("Other")),
]

# The grants Camdram allows for each app type. Refresh tokens are only for
# websites, and a server-based app may only use client credentials.
ALLOWED_GRANTS = {
    APP_TYPE_WEBSITE: frozenset(
        {"token", "refresh_token", "authorization_code", "client_credentials"}
    ),
    APP_TYPE_SERVER: frozenset({"client_credentials"}),
    APP_TYPE_OTHER: frozenset({"token", "authorization_code", "client_credentials"}),
}


class AppProfile(models.Model):
    """Camdram's app type and website for a django-oauth-toolkit application.

    An application without a profile counts as a website.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="camdram_profile"
    )
    app_type = models.CharField(
        _("app type"), max_length=10, choices=APP_TYPE_CHOICES, default=APP_TYPE_WEBSITE
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("Camdram app profile")
        verbose_name_plural = _("Camdram app profiles")

    def __str__(self) -> str:
        return f"{self.application.name}: {self.app_type}"


class AppAuthorisation(models.Model):
    """The scopes a person has allowed an app so far, for remembered consent.

    Each Allow adds the requested scopes to the set. Deleting the row makes
    the consent page appear again; tokens already issued stay valid.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="authorisations"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="camdram_authorisations"
    )
    scopes = models.TextField(_("scopes"), blank=True, help_text=_("Space-separated."))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("app authorisation")
        verbose_name_plural = _("app authorisations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "application"],
                name="camdram_emulator_one_authorisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} → {self.application.name}"

    def scope_set(self) -> set[str]:
        return set(self.scopes.split())
