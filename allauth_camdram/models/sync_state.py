"""The outcome of each Camdram account's latest sync."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.db import models
from django.utils.translation import gettext_lazy as _

# Maximum length of a stored error, so a row never grows with what Camdram sent.
ERROR_MAX_LENGTH = 500


class SyncState(models.Model):
    """The outcome of the latest sync of one Camdram social account."""

    class Status(models.TextChoices):
        NEVER = "never", _("never synced")
        OK = "ok", _("succeeded")
        PARTIAL = "partial", _("partly failed")
        FAILED = "failed", _("failed")
        NO_TOKEN = "no_token", _("no stored token")

    social_account = models.OneToOneField(
        SocialAccount,
        on_delete=models.CASCADE,
        related_name="camdram_sync_state",
        verbose_name=_("Camdram account"),
    )
    status = models.CharField(
        max_length=16,
        choices=Status.choices,
        default=Status.NEVER,
        verbose_name=_("status"),
        help_text=_(
            "Partly failed means one of shows and organisations synced and the "
            "other failed."
        ),
    )
    error = models.CharField(
        max_length=ERROR_MAX_LENGTH,
        blank=True,
        verbose_name=_("error"),
        help_text=_("Why the latest sync failed; never contains a token."),
    )
    last_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("last attempt"),
        help_text=_("When a sync of this account last ran."),
    )
    last_success_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("last success"),
        help_text=_("When a sync of this account last finished without an error."),
    )
    # Null and "" differ here: null means the scope is unknown, so the sync
    # tries both endpoints, while "" means Camdram granted no scope at all.
    granted_scope = models.TextField(  # noqa: DJ001
        null=True,
        blank=True,
        verbose_name=_("granted scope"),
        help_text=_(
            "The space-separated scopes Camdram granted, or null when unknown."
        ),
    )
    skipped_scopes = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("skipped for lack of scope"),
        help_text=_(
            "Scopes the latest sync needed but the token lacks, so that part "
            "was skipped."
        ),
    )
    reauthorization_required = models.BooleanField(
        default=False,
        verbose_name=_("must sign in again"),
        help_text=_(
            "Camdram rejected the refresh token. Background syncs skip this "
            "account until the person signs in with Camdram again."
        ),
    )

    class Meta:
        verbose_name = _("Camdram sync state")
        verbose_name_plural = _("Camdram sync states")
        ordering = ["social_account"]

    def __str__(self) -> str:
        return f"Camdram sync of social account {self.social_account_id}: {self.status}"
