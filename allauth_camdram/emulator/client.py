"""A client for a running emulator: its control API and browser-free logins."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Sequence
from typing import Any

import requests

from allauth_camdram.emulator import signin

STOP_TIMEOUT = 10.0


class EmulatorError(RuntimeError):
    """The emulator did not start, or a control request failed."""


class Emulator:
    """A running emulator: its URL, app credentials and control API."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        redirect_uris: Sequence[str],
        process: subprocess.Popen[str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = list(redirect_uris)
        self.redirect_uri = self.redirect_uris[0]
        self.process = process
        # Everything the emulator printed so far, line by line.
        self.output: list[str] = []
        # The thread that copies the emulator's standard output into ``output``.
        self.output_reader: threading.Thread | None = None
        self._control = requests.Session()
        # Proxy settings from the environment must not catch loopback calls.
        self._control.trust_env = False

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def stop(self, stop_signal: int = signal.SIGINT) -> int | None:
        """Stop the emulator as Ctrl-C would, killing it if it does not exit in time.

        Returns its exit status. Afterwards ``output`` contains everything it printed.
        """
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(stop_signal if os.name == "posix" else signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.output_reader is not None:
            self.output_reader.join(timeout=STOP_TIMEOUT)
        return process.returncode

    # Control API

    def control(self, method: str, path: str, json: Any = None) -> Any:
        """Call ``/_emulator/<path>`` and return its decoded JSON."""
        response = self._control.request(
            method, self.url(f"/_emulator/{path}"), json=json
        )
        if response.status_code != 200:
            raise EmulatorError(
                f"{method} /_emulator/{path} returned {response.status_code}: {response.text}"
            )
        return response.json()

    def people(self) -> list[dict[str, Any]]:
        return list(self.control("GET", "")["people"])

    def set_fault(
        self,
        endpoint: str,
        kind: str,
        *,
        status: int | None = None,
        delay_ms: int = 0,
        times: int | None = None,
    ) -> dict[str, Any]:
        """Make an endpoint misbehave: kind is "slow", "error", "html" or "invalid_json".

        ``times`` limits it to the next N requests; None means until cleared.
        """
        options = {
            "endpoint": endpoint,
            "kind": kind,
            "status": status,
            "delay_ms": delay_ms,
            "times": times,
        }
        fault: dict[str, Any] = self.control("POST", "faults", options)
        return fault

    def clear_faults(self) -> None:
        self.control("DELETE", "faults")

    def set_latency(self, milliseconds: int) -> None:
        self.control("PUT", "latency", {"ms": milliseconds})

    def expire_tokens(
        self,
        person_id: int,
        *,
        access: bool = True,
        refresh: bool = False,
        codes: bool = False,
    ) -> dict[str, int]:
        options = {"access": access, "refresh": refresh, "codes": codes}
        counts: dict[str, int] = self.control(
            "POST", f"people/{person_id}/expire-tokens", options
        )
        return counts

    def forget_consent(self, person_id: int) -> None:
        """Delete a person's remembered authorisations, so consent is requested again."""
        self.control("DELETE", f"people/{person_id}/authorisations")

    def request_log(self, after: int = 0) -> list[dict[str, Any]]:
        """Return the logged requests: method, path, status and parameter names.

        No token, code or secret values are logged, but token requests record
        their ``grant_type`` and ``client_id``.
        """
        entries: list[dict[str, Any]] = self.control("GET", f"requests?after={after}")
        return entries

    def clear_request_log(self) -> None:
        self.control("DELETE", "requests")

    def load_data(self, document: dict[str, Any]) -> dict[str, int]:
        """Create or update listings from a document in the seed data format."""
        counts: dict[str, int] = self.control("POST", "data", document)
        return counts

    def update(self, kind: str, pk: int, **fields: Any) -> None:
        """Change fields of a show, society, venue, person or image."""
        self.control("PATCH", f"{kind}/{pk}", fields)

    def delete(self, kind: str, pk: int) -> None:
        self.control("DELETE", f"{kind}/{pk}")

    def rename_show(self, show_id: int, name: str) -> None:
        self.update("shows", show_id, name=name)

    def add_show(self, show_id: int, name: str, slug: str, **fields: Any) -> None:
        """Add a show; ``admins=[person ids]`` lists it for those people."""
        self.load_data(
            {"shows": [{"id": show_id, "name": name, "slug": slug, **fields}]}
        )

    def create_app(
        self,
        *,
        app_type: str = "website",
        redirect_uris: Sequence[str] = (),
        owner: int | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        name: str = "Test app",
    ) -> dict[str, str]:
        """Create another OAuth app; returns its ``client_id`` and ``client_secret``.

        Without ``client_id`` the app gets one in Camdram's ``<id>_<random>`` form.
        """
        options = {
            "app_type": app_type,
            "redirect_uris": list(redirect_uris),
            "owner": owner,
            "client_id": client_id,
            "client_secret": client_secret,
            "name": name,
        }
        credentials: dict[str, str] = self.control("POST", "apps", options)
        return credentials

    def reset(self, *, data: bool = True, consents: bool = True) -> None:
        """Clear faults and the request log, and restore the starting latency.

        ``data`` restores the seed data and ``consents`` deletes every
        remembered authorisation. Issued tokens stay valid.
        """
        self.control("POST", "reset", {"data": data, "consents": consents})

    # Browser-side steps without a browser

    def signed_in_session(self, person_id: int) -> requests.Session:
        return signin.signed_in_session(self.base_url, person_id)

    def authorize(self, person_id: int, **parameters: str) -> dict[str, str]:
        """Sign in, press Allow and return the redirect's query (``code``, ``state``)."""
        session = self.signed_in_session(person_id)
        query = {
            "client_id": self.client_id,
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            **parameters,
        }
        return signin.approve(session, self.base_url, query)

    def obtain_tokens(self, person_id: int, scope: str = "") -> dict[str, Any]:
        """Run a whole login for a person and return the token response."""
        code = self.authorize(person_id, scope=scope)["code"]
        response = self._control.post(
            self.url("/oauth/v2/token"),
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            },
        )
        if response.status_code != 200:
            raise EmulatorError(
                f"Token exchange failed: {response.status_code} {response.text}"
            )
        tokens: dict[str, Any] = response.json()
        return tokens
