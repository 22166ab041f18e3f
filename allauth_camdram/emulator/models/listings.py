"""Camdram's listings: people, shows, performances, societies and venues.

Optional text fields allow NULL: Camdram leaves null fields out of its JSON
but sends empty strings, such as a show's ``"prices": ""``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

# Camdram's show categories (its categories.yml).
CATEGORY_CHOICES = [
    ("drama", _("Drama")),
    ("comedy", _("Comedy")),
    ("musical", _("Musical")),
    ("concert", _("Concert")),
    ("opera", _("Opera")),
    ("dance", _("Dance")),
    ("other", _("Other")),
]


class Person(models.Model):
    """Someone who can sign in at the emulator; Camdram calls them a user.

    Each person has a Django user of their own, created on first save, because
    django-oauth-toolkit ties tokens to Django users.
    """

    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Sent only to apps granted user_email. Left out when blank."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="camdram_person",
        editable=False,
        verbose_name=_("Django user"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.user_id is None:
            username = f"camdram-person-{uuid.uuid4().hex[:12]}"
            self.user = get_user_model().objects.create_user(username=username)
        super().save(*args, **kwargs)


class Image(models.Model):
    """An uploaded image's metadata; Camdram's API gives no URL for it."""

    filename = models.CharField(_("filename"), max_length=100)
    created_at = models.DateTimeField(_("created at"))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    extension = models.CharField(_("extension"), max_length=10)
    mime_type = models.CharField(_("MIME type"), max_length=50)

    class Meta:
        ordering = ["id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.filename


class Organisation(models.Model):
    """The fields that societies and venues share."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.CharField(_("slug"), max_length=255, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=100, null=True, blank=True
    )
    college = models.CharField(_("college"), max_length=100, null=True, blank=True)
    description = models.TextField(_("description"), null=True, blank=True)
    theme_color = models.CharField(
        _("theme colour"), max_length=7, null=True, blank=True
    )
    facebook_id = models.CharField(
        _("Facebook id"), max_length=50, null=True, blank=True
    )
    twitter_id = models.CharField(_("Twitter id"), max_length=50, null=True, blank=True)
    image = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Society(Organisation):
    admins = models.ManyToManyField(
        Person, blank=True, related_name="societies", verbose_name=_("admins")
    )

    class Meta(Organisation.Meta):
        verbose_name = _("society")
        verbose_name_plural = _("societies")


class Venue(Organisation):
    address = models.TextField(_("address"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    admins = models.ManyToManyField(
        Person, blank=True, related_name="venues", verbose_name=_("admins")
    )

    class Meta(Organisation.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")


class Show(models.Model):
    name = models.CharField(_("name"), max_length=255)
    # Not a SlugField: Camdram has slugs such as "2018-😇" that Django's slug
    # validation would refuse in the admin.
    slug = models.CharField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_(
            "Camdram prefixes the year of the first performance, e.g. 2025-hamlet."
        ),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=CATEGORY_CHOICES, default="drama"
    )
    description = models.TextField(_("description"), null=True, blank=True)
    content_warning = models.TextField(_("content warning"), null=True, blank=True)
    author = models.CharField(_("author"), max_length=255, null=True, blank=True)
    prices = models.CharField(_("prices"), max_length=255, null=True, blank=True)
    theme_color = models.CharField(
        _("theme colour"), max_length=7, null=True, blank=True
    )
    online_booking_url = models.URLField(
        _("online booking URL"), max_length=500, null=True, blank=True
    )
    image = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    admins = models.ManyToManyField(
        Person, blank=True, related_name="shows", verbose_name=_("admins")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("show")
        verbose_name_plural = _("shows")

    def __str__(self) -> str:
        return self.name


class ShowSociety(models.Model):
    """A society credited on a show: a registered one, or a name only."""

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="society_links"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    society = models.ForeignKey(
        Society, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(
        _("unregistered society name"),
        max_length=255,
        blank=True,
        help_text=_("Used only when no registered society is chosen."),
    )

    class Meta:
        ordering = ["show", "position", "id"]
        verbose_name = _("show society")
        verbose_name_plural = _("show societies")

    def __str__(self) -> str:
        return self.society.name if self.society else self.name


class Performance(models.Model):
    """A run of performances at one time of day, from start_at to repeat_until."""

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="performances"
    )
    start_at = models.DateTimeField(_("first performance starts at"))
    repeat_until = models.DateField(
        _("repeat until"),
        null=True,
        blank=True,
        help_text=_("Last day of the run, inclusive. Blank for a single performance."),
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    other_venue = models.CharField(
        _("unregistered venue name"), max_length=255, null=True, blank=True
    )

    class Meta:
        ordering = ["start_at", "id"]
        verbose_name = _("performance")
        verbose_name_plural = _("performances")

    def __str__(self) -> str:
        return f"{self.show.name} at {self.start_at:%Y-%m-%d %H:%M}"
