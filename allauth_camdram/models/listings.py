"""Shows and organisations (societies and venues) copied from Camdram.

Text from Camdram is stored exactly as received, HTML and emoji included, in
``TextField`` columns, because Camdram documents no length limit for names and
slugs. Templates must escape it, as Django's do by default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.socialaccount.models import SocialAccount
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class _CamdramRecord(models.Model):
    """Columns shared by every object copied from Camdram."""

    camdram_id = models.PositiveBigIntegerField(
        verbose_name=_("Camdram id"),
        help_text=_("The object's id on Camdram."),
    )
    name = models.TextField(
        verbose_name=_("name"),
        help_text=_("The name exactly as Camdram sent it; it may contain HTML."),
    )
    slug = models.TextField(
        blank=True,
        verbose_name=_("slug"),
        help_text=_("Camdram's URL slug, or empty if Camdram sent none."),
    )
    url = models.TextField(
        blank=True,
        verbose_name=_("Camdram URL"),
        help_text=_("The object's page on the Camdram site."),
    )
    data = models.JSONField(
        default=dict,
        verbose_name=_("Camdram data"),
        help_text=_("The whole object as Camdram last sent it."),
    )
    digest = models.CharField(
        max_length=64,
        blank=True,
        default="",
        editable=False,
        verbose_name=_("sync digest"),
        help_text=_(
            "SHA-256 of the columns a sync last wrote. A sync compares a row in "
            "full only when this differs, so an empty digest makes the next "
            "sync compare and rewrite the row."
        ),
    )
    created_at = models.DateTimeField(
        default=timezone.now,
        verbose_name=_("created at"),
        help_text=_("When a sync first stored the object."),
    )
    updated_at = models.DateTimeField(
        default=timezone.now,
        verbose_name=_("updated at"),
        help_text=_("When a sync last changed the object."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name or f"#{self.camdram_id}"


class ShowQuerySet(models.QuerySet["Show"]):
    def administered_by(self, user: AbstractBaseUser | AnonymousUser) -> ShowQuerySet:
        """Return the shows any of ``user``'s Camdram accounts administers."""
        if not user.is_authenticated:
            return self.none()
        links = ShowLink.objects.filter(
            show=OuterRef("pk"), social_account__user_id=user.pk
        )
        return self.filter(Exists(links))


class Show(_CamdramRecord):
    """A show on Camdram that at least one linked account administers."""

    author = models.TextField(
        blank=True,
        verbose_name=_("author"),
        help_text=_("The author as Camdram sent it, or empty."),
    )
    category = models.TextField(
        blank=True,
        verbose_name=_("category"),
        help_text=_("Camdram's category, such as drama, comedy or musical."),
    )
    first_performance = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("first performance"),
        help_text=_("Date of the first performance in UK time, if any is listed."),
    )
    last_performance = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("last performance"),
        help_text=_("Date of the last performance in UK time, if any is listed."),
    )
    social_accounts = models.ManyToManyField(
        SocialAccount,
        through="ShowLink",
        related_name="camdram_shows",
        verbose_name=_("Camdram accounts"),
        help_text=_("The linked Camdram accounts that administer the show."),
    )

    objects = ShowQuerySet.as_manager()

    class Meta:
        verbose_name = _("Camdram show")
        verbose_name_plural = _("Camdram shows")
        ordering = ["name", "camdram_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["camdram_id"], name="allauth_camdram_show_unique_id"
            ),
        ]
        indexes = [
            models.Index(fields=["slug"], name="allauth_camdram_show_slug"),
        ]


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def administered_by(
        self, user: AbstractBaseUser | AnonymousUser
    ) -> OrganisationQuerySet:
        """Return the organisations any of ``user``'s Camdram accounts administers."""
        if not user.is_authenticated:
            return self.none()
        links = OrganisationLink.objects.filter(
            organisation=OuterRef("pk"), social_account__user_id=user.pk
        )
        return self.filter(Exists(links))

    def societies(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.SOCIETY)

    def venues(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.VENUE)


class Organisation(_CamdramRecord):
    """A society or venue on Camdram that a linked account administers.

    Camdram numbers societies and venues separately, so an id is unique only
    within its kind.
    """

    class Kind(models.TextChoices):
        SOCIETY = "society", _("society")
        VENUE = "venue", _("venue")

    kind = models.CharField(
        max_length=16,
        choices=Kind.choices,
        verbose_name=_("kind"),
        help_text=_("Society or venue, from Camdram's _type."),
    )
    short_name = models.TextField(
        blank=True,
        verbose_name=_("short name"),
        help_text=_("Camdram's short name, or empty."),
    )
    social_accounts = models.ManyToManyField(
        SocialAccount,
        through="OrganisationLink",
        related_name="camdram_organisations",
        verbose_name=_("Camdram accounts"),
        help_text=_("The linked Camdram accounts that administer the organisation."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Camdram organisation")
        verbose_name_plural = _("Camdram organisations")
        ordering = ["name", "kind", "camdram_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "camdram_id"],
                name="allauth_camdram_organisation_unique_id",
            ),
        ]
        indexes = [
            models.Index(fields=["slug"], name="allauth_camdram_org_slug"),
        ]


class _Link(models.Model):
    social_account = models.ForeignKey(
        SocialAccount,
        on_delete=models.CASCADE,
        verbose_name=_("Camdram account"),
        help_text=_("The linked Camdram account (allauth social account)."),
    )
    manual = models.BooleanField(
        default=False,
        verbose_name=_("added by hand"),
        help_text=_(
            "An admin added this link by hand. Sync never removes such a link, "
            "even when Camdram no longer lists it."
        ),
    )
    created_at = models.DateTimeField(
        default=timezone.now,
        verbose_name=_("created at"),
    )

    class Meta:
        abstract = True


class ShowLink(_Link):
    """A link from a Camdram account to a show it administers."""

    show = models.ForeignKey(
        Show,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("show"),
    )

    class Meta:
        verbose_name = _("Camdram show link")
        verbose_name_plural = _("Camdram show links")
        ordering = ["show", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "social_account"],
                name="allauth_camdram_showlink_unique",
            ),
        ]

    def __str__(self) -> str:
        return _link_label(self.show, self.social_account_id)


class OrganisationLink(_Link):
    """A link from a Camdram account to a society or venue it administers."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("Camdram organisation link")
        verbose_name_plural = _("Camdram organisation links")
        ordering = ["organisation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "social_account"],
                name="allauth_camdram_organisationlink_unique",
            ),
        ]

    def __str__(self) -> str:
        return _link_label(self.organisation, self.social_account_id)


def _link_label(target: Any, social_account_id: int | None) -> str:
    return f"{target} (social account {social_account_id})"
