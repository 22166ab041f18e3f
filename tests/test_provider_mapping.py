"""The provider's mapping of Camdram data: uid, user fields, scope, label."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers import registry
from allauth.socialaccount.providers.base import ProviderException
from django.test import override_settings

from allauth_camdram.provider import CamdramAccount, CamdramProvider, camdram_uid
from tests.fake_camdram import CLIENT_ID, CLIENT_SECRET, GOOD_ACCOUNT


def make_provider(rf, app_settings: dict | None = None) -> CamdramProvider:
    app = SocialApp(
        provider="camdram",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings=app_settings or {},
    )
    return CamdramProvider(rf.get("/"), app=app)


@pytest.fixture
def provider(rf) -> CamdramProvider:
    return make_provider(rf)


def test_registry_finds_camdram():
    assert registry.get_class("camdram") is CamdramProvider
    assert CamdramProvider.id == "camdram"
    assert CamdramProvider.name == "Camdram"


@pytest.mark.parametrize(
    ("value", "uid"),
    [
        (42, "42"),
        ("42", "42"),
        (" 42 ", "42"),
        ("042", "42"),
        (10**12, "1000000000000"),
        (None, None),
        ("", None),
        ("  ", None),
        (True, None),
        (0, None),
        (-3, None),
        (4.2, None),
        ("4.2", None),
        ("forty-two", None),
        ("٤٢", None),
        ([42], None),
        ({"id": 42}, None),
    ],
)
def test_camdram_uid_values(value, uid):
    assert camdram_uid(value) == uid


def test_extract_uid_missing_raises(provider: CamdramProvider):
    with pytest.raises(ProviderException):
        provider.extract_uid({"name": "No Id"})


def test_common_fields_name_and_email(provider: CamdramProvider):
    fields = provider.extract_common_fields(
        {**GOOD_ACCOUNT, "name": "  Test Person ", "email": " t@example.org "}
    )

    assert fields == {"name": "Test Person", "email": "t@example.org"}


@pytest.mark.parametrize(
    "data",
    [{}, {"name": None, "email": None}, {"name": 5}, {"name": "  ", "email": " "}],
)
def test_common_fields_missing_values(provider: CamdramProvider, data):
    assert provider.extract_common_fields(data) == {}
    assert provider.extract_email_addresses(data) == []


def test_email_address_unverified(provider: CamdramProvider):
    (address,) = provider.extract_email_addresses(GOOD_ACCOUNT)

    assert address.email == "test.person@example.org"
    assert address.verified is False
    assert address.primary is True


def test_default_scope(provider: CamdramProvider):
    assert provider.get_scope() == ["user_email", "user_shows", "user_orgs"]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, ["user_email", "user_shows", "user_orgs"]),
        ("user_shows", ["user_shows"]),
        (" user_shows ,  user_orgs\n", ["user_shows", "user_orgs"]),
        ({"user_orgs", "user_shows"}, ["user_orgs", "user_shows"]),
        (["user_shows", None], ["user_shows", "None"]),
    ],
)
def test_scope_setting_parsed(rf, setting, expected):
    with override_settings(SOCIALACCOUNT_PROVIDERS={"camdram": {"SCOPE": setting}}):
        assert make_provider(rf).get_scope() == expected


def test_app_scope_wins(rf):
    provider = make_provider(rf, {"scope": "user_orgs"})

    with override_settings(SOCIALACCOUNT_PROVIDERS={"camdram": {"SCOPE": ["x"]}}):
        assert provider.get_scope() == ["user_orgs"]


@pytest.mark.parametrize(
    ("extra_data", "label"),
    [
        (GOOD_ACCOUNT, "Test Person"),
        ({**GOOD_ACCOUNT, "name": "  Zoë O'Brien 🎭 "}, "Zoë O'Brien 🎭"),
        ({"id": 4242, "name": ""}, "Camdram"),
        ({"id": 4242}, "Camdram"),
    ],
)
@pytest.mark.django_db
def test_account_label_is_name(extra_data, label):
    account = SocialAccount(provider="camdram", uid="4242", extra_data=extra_data)

    assert CamdramAccount(account).to_str() == label
