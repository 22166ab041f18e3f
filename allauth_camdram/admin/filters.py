"""List filters for the linked Camdram accounts and the synced listings."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allauth_camdram.constants import SUPPORTED_SCOPES
from allauth_camdram.models import SyncState

# Accounts that never synced have no SyncState row yet.
_NEVER_SYNCED = Q(camdram_sync_state__isnull=True) | Q(
    camdram_sync_state__status=SyncState.Status.NEVER
)
_REAUTHORIZATION = "reauthorization_required"
_UNKNOWN_SCOPE = "unknown"


class SyncStatusFilter(admin.SimpleListFilter):
    """Filter accounts by the outcome of their latest sync."""

    title = _("sync status")
    parameter_name = "sync_status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            *SyncState.Status.choices,
            (_REAUTHORIZATION, _("must sign in again")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        if value == _REAUTHORIZATION:
            return queryset.filter(camdram_sync_state__reauthorization_required=True)
        if value == SyncState.Status.NEVER:
            return queryset.filter(_NEVER_SYNCED)
        return queryset.filter(camdram_sync_state__status=value)


class GrantedScopeFilter(admin.SimpleListFilter):
    """Filter accounts by a scope Camdram granted them."""

    title = _("granted scope")
    parameter_name = "granted_scope"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            *((scope, scope) for scope in SUPPORTED_SCOPES),
            (_UNKNOWN_SCOPE, _("unknown")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        if value == _UNKNOWN_SCOPE:
            return queryset.filter(
                Q(camdram_sync_state__isnull=True)
                | Q(camdram_sync_state__granted_scope__isnull=True)
            )
        if value not in SUPPORTED_SCOPES:
            return queryset.none()
        return queryset.filter(_has_scope(value))


class TokenFilter(admin.SimpleListFilter):
    """Filter accounts by the state of their stored access token.

    Needs the ``has_token`` and ``token_expires_at`` annotations of the
    linked accounts' admin queryset.
    """

    title = _("access token")
    parameter_name = "token"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("valid", _("valid")),
            ("expired", _("expired")),
            ("missing", _("no stored token")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        now = timezone.now()
        if value == "valid":
            return queryset.filter(
                Q(has_token=True)
                & (Q(token_expires_at__isnull=True) | Q(token_expires_at__gt=now))
            )
        if value == "expired":
            return queryset.filter(has_token=True, token_expires_at__lte=now)
        if value == "missing":
            return queryset.filter(has_token=False)
        return queryset


class LinkedFilter(admin.SimpleListFilter):
    """Filter shows or organisations by whether any account links to them.

    A sync that no longer finds an item removes the account's link but
    keeps the row, so unlinked rows are left over from earlier syncs.
    """

    title = _("linked")
    parameter_name = "linked"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("yes", _("linked to an account")),
            ("manual", _("has a link added by hand")),
            ("no", _("not linked")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "yes":
            return queryset.filter(account_count__gt=0)
        if value == "manual":
            # Exists, because a join on the links would inflate account_count.
            links = queryset.model._meta.get_field("links")
            manual_links = links.related_model._default_manager.filter(
                **{links.field.name: OuterRef("pk")}, manual=True
            )
            return queryset.filter(Exists(manual_links))
        if value == "no":
            return queryset.filter(account_count=0)
        return queryset


def _has_scope(scope: str) -> Q:
    # granted_scope is space-separated, so "user_orgs" must match whole
    # words and not, say, a longer scope name that starts with it.
    field = "camdram_sync_state__granted_scope"
    return (
        Q(**{field: scope})
        | Q(**{f"{field}__startswith": f"{scope} "})
        | Q(**{f"{field}__endswith": f" {scope}"})
        | Q(**{f"{field}__contains": f" {scope} "})
    )
