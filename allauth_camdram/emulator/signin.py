"""Sign in and submit the consent page with ``requests``, without a browser."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import requests

CSRF_FIELD = "csrfmiddlewaretoken"


class FlowError(RuntimeError):
    """A sign-in or consent step did not respond as expected."""


class FormParser(HTMLParser):
    """Collect every form's action and its named inputs, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append((attributes.get("action", ""), []))
        elif tag in ("input", "button") and self.forms and "name" in attributes:
            self.forms[-1][1].append((attributes["name"], attributes.get("value", "")))


def parse_forms(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def new_session() -> requests.Session:
    session = requests.Session()
    # Proxy settings from the environment must not catch loopback calls.
    session.trust_env = False
    return session


def sign_in(session: requests.Session, base_url: str, person_id: int) -> None:
    """Sign in at the emulator as one of its people, as the sign-in page's button does."""
    page = session.get(f"{base_url}/auth/login")
    token = _field(page.text, CSRF_FIELD)
    response = session.post(
        f"{base_url}/auth/login",
        data={CSRF_FIELD: token, "person": str(person_id)},
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise FlowError(f"Signing in as {person_id} returned {response.status_code}")


def signed_in_session(base_url: str, person_id: int) -> requests.Session:
    session = new_session()
    sign_in(session, base_url, person_id)
    return session


def press(
    session: requests.Session, base_url: str, consent_page: str, button: str
) -> requests.Response:
    """Submit the consent form with ``button`` ("accepted" or "rejected")."""
    for action, inputs in parse_forms(consent_page):
        names = [name for name, _ in inputs]
        if "accepted" in names and "rejected" in names:
            data = [
                (name, value)
                for name, value in inputs
                if name not in ("accepted", "rejected")
            ]
            data.append((button, "Allow" if button == "accepted" else "Cancel"))
            return session.post(f"{base_url}{action}", data=data, allow_redirects=False)
    raise FlowError("The page has no consent form")


def approve(
    session: requests.Session, base_url: str, query: dict[str, str]
) -> dict[str, str]:
    """Request authorisation and return the redirect's query.

    A consent page, shown when the person has not yet authorised the app, is
    accepted with Allow.
    """
    response = session.get(
        f"{base_url}/oauth/v2/auth", params=query, allow_redirects=False
    )
    if response.status_code == 200:
        response = press(session, base_url, response.text, "accepted")
    if response.status_code != 302:
        raise FlowError(
            f"Authorisation returned {response.status_code}: {response.text[:300]}"
        )
    location = response.headers["Location"]
    if urlsplit(location).path == "/auth/login":
        raise FlowError("The session is not signed in at the emulator")
    return dict(parse_qsl(urlsplit(location).query, keep_blank_values=True))


def _field(html: str, name: str) -> str:
    for _, inputs in parse_forms(html):
        for field_name, value in inputs:
            if field_name == name:
                return value
    raise FlowError(f"No {name!r} field on the page")
