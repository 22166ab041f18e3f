from __future__ import annotations

import logging
import os
from datetime import timedelta

import pytest
import requests
import responses
from allauth.socialaccount.models import SocialToken
from django.utils import timezone

from allauth_camdram.api import CamdramAppClient, CamdramSession
from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH, TOKEN_PATH
from allauth_camdram.exceptions import (
    CamdramConfigurationError,
    CamdramConnectionError,
    CamdramForbidden,
    CamdramInsecureURL,
    CamdramInvalidResponse,
    CamdramReauthorizationRequired,
    CamdramServerError,
    CamdramTimeout,
    CamdramUnauthorized,
)
from allauth_camdram.tokens import CamdramClient
from tests.fake_camdram import (
    CLIENT_ID,
    CLIENT_SECRET,
    LOGIN_PAGE_PATH,
    FakeCamdram,
    json_reply,
    raise_error,
)
from tests.sync.conftest import CamdramAccountAPI, show

pytestmark = pytest.mark.django_db


def expire(token: SocialToken, seconds: float) -> None:
    token.expires_at = timezone.now() + timedelta(seconds=seconds)
    token.save()


def test_get_json_sends_bearer(api: CamdramAccountAPI, token, camdram):
    api.shows = [show(1)]

    data = CamdramClient(token).get_json(SHOWS_PATH)

    assert data == [show(1)]
    request = camdram.to(SHOWS_PATH)[0]
    assert request.headers["Authorization"] == "Bearer A1"
    assert request.query == {}
    assert api.refreshes() == []


def test_expired_token_refreshed_and_saved(api: CamdramAccountAPI, token, camdram):
    expire(token, -60)
    client = CamdramClient(token)

    client.get_json(SHOWS_PATH)
    client.get_json(ORGANISATIONS_PATH)

    assert len(api.refreshes()) == 1
    assert camdram.to(SHOWS_PATH)[0].headers["Authorization"] == "Bearer A2"
    stored = SocialToken.objects.get(pk=token.pk)
    assert stored.token == "A2"
    assert stored.token_secret == "R2"
    assert stored.expires_at is not None
    remaining = (stored.expires_at - timezone.now()).total_seconds()
    assert 3590 <= remaining <= 3600
    assert client.granted_scope == "user_email user_shows user_orgs"


def test_refresh_body_one_client_method(api: CamdramAccountAPI, token):
    expire(token, -60)

    CamdramClient(token).get_json(SHOWS_PATH)

    [refresh] = api.refreshes()
    assert refresh.form == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["R1"],
        "client_id": [CLIENT_ID],
        "client_secret": [CLIENT_SECRET],
    }
    assert "Authorization" not in refresh.headers
    assert refresh.query == {}


def test_refresh_within_leeway(api: CamdramAccountAPI, token):
    expire(token, 10)

    CamdramClient(token).get_json(SHOWS_PATH)

    assert len(api.refreshes()) == 1


def test_leeway_setting_zero(api: CamdramAccountAPI, token, settings):
    settings.CAMDRAM_TOKEN_REFRESH_LEEWAY = 0
    expire(token, 10)

    CamdramClient(token).get_json(SHOWS_PATH)

    assert api.refreshes() == []


def test_null_expiry_refreshes_on_401(api: CamdramAccountAPI, token, camdram):
    token.expires_at = None
    token.save()
    api.valid_access_tokens.clear()

    CamdramClient(token).get_json(SHOWS_PATH)

    assert len(api.refreshes()) == 1
    assert [r.headers["Authorization"] for r in camdram.to(SHOWS_PATH)] == [
        "Bearer A1",
        "Bearer A2",
    ]
    assert SocialToken.objects.get(pk=token.pk).expires_at is not None


def test_clock_skew_401_one_refresh(api: CamdramAccountAPI, token, camdram):
    expire(token, 30 * 60)
    api.valid_access_tokens.clear()

    assert CamdramClient(token).get_json(SHOWS_PATH) == []

    assert len(api.refreshes()) == 1
    assert len(camdram.to(SHOWS_PATH)) == 2


def test_second_401_stops(api: CamdramAccountAPI, token, camdram):
    camdram.reply(SHOWS_PATH, json_reply({"error": "invalid_grant"}, status=401))

    with pytest.raises(CamdramUnauthorized):
        CamdramClient(token).get_json(SHOWS_PATH)

    assert len(api.refreshes()) == 1
    assert len(camdram.to(SHOWS_PATH)) == 2


@pytest.mark.parametrize("extra", [{"refresh_token": ""}, {"refresh_token": None}])
def test_refresh_without_new_refresh_token(api: CamdramAccountAPI, token, extra):
    api.refresh_reply_extra = extra
    expire(token, -60)

    CamdramClient(token).get_json(SHOWS_PATH)

    stored = SocialToken.objects.get(pk=token.pk)
    assert stored.token == "A2"
    assert stored.token_secret == "R1"


def test_refresh_reply_missing_refresh_token_keeps_old(
    api: CamdramAccountAPI, token, camdram
):
    camdram.reply(
        TOKEN_PATH,
        json_reply(
            {"access_token": "A2", "expires_in": "3600", "token_type": "bearer"}
        ),
    )
    api.valid_access_tokens.add("A2")
    expire(token, -60)

    CamdramClient(token).get_json(SHOWS_PATH)

    stored = SocialToken.objects.get(pk=token.pk)
    assert stored.token == "A2"
    assert stored.token_secret == "R1"
    assert stored.expires_at is not None


@pytest.mark.parametrize("error", ["invalid_grant", "invalid_scope"])
def test_rejected_refresh_token(api: CamdramAccountAPI, token, camdram, error):
    camdram.reply(
        TOKEN_PATH, json_reply({"error": error, "error_description": "x"}, 400)
    )
    expire(token, -60)

    with pytest.raises(CamdramReauthorizationRequired):
        CamdramClient(token).get_json(SHOWS_PATH)

    stored = SocialToken.objects.get(pk=token.pk)
    assert stored.token == "A1"
    assert stored.token_secret == "R1"


def test_no_refresh_token_stored(api: CamdramAccountAPI, token):
    token.token_secret = ""
    token.save()
    expire(token, -60)

    with pytest.raises(CamdramReauthorizationRequired):
        CamdramClient(token).get_json(SHOWS_PATH)

    assert api.refreshes() == []


@pytest.mark.parametrize("status", [400, 401])
def test_refresh_invalid_client_is_configuration(
    api: CamdramAccountAPI, token, camdram, caplog, status
):
    camdram.reply(
        TOKEN_PATH,
        json_reply({"error": "invalid_client", "error_description": "x"}, status),
    )
    expire(token, -60)

    with (
        caplog.at_level(logging.ERROR, logger="allauth_camdram.api"),
        pytest.raises(CamdramConfigurationError),
    ):
        CamdramClient(token).get_json(SHOWS_PATH)

    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "invalid_client" in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (
            (502, {"Content-Type": "text/html"}, "<h1>Bad gateway</h1>"),
            CamdramServerError,
        ),
        ((200, {"Content-Type": "text/html"}, "<html></html>"), CamdramInvalidResponse),
    ],
)
def test_refresh_server_failures(api: CamdramAccountAPI, token, camdram, reply, error):
    camdram.reply(TOKEN_PATH, reply)
    expire(token, -60)

    with pytest.raises(error):
        CamdramClient(token).get_json(SHOWS_PATH)

    assert SocialToken.objects.get(pk=token.pk).token == "A1"


def test_refresh_adopts_token_stored_meanwhile(api: CamdramAccountAPI, token, camdram):
    expire(token, -60)
    client = CamdramClient(token)
    # Another process refreshed first: R1 is dead and A2/R2 are stored.
    SocialToken.objects.filter(pk=token.pk).update(
        token="A2", token_secret="R2", expires_at=timezone.now() + timedelta(hours=1)
    )
    api.refresh_tokens = {"R2": "user_shows"}
    api.valid_access_tokens.add("A2")

    client.get_json(SHOWS_PATH)

    assert api.refreshes() == []
    assert camdram.to(SHOWS_PATH)[0].headers["Authorization"] == "Bearer A2"
    assert client.token.token_secret == "R2"


def test_unsaved_token_refreshes_in_memory(api: CamdramAccountAPI, account):
    token = SocialToken(
        account=account,
        token="A1",
        token_secret="R1",
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    CamdramClient(token).get_json(SHOWS_PATH)

    assert token.token == "A2"
    assert token.token_secret == "R2"
    assert SocialToken.objects.count() == 0


@pytest.mark.parametrize(
    ("reply", "error", "status"),
    [
        (
            json_reply({"error": {"code": 403, "message": "Forbidden"}}, 403),
            CamdramForbidden,
            403,
        ),
        (json_reply({"error": {"code": 500}}, 500), CamdramServerError, 500),
        ((503, {}, ""), CamdramServerError, 503),
        (
            (200, {"Content-Type": "text/html"}, "<html>Log in</html>"),
            CamdramInvalidResponse,
            200,
        ),
        (
            (200, {"Content-Type": "application/json"}, "[{"),
            CamdramInvalidResponse,
            200,
        ),
        (raise_error(requests.ConnectTimeout()), CamdramTimeout, None),
        (raise_error(requests.ReadTimeout()), CamdramTimeout, None),
        (raise_error(requests.ConnectionError()), CamdramConnectionError, None),
    ],
)
def test_fetch_errors(api, token, camdram, reply, error, status):
    camdram.reply(SHOWS_PATH, reply)

    with pytest.raises(error) as raised:
        CamdramClient(token).fetch(SHOWS_PATH)

    assert raised.value.status == status
    assert raised.value.endpoint == SHOWS_PATH
    assert "A1" not in str(raised.value)


def test_redirect_not_followed(token, camdram):
    camdram.reply(
        SHOWS_PATH, (302, {"Location": camdram.base_url + LOGIN_PAGE_PATH}, "")
    )

    with pytest.raises(CamdramUnauthorized) as raised:
        CamdramClient(token).fetch(SHOWS_PATH)

    assert raised.value.status == 302
    assert camdram.to(LOGIN_PAGE_PATH) == []


def test_timeout_from_allauth_setting(token, camdram, settings):
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 7
    seen = []

    def handler(request):
        seen.append(request.req_kwargs["timeout"])
        return json_reply([])

    camdram.reply(SHOWS_PATH, handler)

    CamdramClient(token).fetch(SHOWS_PATH)

    assert seen == [7]


def test_http_rejected_without_setting(token, camdram, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "camdram": {
            "CAMDRAM_URL": "http://127.0.0.1:8765",
            "APPS": [{"client_id": CLIENT_ID, "secret": CLIENT_SECRET}],
        }
    }

    with pytest.raises(CamdramInsecureURL) as raised:
        CamdramClient(token).fetch(SHOWS_PATH)

    assert "CAMDRAM_ALLOW_HTTP" in str(raised.value)
    assert camdram.requests == []


def test_http_allowed_with_setting(token, settings):
    settings.CAMDRAM_ALLOW_HTTP = True
    settings.SOCIALACCOUNT_PROVIDERS = {
        "camdram": {
            "CAMDRAM_URL": "http://127.0.0.1:8765",
            "APPS": [{"client_id": CLIENT_ID, "secret": CLIENT_SECRET}],
        }
    }
    token.expires_at = timezone.now() - timedelta(minutes=1)
    token.save()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeCamdram(mock, base_url="http://127.0.0.1:8765")
        http_api = CamdramAccountAPI(fake)
        http_api.shows = [show(1)]

        assert CamdramClient(token).get_json(SHOWS_PATH) == [show(1)]

    assert len(http_api.refreshes()) == 1
    assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ


def test_app_client_credentials(api: CamdramAccountAPI, camdram):
    api.shows = [show(5)]
    client = CamdramAppClient()

    assert client.get_json(SHOWS_PATH) == [show(5)]
    assert client.get_json(ORGANISATIONS_PATH) == []

    [token_request] = camdram.to(TOKEN_PATH)
    assert token_request.form == {
        "grant_type": ["client_credentials"],
        "client_id": [CLIENT_ID],
        "client_secret": [CLIENT_SECRET],
    }
    assert "Authorization" not in token_request.headers
    assert camdram.to(SHOWS_PATH)[0].headers["Authorization"] == "Bearer C2"


def test_app_client_new_token_after_401(api: CamdramAccountAPI, camdram):
    client = CamdramAppClient()
    client.get_json(SHOWS_PATH)
    api.valid_access_tokens.clear()

    client.get_json(SHOWS_PATH)

    assert len(camdram.to(TOKEN_PATH)) == 2
    assert camdram.to(SHOWS_PATH)[-1].headers["Authorization"] == "Bearer C3"


def test_app_client_second_401_stops(api: CamdramAccountAPI, camdram):
    camdram.reply(SHOWS_PATH, json_reply({"error": "invalid_grant"}, status=401))

    with pytest.raises(CamdramUnauthorized):
        CamdramAppClient().get_json(SHOWS_PATH)

    assert len(camdram.to(TOKEN_PATH)) == 2
    assert len(camdram.to(SHOWS_PATH)) == 2


def test_app_client_rejected_credentials(api, camdram, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "camdram": {
            "CAMDRAM_URL": camdram.base_url,
            "APPS": [{"client_id": CLIENT_ID, "secret": "wrong"}],
        }
    }

    with pytest.raises(CamdramConfigurationError):
        CamdramAppClient().get_json(SHOWS_PATH)


def test_no_app_configured(token, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"camdram": {}}

    with pytest.raises(CamdramConfigurationError):
        CamdramClient(token)


def test_session_ignores_oauthlib_expiry(token, camdram):
    # requests-oauthlib would raise TokenExpiredError (or TokenUpdated, with
    # auto-refresh) for this token; expiry is CamdramClient's job instead.
    session = CamdramSession(
        token={"access_token": "A1", "token_type": "bearer", "expires_at": 1}
    )

    with session:
        response = session.get(camdram.base_url + SHOWS_PATH)

    assert response.status_code == 200
    assert camdram.to(SHOWS_PATH)[0].headers["Authorization"] == "Bearer A1"
