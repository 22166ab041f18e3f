"""Faults that make chosen endpoints misbehave on purpose."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

ENDPOINT_CHOICES = [
    ("authorize", _("Authorize (/oauth/v2/auth)")),
    ("token", _("Token (/oauth/v2/token)")),
    ("account", _("Account (/auth/account.json)")),
    ("shows", _("Shows (/auth/account/shows.json)")),
    ("organisations", _("Organisations (/auth/account/organisations.json)")),
]

KIND_SLOW = "slow"
KIND_ERROR = "error"
KIND_HTML = "html"
KIND_INVALID_JSON = "invalid_json"

KIND_CHOICES = [
    (KIND_SLOW, _("Slow: answer normally after the delay")),
    (KIND_ERROR, _("Error: a Camdram JSON error with the status (default 500)")),
    (KIND_HTML, _("HTML: an HTML page with the status (default 200)")),
    (
        KIND_INVALID_JSON,
        _("Invalid JSON: a truncated JSON body with the status (default 200)"),
    ),
]

# Where a fault came from decides whether it outlives the emulator's run. A
# developer who adds one in the admin or through the control API may want to
# keep it, but a --fault option applies to one run only.
SOURCE_COMMAND_LINE = "command_line"
SOURCE_ADMIN = "admin"
SOURCE_CONTROL_API = "control_api"

SOURCE_CHOICES = [
    (SOURCE_COMMAND_LINE, _("--fault option: deleted at the next start")),
    (SOURCE_ADMIN, _("admin: kept across restarts")),
    (SOURCE_CONTROL_API, _("control API: kept across restarts")),
]

DEFAULT_STATUS = {
    KIND_SLOW: 200,
    KIND_ERROR: 500,
    KIND_HTML: 200,
    KIND_INVALID_JSON: 200,
}


class FaultQuerySet(models.QuerySet["Fault"]):
    def active(self) -> FaultQuerySet:
        """Return the enabled faults that have requests left to apply to."""
        return self.filter(enabled=True).filter(
            models.Q(remaining__isnull=True) | models.Q(remaining__gt=0)
        )


class Fault(models.Model):
    """One injected fault; the oldest active fault of an endpoint applies."""

    endpoint = models.CharField(_("endpoint"), max_length=20, choices=ENDPOINT_CHOICES)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    delay_ms = models.PositiveIntegerField(
        _("delay (ms)"),
        default=0,
        help_text=_("Waited before answering, for every kind."),
    )
    status = models.PositiveSmallIntegerField(
        _("HTTP status"),
        null=True,
        blank=True,
        help_text=_("Blank for the kind's default."),
    )
    remaining = models.PositiveIntegerField(
        _("remaining requests"),
        null=True,
        blank=True,
        help_text=_("How many more requests it applies to. Blank for no limit."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    source = models.CharField(
        _("added through"),
        max_length=20,
        choices=SOURCE_CHOICES,
        default=SOURCE_ADMIN,
        editable=False,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FaultQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("fault")
        # The admin index lists models alphabetically among the listings, so
        # the plural name describes what a fault is for.
        verbose_name_plural = _("faults (make endpoints fail or slow down)")

    def __str__(self) -> str:
        return f"{self.endpoint}: {self.kind}"

    def spec(self) -> str:
        """Return the fault as ``--fault`` takes it: ``ENDPOINT:KIND:N``.

        N is the delay in ms for the slow kind, else the HTTP status.
        """
        value = self.delay_ms if self.kind == KIND_SLOW else self.effective_status()
        return f"{self.endpoint}:{self.kind}:{value}"

    def effective_status(self) -> int:
        return self.status or DEFAULT_STATUS[self.kind]
