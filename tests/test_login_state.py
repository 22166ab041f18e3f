"""The login callback's ``state`` check: missing, forged, reused or stale."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from allauth_camdram.constants import TOKEN_PATH
from tests.fake_camdram import FakeCamdram, assert_nothing_created, callback_url

pytestmark = pytest.mark.django_db


def begin(client: Client, camdram: FakeCamdram) -> dict[str, str]:
    """Start a login and return the callback query after Allow."""
    response = client.post("/accounts/camdram/login/")
    assert response.status_code == 302
    return camdram.authorize(response["Location"])


def assert_rejected(response, camdram: FakeCamdram) -> None:
    assert response.status_code in (200, 401)
    assert b"Third-Party Login Failure" in response.content
    assert camdram.to(TOKEN_PATH) == []
    assert_nothing_created()


def test_callback_without_login_rejected(client, camdram: FakeCamdram):
    response = client.get(callback_url({"code": "abc", "state": "forged"}))

    assert_rejected(response, camdram)
    assert "_auth_user_id" not in client.session


def test_callback_without_state_rejected(client, camdram: FakeCamdram):
    params = begin(client, camdram)
    del params["state"]

    response = client.get(callback_url(params))

    assert_rejected(response, camdram)


def test_callback_forged_state_rejected(client, camdram: FakeCamdram):
    params = begin(client, camdram)

    response = client.get(callback_url({**params, "state": params["state"] + "x"}))

    assert_rejected(response, camdram)


def test_callback_other_session_state_rejected(client, camdram: FakeCamdram):
    # The state and code of a login started in another browser, as a login
    # CSRF attack would deliver them.
    attacker = Client()
    params = begin(attacker, camdram)
    begin(client, camdram)

    response = client.get(callback_url(params))

    assert_rejected(response, camdram)


def test_abandoned_login_then_new_login_succeeds(client, camdram: FakeCamdram):
    begin(client, camdram)
    params = begin(client, camdram)

    response = client.get(callback_url(params))

    assert response.status_code == 302
    assert SocialAccount.objects.get().uid == "4242"
    assert len(camdram.to(TOKEN_PATH)) == 1


def test_abandoned_login_state_still_works(client, camdram: FakeCamdram):
    # Two tabs: the login started first is the one finished.
    first = begin(client, camdram)
    begin(client, camdram)

    response = client.get(callback_url(first))

    assert response.status_code == 302
    assert SocialAccount.objects.count() == 1


def test_callback_replay_does_not_exchange_again(client, camdram: FakeCamdram):
    params = begin(client, camdram)
    first = client.get(callback_url(params))
    assert first.status_code == 302

    replay = client.get(callback_url(params))

    assert replay.status_code in (200, 401)
    assert b"Third-Party Login Failure" in replay.content
    assert len(camdram.to(TOKEN_PATH)) == 1
    assert SocialAccount.objects.count() == 1
