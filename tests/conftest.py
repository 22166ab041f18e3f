from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.test import Client

from tests.fake_camdram import FakeCamdram


@pytest.fixture
def camdram() -> Iterator[FakeCamdram]:
    """A fake Camdram; any request to another host fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeCamdram(mock)


def start_login(client: Client, **data: str) -> dict[str, list[str]]:
    """POST the Camdram login URL and return the authorize URL's query."""
    response = client.post("/accounts/camdram/login/", data)
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    assert location.startswith("https://camdram.test/oauth/v2/auth?"), location
    return parse_qs(urlsplit(location).query)


def finish_login(client: Client, state: str, code: str = "C0DE") -> object:
    """Call the callback as Camdram would after Allow."""
    return client.get(
        "/accounts/camdram/login/callback/", {"state": state, "code": code}
    )
