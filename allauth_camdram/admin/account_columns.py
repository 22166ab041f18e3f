"""The columns and read-only fields of the linked Camdram accounts' admin.

Each method reads the annotations that ``LinkedCamdramAccountAdmin``'s
queryset adds (link counts and the newest token's expiry), so a list page
costs the same number of queries whatever the number of rows.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin
from django.contrib.admin.utils import display_for_value
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from allauth_camdram.admin.users import user_label
from allauth_camdram.models import LinkedCamdramAccount, SyncState

# Maximum characters of a sync error in the list. The detail page shows it all.
LIST_ERROR_LENGTH = 120


class LinkedAccountColumns:
    """Display methods for ``list_display`` and ``readonly_fields``."""

    @admin.display(description=_("Camdram id"), ordering="uid")
    def camdram_id(self, account: LinkedCamdramAccount) -> str:
        return str(account.uid)

    @admin.display(description=_("Camdram name"), ordering="extra_data__name")
    def camdram_name(self, account: LinkedCamdramAccount) -> str:
        return account.camdram_name

    @admin.display(description=_("email from Camdram"))
    def camdram_email(self, account: LinkedCamdramAccount) -> str:
        return account.camdram_email

    @admin.display(
        description=_("site user"),
        ordering=f"user__{get_user_model().USERNAME_FIELD}",
    )
    def site_user(self, account: LinkedCamdramAccount) -> str:
        return user_label(account.user)

    @admin.display(description=_("granted scope"))
    def granted_scope(self, account: LinkedCamdramAccount) -> str:
        state = _state(account)
        if state is None or state.granted_scope is None:
            return str(_("unknown"))
        return state.granted_scope or str(_("none"))

    @admin.display(description=_("skipped for lack of scope"))
    def skipped_scopes(self, account: LinkedCamdramAccount) -> str:
        state = _state(account)
        return state.skipped_scopes if state is not None else ""

    @admin.display(description=_("shows"), ordering="show_count")
    def show_count(self, account: LinkedCamdramAccount) -> int:
        return int(getattr(account, "show_count", 0))

    @admin.display(description=_("organisations"), ordering="organisation_count")
    def organisation_count(self, account: LinkedCamdramAccount) -> int:
        return int(getattr(account, "organisation_count", 0))

    @admin.display(
        description=_("last sync"),
        # Accounts that never synced sort as the oldest.
        ordering=F("camdram_sync_state__last_attempt_at").asc(nulls_first=True),
    )
    def last_sync(self, account: LinkedCamdramAccount) -> str | None:
        state = _state(account)
        return _moment(state.last_attempt_at if state is not None else None)

    @admin.display(description=_("last success"))
    def last_success(self, account: LinkedCamdramAccount) -> str | None:
        state = _state(account)
        return _moment(state.last_success_at if state is not None else None)

    @admin.display(description=_("sync status"), ordering="camdram_sync_state__status")
    def sync_status(self, account: LinkedCamdramAccount) -> SafeString:
        state = _state(account)
        if state is None:
            return format_html("{}", SyncState.Status.NEVER.label)
        if not state.error:
            return format_html("{}", state.get_status_display())
        return format_html(
            "{}<br><small>{}</small>",
            state.get_status_display(),
            Truncator(state.error).chars(LIST_ERROR_LENGTH),
        )

    @admin.display(description=_("sync error"))
    def sync_error(self, account: LinkedCamdramAccount) -> str:
        state = _state(account)
        return state.error if state is not None else ""

    @admin.display(description=_("token"), ordering="token_expires_at")
    def token_state(self, account: LinkedCamdramAccount) -> str:
        state = _state(account)
        if state is not None and state.reauthorization_required:
            return str(_("must sign in again"))
        if not getattr(account, "has_token", False):
            return str(_("no stored token"))
        expires_at = getattr(account, "token_expires_at", None)
        if expires_at is None:
            return str(_("valid, no expiry recorded"))
        if expires_at <= timezone.now():
            # Expired access tokens are normal: the next sync refreshes them.
            return str(_("expired"))
        return str(_("valid"))

    @admin.display(description=_("access token expires"))
    def token_expires_at(self, account: LinkedCamdramAccount) -> str | None:
        return _moment(getattr(account, "token_expires_at", None))

    @admin.display(description=_("refresh token stored"), boolean=True)
    def has_refresh_token(self, account: LinkedCamdramAccount) -> bool:
        return bool(getattr(account, "token_has_refresh", False))


def _state(account: LinkedCamdramAccount) -> SyncState | None:
    try:
        state: SyncState = account.camdram_sync_state
    except SyncState.DoesNotExist:
        return None
    return state


def _moment(value: datetime | None) -> str | None:
    # The detail page prints a display method's value as it is, so a
    # datetime would appear in ISO form and UTC. The list formats the
    # string the same way, and None shows as the admin's empty value.
    if value is None:
        return None
    return str(display_for_value(value, ""))
