"""The admin page of linked Camdram accounts.

The page never reads a token's value: the list and detail pages only
select the expiry of the latest stored token and whether one exists.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.socialaccount.models import SocialToken
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from allauth_camdram.admin.account_columns import LinkedAccountColumns
from allauth_camdram.admin.account_page import change_page_context
from allauth_camdram.admin.filters import (
    GrantedScopeFilter,
    SyncStatusFilter,
    TokenFilter,
)
from allauth_camdram.admin.read_only import ReadOnlyModelAdmin
from allauth_camdram.admin.sync_action import sync_accounts
from allauth_camdram.admin.users import user_search_fields
from allauth_camdram.models import (
    LinkedCamdramAccount,
    OrganisationLink,
    ShowLink,
)

logger = logging.getLogger(__name__)


@admin.register(LinkedCamdramAccount)
class LinkedCamdramAccountAdmin(LinkedAccountColumns, ReadOnlyModelAdmin):
    list_display = [
        "camdram_id",
        "camdram_name",
        "site_user",
        "camdram_email",
        "granted_scope",
        "show_count",
        "organisation_count",
        "last_sync",
        "sync_status",
        "token_state",
    ]
    list_display_links = ["camdram_id", "camdram_name"]
    list_filter = [SyncStatusFilter, GrantedScopeFilter, TokenFilter]
    list_select_related = ["user", "camdram_sync_state"]
    ordering = ["-pk"]
    actions = ["sync_now"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "camdram_id",
                    "camdram_name",
                    "camdram_email",
                    "user",
                    "date_joined",
                    "last_login",
                ]
            },
        ),
        (
            _("Sync"),
            {
                "fields": [
                    "sync_status",
                    "sync_error",
                    "last_sync",
                    "last_success",
                    "granted_scope",
                    "skipped_scopes",
                ]
            },
        ),
        (
            _("Access token"),
            {"fields": ["token_state", "token_expires_at", "has_refresh_token"]},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LinkedCamdramAccount]:
        tokens = SocialToken.objects.filter(account=OuterRef("pk"))
        queryset: QuerySet[LinkedCamdramAccount] = (
            super()
            .get_queryset(request)
            .select_related("user", "camdram_sync_state")
            .annotate(
                show_count=_count_links(ShowLink),
                organisation_count=_count_links(OrganisationLink),
                has_token=Exists(tokens),
                # The sync uses the newest token, so the page shows its expiry.
                token_expires_at=Subquery(
                    tokens.order_by("-pk").values("expires_at")[:1]
                ),
                # Only whether a refresh token exists leaves the database.
                token_has_refresh=Subquery(
                    tokens.order_by("-pk")
                    .annotate(
                        present=ExpressionWrapper(
                            ~Q(token_secret=""), output_field=BooleanField()
                        )
                    )
                    .values("present")[:1]
                ),
            )
        )
        return queryset

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        # Tokens are never searched, so a search for one finds nothing.
        return [
            "=uid",
            "extra_data__name",
            "extra_data__email",
            *user_search_fields(get_user_model(), "user__"),
        ]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = super().get_actions(request)
        # Deleting a linked account unlinks Camdram from the site user, who
        # stays. Django's delete confirmation posts back to "delete_selected"
        # by that name, so only the label changes.
        if actions.get("delete_selected") is not None:
            function, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (
                function,
                name,
                _("Unlink the selected Camdram accounts"),
            )
        return actions

    def extra_change_context(
        self, request: HttpRequest, obj: LinkedCamdramAccount
    ) -> dict[str, Any]:
        return change_page_context(request, obj)

    def delete_model(self, request: HttpRequest, obj: LinkedCamdramAccount) -> None:
        # delete() clears the primary key, so it is read first.
        account_id = obj.pk
        super().delete_model(request, obj)
        logger.info("Unlinked Camdram social account %s in the admin", account_id)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[LinkedCamdramAccount]
    ) -> None:
        ids = sorted(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        logger.info("Unlinked Camdram social accounts %s in the admin", ids)

    @admin.action(permissions=["change"], description=_("Sync now with Camdram"))
    def sync_now(
        self, request: HttpRequest, queryset: QuerySet[LinkedCamdramAccount]
    ) -> None:
        accounts = list(queryset)
        report = sync_accounts(accounts)
        for account in accounts:
            self.log_change(request, account, _("Started a sync from the admin."))
        level = messages.WARNING if report.failed else messages.SUCCESS
        for message in report.messages():
            self.message_user(request, message, level)


def _count_links(link_model: type[ShowLink] | type[OrganisationLink]) -> Any:
    counts = (
        link_model.objects.filter(social_account=OuterRef("pk"))
        .order_by()
        .values("social_account")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
