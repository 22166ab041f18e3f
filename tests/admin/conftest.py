"""Fixtures for the admin tests: staff users, linked accounts and tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from allauth_camdram.models import (
    Organisation,
    OrganisationLink,
    Show,
    ShowLink,
    SyncState,
)

ACCESS_TOKEN = "ACCESS-SECRET-0123456789abcdef"
REFRESH_TOKEN = "REFRESH-SECRET-0123456789abcdef"
# The client secret of the app in tests/settings.py.
CLIENT_SECRET = "s3cret+/=value"
SECRETS = (ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET)

ACCOUNTS_URL = "/admin/allauth_camdram/linkedcamdramaccount/"
SHOWS_URL = "/admin/allauth_camdram/show/"
ORGANISATIONS_URL = "/admin/allauth_camdram/organisation/"
TOKENS_URL = "/admin/socialaccount/socialtoken/"


def assert_no_secret(html: str, secrets: Iterable[str] = SECRETS) -> None:
    """Fail if ``html`` contains any 8-character piece of any secret."""
    for secret in secrets:
        for start in range(len(secret) - 7):
            piece = secret[start : start + 8]
            assert piece not in html, f"{piece!r} of a secret is on the page"


@pytest.fixture
def make_account(db: None) -> Callable[..., SocialAccount]:
    """Return a function that links a new user to a Camdram account."""

    def make(
        uid: str,
        username: str = "",
        name: str = "",
        email: str = "",
        **state: Any,
    ) -> SocialAccount:
        user = get_user_model().objects.create_user(
            username=username or f"person{uid}", email=f"site{uid}@example.org"
        )
        extra_data: dict[str, Any] = {"id": int(uid), "_type": "user"}
        if name:
            extra_data["name"] = name
        if email:
            extra_data["email"] = email
        account = SocialAccount.objects.create(
            user=user, provider="camdram", uid=uid, extra_data=extra_data
        )
        if state:
            SyncState.objects.create(social_account=account, **state)
        return account

    return make


@pytest.fixture
def account(make_account: Callable[..., SocialAccount]) -> SocialAccount:
    """Camdram account 42 with a token, a show, a society and a sync state."""
    account = make_account(
        "42",
        username="zoe",
        name="Zoë O'Brien 🎭",
        email="zoe@example.org",
        status=SyncState.Status.OK,
        granted_scope="user_email user_shows user_orgs",
        last_attempt_at=timezone.now(),
        last_success_at=timezone.now(),
    )
    SocialToken.objects.create(
        account=account,
        token=ACCESS_TOKEN,
        token_secret=REFRESH_TOKEN,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    show = Show.objects.create(
        camdram_id=9013,
        name="<script>alert(1)</script>",
        slug="2025-the-paper-orchard",
        url="https://camdram.test/shows/2025-the-paper-orchard",
        category="comedy",
        data={
            "id": 9013,
            "societies": [{"id": 112, "name": "Rock & Roll <Live>"}],
            "performances": [{"venue": {"id": 38, "name": "Marshgate Studio"}}],
        },
    )
    society = Organisation.objects.create(
        kind=Organisation.Kind.SOCIETY,
        camdram_id=112,
        name="Rock & Roll <Live>",
        url="https://camdram.test/societies/rock-roll",
    )
    ShowLink.objects.create(show=show, social_account=account)
    OrganisationLink.objects.create(organisation=society, social_account=account)
    return account


@pytest.fixture
def superuser_client(db: None) -> Client:
    user = get_user_model().objects.create_superuser(
        username="admin", email="admin@example.org", password="pw"
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(db: None) -> Callable[..., Client]:
    """Return a function that logs in a staff user with the given permissions."""

    def make(*codenames: str) -> Client:
        user = get_user_model().objects.create_user(
            username="staff", password="pw", is_staff=True
        )
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        client = Client()
        client.force_login(user)
        return client

    return make
