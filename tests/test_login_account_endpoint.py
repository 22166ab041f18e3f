"""Login when Camdram's ``/auth/account.json`` replies badly."""

from __future__ import annotations

import logging

import pytest
import requests

from allauth_camdram.constants import ACCOUNT_PATH
from tests.fake_camdram import (
    GOOD_ACCOUNT,
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

HTML = b"<!DOCTYPE html><html><body>Camdram</body></html>"
NO_ID = {key: value for key, value in GOOD_ACCOUNT.items() if key != "id"}

BAD_ACCOUNT_REPLIES: dict[str, Reply | object] = {
    "unauthorized": json_reply(
        {
            "error": "invalid_grant",
            "error_description": "The access token provided is invalid.",
        },
        401,
    ),
    "redirect_to_login": (302, {"Location": "https://camdram.test/auth/login"}, b""),
    "server_error": json_reply({"error": {"code": 500, "message": "Error"}}, 500),
    "bad_gateway_html": (502, {"Content-Type": "text/html"}, HTML),
    "html_200": (200, {"Content-Type": "text/html"}, HTML),
    "invalid_json": (200, {"Content-Type": "application/json"}, b'{"id": 4'),
    "json_list": json_reply([GOOD_ACCOUNT]),
    "json_string": json_reply("4242"),
    "no_id": json_reply(NO_ID),
    "id_null": json_reply({**NO_ID, "id": None}),
    "id_empty": json_reply({**NO_ID, "id": ""}),
    "id_bool": json_reply({**NO_ID, "id": True}),
    "id_float": json_reply({**NO_ID, "id": 42.5}),
    "id_object": json_reply({**NO_ID, "id": {"value": 42}}),
    "id_words": json_reply({**NO_ID, "id": "forty-two"}),
    "id_zero": json_reply({**NO_ID, "id": 0}),
    "timeout": raise_error(requests.Timeout("read timed out")),
    "connection_error": raise_error(requests.ConnectionError("reset")),
}


@pytest.mark.parametrize("case", BAD_ACCOUNT_REPLIES)
def test_account_reply_bad_fails_cleanly(client, camdram: FakeCamdram, caplog, case):
    caplog.set_level(logging.DEBUG)
    camdram.token_body = dict(SECRET_TOKEN)
    camdram.reply(ACCOUNT_PATH, BAD_ACCOUNT_REPLIES[case])

    response = client.post("/accounts/camdram/login/")
    response = client.get(callback_url(camdram.authorize(response["Location"])))

    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert len(camdram.to(ACCOUNT_PATH)) == 1
    assert_nothing_created()
    assert_no_secrets(response.content, caplog.text)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any(r.name.startswith("allauth_camdram") for r in warnings)


def test_account_redirect_not_followed(client, camdram: FakeCamdram):
    camdram.reply(ACCOUNT_PATH, BAD_ACCOUNT_REPLIES["redirect_to_login"])

    response = client.post("/accounts/camdram/login/")
    client.get(callback_url(camdram.authorize(response["Location"])))

    assert [request.path for request in camdram.requests] == [
        "/oauth/v2/token",
        ACCOUNT_PATH,
    ]
