"""System checks: every id, its trigger and its hint."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp
from django.apps import apps
from django.core.checks import Tags, registry
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from allauth_camdram import checks
from tests.fake_camdram import CLIENT_ID, CLIENT_SECRET

APP = {"client_id": CLIENT_ID, "secret": CLIENT_SECRET}
OUR_CHECKS = (
    checks.check_installed_apps,
    checks.check_provider_settings,
    checks.check_social_apps,
    checks.check_related_settings,
)


def run(databases: list[str] | None = None) -> list:
    messages = []
    for check in OUR_CHECKS:
        messages += check(app_configs=None, databases=databases)
    return messages


def ids(databases: list[str] | None = None) -> list[str]:
    return [message.id for message in run(databases)]


def provider(**settings: object) -> dict:
    return {"camdram": {"CAMDRAM_URL": "https://camdram.test", **settings}}


@pytest.mark.django_db
def test_test_settings_pass_every_check():
    assert run() == []
    assert run(["default"]) == []


def test_checks_registered_with_django():
    registered = registry.registry.get_checks()

    for check in OUR_CHECKS:
        assert check in registered
    assert Tags.database in checks.check_social_apps.tags


def test_e001_allauth_app_missing(monkeypatch):
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "allauth.socialaccount"
    )

    (message,) = run()

    assert message.id == "allauth_camdram.E001"
    assert "allauth.socialaccount" in message.msg
    assert message.hint == "Add 'allauth.socialaccount' to INSTALLED_APPS."


@pytest.mark.django_db
@override_settings(SOCIALACCOUNT_PROVIDERS=provider())
def test_e002_no_app_configured():
    assert ids() == []

    (message,) = run(["default"])

    assert message.id == "allauth_camdram.E002"
    assert 'SOCIALACCOUNT_PROVIDERS["camdram"]["APPS"]' in message.hint


@pytest.mark.django_db
@override_settings(SOCIALACCOUNT_PROVIDERS=provider())
def test_e002_satisfied_by_database_app():
    SocialApp.objects.create(provider="camdram", name="Camdram", client_id="1_a")

    assert ids(["default"]) == []


@pytest.mark.django_db
@override_settings(SOCIALACCOUNT_PROVIDERS=provider())
def test_e002_skipped_before_migrate(monkeypatch):
    # The query a check makes before ``migrate`` finds no table.
    monkeypatch.setattr(
        SocialApp.objects,
        "filter",
        lambda *args, **kwargs: SocialApp.objects.raw("SELECT * FROM no_such_table"),
    )

    assert ids(["default"]) == []


@pytest.mark.django_db
@override_settings(SOCIALACCOUNT_PROVIDERS=provider())
def test_e002_fails_manage_py_check():
    with pytest.raises(SystemCheckError, match=r"allauth_camdram\.E002"):
        call_command("check", "--database", "default")


@override_settings(SOCIALACCOUNT_PROVIDERS=provider(APPS=[APP, APP]))
def test_e003_two_apps_in_settings():
    (message,) = run()

    assert message.id == "allauth_camdram.E003"
    assert "MultipleObjectsReturned" in message.msg
    assert "'hidden': True" in message.hint


@pytest.mark.django_db
def test_e003_settings_and_database_app():
    SocialApp.objects.create(provider="camdram", name="Camdram", client_id="1_a")

    assert ids() == []
    assert ids(["default"]) == ["allauth_camdram.E003"]


@pytest.mark.django_db
def test_e003_extra_app_hidden_passes():
    SocialApp.objects.create(
        provider="camdram", name="Old", client_id="1_a", settings={"hidden": True}
    )

    assert ids(["default"]) == []


@override_settings(
    SOCIALACCOUNT_PROVIDERS=provider(APPS=[{**APP, "settings": {"hidden": True}}] * 2)
)
def test_e003_all_hidden_needs_database():
    assert ids() == []


@override_settings(SOCIALACCOUNT_PROVIDERS=provider(APP=APP, SCOPE=["api_write"]))
def test_e004_legacy_scope():
    (message,) = run()

    assert message.id == "allauth_camdram.E004"
    assert 'SOCIALACCOUNT_PROVIDERS["camdram"]["SCOPE"]' in message.msg
    assert "api_write" in message.msg
    assert message.hint == "Use 'write' for 'api_write'."


@override_settings(
    SOCIALACCOUNT_PROVIDERS=provider(
        APPS=[{**APP, "settings": {"scope": ["user_shows", "api_write_org"]}}]
    )
)
def test_e004_legacy_scope_in_app():
    (message,) = run()

    assert message.id == "allauth_camdram.E004"
    assert '["APPS"][0]["settings"]["scope"]' in message.msg
    assert message.hint == "Use 'write_org' for 'api_write_org'."


@pytest.mark.django_db
@override_settings(SOCIALACCOUNT_PROVIDERS=provider())
def test_e004_legacy_scope_in_database_app():
    SocialApp.objects.create(
        provider="camdram",
        name="Camdram",
        client_id="1_a",
        settings={"scope": ["api_write"]},
    )

    (message,) = run(["default"])

    assert message.id == "allauth_camdram.E004"
    assert "SocialApp" in message.msg


@override_settings(
    SOCIALACCOUNT_PROVIDERS=provider(APP=APP, SCOPE=["user_shows", "user_show", 7])
)
def test_e005_unknown_scope():
    (message,) = run()

    assert message.id == "allauth_camdram.E005"
    assert "'user_show', '7'" in message.msg
    assert message.hint == (
        "Use only these scopes: user_email, user_shows, user_orgs, write, write_org."
    )


@pytest.mark.parametrize(
    "url",
    [
        "www.camdram.net",
        "ftp://camdram.test",
        "",
        42,
        "https://www.camdram.net/?lang=en",
        "https://www.camdram.net/#top",
    ],
)
def test_e006_camdram_url_not_absolute(url):
    with override_settings(
        SOCIALACCOUNT_PROVIDERS={"camdram": {"CAMDRAM_URL": url, "APP": APP}}
    ):
        (message,) = run()

    assert message.id == "allauth_camdram.E006"
    assert repr(url) in message.msg


@override_settings(
    SOCIALACCOUNT_PROVIDERS=provider(
        APPS=[{**APP, "settings": {"camdram_url": "camdram.test"}}]
    )
)
def test_e006_app_camdram_url():
    (message,) = run()

    assert message.id == "allauth_camdram.E006"
    assert '["camdram_url"]' in message.msg


@override_settings(
    SOCIALACCOUNT_PROVIDERS={
        "camdram": {"CAMDRAM_URL": "http://127.0.0.1:8000", "APP": APP}
    }
)
def test_e007_http_without_allow_http():
    (message,) = run()

    assert message.id == "allauth_camdram.E007"
    assert "CAMDRAM_ALLOW_HTTP = True" in message.hint
    with override_settings(CAMDRAM_ALLOW_HTTP=True):
        assert run() == []


@pytest.mark.parametrize("scope", [42, {"user_shows": True}])
def test_e008_scope_not_a_list(scope):
    with override_settings(SOCIALACCOUNT_PROVIDERS=provider(APP=APP, SCOPE=scope)):
        (message,) = run()

    assert message.id == "allauth_camdram.E008"


@override_settings(
    SOCIALACCOUNT_PROVIDERS={
        "camdram": {
            "camdram_url": "https://camdram.test",
            "APPS": [{**APP, "settings": {"SCOPE": ["user_shows"]}}],
        }
    }
)
def test_w006_key_case_swapped():
    messages = run()

    assert [message.id for message in messages] == [
        "allauth_camdram.W006",
        "allauth_camdram.W006",
    ]
    assert messages[0].msg == (
        'SOCIALACCOUNT_PROVIDERS["camdram"] has the key "camdram_url", '
        "which is ignored there."
    )
    assert messages[0].hint.startswith('Rename it to "CAMDRAM_URL"')
    assert '["APPS"][0]["settings"] has the key "SCOPE"' in messages[1].msg
    assert messages[1].hint.startswith('Rename it to "scope"')


@override_settings(SOCIALACCOUNT_STORE_TOKENS=False)
def test_w001_tokens_not_stored():
    (message,) = run()

    assert message.id == "allauth_camdram.W001"
    assert message.hint == "Set SOCIALACCOUNT_STORE_TOKENS = True."


@pytest.mark.parametrize("value", ["Strict", "strict"])
def test_w002_samesite_strict(value):
    with override_settings(SESSION_COOKIE_SAMESITE=value):
        (message,) = run()

    assert message.id == "allauth_camdram.W002"
    with override_settings(SESSION_COOKIE_SAMESITE="Lax"):
        assert run() == []


@override_settings(
    SOCIALACCOUNT_PROVIDERS=provider(APP=APP, SCOPE="user_shows user_orgs")
)
def test_w003_scope_string():
    (message,) = run()

    assert message.id == "allauth_camdram.W003"
    assert message.hint == "Use a list: ['user_shows', 'user_orgs']."


@pytest.mark.parametrize(
    "overrides",
    [
        {
            "SOCIALACCOUNT_PROVIDERS": provider(APP=APP, VERIFIED_EMAIL=True),
            "SOCIALACCOUNT_EMAIL_AUTHENTICATION": True,
        },
        {
            "SOCIALACCOUNT_PROVIDERS": provider(
                APP={**APP, "settings": {"verified_email": True}},
                EMAIL_AUTHENTICATION=True,
            )
        },
    ],
)
def test_w004_trusted_email_authentication(overrides):
    with override_settings(**overrides):
        (message,) = run()

    assert message.id == "allauth_camdram.W004"


@override_settings(SOCIALACCOUNT_PROVIDERS=provider(APP=APP, VERIFIED_EMAIL=True))
def test_w004_trusted_email_alone_passes():
    assert run() == []


@override_settings(SOCIALACCOUNT_LOGIN_ON_GET=True)
def test_w005_login_on_get():
    (message,) = run()

    assert message.id == "allauth_camdram.W005"


@pytest.mark.django_db
@override_settings(
    SOCIALACCOUNT_PROVIDERS={
        "camdram": {
            "CAMDRAM_URL": "http://camdram.test",
            "SCOPE": "api_write user_show",
            "APPS": [APP, APP],
        }
    },
    SOCIALACCOUNT_STORE_TOKENS=False,
    SESSION_COOKIE_SAMESITE="Strict",
    SOCIALACCOUNT_LOGIN_ON_GET=True,
)
def test_every_message_has_hint():
    messages = run(["default"])

    assert sorted(message.id for message in messages) == [
        "allauth_camdram.E003",
        "allauth_camdram.E004",
        "allauth_camdram.E005",
        "allauth_camdram.E007",
        "allauth_camdram.W001",
        "allauth_camdram.W002",
        "allauth_camdram.W003",
        "allauth_camdram.W005",
    ]
    for message in messages:
        assert message.hint
