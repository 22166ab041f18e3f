"""/oauth/v2/auth: sign-in, consent, remembered consent and the redirect back."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
import requests

from allauth_camdram.emulator import signin
from allauth_camdram.emulator.testing import Emulator
from tests.emulator.helpers import OWNER, STATE, ZOE, auth_query, query_of

pytestmark = pytest.mark.emulator

AUTH = "/oauth/v2/auth"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{86}$")


def get_auth(
    emulator: Emulator, session: requests.Session, **overrides: str
) -> requests.Response:
    return session.get(
        emulator.url(AUTH),
        params=auth_query(emulator, **overrides),
        allow_redirects=False,
    )


def decide(
    emulator: Emulator, session: requests.Session, button: str, **overrides: str
) -> requests.Response:
    page = get_auth(emulator, session, **overrides)
    assert page.status_code == 200, page.text[:300]
    return signin.press(session, emulator.base_url, page.text, button)


def test_authorize_signed_out_redirects_to_login(
    emulator: Emulator, http: requests.Session
) -> None:
    response = get_auth(emulator, http)

    assert response.status_code == 302
    assert response.headers["Location"] == emulator.url("/auth/login")


def test_sign_in_returns_to_authorize_request(
    emulator: Emulator, http: requests.Session
) -> None:
    query = auth_query(emulator)
    http.get(emulator.url(AUTH), params=query, allow_redirects=False)

    signin.sign_in(http, emulator.base_url, ZOE)
    page = http.get(emulator.url(AUTH), params=query, allow_redirects=False)

    assert page.status_code == 200
    assert "Zoë O&#x27;Brien 🎭" in page.text


def test_sign_in_redirect_target(emulator: Emulator, http: requests.Session) -> None:
    query = auth_query(emulator)
    http.get(emulator.url(AUTH), params=query, allow_redirects=False)
    login_page = http.get(emulator.url("/auth/login"))
    token = dict(signin.parse_forms(login_page.text)[-1][1])[signin.CSRF_FIELD]

    response = http.post(
        emulator.url("/auth/login"),
        data={signin.CSRF_FIELD: token, "person": str(ZOE)},
        allow_redirects=False,
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{AUTH}?{urlencode(query)}"


def test_choose_someone_else_returns_to_consent(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    query = auth_query(emulator)
    session.get(emulator.url(AUTH), params=query)

    signin.sign_in(session, emulator.base_url, OWNER)
    page = session.get(emulator.url(AUTH), params=query, allow_redirects=False)

    assert page.status_code == 200
    assert "Signed in as Rowan Testwhistle" in page.text


def test_sign_in_unknown_person_404(emulator: Emulator, http: requests.Session) -> None:
    login_page = http.get(emulator.url("/auth/login"))
    token = dict(signin.parse_forms(login_page.text)[-1][1])[signin.CSRF_FIELD]

    missing = http.post(
        emulator.url("/auth/login"), data={signin.CSRF_FIELD: token, "person": "1"}
    )
    garbage = http.post(
        emulator.url("/auth/login"), data={signin.CSRF_FIELD: token, "person": "x"}
    )

    assert missing.status_code == 404
    assert garbage.status_code == 404


def test_consent_page_lists_scopes(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    page = get_auth(
        emulator, session, scope="user_email user_shows user_orgs write write_org"
    )

    assert page.status_code == 200
    assert "Example theatre site" in page.text
    assert page.text.count("<li>") == 7
    for text in (
        "Read your e-mail address",
        "Read the list of shows you administer",
        "Read the list of societies and venues you administer",
        "Create and edit data on Camdram for you",
        "Create and edit data for the societies and venues you administer",
        "Recognise you by your Camdram account",
        "See anything that is public on Camdram",
    ):
        assert f"<li>{text}</li>" in page.text


def test_consent_page_form(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    page = get_auth(emulator, session)
    [inputs] = [
        inputs for action, inputs in signin.parse_forms(page.text) if action == AUTH
    ]
    fields = dict(inputs)

    assert '<form method="post" action="/oauth/v2/auth"' in page.text
    assert fields["fos_oauth_server_authorize_form[client_id]"] == emulator.client_id
    assert fields["fos_oauth_server_authorize_form[response_type]"] == "code"
    assert (
        fields["fos_oauth_server_authorize_form[redirect_uri]"] == emulator.redirect_uri
    )
    assert fields["fos_oauth_server_authorize_form[state]"] == STATE
    assert (
        fields["fos_oauth_server_authorize_form[scope]"]
        == "user_email user_shows user_orgs"
    )
    assert len(fields[signin.CSRF_FIELD]) == 64
    assert fields["accepted"] == "Allow"
    assert fields["rejected"] == "Cancel"


def test_unknown_scope_named_on_consent_page(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    page = get_auth(emulator, session, scope="api_write")

    assert page.status_code == 200
    assert "<li>Use the permission \u201capi_write\u201d</li>" in page.text


def test_allow_redirects_state_then_code(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "accepted")

    location = response.headers["Location"]
    prefix = f"{emulator.redirect_uri}?state={STATE}&code="
    assert response.status_code == 302
    assert location.startswith(prefix)
    assert TOKEN_PATTERN.match(location[len(prefix) :])
    assert response.content == b""


def test_allow_without_state_sends_empty_state(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    query = auth_query(emulator)
    del query["state"]
    page = session.get(emulator.url(AUTH), params=query, allow_redirects=False)

    response = signin.press(session, emulator.base_url, page.text, "accepted")

    assert response.headers["Location"].startswith(
        f"{emulator.redirect_uri}?state=&code="
    )


def test_cancel_redirects_access_denied(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "rejected")

    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"{emulator.redirect_uri}?error=access_denied"
        "&error_description=The+user+denied+access+to+your+application"
        f"&state={STATE}"
    )


def test_cancel_without_state_leaves_state_out(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "rejected", state="")

    assert query_of(response.headers["Location"]) == {
        "error": ["access_denied"],
        "error_description": ["The user denied access to your application"],
    }


def test_unknown_client_is_404_html(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = get_auth(emulator, session, client_id="99_nosuchclient")

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Client not found." in response.text


def test_missing_client_id_is_404(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = session.get(emulator.url(AUTH), allow_redirects=False)

    assert response.status_code == 404


def test_bad_redirect_uri_reported_after_click(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    wrong = "http://localhost:9999/accounts/camdram/login/callback/"

    page = get_auth(emulator, session, redirect_uri=wrong)
    response = signin.press(session, emulator.base_url, page.text, "accepted")

    assert page.status_code == 200
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.text == (
        '{"error":"redirect_uri_mismatch","error_description":'
        '"The redirect URI provided does not match registered URI(s)."}'
    )


def test_missing_redirect_uri_is_400(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "accepted", redirect_uri="")

    assert response.status_code == 400
    assert response.json()["error"] == "redirect_uri_mismatch"


@pytest.mark.parametrize(
    "suffix",
    ["", "?next=%2Fdashboard%2F", "extra/"],
)
def test_redirect_uri_prefix_accepted(emulator: Emulator, suffix: str) -> None:
    session = emulator.signed_in_session(ZOE)
    redirect_uri = emulator.redirect_uri + suffix

    response = decide(emulator, session, "accepted", redirect_uri=redirect_uri)

    assert response.status_code == 302
    assert response.headers["Location"].startswith(redirect_uri)


def test_redirect_uri_joins_existing_query(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(
        emulator, session, "accepted", redirect_uri=emulator.redirect_uri + "?a=1"
    )

    assert response.headers["Location"].startswith(
        f"{emulator.redirect_uri}?a=1&state={STATE}&code="
    )


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://localhost:8001/accounts/camdram/login/callback/",  # other port
        "https://localhost:8000/accounts/camdram/login/callback/",  # other scheme
        "http://localhost:8000/accounts/camdram/login/callback/x/../y",  # dot segment
        "http://localhost:8000/accounts/camdram/",  # shorter than registered
    ],
)
def test_redirect_uri_mismatch(emulator: Emulator, redirect_uri: str) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "accepted", redirect_uri=redirect_uri)

    assert response.status_code == 400
    assert response.json()["error"] == "redirect_uri_mismatch"


def test_redirect_uri_prefix_case_insensitive(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    redirect_uri = "http://localhost:8000/ACCOUNTS/camdram/login/callback/"

    response = decide(emulator, session, "accepted", redirect_uri=redirect_uri)

    assert response.status_code == 302


def test_unknown_scope_after_allow_invalid_scope(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "accepted", scope="user_shows api_write")

    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"{emulator.redirect_uri}?error=invalid_scope"
        "&error_description=An+unsupported+scope+was+requested."
        f"&state={STATE}"
    )


def test_unknown_scope_beats_cancel(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "rejected", scope="api_write")

    assert query_of(response.headers["Location"])["error"] == ["invalid_scope"]


def test_missing_response_type_invalid_request(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "accepted", response_type="")

    query = query_of(response.headers["Location"])
    assert response.status_code == 302
    assert query["error"] == ["invalid_request"]
    assert query["state"] == [STATE]


def test_unsupported_response_type(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(emulator, session, "accepted", response_type="id_token")

    assert query_of(response.headers["Location"]) == {
        "error": ["unsupported_response_type"],
        "state": [STATE],
    }


def test_token_response_type_uses_fragment(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)

    response = decide(
        emulator, session, "accepted", response_type="token", scope="user_email"
    )

    parts = urlsplit(response.headers["Location"])
    fragment = query_of(f"?{parts.fragment}")
    assert parts.query == ""
    assert list(fragment) == [
        "state",
        "access_token",
        "expires_in",
        "token_type",
        "scope",
    ]
    assert fragment["expires_in"] == ["3600"]
    assert fragment["token_type"] == ["bearer"]
    assert fragment["scope"] == ["user_email"]


def test_consent_post_without_csrf_is_403(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    fields = {
        f"fos_oauth_server_authorize_form[{k}]": v
        for k, v in auth_query(emulator).items()
    }

    response = session.post(
        emulator.url(AUTH), data={**fields, "accepted": "Allow"}, allow_redirects=False
    )

    assert response.status_code == 403


def test_remembered_consent_skips_page(emulator: Emulator) -> None:
    # Camdram's testRememberAuthorization: an empty scope, approved once.
    session = emulator.signed_in_session(ZOE)
    decide(emulator, session, "accepted", scope="")

    response = get_auth(emulator, session, scope="")

    assert response.status_code == 302
    assert response.headers["Location"].startswith(
        f"{emulator.redirect_uri}?state={STATE}&code="
    )


def test_remembered_consent_leaves_out_absent_state(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    decide(emulator, session, "accepted")
    query = auth_query(emulator)
    del query["state"]

    response = session.get(emulator.url(AUTH), params=query, allow_redirects=False)

    assert response.status_code == 302
    assert list(query_of(response.headers["Location"])) == ["code"]


def test_new_scope_asks_again(emulator: Emulator) -> None:
    # Camdram's testAuthorizationButNewScope.
    session = emulator.signed_in_session(ZOE)
    decide(emulator, session, "accepted", scope="write")

    response = get_auth(emulator, session, scope="write user_email")

    assert response.status_code == 200


def test_remembered_scopes_accumulate(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    decide(emulator, session, "accepted", scope="user_email")
    decide(emulator, session, "accepted", scope="user_shows")

    combined = get_auth(emulator, session, scope="user_shows user_email")
    subset = get_auth(emulator, session, scope="user_email")

    assert combined.status_code == 302
    assert subset.status_code == 302


def test_cancel_remembers_nothing(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    decide(emulator, session, "rejected", scope="user_email")

    response = get_auth(emulator, session, scope="user_email")

    assert response.status_code == 200


def test_consent_is_per_person(emulator: Emulator) -> None:
    decide(emulator, emulator.signed_in_session(ZOE), "accepted")

    response = get_auth(emulator, emulator.signed_in_session(OWNER))

    assert response.status_code == 200


def test_remembered_consent_bad_redirect_is_500(emulator: Emulator) -> None:
    session = emulator.signed_in_session(ZOE)
    decide(emulator, session, "accepted")

    response = get_auth(emulator, session, redirect_uri="http://evil.example/callback")

    assert response.status_code == 500
