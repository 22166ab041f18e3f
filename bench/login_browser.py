"""A browser made of a ``requests.Session``: the steps of one sign-in.

The session keeps cookies per host name, as a browser does: the site runs
on localhost and the emulator on 127.0.0.1, so their session cookies never
overwrite each other. Redirects are followed by hand, so that the callback
can be timed on its own.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import requests

from allauth_camdram.emulator import signin

LOGIN_PATH = "/accounts/camdram/login/"
LOGOUT_PATH = "/accounts/logout/"
# The page the example site redirects to after a sign-in.
SIGNED_IN_PATH = "/me/"


class SignInError(RuntimeError):
    """A step of the sign-in did not respond as a working site would."""


class Browser:
    """One person's browser, signed in at the emulator once for all its sign-ins."""

    def __init__(self, site_url: str, emulator_url: str, person_id: int) -> None:
        self.site_url = site_url
        self.emulator_url = emulator_url
        self.session = signin.new_session()
        signin.sign_in(self.session, emulator_url, person_id)

    def go_to_callback(self) -> str:
        """Press the site's Camdram button, approve at the emulator, return the callback URL.

        The emulator shows its consent page only the first time. Later it
        redirects straight back, as Camdram does.
        """
        home = self.session.get(self.site_url + "/")
        fields = _form_fields(home.text, LOGIN_PATH)
        response = self.session.post(
            self.site_url + LOGIN_PATH, data=fields, allow_redirects=False
        )
        authorize_url = _redirect(response, "the site's login")

        response = self.session.get(authorize_url, allow_redirects=False)
        if response.status_code == 200:
            response = signin.press(
                self.session, self.emulator_url, response.text, "accepted"
            )
        callback_url = _redirect(response, "the emulator's authorisation")
        if not callback_url.startswith(self.site_url + "/"):
            raise SignInError(
                f"The emulator redirected to {urlsplit(callback_url).path}, "
                "not to the site's callback"
            )
        return callback_url

    def open_callback(self, callback_url: str) -> requests.Response:
        """GET the callback, as the browser does when Camdram redirects to it."""
        return self.session.get(callback_url, allow_redirects=False)

    def sign_out(self) -> None:
        """Sign out of the site, keeping the emulator's session and consent."""
        page = self.session.get(self.site_url + LOGOUT_PATH)
        fields = _form_fields(page.text, LOGOUT_PATH)
        response = self.session.post(
            self.site_url + LOGOUT_PATH, data=fields, allow_redirects=False
        )
        _redirect(response, "the site's sign-out")


def check_signed_in(response: requests.Response) -> None:
    """Raise ``SignInError`` unless the callback signed the person in.

    allauth renders its authentication error page with status 200, so only
    a redirect to the signed-in page counts.
    """
    location = response.headers.get("Location", "")
    if response.status_code != 302 or urlsplit(location).path != SIGNED_IN_PATH:
        raise SignInError(
            f"The callback returned {response.status_code} to {location!r}: "
            f"{response.text[:300]}"
        )


def _form_fields(html: str, action: str) -> list[tuple[str, str]]:
    for form_action, inputs in signin.parse_forms(html):
        if urlsplit(form_action).path == action:
            return inputs
    raise SignInError(f"The page has no form that posts to {action}")


def _redirect(response: requests.Response, step: str) -> str:
    if response.status_code != 302:
        raise SignInError(
            f"{step} returned {response.status_code}, not a redirect: "
            f"{response.text[:300]}"
        )
    return urljoin(response.url, response.headers["Location"])
