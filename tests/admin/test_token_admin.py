from __future__ import annotations

import pytest
from allauth.socialaccount.admin import SocialTokenAdmin
from allauth.socialaccount.models import SocialToken
from django.contrib import admin
from django.contrib.admin.sites import AdminSite
from django.test import override_settings

from allauth_camdram.admin.tokens import TokenlessSocialTokenAdmin, replace_token_admin


def test_default_site_uses_tokenless_admin():
    assert type(admin.site.get_model_admin(SocialToken)) is TokenlessSocialTokenAdmin


def test_replace_allauth_admin():
    site = AdminSite(name="other")
    site.register(SocialToken, SocialTokenAdmin)

    replaced = replace_token_admin(site)

    assert replaced is True
    assert type(site.get_model_admin(SocialToken)) is TokenlessSocialTokenAdmin


@override_settings(CAMDRAM_REPLACE_TOKEN_ADMIN=False)
def test_replace_disabled_keeps_allauth():
    site = AdminSite(name="other")
    site.register(SocialToken, SocialTokenAdmin)

    replaced = replace_token_admin(site)

    assert replaced is False
    assert type(site.get_model_admin(SocialToken)) is SocialTokenAdmin


def test_replace_skips_unregistered():
    site = AdminSite(name="other")

    replaced = replace_token_admin(site)

    assert replaced is False
    assert not site.is_registered(SocialToken)


def test_replace_keeps_site_admin():
    class SiteTokenAdmin(admin.ModelAdmin):
        pass

    site = AdminSite(name="other")
    site.register(SocialToken, SiteTokenAdmin)

    replaced = replace_token_admin(site)

    assert replaced is False
    assert type(site.get_model_admin(SocialToken)) is SiteTokenAdmin


@pytest.mark.django_db
def test_token_admin_read_only(superuser_client, account):
    token = SocialToken.objects.get()
    url = f"/admin/socialaccount/socialtoken/{token.pk}/change/"

    superuser_client.post(url, {"token": "CHANGED", "token_secret": "CHANGED"})

    token.refresh_from_db()
    assert superuser_client.get(url).context["has_change_permission"] is False
    assert token.token == "ACCESS-SECRET-0123456789abcdef"
    assert superuser_client.get(
        "/admin/socialaccount/socialtoken/add/"
    ).status_code == (403)
