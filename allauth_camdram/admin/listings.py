"""Admins for the shows and organisations copied from Camdram.

Every field is read-only, because the next sync would overwrite an edit.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import Count, Model, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from allauth_camdram.admin.filters import LinkedFilter
from allauth_camdram.admin.links import admin_url, camdram_link
from allauth_camdram.admin.read_only import ReadOnlyModelAdmin
from allauth_camdram.admin.users import user_label
from allauth_camdram.models import (
    LinkedCamdramAccount,
    Organisation,
    OrganisationLink,
    Show,
    ShowLink,
)


class _SyncedRecordAdmin(ReadOnlyModelAdmin):
    """Read-only admin for a model the sync writes, with its linked accounts."""

    link_model: type[ShowLink] | type[OrganisationLink]
    link_field: str

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = (
            super().get_queryset(request).annotate(account_count=Count("links"))
        )
        return queryset

    def extra_change_context(self, request: HttpRequest, obj: Model) -> dict[str, Any]:
        links = self.link_model.objects.filter(**{self.link_field: obj})
        return {"camdram_linked_accounts": _linked_accounts(request, links)}

    @admin.display(description=_("linked accounts"), ordering="account_count")
    def account_count(self, obj: Model) -> int:
        return int(getattr(obj, "account_count", 0))

    @admin.display(description=_("Camdram page"))
    def camdram_page(self, obj: Show | Organisation) -> SafeString | str:
        return camdram_link(obj.url)

    @admin.display(description=_("Camdram data"))
    def camdram_data(self, obj: Show | Organisation) -> SafeString:
        text = json.dumps(obj.data, indent=2, sort_keys=True, ensure_ascii=False)
        return format_html("<pre>{}</pre>", text)


@admin.register(Show)
class ShowAdmin(_SyncedRecordAdmin):
    link_model = ShowLink
    link_field = "show"
    list_display = [
        "name",
        "first_performance",
        "last_performance",
        "category",
        "societies",
        "venues",
        "account_count",
        "camdram_page",
    ]
    list_filter = ["category", "first_performance", LinkedFilter]
    search_fields = ["name", "slug", "author", "=camdram_id"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "camdram_id",
                    "camdram_page",
                    "slug",
                    "author",
                    "category",
                    "societies",
                    "venues",
                    "first_performance",
                    "last_performance",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (_("Camdram data"), {"fields": ["camdram_data"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("societies"))
    def societies(self, show: Show) -> str:
        return ", ".join(show_societies(show.data))

    @admin.display(description=_("venues"))
    def venues(self, show: Show) -> str:
        return ", ".join(show_venues(show.data))


@admin.register(Organisation)
class OrganisationAdmin(_SyncedRecordAdmin):
    link_model = OrganisationLink
    link_field = "organisation"
    list_display = [
        "name",
        "kind",
        "short_name",
        "camdram_id",
        "account_count",
        "camdram_page",
        "updated_at",
    ]
    list_filter = ["kind", LinkedFilter]
    search_fields = ["name", "short_name", "slug", "=camdram_id"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "kind",
                    "short_name",
                    "camdram_id",
                    "camdram_page",
                    "slug",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (_("Camdram data"), {"fields": ["camdram_data"], "classes": ["collapse"]}),
    ]


def show_societies(data: object) -> list[str]:
    """Return the names of a show's societies, registered or not, in order."""
    societies = data.get("societies") if isinstance(data, dict) else None
    names = [item.get("name") for item in _dicts(societies)]
    return _unique_text(names)


def show_venues(data: object) -> list[str]:
    """Return the names of the venues of a show's performances, in order.

    Camdram puts venues on each performance: a registered ``venue`` object,
    an ``other_venue`` name, both or neither.
    """
    performances = data.get("performances") if isinstance(data, dict) else None
    names: list[object] = []
    for performance in _dicts(performances):
        venue = performance.get("venue")
        if isinstance(venue, dict):
            names.append(venue.get("name"))
        names.append(performance.get("other_venue"))
    return _unique_text(names)


def _linked_accounts(
    request: HttpRequest, links: QuerySet[ShowLink] | QuerySet[OrganisationLink]
) -> list[dict[str, Any]]:
    manual = dict(links.order_by("pk").values_list("social_account_id", "manual"))
    accounts = LinkedCamdramAccount.objects.select_related("user").in_bulk(list(manual))
    return [
        {
            "name": str(account),
            "admin_url": admin_url(request, account),
            "user": user_label(account.user),
            "manual": manual[account.pk],
        }
        for account in (accounts[pk] for pk in manual if pk in accounts)
    ]


def _dicts(value: object) -> list[dict[str, Any]]:
    return (
        [item for item in value if isinstance(item, dict)]
        if isinstance(value, list)
        else []
    )


def _unique_text(values: list[object]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip())
    return list(seen)
