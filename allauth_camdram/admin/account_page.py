"""The sections below the fields of a linked Camdram account's detail page."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest

from allauth_camdram.admin.links import admin_url, web_url
from allauth_camdram.models import LinkedCamdramAccount, OrganisationLink, ShowLink

# Parts of key names that are left out of Camdram's account data, at any
# depth and in any case. Camdram's account.json has no such key today, but
# the filter keeps a future field from putting a secret on the page.
SECRET_KEY_PARTS = ("token", "secret", "password")


def change_page_context(
    request: HttpRequest, account: LinkedCamdramAccount
) -> dict[str, Any]:
    """Return the template context for the account's shows, organisations and data."""
    show_links = (
        ShowLink.objects.filter(social_account=account)
        .select_related("show")
        .order_by("show__name", "show__camdram_id")
    )
    organisation_links = (
        OrganisationLink.objects.filter(social_account=account)
        .select_related("organisation")
        .order_by(
            "organisation__name", "organisation__kind", "organisation__camdram_id"
        )
    )
    return {
        "camdram_shows": [
            {
                "name": str(link.show),
                "admin_url": admin_url(request, link.show),
                "camdram_url": web_url(link.show.url),
                "category": link.show.category,
                "first_performance": link.show.first_performance,
                "last_performance": link.show.last_performance,
                "manual": link.manual,
            }
            for link in show_links
        ],
        "camdram_organisations": [
            {
                "name": str(link.organisation),
                "admin_url": admin_url(request, link.organisation),
                "camdram_url": web_url(link.organisation.url),
                "kind": link.organisation.get_kind_display(),
                "manual": link.manual,
            }
            for link in organisation_links
        ],
        "camdram_account_data": json.dumps(
            without_secrets(account.extra_data),
            indent=2,
            sort_keys=True,
            ensure_ascii=False,
        ),
    }


def without_secrets(value: Any) -> Any:
    """Return ``value`` with every key that names a token or secret removed."""
    if isinstance(value, dict):
        return {
            key: without_secrets(item)
            for key, item in value.items()
            if not any(part in str(key).lower() for part in SECRET_KEY_PARTS)
        }
    if isinstance(value, list):
        return [without_secrets(item) for item in value]
    return value
