from __future__ import annotations

from datetime import UTC, datetime

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken

from allauth_camdram.models import Organisation, Show, SyncState
from tests.admin.conftest import ACCOUNTS_URL, assert_no_secret

pytestmark = pytest.mark.django_db


def change_url(account: SocialAccount) -> str:
    return f"{ACCOUNTS_URL}{account.pk}/change/"


def test_detail_shows_and_organisations(superuser_client, account):
    show = Show.objects.get(camdram_id=9013)
    society = Organisation.objects.get(camdram_id=112)

    response = superuser_client.get(change_url(account))

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'<a href="/admin/allauth_camdram/show/{show.pk}/change/">'
        "&lt;script&gt;alert(1)&lt;/script&gt;</a>"
    ) in html
    assert (
        '<a href="https://camdram.test/shows/2025-the-paper-orchard" '
        'rel="noopener noreferrer">on Camdram</a>'
    ) in html
    assert (
        f'<a href="/admin/allauth_camdram/organisation/{society.pk}/change/">'
        "Rock &amp; Roll &lt;Live&gt;</a>"
    ) in html
    assert "<script>alert(1)" not in html


def test_detail_account_fields(superuser_client, account):
    html = superuser_client.get(change_url(account)).content.decode()

    assert "Zoë O&#x27;Brien 🎭" in html
    assert "zoe@example.org" in html
    assert f'<a href="/admin/auth/user/{account.user.pk}/change/">zoe</a>' in html
    assert "user_email user_shows user_orgs" in html
    assert "Access token" in html


def test_detail_read_only(superuser_client, account):
    response = superuser_client.get(change_url(account))

    html = response.content.decode()
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert 'name="uid"' not in html
    assert 'name="extra_data"' not in html
    assert "<textarea" not in html


def test_detail_post_changes_nothing(superuser_client, account):
    superuser_client.post(change_url(account), {"uid": "99", "provider": "github"})

    account.refresh_from_db()
    assert account.uid == "42"
    assert account.provider == "camdram"


def test_detail_account_data_without_secrets(superuser_client, account):
    account.extra_data = {
        "id": 42,
        "name": "Zoë",
        "access_token": "LEAKED-ACCESS-TOKEN",
        "nested": {"Refresh_Token": "LEAKED-REFRESH-TOKEN", "kept": "yes"},
        "items": [{"client_secret": "LEAKED-CLIENT-SECRET"}],
    }
    account.save()

    html = superuser_client.get(change_url(account)).content.decode()

    assert "&quot;kept&quot;: &quot;yes&quot;" in html
    assert_no_secret(
        html,
        ["LEAKED-ACCESS-TOKEN", "LEAKED-REFRESH-TOKEN", "LEAKED-CLIENT-SECRET"],
    )


def test_detail_without_links(superuser_client, make_account):
    account = make_account("5")

    html = superuser_client.get(change_url(account)).content.decode()

    assert "No shows are linked to this account." in html
    assert "No societies or venues are linked to this account." in html
    assert "never synced" in html
    assert "no stored token" in html


def test_detail_other_provider_not_found(superuser_client, make_account):
    account = make_account("5")
    account.provider = "github"
    account.save()

    response = superuser_client.get(change_url(account))

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_detail_add_page_forbidden(superuser_client, db):
    response = superuser_client.get(f"{ACCOUNTS_URL}add/")

    assert response.status_code == 403


def test_detail_formats_times(superuser_client, make_account):
    moment = datetime(2025, 11, 18, 19, 45, tzinfo=UTC)
    account = make_account(
        "5",
        status=SyncState.Status.OK,
        last_attempt_at=moment,
        last_success_at=moment,
    )
    SocialToken.objects.create(account=account, token="A1", expires_at=moment)

    html = superuser_client.get(change_url(account)).content.decode()

    assert html.count("Nov. 18, 2025, 7:45 p.m.") == 3
    assert "2025-11-18" not in html
