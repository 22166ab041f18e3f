"""The emulator's admin: expiring a person's tokens and finding the faults."""

from __future__ import annotations

import pytest
import requests

from allauth_camdram.emulator import signin
from allauth_camdram.emulator.testing import Emulator
from tests.emulator.helpers import (
    AMIRA,
    ZOE,
    admin_login,
    bearer,
    csrf_token,
    exchange,
    request_token,
)

pytestmark = pytest.mark.emulator

PEOPLE = "/admin/camdram_emulator/person/"
ACCOUNT = "/auth/account.json"


@pytest.fixture(scope="module")
def admin_http(camdram_emulator_process: Emulator) -> requests.Session:
    http, _ = admin_login(camdram_emulator_process)
    return http


def expire_in_admin(
    emulator: Emulator, admin_http: requests.Session, person_ids: list[int]
) -> requests.Response:
    """Run the admin's expire action on ``person_ids`` and return the page it leads to."""
    changelist = admin_http.get(emulator.url(PEOPLE))
    return admin_http.post(
        emulator.url(PEOPLE),
        data={
            signin.CSRF_FIELD: csrf_token(changelist.text),
            "action": "expire_tokens",
            "_selected_action": [str(pk) for pk in person_ids],
            "index": "0",
            "select_across": "0",
        },
    )


def refresh(
    emulator: Emulator, http: requests.Session, refresh_token: str
) -> requests.Response:
    return request_token(emulator, http, "refresh_token", refresh_token=refresh_token)


def test_admin_expire_action_expires_all(
    emulator: Emulator, admin_http: requests.Session, http: requests.Session
) -> None:
    # Tokens of earlier tests would otherwise add to the counts.
    emulator.expire_tokens(ZOE, refresh=True, codes=True)
    tokens = emulator.obtain_tokens(ZOE, "user_email")
    code = emulator.authorize(ZOE, scope="user_email")["code"]
    other = emulator.obtain_tokens(AMIRA, "user_email")

    page = expire_in_admin(emulator, admin_http, [ZOE])
    account = http.get(emulator.url(ACCOUNT), headers=bearer(tokens["access_token"]))
    refreshed = refresh(emulator, http, tokens["refresh_token"])
    exchanged = exchange(emulator, http, code)
    other_account = http.get(
        emulator.url(ACCOUNT), headers=bearer(other["access_token"])
    )

    assert page.status_code == 200
    assert (
        "Expired 1 access token, 1 refresh token and 1 code of "
        "Zoë O&#x27;Brien 🎭 (#5102)." in page.text
    )
    assert account.status_code == 401
    assert refreshed.json()["error_description"] == "Refresh token has expired"
    assert exchanged.json()["error_description"] == (
        "The authorization code has expired"
    )
    assert other_account.status_code == 200


def test_admin_expire_action_counts_valid_only(
    emulator: Emulator, admin_http: requests.Session
) -> None:
    for person in (ZOE, AMIRA):
        emulator.expire_tokens(person, refresh=True, codes=True)
        emulator.obtain_tokens(person, "user_email")

    first = expire_in_admin(emulator, admin_http, [ZOE, AMIRA])
    second = expire_in_admin(emulator, admin_http, [ZOE, AMIRA])

    assert (
        "Expired 2 access tokens, 2 refresh tokens and 0 codes of 2 people."
        in first.text
    )
    assert (
        "Expired 0 access tokens, 0 refresh tokens and 0 codes of 2 people."
        in second.text
    )


def test_admin_index_names_faults(
    emulator: Emulator, admin_http: requests.Session
) -> None:
    emulator.set_fault("token", "error", status=503)

    index = admin_http.get(emulator.url("/admin/"))
    faults = admin_http.get(emulator.url("/admin/camdram_emulator/fault/"))

    assert (
        'href="/admin/camdram_emulator/fault/">'
        "Faults (make endpoints fail or slow down)</a>" in index.text
    )
    assert '<td class="field-source">control API: kept across restarts</td>' in (
        faults.text
    )
