from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model

from tests.conftest import finish_login, start_login
from tests.fake_camdram import FakeCamdram

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/camdram/login/callback/"


def test_login_redirects_to_camdram_authorize(client, camdram: FakeCamdram):
    query = start_login(client)

    assert query["client_id"] == ["12_3abcdefghijklmnopqrstuvwxyz0123456789abcdefghij"]
    assert query["redirect_uri"] == [CALLBACK]
    assert query["response_type"] == ["code"]
    assert query["scope"] == ["user_email user_shows user_orgs"]
    assert len(query["state"][0]) >= 8
    assert camdram.requests == []


def test_full_login_creates_user_account_token(client, camdram: FakeCamdram):
    state = start_login(client)["state"][0]

    response = finish_login(client, state)

    assert response.status_code == 302
    token_request = camdram.to("/oauth/v2/token")[0]
    assert token_request.method == "POST"
    assert token_request.form["grant_type"] == ["authorization_code"]
    assert token_request.form["code"] == ["C0DE"]
    assert token_request.form["redirect_uri"] == [CALLBACK]
    assert token_request.form["client_secret"] == ["s3cret+/=value"]
    assert "scope" not in token_request.form
    assert "Authorization" not in token_request.headers

    account_request = camdram.to("/auth/account.json")[0]
    assert account_request.headers["Authorization"] == "Bearer A1"
    assert account_request.query == {}

    account = SocialAccount.objects.get(provider="camdram")
    assert account.uid == "4242"
    assert account.extra_data["name"] == "Test Person"
    user = account.user
    assert user.first_name == "Test"
    assert user.last_name == "Person"
    assert user.email == "test.person@example.org"
    email = EmailAddress.objects.get(user=user)
    assert email.verified is False
    token = SocialToken.objects.get(account=account)
    assert token.token == "A1"
    assert token.token_secret == "R1"
    assert token.expires_at is not None
    assert str(account.get_provider_account()) == "Test Person"
    assert get_user_model().objects.count() == 1
