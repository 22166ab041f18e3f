from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.test import Client

from tests.fake_camdram import FakeCamdram

# CI sets these variables so that a postgres or browser test fails, instead of
# skipping, when its PostgreSQL server or Chromium is missing.
REQUIRE_VARIABLES = {
    "postgres": "CAMDRAM_REQUIRE_POSTGRES",
    "browser": "CAMDRAM_REQUIRE_BROWSER",
}
BROWSER_TESTS_DIR = Path(__file__).resolve().parent / "browser"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.skipped and not hasattr(report, "wasxfail"):
        markers = {marker.name for marker in item.iter_markers()}
        if BROWSER_TESTS_DIR in item.path.parents:
            markers.add("browser")
        _fail_required_skip(report, markers)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    # A module-level skip happens before the module's pytestmark is read, so
    # the folder is the only sign that a skipped module contained browser tests.
    report = yield
    path = collector.path
    if report.skipped and (
        path == BROWSER_TESTS_DIR or BROWSER_TESTS_DIR in path.parents
    ):
        _fail_required_skip(report, {"browser"})
    return report


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


def _fail_required_skip(
    report: pytest.TestReport | pytest.CollectReport, markers: set[str]
) -> None:
    for marker, variable in REQUIRE_VARIABLES.items():
        if marker in markers and os.environ.get(variable, "") not in ("", "0"):
            reason = report.longrepr
            if isinstance(reason, tuple):
                reason = reason[2].removeprefix("Skipped: ")
            report.outcome = "failed"
            report.longrepr = f"{variable} is set, so this {marker} test must run, but it was skipped: {reason}"
            return
