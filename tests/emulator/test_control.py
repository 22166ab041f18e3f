"""The control API: faults, latency, token expiry, request log and data edits."""

from __future__ import annotations

import json

import pytest
import requests

from allauth_camdram.emulator.testing import Emulator, EmulatorError
from tests.emulator.helpers import (
    AMIRA,
    OWNER,
    ZOE,
    auth_query,
    bearer,
    exchange,
    request_token,
)

pytestmark = pytest.mark.emulator

SHOWS = "/auth/account/shows.json"
TOKEN = "/oauth/v2/token"


def client_credentials(emulator: Emulator, http: requests.Session) -> requests.Response:
    return request_token(emulator, http, "client_credentials")


def show_names(emulator: Emulator, http: requests.Session, person: int) -> list[str]:
    token = emulator.obtain_tokens(person, "user_shows")["access_token"]
    return [
        show["name"]
        for show in http.get(emulator.url(SHOWS), headers=bearer(token)).json()
    ]


def test_error_fault_once(emulator: Emulator, http: requests.Session) -> None:
    emulator.set_fault("token", "error", status=503, times=1)

    failed = client_credentials(emulator, http)
    recovered = client_credentials(emulator, http)

    assert failed.status_code == 503
    assert failed.json() == {"error": {"code": 503, "message": "Service Unavailable"}}
    assert recovered.status_code == 200


def test_error_fault_until_cleared(emulator: Emulator, http: requests.Session) -> None:
    emulator.set_fault("token", "error")

    first = client_credentials(emulator, http)
    second = client_credentials(emulator, http)
    emulator.clear_faults()
    cleared = client_credentials(emulator, http)

    assert first.status_code == 500
    assert second.status_code == 500
    assert cleared.status_code == 200


def test_html_fault(emulator: Emulator, http: requests.Session) -> None:
    token = emulator.obtain_tokens(OWNER, "user_shows")["access_token"]
    emulator.set_fault("shows", "html")

    response = http.get(emulator.url(SHOWS), headers=bearer(token))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.text.startswith("<!DOCTYPE html>")


def test_invalid_json_fault(emulator: Emulator, http: requests.Session) -> None:
    emulator.set_fault("account", "invalid_json", status=200)

    response = http.get(emulator.url("/auth/account.json"), headers=bearer("anything"))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_authorize_fault(emulator: Emulator) -> None:
    emulator.set_fault("authorize", "error", status=502)
    session = emulator.signed_in_session(ZOE)

    response = session.get(emulator.url("/oauth/v2/auth"), params=auth_query(emulator))

    assert response.status_code == 502


def test_slow_fault_responds_normally(
    emulator: Emulator, http: requests.Session
) -> None:
    fault = emulator.set_fault("token", "slow", delay_ms=50)

    response = client_credentials(emulator, http)

    assert fault["delay_ms"] == 50
    assert response.status_code == 200
    assert emulator.request_log()[-1]["fault"] == "slow 200"


def test_fault_listed_and_deleted(emulator: Emulator) -> None:
    fault = emulator.set_fault("organisations", "error", status=504, times=3)

    listed = emulator.control("GET", "faults")
    emulator.control("DELETE", f"faults/{fault['id']}")

    assert listed == [
        {
            "id": fault["id"],
            "spec": "organisations:error:504",
            "endpoint": "organisations",
            "kind": "error",
            "delay_ms": 0,
            "status": 504,
            "remaining": 3,
            "enabled": True,
            "source": "control_api",
        }
    ]
    assert emulator.control("GET", "faults") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"endpoint": "login", "kind": "error"}, "Unknown endpoint 'login'"),
        ({"endpoint": "token", "kind": "crash"}, "Unknown kind 'crash'"),
        ({"endpoint": "token", "kind": "error", "status": 99}, "status must be"),
        ({"endpoint": "token", "kind": "slow", "delay_ms": -1}, "delay_ms must be"),
        ({"endpoint": "token", "kind": "error", "times": 0}, "times must be"),
    ],
)
def test_invalid_fault_rejected(
    emulator: Emulator, options: dict[str, object], message: str
) -> None:
    with pytest.raises(EmulatorError, match=message) as raised:
        emulator.control("POST", "faults", options)

    assert "returned 400" in str(raised.value)


def test_latency_set_and_reset(emulator: Emulator) -> None:
    emulator.set_latency(5)
    changed = emulator.control("GET", "latency")

    emulator.reset()

    assert changed == {"ms": 5}
    assert emulator.control("GET", "latency") == {"ms": 0}


def test_expire_tokens_counts(emulator: Emulator) -> None:
    # Tokens of earlier tests would otherwise add to the counts.
    emulator.expire_tokens(AMIRA, refresh=True, codes=True)
    emulator.obtain_tokens(AMIRA, "user_shows")
    emulator.obtain_tokens(AMIRA, "user_shows")

    counts = emulator.expire_tokens(AMIRA, refresh=True, codes=True)
    again = emulator.expire_tokens(AMIRA, refresh=True, codes=True)

    assert counts == {"access_tokens": 2, "refresh_tokens": 2, "codes": 0}
    assert again == {"access_tokens": 0, "refresh_tokens": 0, "codes": 0}


def test_expire_tokens_unknown_person_404(emulator: Emulator) -> None:
    with pytest.raises(EmulatorError, match="returned 404"):
        emulator.expire_tokens(1)


def test_forget_consent_asks_again(emulator: Emulator) -> None:
    emulator.authorize(ZOE, scope=auth_query(emulator)["scope"])
    session = emulator.signed_in_session(ZOE)
    remembered = session.get(
        emulator.url("/oauth/v2/auth"),
        params=auth_query(emulator),
        allow_redirects=False,
    )

    emulator.forget_consent(ZOE)
    prompted = session.get(
        emulator.url("/oauth/v2/auth"),
        params=auth_query(emulator),
        allow_redirects=False,
    )

    assert remembered.status_code == 302
    assert prompted.status_code == 200


def test_request_log_omits_secrets(emulator: Emulator, http: requests.Session) -> None:
    emulator.clear_request_log()
    code = emulator.authorize(ZOE, scope="user_shows")["code"]
    tokens = exchange(emulator, http, code).json()
    http.get(emulator.url(SHOWS), headers=bearer(tokens["access_token"]))
    http.get(emulator.url(SHOWS), params={"access_token": tokens["access_token"]})

    log = emulator.request_log()
    text = json.dumps(log)

    for secret in (
        code,
        tokens["access_token"],
        tokens["refresh_token"],
        emulator.client_secret,
    ):
        assert secret not in text
    token_request = next(entry for entry in log if entry["path"] == TOKEN)
    assert token_request["method"] == "POST"
    assert token_request["grant_type"] == "authorization_code"
    assert token_request["client_auth"] == "body"
    assert token_request["client_id"] == emulator.client_id
    assert token_request["status"] == 200
    assert "client_secret" in token_request["body_keys"]
    api_requests = [entry for entry in log if entry["path"] == SHOWS]
    assert [entry["authorization"] for entry in api_requests] == ["Bearer", None]
    assert [entry["query_keys"] for entry in api_requests] == [[], ["access_token"]]


def test_request_log_basic_client_auth(
    emulator: Emulator, http: requests.Session
) -> None:
    emulator.clear_request_log()
    http.post(
        emulator.url(TOKEN),
        data={"grant_type": "client_credentials"},
        auth=(emulator.client_id, emulator.client_secret),
    )

    [entry] = emulator.request_log()

    assert entry["authorization"] == "Basic"
    assert entry["client_auth"] == "basic"
    assert entry["client_id"] == emulator.client_id


def test_request_log_hides_unknown_scheme(
    emulator: Emulator, http: requests.Session
) -> None:
    emulator.clear_request_log()
    http.get(
        emulator.url(SHOWS),
        headers={"Authorization": "rawtokenvalue"},
        allow_redirects=False,
    )

    [entry] = emulator.request_log()

    assert entry["authorization"] == "other"


def test_request_log_after(emulator: Emulator, http: requests.Session) -> None:
    client_credentials(emulator, http)
    last = emulator.request_log()[-1]["sequence"]
    client_credentials(emulator, http)

    assert [entry["sequence"] for entry in emulator.request_log(after=last)] == [
        last + 1
    ]


def test_rename_show_seen_by_api(emulator: Emulator, http: requests.Session) -> None:
    emulator.rename_show(9107, "Saltmarsh: The Musical")

    assert show_names(emulator, http, OWNER) == [
        "The Paper Orchard",
        "Saltmarsh: The Musical",
        "Untitled Sketch Night",
    ]


def test_add_and_delete_show(emulator: Emulator, http: requests.Session) -> None:
    emulator.add_show(
        9999,
        "A New Play",
        "2026-a-new-play",
        admins=[OWNER],
        societies=[112],
        performances=[{"start_at": "2026-06-01T18:00:00+00:00", "venue": 38}],
    )
    added = show_names(emulator, http, OWNER)
    emulator.delete("shows", 9013)

    assert added[-1] == "A New Play"
    assert show_names(emulator, http, OWNER) == [
        "Saltmarsh: A Musical",
        "Untitled Sketch Night",
        "A New Play",
    ]


def test_admin_change_removes_show(emulator: Emulator, http: requests.Session) -> None:
    emulator.update("shows", 9150, admins=[ZOE])

    assert "Untitled Sketch Night" not in show_names(emulator, http, OWNER)


def test_reset_restores_data(emulator: Emulator, http: requests.Session) -> None:
    emulator.rename_show(9013, "Renamed")
    emulator.add_show(9998, "Extra", "extra", admins=[OWNER])

    emulator.reset()

    assert show_names(emulator, http, OWNER) == [
        "The Paper Orchard",
        "Saltmarsh: A Musical",
        "Untitled Sketch Night",
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"plays": []}, "Unknown keys in emulator data: plays"),
        ({"shows": [{"name": "No id"}]}, "must be an object with an integer id"),
        ({"shows": [{"id": 1, "title": "x"}]}, "Unknown keys in shows 1: title"),
        (
            {"shows": [{"id": 1, "name": "x", "slug": "x", "societies": [404]}]},
            "refers to society 404, which does not exist",
        ),
    ],
)
def test_invalid_data_rejected(
    emulator: Emulator, document: dict[str, object], message: str
) -> None:
    with pytest.raises(EmulatorError, match=message):
        emulator.load_data(document)


def test_unknown_listing_kind_rejected(emulator: Emulator) -> None:
    with pytest.raises(EmulatorError, match="Unknown kind 'plays'"):
        emulator.update("plays", 1, name="x")


def test_created_app_has_camdram_client_id(emulator: Emulator) -> None:
    app = emulator.create_app(app_type="other", redirect_uris=["http://app.example/"])

    number, _, random = app["client_id"].partition("_")

    assert number.isdigit()
    assert 45 <= len(random) <= 50
    assert random.isalnum()
    assert random.islower()


def test_deleted_person_tokens_invalid(
    emulator: Emulator, http: requests.Session
) -> None:
    emulator.load_data({"people": [{"id": 77, "name": "Temporary Person"}]})
    token = emulator.obtain_tokens(77, "user_shows")["access_token"]

    emulator.delete("people", 77)
    response = http.get(emulator.url(SHOWS), headers=bearer(token))

    assert response.status_code == 401
    assert (
        response.json()["error_description"] == "The access token provided is invalid."
    )


def test_status_lists_people(emulator: Emulator) -> None:
    people = emulator.people()

    assert [person["id"] for person in people] == [4821, 5102, 5230, 5377, 5460]
    assert people[3] == {"id": 5377, "name": "Morgan Lake", "email": ""}


def test_control_wrong_method_405(emulator: Emulator, http: requests.Session) -> None:
    response = http.get(emulator.url("/_emulator/reset"))

    assert response.status_code == 405
