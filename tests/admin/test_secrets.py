"""No admin page the app adds shows a token, a refresh token or the client secret."""

from __future__ import annotations

import pytest
from allauth.socialaccount.admin import SocialTokenAdmin
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from allauth_camdram.models import (
    LinkedCamdramAccount,
    Organisation,
    OrganisationLink,
    Show,
    ShowLink,
    SyncState,
)
from tests.admin.conftest import (
    ACCESS_TOKEN,
    ACCOUNTS_URL,
    ORGANISATIONS_URL,
    REFRESH_TOKEN,
    SECRETS,
    SHOWS_URL,
    TOKENS_URL,
    assert_no_secret,
)

pytestmark = pytest.mark.django_db


def every_page(account: SocialAccount) -> list[str]:
    show = Show.objects.get()
    organisation = Organisation.objects.get()
    token = SocialToken.objects.get()
    pages = []
    for base, pk in [
        (ACCOUNTS_URL, account.pk),
        (SHOWS_URL, show.pk),
        (ORGANISATIONS_URL, organisation.pk),
        (TOKENS_URL, token.pk),
    ]:
        pages += [
            base,
            f"{base}?o=1",
            f"{base}{pk}/change/",
            f"{base}{pk}/delete/",
            f"{base}{pk}/history/",
        ]
    return pages


def log_change(user_id: str, obj: object) -> None:
    # History pages list LogEntry rows; give each object one.
    LogEntry.objects.create(
        user_id=user_id,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj),
        action_flag=CHANGE,
    )


def test_no_secret_on_any_page(superuser_client, account):
    linked = LinkedCamdramAccount.objects.get(pk=account.pk)
    admin_id = superuser_client.session["_auth_user_id"]
    for obj in [linked, Show.objects.get(), Organisation.objects.get()]:
        log_change(admin_id, obj)

    for url in every_page(account):
        response = superuser_client.get(url)

        assert response.status_code == 200, url
        assert_no_secret(response.content.decode())


def test_no_secret_in_action_pages(superuser_client, account, camdram):
    for data in [
        {"action": "delete_selected", "_selected_action": [account.pk]},
        {"action": "sync_now", "_selected_action": [account.pk]},
    ]:
        response = superuser_client.post(ACCOUNTS_URL, data, follow=True)

        assert response.status_code == 200
        assert_no_secret(response.content.decode())


def test_no_secret_in_token_delete_confirmation(superuser_client, account):
    token = SocialToken.objects.get()

    response = superuser_client.post(
        TOKENS_URL, {"action": "delete_selected", "_selected_action": [token.pk]}
    )

    assert response.status_code == 200
    assert_no_secret(response.content.decode())


@pytest.mark.parametrize("query", [ACCESS_TOKEN[:8], REFRESH_TOKEN[:20]])
def test_token_admin_search_finds_nothing(superuser_client, account, query):
    response = superuser_client.get(TOKENS_URL, {"q": query})

    assert list(response.context["cl"].result_list) == []
    assert_no_secret(response.content.decode().replace(query, ""))


def test_token_admin_columns(superuser_client, account):
    response = superuser_client.get(TOKENS_URL)

    [row] = response.context["cl"].result_list
    assert response.context["cl"].list_display == [
        "action_checkbox",
        "account",
        "app",
        "expires_at",
        "has_refresh_token",
    ]
    assert row.has_refresh is True
    assert "token" not in row.__dict__
    assert "token_secret" not in row.__dict__


def test_allauth_token_admin_would_leak(superuser_client, account):
    # The check above can fail: allauth's own admin puts the token on the page.
    request = RequestFactory().get(TOKENS_URL)
    request.user = superuser_client.get(TOKENS_URL).wsgi_request.user

    response = SocialTokenAdmin(SocialToken, admin.site).changelist_view(request)
    response.render()

    with pytest.raises(AssertionError, match="of a secret is on the page"):
        assert_no_secret(response.content.decode())


def test_model_strings_contain_no_token(account):
    state = SyncState.objects.get()
    objects = [
        LinkedCamdramAccount.objects.get(),
        Show.objects.get(),
        Organisation.objects.get(),
        ShowLink.objects.get(),
        OrganisationLink.objects.get(),
        state,
        SocialToken.objects.get(),
    ]

    for obj in objects:
        assert_no_secret(str(obj), SECRETS)
        assert_no_secret(repr(obj), SECRETS)
