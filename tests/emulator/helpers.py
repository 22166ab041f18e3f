"""Shared values and steps for the emulator's contract tests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from allauth_camdram.emulator import signin
from allauth_camdram.emulator.testing import Emulator

# Camdram's response shapes with invented data; the shipped seed data contains
# the same people, shows and organisations, so responses match byte for byte.
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# People in the shipped seed data.
OWNER = 4821  # owns the app; the fixtures' person
ZOE = 5102  # "Zoë O'Brien 🎭"
AMIRA = 5230
MORGAN = 5377  # has no email address
STATE = "st4te"


def auth_query(emulator: Emulator, **overrides: str) -> dict[str, str]:
    """Return a valid authorize query for the emulator's app, with overrides."""
    query = {
        "client_id": emulator.client_id,
        "response_type": "code",
        "redirect_uri": emulator.redirect_uri,
        "state": STATE,
        "scope": "user_email user_shows user_orgs",
    }
    query.update(overrides)
    return query


def query_of(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query, keep_blank_values=True)


def request_token(
    emulator: Emulator, http: requests.Session, grant_type: str, **fields: str
) -> requests.Response:
    """POST a form-encoded token request as the emulator's app.

    ``fields`` add parameters or replace the app's ``client_id`` and ``client_secret``.
    """
    data = {
        "grant_type": grant_type,
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
        **fields,
    }
    return http.post(emulator.url("/oauth/v2/token"), data=data)


def exchange(
    emulator: Emulator, http: requests.Session, code: str, **overrides: str
) -> requests.Response:
    fields = {"code": code, "redirect_uri": emulator.redirect_uri, **overrides}
    return request_token(emulator, http, "authorization_code", **fields)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csrf_token(html: str) -> str:
    """Return the CSRF token of the first form on the page that has one."""
    for _, inputs in signin.parse_forms(html):
        for name, value in inputs:
            if name == signin.CSRF_FIELD:
                return value
    raise AssertionError("No form on the page has a CSRF token")


def admin_login(emulator: Emulator) -> tuple[requests.Session, requests.Response]:
    """Sign in at the emulator's admin as the superuser the command line creates."""
    http = signin.new_session()
    page = http.get(emulator.url("/admin/login/"))
    response = http.post(
        emulator.url("/admin/login/?next=/admin/"),
        data={
            signin.CSRF_FIELD: csrf_token(page.text),
            "username": "admin",
            "password": "admin",
            "next": "/admin/",
        },
        allow_redirects=False,
    )
    return http, response
