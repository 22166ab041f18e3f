"""Login when Camdram's token endpoint replies badly, and what it is sent."""

from __future__ import annotations

import base64
import logging

import pytest
import requests
from allauth.socialaccount.models import SocialToken

from allauth_camdram.constants import ACCOUNT_PATH, TOKEN_PATH
from tests.conftest import start_login
from tests.fake_camdram import (
    CLIENT_ID,
    CLIENT_SECRET,
    SECRET_TOKEN,
    FakeCamdram,
    Reply,
    assert_no_secrets,
    assert_nothing_created,
    callback_url,
    json_reply,
    raise_error,
)

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"

BAD_TOKEN_REPLIES: dict[str, Reply | object] = {
    "invalid_grant": json_reply(
        {
            "error": "invalid_grant",
            "error_description": "The authorization code has expired",
        },
        400,
    ),
    "server_error": json_reply({"error": {"code": 500, "message": "Error"}}, 500),
    "bad_gateway_html": (502, {"Content-Type": "text/html"}, HTML),
    "html_200": (200, {"Content-Type": "text/html"}, HTML),
    "invalid_json": (200, {"Content-Type": "application/json"}, b'{"access_token": '),
    "json_list": json_reply([SECRET_TOKEN]),
    "no_access_token": json_reply({"token_type": "bearer", "expires_in": 3600}),
    "empty_access_token": json_reply({**SECRET_TOKEN, "access_token": ""}),
    "no_content_type_html": (200, {}, HTML),
    "token_type_mac": json_reply({**SECRET_TOKEN, "token_type": "mac"}),
    "timeout": raise_error(requests.Timeout("read timed out")),
    "connection_error": raise_error(requests.ConnectionError("refused")),
}


def login_through_consent(client, camdram: FakeCamdram):
    response = client.post("/accounts/camdram/login/")
    assert response.status_code == 302
    return client.get(callback_url(camdram.authorize(response["Location"])))


@pytest.mark.parametrize("case", BAD_TOKEN_REPLIES)
def test_token_reply_bad_fails_cleanly(client, camdram: FakeCamdram, caplog, case):
    caplog.set_level(logging.DEBUG)
    camdram.reply(TOKEN_PATH, BAD_TOKEN_REPLIES[case])

    response = login_through_consent(client, camdram)

    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert len(camdram.to(TOKEN_PATH)) == 1
    assert camdram.to(ACCOUNT_PATH) == []
    assert_nothing_created()
    assert_no_secrets(response.content, caplog.text)
    assert not [record for record in caplog.records if record.exc_info]


def test_token_reply_invalid_client_logs_error(client, camdram: FakeCamdram, caplog):
    camdram.client_secret = "the-secret-camdram-has-now"

    response = login_through_consent(client, camdram)

    assert response.status_code == 401
    assert_nothing_created()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "invalid_client" in errors[0].getMessage()
    assert "client id, secret" in errors[0].getMessage()
    assert_no_secrets(response.content, caplog.text)
    assert "the-secret-camdram-has-now" not in caplog.text


def test_token_reply_invalid_grant_not_error(client, camdram: FakeCamdram, caplog):
    camdram.reply(TOKEN_PATH, BAD_TOKEN_REPLIES["invalid_grant"])

    login_through_consent(client, camdram)

    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("invalid_grant" in message for message in warnings)


def test_token_request_one_client_auth_method(client, camdram: FakeCamdram):
    response = login_through_consent(client, camdram)

    assert response.status_code == 302
    (request,) = camdram.to(TOKEN_PATH)
    assert request.method == "POST"
    assert request.query == {}
    assert "Authorization" not in request.headers
    assert request.form["client_id"] == [CLIENT_ID]
    assert request.form["client_secret"] == [CLIENT_SECRET]
    assert CLIENT_SECRET not in request.url
    assert "scope" not in request.form
    assert request.form["grant_type"] == ["authorization_code"]


def test_fake_rejects_two_auth_methods(camdram: FakeCamdram):
    # The fake must catch a client that sends Basic and body credentials,
    # or the test above could not fail.
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    response = requests.post(
        camdram.base_url + TOKEN_PATH,
        data={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
        headers={"Authorization": f"Basic {basic}"},
        timeout=5,
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize("token_type", ["bearer", "Bearer", "BEARER", None])
def test_token_type_bearer_any_case(client, camdram: FakeCamdram, token_type):
    camdram.token_body = {**SECRET_TOKEN, "token_type": token_type}
    if token_type is None:
        del camdram.token_body["token_type"]

    response = login_through_consent(client, camdram)

    assert response.status_code == 302
    (request,) = camdram.to(ACCOUNT_PATH)
    assert request.headers["Authorization"] == "Bearer ACCESS-7f3a9c2e41"
    assert request.query == {}
    assert "ACCESS-7f3a9c2e41" not in request.url
    assert SocialToken.objects.get().token == "ACCESS-7f3a9c2e41"


def test_no_request_reaches_camdram_unauthenticated(client, camdram: FakeCamdram):
    login_through_consent(client, camdram)

    api_requests = [r for r in camdram.requests if r.path != TOKEN_PATH]
    assert len(api_requests) >= 1
    for request in api_requests:
        assert request.headers.get("Authorization", "").startswith("Bearer ")
    for request in camdram.requests:
        assert "access_token" not in request.query


def test_code_missing_from_callback_fails(client, camdram: FakeCamdram):
    state = start_login(client)["state"][0]

    response = client.get(callback_url({"state": state}))

    assert response.status_code == 401
    assert camdram.to(TOKEN_PATH) == []
    assert_nothing_created()
