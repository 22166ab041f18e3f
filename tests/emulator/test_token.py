"""/oauth/v2/token: grants, client authentication and Camdram's error bodies."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote_plus

import pytest
import requests

from allauth_camdram.emulator import signin
from allauth_camdram.emulator.testing import Emulator
from tests.emulator.helpers import (
    FIXTURES,
    OWNER,
    ZOE,
    bearer,
    exchange,
    request_token,
)

pytestmark = pytest.mark.emulator

TOKEN = "/oauth/v2/token"
FULL_SCOPE = "user_email user_shows user_orgs write write_org"
TOKEN_BODY = re.compile(
    r'^\{"access_token":"[A-Za-z0-9_-]{86}","expires_in":3600,"token_type":"bearer",'
    r'"scope":(null|"[a-z_ ]*")(,"refresh_token":"[A-Za-z0-9_-]{86}")?\}$'
)


def error_of(response: requests.Response) -> tuple[int, str, str | None]:
    body = response.json()
    return response.status_code, body["error"], body["error_description"]


def code_for(
    emulator: Emulator, person: int = ZOE, scope: str = "user_email user_shows"
) -> str:
    return emulator.authorize(person, scope=scope)["code"]


def basic(client_id: str, secret: str) -> dict[str, str]:
    encoded = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": f"Basic {base64.b64encode(encoded).decode()}"}


def test_login_flow_with_get_exchange(
    emulator: Emulator, http: requests.Session
) -> None:
    # Camdram's testLoginFlow exchanges the code with a GET.
    code = code_for(emulator, ZOE, "user_shows")

    response = http.get(
        emulator.url(TOKEN),
        params={
            "client_id": emulator.client_id,
            "client_secret": emulator.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": emulator.redirect_uri,
        },
    )
    token = response.json()["access_token"]
    account = http.get(
        emulator.url("/auth/account.json"), params={"access_token": token}
    )

    assert response.status_code == 200
    assert account.json()["name"] == "Zoë O'Brien 🎭"


def test_token_body_and_headers(emulator: Emulator, http: requests.Session) -> None:
    response = exchange(emulator, http, code_for(emulator))

    assert response.status_code == 200
    assert TOKEN_BODY.match(response.text)
    assert response.json()["scope"] == "user_email user_shows"
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"


def test_token_scope_null_without_scope(
    emulator: Emulator, http: requests.Session
) -> None:
    response = exchange(emulator, http, code_for(emulator, scope=""))

    assert '"scope":null' in response.text
    assert "refresh_token" in response.json()


def test_exchange_with_json_body(emulator: Emulator, http: requests.Session) -> None:
    body = {
        "grant_type": "authorization_code",
        "code": code_for(emulator),
        "redirect_uri": emulator.redirect_uri,
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
    }

    response = http.post(emulator.url(TOKEN), json=body)

    assert response.status_code == 200


def test_post_ignores_query_string(emulator: Emulator, http: requests.Session) -> None:
    response = http.post(
        emulator.url(TOKEN),
        params={"grant_type": "client_credentials", "client_id": emulator.client_id},
    )

    assert error_of(response) == (
        400,
        "invalid_request",
        "Invalid grant_type parameter or parameter missing",
    )


def test_basic_auth_exchange(emulator: Emulator, http: requests.Session) -> None:
    response = http.post(
        emulator.url(TOKEN),
        data={
            "grant_type": "authorization_code",
            "code": code_for(emulator),
            "redirect_uri": emulator.redirect_uri,
        },
        headers=basic(emulator.client_id, emulator.client_secret),
    )

    assert response.status_code == 200


def test_basic_auth_wins_over_body(emulator: Emulator, http: requests.Session) -> None:
    data = {
        "grant_type": "client_credentials",
        "client_id": "1_other",
        "client_secret": "x",
    }

    good_basic = http.post(
        emulator.url(TOKEN),
        data=data,
        headers=basic(emulator.client_id, emulator.client_secret),
    )
    bad_basic = http.post(
        emulator.url(TOKEN),
        data={
            **data,
            "client_id": emulator.client_id,
            "client_secret": emulator.client_secret,
        },
        headers=basic(emulator.client_id, "wrong"),
    )

    assert good_basic.status_code == 200
    assert error_of(bad_basic)[:2] == (400, "invalid_client")


def test_basic_values_are_form_decoded(
    emulator: Emulator, http: requests.Session
) -> None:
    app = emulator.create_app(
        client_id="12_abcDEF", client_secret="s3cret+/=value", owner=OWNER
    )
    raw = base64.b64encode(b"12_abcDEF:s3cret+/=value").decode()

    encoded = http.post(
        emulator.url(TOKEN),
        data={"grant_type": "client_credentials"},
        headers=basic(app["client_id"], app["client_secret"]),
    )
    unencoded = http.post(
        emulator.url(TOKEN),
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {raw}"},
    )

    assert encoded.status_code == 200
    assert error_of(unencoded)[:2] == (400, "invalid_client")


def test_client_credentials_acts_as_owner(
    emulator: Emulator, http: requests.Session
) -> None:
    response = http.post(
        emulator.url(TOKEN),
        json={
            "grant_type": "client_credentials",
            "client_id": emulator.client_id,
            "client_secret": emulator.client_secret,
        },
    )
    body = response.json()
    account = http.get(
        emulator.url("/auth/account.json"), headers=bearer(body["access_token"])
    )

    assert response.status_code == 200
    assert list(body) == ["access_token", "expires_in", "token_type", "scope"]
    assert body["scope"] == FULL_SCOPE
    assert account.text == (FIXTURES / "account.json").read_text().rstrip("\n")


def test_client_credentials_narrowed_scope(
    emulator: Emulator, http: requests.Session
) -> None:
    narrowed = request_token(emulator, http, "client_credentials", scope="user_shows")
    widened = request_token(
        emulator, http, "client_credentials", scope="user_shows admin"
    )

    assert narrowed.json()["scope"] == "user_shows"
    assert error_of(widened) == (
        400,
        "invalid_scope",
        "An unsupported scope was requested.",
    )


def test_code_reuse_invalid_grant(emulator: Emulator, http: requests.Session) -> None:
    code = code_for(emulator)
    first = exchange(emulator, http, code)

    second = exchange(emulator, http, code)

    assert first.status_code == 200
    assert second.text == (FIXTURES / "error_invalid_grant.json").read_text().rstrip(
        "\n"
    )
    assert second.status_code == 400


def test_expired_code_invalid_grant(emulator: Emulator, http: requests.Session) -> None:
    code = code_for(emulator)
    emulator.expire_tokens(ZOE, codes=True)

    response = exchange(emulator, http, code)

    assert error_of(response) == (
        400,
        "invalid_grant",
        "The authorization code has expired",
    )


def test_code_of_other_app_invalid_grant(
    emulator: Emulator, http: requests.Session
) -> None:
    other = emulator.create_app(redirect_uris=[emulator.redirect_uri])
    code = code_for(emulator)

    response = exchange(
        emulator,
        http,
        code,
        client_id=other["client_id"],
        client_secret=other["client_secret"],
    )

    assert error_of(response) == (
        400,
        "invalid_grant",
        "Code doesn't exist or is invalid for the client",
    )


def test_exchange_without_code(emulator: Emulator, http: requests.Session) -> None:
    response = exchange(emulator, http, "")

    assert error_of(response) == (
        400,
        "invalid_request",
        'Missing parameter. "code" is required',
    )


def test_exchange_without_redirect_uri(
    emulator: Emulator, http: requests.Session
) -> None:
    response = exchange(emulator, http, code_for(emulator), redirect_uri="")

    assert error_of(response) == (
        400,
        "invalid_request",
        "The redirect URI parameter is required.",
    )


def test_exchange_with_other_redirect_uri(
    emulator: Emulator, http: requests.Session
) -> None:
    other = "http://127.0.0.1:8000/accounts/camdram/login/callback/"

    response = exchange(emulator, http, code_for(emulator), redirect_uri=other)

    assert error_of(response) == (
        400,
        "redirect_uri_mismatch",
        "The redirect URI is missing or do not match",
    )


def test_exchange_with_longer_redirect_uri(
    emulator: Emulator, http: requests.Session
) -> None:
    longer = emulator.redirect_uri + "?next=%2F"

    response = exchange(emulator, http, code_for(emulator), redirect_uri=longer)

    assert response.status_code == 200


def test_exchange_with_scope_and_no_stored_scope(
    emulator: Emulator, http: requests.Session
) -> None:
    response = exchange(
        emulator, http, code_for(emulator, scope=""), scope="user_email"
    )

    assert error_of(response) == (
        400,
        "invalid_scope",
        "An unsupported scope was requested.",
    )


def test_refresh_rotates_tokens(emulator: Emulator, http: requests.Session) -> None:
    first = exchange(emulator, http, code_for(emulator)).json()

    refreshed = request_token(
        emulator, http, "refresh_token", refresh_token=first["refresh_token"]
    )
    reused = request_token(
        emulator, http, "refresh_token", refresh_token=first["refresh_token"]
    )
    old_access = http.get(
        emulator.url("/auth/account.json"), headers=bearer(first["access_token"])
    )

    body = refreshed.json()
    assert TOKEN_BODY.match(refreshed.text)
    assert body["access_token"] != first["access_token"]
    assert body["refresh_token"] != first["refresh_token"]
    assert body["scope"] == "user_email user_shows"
    assert error_of(reused) == (400, "invalid_grant", "Invalid refresh token")
    assert old_access.status_code == 200


def test_refresh_scope_may_only_narrow(
    emulator: Emulator, http: requests.Session
) -> None:
    refresh_token = exchange(emulator, http, code_for(emulator)).json()["refresh_token"]

    wider = request_token(
        emulator,
        http,
        "refresh_token",
        refresh_token=refresh_token,
        scope="user_shows user_orgs",
    )
    narrower = request_token(
        emulator, http, "refresh_token", refresh_token=refresh_token, scope="user_shows"
    )

    assert error_of(wider) == (
        400,
        "invalid_scope",
        "An unsupported scope was requested.",
    )
    assert narrower.json()["scope"] == "user_shows"


def test_refresh_without_token(emulator: Emulator, http: requests.Session) -> None:
    response = request_token(emulator, http, "refresh_token")

    assert error_of(response) == (
        400,
        "invalid_request",
        'No "refresh_token" parameter found',
    )


def test_expired_refresh_token(emulator: Emulator, http: requests.Session) -> None:
    tokens = exchange(emulator, http, code_for(emulator)).json()
    emulator.expire_tokens(ZOE, refresh=True)

    response = request_token(
        emulator, http, "refresh_token", refresh_token=tokens["refresh_token"]
    )

    assert error_of(response) == (400, "invalid_grant", "Refresh token has expired")


def test_other_app_cannot_refresh(emulator: Emulator, http: requests.Session) -> None:
    app = emulator.create_app(app_type="other", redirect_uris=["http://app.example/cb"])
    session = emulator.signed_in_session(ZOE)
    page = session.get(
        emulator.url("/oauth/v2/auth"),
        params={
            "client_id": app["client_id"],
            "response_type": "code",
            "redirect_uri": "http://app.example/cb",
        },
    )
    location = signin.press(session, emulator.base_url, page.text, "accepted").headers[
        "Location"
    ]
    code = location.rsplit("code=", 1)[1]
    credentials = {"client_id": app["client_id"], "client_secret": app["client_secret"]}

    tokens = exchange(
        emulator, http, code, redirect_uri="http://app.example/cb", **credentials
    )
    refresh = request_token(
        emulator,
        http,
        "refresh_token",
        refresh_token=tokens.json()["refresh_token"],
        **credentials,
    )

    assert tokens.status_code == 200
    assert error_of(refresh) == (
        400,
        "unauthorized_client",
        "The grant type is unauthorized for this client_id",
    )


def test_server_app_cannot_exchange_code(
    emulator: Emulator, http: requests.Session
) -> None:
    app = emulator.create_app(app_type="server", owner=OWNER)

    code_grant = exchange(
        emulator,
        http,
        "x",
        client_id=app["client_id"],
        client_secret=app["client_secret"],
    )
    credentials_grant = http.post(
        emulator.url(TOKEN),
        data={"grant_type": "client_credentials", **app},
    )

    assert error_of(code_grant)[:2] == (400, "unauthorized_client")
    assert credentials_grant.status_code == 200


def test_wrong_secret_invalid_client(
    emulator: Emulator, http: requests.Session
) -> None:
    response = exchange(emulator, http, code_for(emulator), client_secret="wrong")

    assert response.status_code == 400
    assert response.text == (FIXTURES / "error_invalid_client.json").read_text().rstrip(
        "\n"
    )
    assert "WWW-Authenticate" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_unknown_client_invalid_client(
    emulator: Emulator, http: requests.Session
) -> None:
    response = exchange(emulator, http, "x", client_id="1_nosuchclient")

    assert error_of(response) == (
        400,
        "invalid_client",
        "The client credentials are invalid",
    )


def test_missing_client_id(emulator: Emulator, http: requests.Session) -> None:
    response = http.post(emulator.url(TOKEN), data={"grant_type": "client_credentials"})

    assert error_of(response) == (
        400,
        "invalid_client",
        "Client id was not found in the headers or body",
    )


@pytest.mark.parametrize("grant_type", ["", "magic"])
def test_invalid_grant_type(
    emulator: Emulator, http: requests.Session, grant_type: str
) -> None:
    response = http.post(emulator.url(TOKEN), data={"grant_type": grant_type})

    assert error_of(response) == (
        400,
        "invalid_request",
        "Invalid grant_type parameter or parameter missing",
    )


def test_password_grant_unauthorized(
    emulator: Emulator, http: requests.Session
) -> None:
    response = request_token(emulator, http, "password")

    assert error_of(response)[:2] == (400, "unauthorized_client")


def test_token_grant_unsupported(emulator: Emulator, http: requests.Session) -> None:
    response = request_token(emulator, http, "token")

    assert response.status_code == 400
    assert (
        response.text == '{"error":"unsupported_grant_type","error_description":null}'
    )


def test_token_put_is_405(emulator: Emulator, http: requests.Session) -> None:
    response = http.put(emulator.url(TOKEN))

    assert response.status_code == 405
    assert response.json() == {"error": {"code": 405, "message": "Method Not Allowed"}}


def test_token_malformed_json_is_400(
    emulator: Emulator, http: requests.Session
) -> None:
    response = http.post(
        emulator.url(TOKEN),
        data="{not json",
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert json.loads(response.text) == {
        "error": {"code": 400, "message": "Bad Request"}
    }
