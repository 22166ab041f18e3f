"""Admin for the emulator's data, so a developer can change what sites see."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Application, get_application_admin_class

from allauth_camdram.emulator.models import (
    AppAuthorisation,
    AppProfile,
    Fault,
    Image,
    Performance,
    Person,
    Show,
    ShowSociety,
    Society,
    Venue,
)
from allauth_camdram.emulator.tokens import expire_person_tokens

admin.site.site_header = "Camdram emulator"
admin.site.site_title = "Camdram emulator"


class AppProfileInline(admin.StackedInline):  # type: ignore[type-arg]
    model = AppProfile
    can_delete = False


class ApplicationAdmin(get_application_admin_class()):  # type: ignore[misc]
    inlines = [AppProfileInline]
    list_display = ("pk", "name", "client_id", "user")


admin.site.unregister(Application)
admin.site.register(Application, ApplicationAdmin)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "name", "email")
    search_fields = ("name", "email")
    actions = ["expire_tokens"]

    @admin.action(
        description=_(
            "Expire the selected people's tokens (access tokens, refresh tokens, codes)"
        )
    )
    def expire_tokens(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        people = list(queryset)
        expired = [
            expire_person_tokens(person, access=True, refresh=True, codes=True)
            for person in people
        ]
        access = sum(counts["access_tokens"] for counts in expired)
        refresh = sum(counts["refresh_tokens"] for counts in expired)
        codes = sum(counts["codes"] for counts in expired)
        people_label = str(people[0]) if len(people) == 1 else f"{len(people)} people"
        self.message_user(
            request,
            f"Expired {_count(access, 'access token')}, "
            f"{_count(refresh, 'refresh token')} and {_count(codes, 'code')} of {people_label}.",
            messages.SUCCESS,
        )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "filename", "width", "height", "mime_type")


class PerformanceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Performance
    extra = 0
    autocomplete_fields = ("venue",)


class ShowSocietyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ShowSociety
    extra = 0
    autocomplete_fields = ("society",)


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "name", "slug", "category")
    search_fields = ("name", "slug")
    filter_horizontal = ("admins",)
    inlines = [ShowSocietyInline, PerformanceInline]


@admin.register(Society)
class SocietyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "name", "slug", "college")
    search_fields = ("name", "slug")
    filter_horizontal = ("admins",)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "name", "slug")
    search_fields = ("name", "slug")
    filter_horizontal = ("admins",)


@admin.register(AppAuthorisation)
class AppAuthorisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("person", "application", "scopes", "updated")


@admin.register(Fault)
class FaultAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "endpoint",
        "kind",
        "delay_ms",
        "status",
        "remaining",
        "enabled",
        "source",
    )
    list_editable = ("enabled",)
    list_filter = ("enabled", "endpoint", "source")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
