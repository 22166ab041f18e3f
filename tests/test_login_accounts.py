"""Which local user and social account a Camdram login ends up with."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client, override_settings

from allauth_camdram.constants import PROVIDER_ID, TOKEN_PATH
from tests.fake_camdram import (
    GOOD_ACCOUNT,
    FakeCamdram,
    assert_nothing_created,
    callback_url,
)

pytestmark = pytest.mark.django_db

CAMDRAM_SETTINGS = {
    "CAMDRAM_URL": "https://camdram.test",
    "VERIFIED_EMAIL": True,
    "APPS": [
        {
            "client_id": "12_3abcdefghijklmnopqrstuvwxyz0123456789abcdefghij",
            "secret": "s3cret+/=value",
        }
    ],
}


def log_in(client: Client, camdram: FakeCamdram, **data: str):
    response = client.post("/accounts/camdram/login/", data)
    assert response.status_code == 302
    return client.get(callback_url(camdram.authorize(response["Location"])))


@pytest.mark.parametrize("second_id", [4242, "4242", " 4242 ", "04242"])
def test_id_int_and_string_same_account(client, camdram: FakeCamdram, second_id):
    log_in(client, camdram)
    client.logout()
    camdram.account_body = {**GOOD_ACCOUNT, "id": second_id}

    response = log_in(client, camdram)

    assert response.status_code == 302
    account = SocialAccount.objects.get()
    assert account.uid == "4242"
    assert account.provider == PROVIDER_ID
    assert get_user_model().objects.count() == 1
    assert account.extra_data["id"] == second_id


def test_login_fills_user_from_account(client, camdram: FakeCamdram):
    camdram.account_body = {**GOOD_ACCOUNT, "name": "Zoë O'Brien 🎭 Smith"}

    log_in(client, camdram)

    account = SocialAccount.objects.get()
    assert account.extra_data == {**GOOD_ACCOUNT, "name": "Zoë O'Brien 🎭 Smith"}
    assert account.user.first_name == "Zoë"
    assert account.user.last_name == "O'Brien 🎭 Smith"
    assert str(account.get_provider_account()) == "Zoë O'Brien 🎭 Smith"


def test_email_stored_unverified(client, camdram: FakeCamdram):
    log_in(client, camdram)

    email = EmailAddress.objects.get()
    assert email.email == "test.person@example.org"
    assert email.verified is False
    assert email.primary is True


@override_settings(SOCIALACCOUNT_PROVIDERS={"camdram": CAMDRAM_SETTINGS})
def test_email_verified_when_site_trusts(client, camdram: FakeCamdram):
    log_in(client, camdram)

    assert EmailAddress.objects.get().verified is True


def test_login_without_email_scope(client, camdram: FakeCamdram):
    camdram.account_body = {k: v for k, v in GOOD_ACCOUNT.items() if k != "email"}

    response = log_in(client, camdram)

    assert response.status_code == 302
    user = SocialAccount.objects.get().user
    assert user.email == ""
    assert EmailAddress.objects.count() == 0


def test_connect_adds_camdram_to_user(client, camdram: FakeCamdram):
    user = get_user_model().objects.create_user("local", "local@example.org", "pw")
    client.force_login(user)

    response = log_in(client, camdram, process="connect", next="/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/profile/"
    account = SocialAccount.objects.get()
    assert account.user == user
    assert account.uid == "4242"
    assert SocialToken.objects.get().account == account
    assert get_user_model().objects.count() == 1


def test_connect_linked_elsewhere_changes_nothing(client, camdram: FakeCamdram):
    log_in(client, camdram)
    owner_account = SocialAccount.objects.get()
    client.logout()
    other = get_user_model().objects.create_user("other", "other@example.org", "pw")
    client.force_login(other)

    response = log_in(client, camdram, process="connect")

    assert response.status_code == 302
    assert SocialAccount.objects.count() == 1
    assert SocialAccount.objects.get().user_id == owner_account.user_id
    assert not SocialAccount.objects.filter(user=other).exists()
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [
        "The third-party account is already connected to a different account."
    ]
    assert int(client.session["_auth_user_id"]) == other.pk


def test_failed_login_leaves_nothing(client, camdram: FakeCamdram):
    camdram.account_body = {k: v for k, v in GOOD_ACCOUNT.items() if k != "id"}

    response = log_in(client, camdram)

    assert response.status_code == 401
    assert len(camdram.to(TOKEN_PATH)) == 1
    assert_nothing_created()
