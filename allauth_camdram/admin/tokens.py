"""An admin for allauth's social tokens that never shows a token.

allauth's own ``SocialTokenAdmin`` lists the first 40 characters of each
access token, and its change form shows the whole access and refresh
tokens, which anyone with view permission could copy and replay.
``CAMDRAM_REPLACE_TOKEN_ADMIN`` (default ``True``) replaces it with this one.
"""

from __future__ import annotations

import logging

from allauth.socialaccount.models import SocialToken
from django.contrib import admin
from django.contrib.admin.sites import AdminSite
from django.db.models import BooleanField, ExpressionWrapper, Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from allauth_camdram.conf import app_settings

logger = logging.getLogger(__name__)


class TokenlessSocialTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Social tokens by account, app and expiry, with the token values left out."""

    list_display = ["account", "app", "expires_at", "has_refresh_token"]
    list_filter = ["app", "account__provider", "expires_at"]
    list_select_related = ["account__user", "app"]
    # The token columns are left out of the form entirely, not just hidden.
    fields = ["account", "app", "expires_at", "has_refresh_token"]
    readonly_fields = ["account", "app", "expires_at", "has_refresh_token"]
    search_fields = ["=account__uid"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SocialToken]:
        # The token values are deferred, so no page loads them. The database
        # returns only whether a refresh token exists.
        queryset: QuerySet[SocialToken] = (
            super()
            .get_queryset(request)
            .defer("token", "token_secret")
            .annotate(
                has_refresh=ExpressionWrapper(
                    ~Q(token_secret=""), output_field=BooleanField()
                )
            )
        )
        return queryset

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

    @admin.display(description=_("refresh token stored"), boolean=True)
    def has_refresh_token(self, token: SocialToken) -> bool:
        return bool(getattr(token, "has_refresh", False))


def replace_token_admin(site: AdminSite) -> bool:
    """Swap allauth's social-token admin on ``site`` for the tokenless one.

    Only allauth's own ``SocialTokenAdmin`` is replaced: an admin a site
    registered itself stays, and so does a site's choice to register none.
    Returns whether the admin was replaced.
    """
    from allauth.socialaccount.admin import SocialTokenAdmin

    if not app_settings.REPLACE_TOKEN_ADMIN:
        return False
    if not site.is_registered(SocialToken):
        return False
    if type(site.get_model_admin(SocialToken)) is not SocialTokenAdmin:
        return False
    site.unregister(SocialToken)
    site.register(SocialToken, TokenlessSocialTokenAdmin)
    logger.debug("Replaced allauth's social-token admin on admin site %s", site.name)
    return True
