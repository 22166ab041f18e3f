"""Concurrent first syncs after sign-in, against a real PostgreSQL server.

A sync after sign-in creates the account's ``SyncState`` in the same
transaction that stores the lists, so two such syncs of a new account race
to insert it. These run only when ``CAMDRAM_TEST_POSTGRES`` is set.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.utils import timezone

from allauth_camdram.models import ShowLink, SyncState
from allauth_camdram.sync import sync_social_account
from tests.sync.conftest import CamdramAccountAPI, show
from tests.sync.test_postgres import run_in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("CAMDRAM_TEST_POSTGRES"),
        reason="CAMDRAM_TEST_POSTGRES is not set",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_first_login_syncs_one_state(api: CamdramAccountAPI):
    user = get_user_model().objects.create_user(username="person")
    account = SocialAccount.objects.create(user=user, provider="camdram", uid="4242")
    SocialToken.objects.create(
        account=account,
        token="A1",
        token_secret="R1",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    api.shows = [show(1), show(2)]

    results = run_in_threads(
        [lambda: sync_social_account(account, after_login=True)] * 2
    )

    assert [getattr(result, "status", result) for result in results] == ["ok", "ok"]
    assert SyncState.objects.filter(social_account=account).count() == 1
    assert ShowLink.objects.filter(social_account=account).count() == 2
