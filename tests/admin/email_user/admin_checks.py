"""Admin tests under an email-based user model with no ``username``.

``tests/admin/test_custom_user.py`` runs this file with
``--ds tests.admin.email_user.settings``. The file name does not start
with ``test_``, so the main test run does not collect it.
"""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client

from allauth_camdram.admin.accounts import LinkedCamdramAccountAdmin
from allauth_camdram.admin.tokens import TokenlessSocialTokenAdmin
from allauth_camdram.models import LinkedCamdramAccount, Show, ShowLink

pytestmark = pytest.mark.django_db

ACCOUNTS_URL = "/admin/allauth_camdram/linkedcamdramaccount/"


@pytest.fixture
def admin_client_email() -> Client:
    user = get_user_model().objects.create_superuser(
        email="admin@example.org", password="pw"
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def account() -> SocialAccount:
    user = get_user_model().objects.create_user(email="zoe@example.org")
    account = SocialAccount.objects.create(
        user=user,
        provider="camdram",
        uid="42",
        extra_data={"id": 42, "name": "Zoë", "email": "zoe@camdram.example"},
    )
    show = Show.objects.create(camdram_id=1, name="Show")
    ShowLink.objects.create(show=show, social_account=account)
    return account


def test_settings_have_no_username():
    assert settings.AUTH_USER_MODEL == "email_user.EmailUser"
    field_names = {field.name for field in get_user_model()._meta.get_fields()}
    assert "username" not in field_names


def test_token_admin_replaced_when_listed_first():
    assert settings.INSTALLED_APPS.index("allauth_camdram") < (
        settings.INSTALLED_APPS.index("allauth.socialaccount")
    )
    assert type(admin.site.get_model_admin(SocialToken)) is TokenlessSocialTokenAdmin


def test_search_fields_use_email(rf):
    model_admin = LinkedCamdramAccountAdmin(LinkedCamdramAccount, admin.site)

    fields = model_admin.get_search_fields(rf.get("/"))

    assert fields == ["=uid", "extra_data__name", "extra_data__email", "user__email"]


def test_list_shows_email_user(admin_client_email, account):
    response = admin_client_email.get(ACCOUNTS_URL)

    assert response.status_code == 200
    assert '<td class="field-site_user">zoe@example.org</td>' in (
        response.content.decode()
    )


@pytest.mark.parametrize("query", ["zoe@example.org", "zoe@camdram", "Zoë", "42"])
def test_search_email_user(admin_client_email, account, query):
    response = admin_client_email.get(ACCOUNTS_URL, {"q": query})

    assert [row.pk for row in response.context["cl"].result_list] == [account.pk]


def test_sort_by_site_user(admin_client_email, account):
    columns = admin_client_email.get(ACCOUNTS_URL).context["cl"].list_display

    response = admin_client_email.get(
        ACCOUNTS_URL, {"o": str(columns.index("site_user"))}
    )

    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [account.pk]


def test_detail_links_user(admin_client_email, account):
    response = admin_client_email.get(f"{ACCOUNTS_URL}{account.pk}/change/")

    assert response.status_code == 200
    assert (
        f'<a href="/admin/email_user/emailuser/{account.user.pk}/change/">'
        "zoe@example.org</a>"
    ) in response.content.decode()


def test_show_detail_user_label(admin_client_email, account):
    show = Show.objects.get()

    response = admin_client_email.get(f"/admin/allauth_camdram/show/{show.pk}/change/")

    [row] = response.context["camdram_linked_accounts"]
    assert row["user"] == "zoe@example.org"
