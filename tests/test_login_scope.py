"""The scope a login requests from Camdram, and what Camdram grants."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.signals import pre_social_login
from django.test import Client, override_settings

from allauth_camdram.constants import GRANTED_SCOPE_SESSION_KEY, SUPPORTED_SCOPES
from tests.fake_camdram import (
    CLIENT_ID,
    CLIENT_SECRET,
    GOOD_ACCOUNT,
    GOOD_TOKEN,
    FakeCamdram,
    callback_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_scope():
    """Record the granted scope in the session when allauth's login starts.

    ``pre_social_login`` comes after the adapter's ``complete_login`` and
    before the sync receivers, which take the value out of the session.
    """
    seen: list[object] = []

    def record(sender, request, sociallogin, **kwargs):
        seen.append(request.session.get(GRANTED_SCOPE_SESSION_KEY, "missing"))

    pre_social_login.connect(record)
    yield seen
    pre_social_login.disconnect(record)


def camdram_settings(scope: object = None, app_scope: object = None) -> dict:
    app: dict = {"client_id": CLIENT_ID, "secret": CLIENT_SECRET}
    if app_scope is not None:
        app["settings"] = {"scope": app_scope}
    provider: dict = {"CAMDRAM_URL": "https://camdram.test", "APPS": [app]}
    if scope is not None:
        provider["SCOPE"] = scope
    return {"camdram": provider}


def requested_scope(client: Client, path: str = "/accounts/camdram/login/") -> str:
    response = client.post(path)
    assert response.status_code == 302, response.content[:300]
    query = parse_qs(urlsplit(response["Location"]).query, keep_blank_values=True)
    return query["scope"][0]


def test_default_scope_reads_shows_orgs_email(client, camdram: FakeCamdram):
    scope = requested_scope(client)

    assert scope == "user_email user_shows user_orgs"
    assert set(scope.split(" ")) <= set(SUPPORTED_SCOPES)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (["user_shows", "write"], "user_shows write"),
        (("user_orgs",), "user_orgs"),
        ("user_shows user_orgs", "user_shows user_orgs"),
        ("user_shows,user_orgs", "user_shows user_orgs"),
        (["user_shows", "user_shows", "user_orgs"], "user_shows user_orgs"),
        ([], ""),
    ],
)
def test_scope_setting_forms(client, camdram: FakeCamdram, setting, expected):
    with override_settings(SOCIALACCOUNT_PROVIDERS=camdram_settings(setting)):
        assert requested_scope(client) == expected


def test_app_scope_wins_over_provider(client, camdram: FakeCamdram):
    providers = camdram_settings(["user_email"], app_scope=["user_shows"])

    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        assert requested_scope(client) == "user_shows"


def test_write_scope_login_works(client, camdram: FakeCamdram):
    with override_settings(
        SOCIALACCOUNT_PROVIDERS=camdram_settings(["user_shows", "write"])
    ):
        response = client.post("/accounts/camdram/login/")
        params = camdram.authorize(response["Location"])
        response = client.get(callback_url(params))

    assert response.status_code == 302
    assert SocialAccount.objects.count() == 1


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        (["user_shows", "api_write"], "api_write (now write)"),
        (["api_write_org"], "api_write_org (now write_org)"),
        (["user_show"], "'user_show'"),
        ("user_shows user_email write_orgs", "'write_orgs'"),
        (42, "'42'"),
    ],
)
def test_rejected_scope_stops_before_camdram(
    client, camdram: FakeCamdram, caplog, setting, named
):
    with override_settings(SOCIALACCOUNT_PROVIDERS=camdram_settings(setting)):
        response = client.post("/accounts/camdram/login/")

    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert camdram.requests == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert named in errors[0]


def test_scope_request_parameter_checked(client, camdram: FakeCamdram):
    response = client.post("/accounts/camdram/login/?scope=api_write")

    assert response.status_code == 401
    assert camdram.requests == []


@pytest.mark.parametrize(
    "granted",
    ["user_shows", "user_email user_shows user_orgs write write_org", ""],
)
def test_granted_scope_differs_login_works(
    client, camdram: FakeCamdram, session_scope, granted
):
    camdram.token_body = {**GOOD_TOKEN, "scope": granted}
    if "user_email" not in granted:
        camdram.account_body = {k: v for k, v in GOOD_ACCOUNT.items() if k != "email"}

    response = client.post("/accounts/camdram/login/")
    response = client.get(callback_url(camdram.authorize(response["Location"])))

    assert response.status_code == 302
    assert SocialAccount.objects.get().uid == "4242"
    assert session_scope == [granted]


@pytest.mark.parametrize("granted", [None, "absent"])
def test_granted_scope_unknown_clears_session(
    client, camdram: FakeCamdram, session_scope, granted
):
    session = client.session
    session[GRANTED_SCOPE_SESSION_KEY] = "user_shows user_orgs"
    session.save()
    camdram.token_body = {**GOOD_TOKEN, "scope": granted}
    if granted == "absent":
        del camdram.token_body["scope"]

    response = client.post("/accounts/camdram/login/")
    response = client.get(callback_url(camdram.authorize(response["Location"])))

    assert response.status_code == 302
    assert session_scope == ["missing"]
