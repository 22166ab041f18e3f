from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.utils import timezone

from allauth_camdram.models import Show, ShowLink, SyncState
from tests.admin.conftest import (
    ACCESS_TOKEN,
    ACCOUNTS_URL,
    REFRESH_TOKEN,
    assert_no_secret,
)

pytestmark = pytest.mark.django_db


def result_ids(response) -> list[str]:
    return [str(account.uid) for account in response.context["cl"].result_list]


def test_list_columns(superuser_client, account):
    response = superuser_client.get(ACCOUNTS_URL)

    assert response.status_code == 200
    [row] = response.context["cl"].result_list
    assert row.show_count == 1
    assert row.organisation_count == 1
    html = response.content.decode()
    assert "Zoë O&#x27;Brien 🎭" in html
    assert "zoe@example.org" in html
    assert ">zoe<" in html
    assert "user_email user_shows user_orgs" in html
    assert "succeeded" in html
    assert ">valid<" in html


def test_list_other_providers_hidden(superuser_client, account, make_account):
    other = make_account("7")
    other.provider = "github"
    other.save()

    response = superuser_client.get(ACCOUNTS_URL)

    assert result_ids(response) == ["42"]


def test_list_escapes_names(superuser_client, make_account):
    make_account("5", name="<script>alert(1)</script>", email="<b>x</b>@example.org")

    html = superuser_client.get(ACCOUNTS_URL).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<b>x</b>" not in html


def test_list_sync_error_shown(superuser_client, make_account):
    make_account(
        "5",
        status=SyncState.Status.FAILED,
        error="shows: Camdram answered 500 <html>",
        reauthorization_required=True,
    )

    html = superuser_client.get(ACCOUNTS_URL).content.decode()

    assert "failed<br><small>shows: Camdram answered 500 &lt;html&gt;</small>" in html
    assert ">must sign in again<" in html


@pytest.mark.parametrize(
    ("token_kwargs", "expected"),
    [
        (None, "no stored token"),
        ({"expires_at": None}, "valid, no expiry recorded"),
        ({"expires_at": timedelta(minutes=-1)}, "expired"),
        ({"expires_at": timedelta(minutes=5)}, "valid"),
    ],
)
def test_list_token_state(superuser_client, make_account, token_kwargs, expected):
    account = make_account("5")
    if token_kwargs is not None:
        expires = token_kwargs["expires_at"]
        SocialToken.objects.create(
            account=account,
            token="A1",
            expires_at=None if expires is None else timezone.now() + expires,
        )

    html = superuser_client.get(ACCOUNTS_URL).content.decode()

    assert f'<td class="field-token_state">{expected}</td>' in html


def test_list_newest_token_counts(superuser_client, make_account):
    account = make_account("5")
    SocialToken.objects.create(
        account=account, token="OLD", expires_at=timezone.now() + timedelta(hours=1)
    )
    SocialToken.objects.create(
        account=account, token="NEW", expires_at=timezone.now() - timedelta(hours=1)
    )

    html = superuser_client.get(ACCOUNTS_URL).content.decode()

    assert '<td class="field-token_state">expired</td>' in html


@pytest.mark.parametrize("count", [2, 50])
def test_list_query_count_fixed(
    superuser_client, make_account, django_assert_num_queries, count
):
    show = Show.objects.create(camdram_id=1, name="Shared")
    for number in range(count):
        account = make_account(
            str(100 + number),
            name=f"Person {number}",
            status=SyncState.Status.OK,
            last_attempt_at=timezone.now(),
        )
        ShowLink.objects.create(show=show, social_account=account)
        SocialToken.objects.create(account=account, token=f"T{number}")

    # Session, user, two counts for the paginator and the rows themselves.
    with django_assert_num_queries(5):
        response = superuser_client.get(ACCOUNTS_URL)

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zoë", ["42"]),
        ("zoe@example", ["42"]),
        ("zoe", ["42"]),
        ("site42@example.org", ["42"]),
        ("42", ["42"]),
        ("nobody", []),
        ("Other", ["7"]),
        ("person7", ["7"]),
    ],
)
def test_search_fields(superuser_client, account, make_account, query, expected):
    make_account("7", name="Other Person")

    response = superuser_client.get(ACCOUNTS_URL, {"q": query})

    assert result_ids(response) == expected


@pytest.mark.parametrize("secret", [ACCESS_TOKEN, REFRESH_TOKEN])
def test_search_token_finds_nothing(superuser_client, account, secret):
    query = secret[:13]

    response = superuser_client.get(ACCOUNTS_URL, {"q": query})

    assert result_ids(response) == []
    # The search box and the filter links repeat what was typed, and
    # nothing of the token beyond it may appear.
    assert_no_secret(response.content.decode().replace(query, ""))


@pytest.fixture
def accounts_by_state(make_account) -> dict[str, SocialAccount]:
    now = timezone.now()
    return {
        "never": make_account("1"),
        "ok": make_account(
            "2",
            status=SyncState.Status.OK,
            granted_scope="user_shows user_orgs",
            last_attempt_at=now - timedelta(hours=2),
        ),
        "failed": make_account(
            "3",
            status=SyncState.Status.FAILED,
            granted_scope="user_orgs",
            reauthorization_required=True,
            last_attempt_at=now - timedelta(hours=1),
        ),
        "partial": make_account(
            "4",
            status=SyncState.Status.PARTIAL,
            granted_scope="",
            last_attempt_at=now,
        ),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("never", ["1"]),
        ("ok", ["2"]),
        ("failed", ["3"]),
        ("partial", ["4"]),
        ("no_token", []),
        ("reauthorization_required", ["3"]),
    ],
)
def test_filter_sync_status(superuser_client, accounts_by_state, value, expected):
    response = superuser_client.get(ACCOUNTS_URL, {"sync_status": value, "o": "1"})

    assert sorted(result_ids(response)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("user_orgs", ["2", "3"]),
        ("user_shows", ["2"]),
        ("user_email", []),
        ("unknown", ["1"]),
        ("api_write", []),
    ],
)
def test_filter_granted_scope(superuser_client, accounts_by_state, value, expected):
    response = superuser_client.get(ACCOUNTS_URL, {"granted_scope": value})

    assert sorted(result_ids(response)) == expected


def test_filter_token(superuser_client, make_account):
    valid = make_account("1")
    expired = make_account("2")
    make_account("3")
    SocialToken.objects.create(
        account=valid, token="A", expires_at=timezone.now() + timedelta(hours=1)
    )
    SocialToken.objects.create(
        account=expired, token="B", expires_at=timezone.now() - timedelta(hours=1)
    )

    found = {
        value: result_ids(superuser_client.get(ACCOUNTS_URL, {"token": value}))
        for value in ("valid", "expired", "missing")
    }

    assert found == {"valid": ["1"], "expired": ["2"], "missing": ["3"]}


def test_sort_by_last_sync(superuser_client, accounts_by_state):
    columns = superuser_client.get(ACCOUNTS_URL).context["cl"].list_display
    position = str(columns.index("last_sync"))

    ascending = superuser_client.get(ACCOUNTS_URL, {"o": position})
    descending = superuser_client.get(ACCOUNTS_URL, {"o": f"-{position}"})

    assert result_ids(ascending) == ["1", "2", "3", "4"]
    assert result_ids(descending) == ["4", "3", "2", "1"]
