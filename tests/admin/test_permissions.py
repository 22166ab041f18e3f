from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount

from allauth_camdram.models import Organisation, Show
from tests.admin.conftest import (
    ACCOUNTS_URL,
    ORGANISATIONS_URL,
    SHOWS_URL,
    TOKENS_URL,
)

pytestmark = pytest.mark.django_db

VIEW_ALL = [
    "view_linkedcamdramaccount",
    "view_show",
    "view_organisation",
    "view_socialtoken",
]


def page_urls(account: SocialAccount) -> list[str]:
    show = Show.objects.get()
    organisation = Organisation.objects.get()
    token = account.socialtoken_set.get()
    return [
        ACCOUNTS_URL,
        f"{ACCOUNTS_URL}{account.pk}/change/",
        f"{ACCOUNTS_URL}{account.pk}/history/",
        SHOWS_URL,
        f"{SHOWS_URL}{show.pk}/change/",
        ORGANISATIONS_URL,
        f"{ORGANISATIONS_URL}{organisation.pk}/change/",
        TOKENS_URL,
        f"{TOKENS_URL}{token.pk}/change/",
    ]


def test_staff_without_permissions_forbidden(staff_client, account):
    client = staff_client()

    statuses = {url: client.get(url).status_code for url in page_urls(account)}

    assert set(statuses.values()) == {403}


def test_non_staff_redirected_to_login(client, account):
    response = client.get(ACCOUNTS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_view_only_pages_open(staff_client, account):
    client = staff_client(*VIEW_ALL)

    statuses = {url: client.get(url).status_code for url in page_urls(account)}

    assert set(statuses.values()) == {200}


def test_view_only_has_no_actions(staff_client, account):
    client = staff_client("view_linkedcamdramaccount")

    response = client.get(ACCOUNTS_URL)

    assert response.context["action_form"] is None
    assert 'name="action"' not in response.content.decode()


@pytest.mark.parametrize("action", ["sync_now", "delete_selected"])
def test_view_only_action_post_ignored(staff_client, account, camdram, action):
    client = staff_client("view_linkedcamdramaccount")

    response = client.post(
        ACCOUNTS_URL,
        {"action": action, "_selected_action": [account.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert SocialAccount.objects.filter(pk=account.pk).exists()
    assert camdram.requests == []


def test_view_only_detail_has_no_delete(staff_client, account):
    client = staff_client("view_linkedcamdramaccount")

    html = client.get(f"{ACCOUNTS_URL}{account.pk}/change/").content.decode()

    assert "deletelink" not in html
    assert client.get(f"{ACCOUNTS_URL}{account.pk}/delete/").status_code == 403


def test_change_permission_allows_sync(staff_client, account):
    client = staff_client("view_linkedcamdramaccount", "change_linkedcamdramaccount")

    response = client.get(ACCOUNTS_URL)

    choices = dict(response.context["action_form"].fields["action"].choices)
    assert list(choices) == ["", "sync_now"]


def test_delete_permission_allows_unlink(staff_client, account):
    client = staff_client(
        "view_linkedcamdramaccount", "delete_linkedcamdramaccount", "delete_socialtoken"
    )

    response = client.post(
        ACCOUNTS_URL,
        {"action": "delete_selected", "_selected_action": [account.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not SocialAccount.objects.filter(pk=account.pk).exists()


def test_unlink_needs_token_delete_permission(staff_client, account):
    client = staff_client("view_linkedcamdramaccount", "delete_linkedcamdramaccount")
    data = {"action": "delete_selected", "_selected_action": [account.pk]}

    confirmation = client.post(ACCOUNTS_URL, data)
    confirmed = client.post(ACCOUNTS_URL, {**data, "post": "yes"})

    assert confirmation.status_code == 200
    assert "social application token" in confirmation.context["perms_lacking"]
    assert confirmed.status_code == 403
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_listing_admins_read_only(staff_client, account):
    client = staff_client("view_show", "change_show", "add_show")
    show = Show.objects.get()

    html = client.get(f"{SHOWS_URL}{show.pk}/change/").content.decode()
    client.post(f"{SHOWS_URL}{show.pk}/change/", {"name": "Edited"})

    assert 'name="name"' not in html
    assert 'name="_save"' not in html
    assert client.get(f"{SHOWS_URL}add/").status_code == 403
    show.refresh_from_db()
    assert show.name == "<script>alert(1)</script>"
