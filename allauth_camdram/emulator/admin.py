"""Admin for the emulator's data, so a developer can change what sites see."""

from __future__ import annotations

from django.contrib import admin
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
    )
    list_editable = ("enabled",)
