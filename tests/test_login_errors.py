"""The login callback when Camdram sends an OAuth ``error`` back."""

from __future__ import annotations

import logging

import pytest

from allauth_camdram.constants import TOKEN_PATH
from tests.fake_camdram import FakeCamdram, assert_nothing_created, callback_url

pytestmark = pytest.mark.django_db


def start(client, camdram: FakeCamdram) -> str:
    response = client.post("/accounts/camdram/login/")
    assert response.status_code == 302
    return response["Location"]


def test_cancel_shows_cancelled_page(client, camdram: FakeCamdram, caplog):
    caplog.set_level(logging.DEBUG)
    params = camdram.authorize(start(client, camdram), allow=False)
    assert params["error"] == "access_denied"

    response = client.get(callback_url(params))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/3rdparty/login/cancelled/"
    assert camdram.to(TOKEN_PATH) == []
    assert_nothing_created()
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_invalid_scope_logs_one_error(client, camdram: FakeCamdram, caplog):
    location = start(client, camdram)
    state = camdram.authorize(location)["state"]
    params = {
        "error": "invalid_scope",
        "error_description": "An unsupported scope was requested.",
        "state": state,
    }

    response = client.get(callback_url(params))

    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert camdram.to(TOKEN_PATH) == []
    assert_nothing_created()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "error=invalid_scope" in errors[0].getMessage()


def test_cancel_without_state_fails(client, camdram: FakeCamdram, caplog):
    response = client.get(callback_url({"error": "access_denied"}))

    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert camdram.to(TOKEN_PATH) == []
    assert_nothing_created()
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_error_code_sanitised_in_log(client, camdram: FakeCamdram, caplog):
    client.get(callback_url({"error": "bad\nFAKE LOG LINE <script>"}))

    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "\n" not in record.getMessage()
    assert "error=bad?FAKE?LOG?LINE??script?" in record.getMessage()
