"""The account API: bodies byte for byte, scopes, and how tokens are passed."""

from __future__ import annotations

import json

import pytest
import requests

from allauth_camdram.emulator.testing import Emulator
from tests.emulator.helpers import AMIRA, FIXTURES, MORGAN, OWNER, ZOE, bearer

pytestmark = pytest.mark.emulator

ACCOUNT = "/auth/account.json"
SHOWS = "/auth/account/shows.json"
ORGANISATIONS = "/auth/account/organisations.json"
ALL_READ = "user_email user_shows user_orgs"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").rstrip("\n")


@pytest.fixture
def owner_token(emulator: Emulator) -> str:
    token: str = emulator.obtain_tokens(OWNER, ALL_READ)["access_token"]
    return token


def test_account_with_email(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    # Camdram's testEmailWithScope.
    response = http.get(emulator.url(ACCOUNT), headers=bearer(owner_token))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.text == fixture_text("account.json")


@pytest.mark.parametrize("scope", ["", "user_shows user_orgs"])
def test_account_without_email(
    emulator: Emulator, http: requests.Session, scope: str
) -> None:
    # Camdram's testEmailNoScope.
    token = emulator.obtain_tokens(OWNER, scope)["access_token"]

    response = http.get(emulator.url(ACCOUNT), headers=bearer(token))

    assert response.text == fixture_text("account_no_email.json")


def test_account_is_signed_in_person(
    emulator: Emulator, http: requests.Session
) -> None:
    token = emulator.obtain_tokens(ZOE, "user_email")["access_token"]

    body = http.get(emulator.url(ACCOUNT), params={"access_token": token}).json()

    assert body == {
        "id": ZOE,
        "name": "Zoë O'Brien 🎭",
        "email": "zoe.obrien@example.org",
        "_links": {"self": "/auth/account"},
        "_type": "user",
    }


def test_account_blank_email_left_out(
    emulator: Emulator, http: requests.Session
) -> None:
    token = emulator.obtain_tokens(MORGAN, "user_email")["access_token"]

    body = http.get(emulator.url(ACCOUNT), headers=bearer(token)).json()

    assert "email" not in body


def test_shows_match_fixture(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    response = http.get(emulator.url(SHOWS), headers=bearer(owner_token))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.text == fixture_text("shows.json")


def test_organisations_match_fixture(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    response = http.get(emulator.url(ORGANISATIONS), headers=bearer(owner_token))

    assert response.status_code == 200
    assert response.text == fixture_text("organisations.json")


def test_organisations_societies_first(
    emulator: Emulator, http: requests.Session
) -> None:
    token = emulator.obtain_tokens(AMIRA, ALL_READ)["access_token"]

    body = http.get(emulator.url(ORGANISATIONS), headers=bearer(token)).json()

    assert [(item["_type"], item["id"]) for item in body] == [
        ("society", 301),
        ("venue", 38),
        ("venue", 52),
    ]


def test_awkward_names_escaped_like_php(
    emulator: Emulator, http: requests.Session
) -> None:
    token = emulator.obtain_tokens(ZOE, ALL_READ)["access_token"]

    response = http.get(emulator.url(SHOWS), headers=bearer(token))
    names = [show["name"] for show in response.json()]

    assert names == ["The Paper Orchard", "Rock & Roll <Live>", "🎭 Improv Night 😇"]
    assert '"name": "\\ud83c\\udfad Improv Night \\ud83d\\ude07"' in response.text
    assert '"slug": "2018-\\ud83d\\ude07"' in response.text
    assert '"name": "Rock & Roll <Live>"' in response.text
    assert '"self": "\\/shows\\/2025-rock-&-roll"' in response.text


def test_arabic_title_and_date_strings(
    emulator: Emulator, http: requests.Session
) -> None:
    token = emulator.obtain_tokens(AMIRA, ALL_READ)["access_token"]

    shows = http.get(emulator.url(SHOWS), headers=bearer(token)).json()
    arabic = next(show for show in shows if show["id"] == 9288)

    assert arabic["name"] == "رحلة إلى القمر"
    assert [p["date_string"] for p in arabic["performances"]] == [
        "19:00, Tue 3rd \u2013 Sat 7th March 2026",
        "14:00, Sat 7th March 2026",
    ]
    assert "repeat_until" not in arabic["performances"][1]


def test_show_keys_left_out_when_null(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    shows = http.get(emulator.url(SHOWS), headers=bearer(owner_token)).json()

    assert shows[2] == {
        "id": 9150,
        "societies": [],
        "name": "Untitled Sketch Night",
        "slug": "untitled-sketch-night",
        "category": "other",
        "performances": [],
        "societies_display_list": [],
        "_links": {"self": "/shows/untitled-sketch-night"},
        "_type": "show",
    }
    assert shows[1]["prices"] == ""


def test_shows_without_scope_403(emulator: Emulator, http: requests.Session) -> None:
    token = emulator.obtain_tokens(OWNER, "user_email")["access_token"]

    response = http.get(emulator.url(SHOWS), headers=bearer(token))

    assert response.status_code == 403
    assert response.text == fixture_text("error_forbidden.json")


def test_organisations_without_scope_403(
    emulator: Emulator, http: requests.Session
) -> None:
    token = emulator.obtain_tokens(OWNER, "user_shows")["access_token"]

    response = http.get(emulator.url(ORGANISATIONS), headers=bearer(token))

    assert response.status_code == 403
    assert response.json() == {"error": {"code": 403, "message": "Forbidden"}}


def test_unknown_token_401(emulator: Emulator, http: requests.Session) -> None:
    response = http.get(emulator.url(ACCOUNT), headers=bearer("not-a-real-token"))

    assert response.status_code == 401
    assert response.text == (
        '{"error":"invalid_grant","error_description":"The access token provided is invalid."}'
    )
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="Service", error="invalid_grant", '
        'error_description="The access token provided is invalid."'
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"


def test_expired_token_401(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    counts = emulator.expire_tokens(OWNER)

    response = http.get(emulator.url(SHOWS), headers=bearer(owner_token))

    assert counts["access_tokens"] >= 1
    assert response.status_code == 401
    assert response.text == fixture_text("error_expired_token.json")
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="Service", error="invalid_grant", '
        'error_description="The access token provided has expired."'
    )


def test_no_token_redirects_to_login(
    emulator: Emulator, http: requests.Session
) -> None:
    response = http.get(emulator.url(ACCOUNT), allow_redirects=False)

    assert response.status_code == 302
    assert response.headers["Location"] == emulator.url("/auth/login")


def test_lowercase_bearer_is_no_token(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    response = http.get(
        emulator.url(SHOWS),
        headers={"Authorization": f"bearer {owner_token}"},
        allow_redirects=False,
    )

    assert response.status_code == 302
    assert response.headers["Location"] == emulator.url("/auth/login")


def test_bearer_found_anywhere_in_header(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    response = http.get(
        emulator.url(ACCOUNT),
        headers={"Authorization": f"Token x, Bearer {owner_token}"},
    )

    assert response.status_code == 200


def test_header_and_query_token_500(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    response = http.get(
        emulator.url(ACCOUNT),
        params={"access_token": owner_token},
        headers=bearer(owner_token),
    )

    assert response.status_code == 500
    assert response.text == '{"error":{"code":500,"message":"Internal Server Error"}}'


def test_account_post_405(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    response = http.post(emulator.url(ACCOUNT), headers=bearer(owner_token))

    assert response.status_code == 405
    assert response.json() == {"error": {"code": 405, "message": "Method Not Allowed"}}


def test_browser_session_gets_account_without_email(emulator: Emulator) -> None:
    session = emulator.signed_in_session(OWNER)

    account = session.get(emulator.url(ACCOUNT))
    shows = session.get(emulator.url(SHOWS))

    assert account.text == fixture_text("account_no_email.json")
    assert shows.status_code == 403


def test_pretty_printing_format(
    emulator: Emulator, http: requests.Session, owner_token: str
) -> None:
    text = http.get(emulator.url(ORGANISATIONS), headers=bearer(owner_token)).text

    assert text.startswith('[\n    {\n        "id": 112,\n')
    assert '"address": "1 Example Lane,\\nCambridge,\\nCB0 0ZZ"' in text
    assert '"type": "image\\/png"' in text
    assert json.loads(text)[2]["latitude"] == 52.2001234
