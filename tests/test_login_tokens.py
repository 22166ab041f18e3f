"""Tokens stored at login, and what a later login changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone

from tests.fake_camdram import GOOD_ACCOUNT, FakeCamdram, callback_url

pytestmark = pytest.mark.django_db

NEXT_TOKEN = {"access_token": "A2", "expires_in": 3600, "token_type": "bearer"}


def log_in(client: Client, camdram: FakeCamdram) -> None:
    response = client.post("/accounts/camdram/login/")
    response = client.get(callback_url(camdram.authorize(response["Location"])))
    assert response.status_code == 302, response.content[:300]


def log_in_twice(client: Client, camdram: FakeCamdram, second_token: dict) -> None:
    log_in(client, camdram)
    client.logout()
    camdram.token_body = second_token
    log_in(client, camdram)


def test_first_login_stores_tokens(client, camdram: FakeCamdram):
    before = timezone.now()

    log_in(client, camdram)

    token = SocialToken.objects.get()
    assert token.token == "A1"
    assert token.token_secret == "R1"
    assert token.app is None
    assert before + timedelta(seconds=3600) <= token.expires_at
    assert token.expires_at <= timezone.now() + timedelta(seconds=3600)


def test_second_login_reuses_account(client, camdram: FakeCamdram):
    log_in(client, camdram)
    client.logout()
    camdram.account_body = {**GOOD_ACCOUNT, "name": "Test Person-Renamed"}
    camdram.token_body = {**NEXT_TOKEN, "refresh_token": "R2"}

    log_in(client, camdram)

    assert get_user_model().objects.count() == 1
    account = SocialAccount.objects.get()
    assert account.extra_data["name"] == "Test Person-Renamed"
    token = SocialToken.objects.get()
    assert token.token == "A2"
    assert token.token_secret == "R2"
    assert int(client.session["_auth_user_id"]) == account.user_id


@pytest.mark.parametrize("refresh_token", ["absent", "", None])
def test_relogin_without_refresh_keeps_old(client, camdram: FakeCamdram, refresh_token):
    second = dict(NEXT_TOKEN)
    if refresh_token != "absent":
        second["refresh_token"] = refresh_token

    log_in_twice(client, camdram, second)

    token = SocialToken.objects.get()
    assert token.token == "A2"
    assert token.token_secret == "R1"


def test_expires_in_string_sets_expiry(client, camdram: FakeCamdram):
    camdram.token_body = {**NEXT_TOKEN, "expires_in": "3600"}
    before = timezone.now()

    log_in(client, camdram)

    expires_at = SocialToken.objects.get().expires_at
    assert before + timedelta(seconds=3600) <= expires_at
    assert expires_at <= timezone.now() + timedelta(seconds=3600)


@pytest.mark.parametrize("expires_in", ["absent", None, "soon", 0, -5, True])
def test_expires_in_unusable_leaves_none(client, camdram: FakeCamdram, expires_in):
    camdram.token_body = dict(NEXT_TOKEN)
    if expires_in == "absent":
        del camdram.token_body["expires_in"]
    else:
        camdram.token_body["expires_in"] = expires_in

    log_in(client, camdram)

    assert SocialToken.objects.get().expires_at is None


@override_settings(SOCIALACCOUNT_STORE_TOKENS=False)
def test_store_tokens_off_stores_none(client, camdram: FakeCamdram):
    log_in(client, camdram)

    assert SocialAccount.objects.count() == 1
    assert SocialToken.objects.count() == 0
