"""The emulator's pure helpers, tested in-process without starting it."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from allauth_camdram.emulator import redirect_uris
from allauth_camdram.emulator.dates import date_string, format_datetime
from allauth_camdram.emulator.encoding import encode_compact, encode_pretty
from allauth_camdram.emulator.network import is_loopback, is_loopback_host

DEFAULT_DATA = Path(redirect_uris.__file__).parent / "data" / "default.json"
REGISTERED = "https://app.example/accounts/camdram/"


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("https://app.example/accounts/camdram/", True),
        ("https://app.example/accounts/camdram/login/callback/?x=1", True),
        ("HTTPS://APP.EXAMPLE/Accounts/Camdram/login/", False),  # host case differs
        ("https://app.example/ACCOUNTS/camdram/login/", True),
        ("http://app.example/accounts/camdram/", False),
        ("https://app.example:443/accounts/camdram/", False),
        ("https://app.example/accounts/", False),
        ("https://app.example/accounts/camdram/../admin/", False),
        ("https://app.example/accounts/camdram/%2e%2e/admin/", False),
        ("https://app.example/accounts/camdram/./x", False),
        ("https://app.example/accounts/camdram/..x/", True),
    ],
)
def test_redirect_uri_matches(uri: str, expected: bool) -> None:
    assert redirect_uris.matches(uri, REGISTERED) is expected


def test_redirect_uri_prefix_must_keep_host() -> None:
    # A prefix match alone would accept this; the host check refuses it.
    assert (
        redirect_uris.matches("https://app.example.evil/", "https://app.example")
        is False
    )


def test_empty_registration_matches_relative_only() -> None:
    registered = redirect_uris.split_registered("")

    assert registered == [""]
    assert redirect_uris.matches_any("/authenticate", registered) is True
    assert redirect_uris.matches_any("https://app.example/", registered) is False


def test_split_registered_separators() -> None:
    text = "https://a.example/cb\r\nhttps://b.example/cb,https://c.example/cb https://d.example/"

    assert redirect_uris.split_registered(text) == [
        "https://a.example/cb",
        "https://b.example/cb",
        "https://c.example/cb",
        "https://d.example/",
    ]


def test_sanitise_drops_illegal_characters() -> None:
    assert (
        redirect_uris.sanitise("https://app.example/a b/é?q=\n1")
        == "https://app.example/ab/?q=1"
    )


def test_add_parameters_php_encoding() -> None:
    uri = redirect_uris.add_parameters(
        "https://app.example/cb?next=%2F",
        query={"state": "a b~c/", "code": "XYZ", "skipped": None, "empty": ""},
    )

    assert uri == "https://app.example/cb?next=%2F&state=a+b%7Ec%2F&code=XYZ&empty="


def test_add_parameters_fragment() -> None:
    uri = redirect_uris.add_parameters("myapp://cb#old", fragment={"access_token": "T"})

    assert uri == "myapp://cb#old&access_token=T"


def test_add_parameters_relative_uri() -> None:
    assert redirect_uris.add_parameters("/authenticate", query={"code": "C"}) == (
        "/authenticate?code=C"
    )


def test_encode_pretty_like_php() -> None:
    text = encode_pretty(
        {"url": "/shows/x", "price": "£8 \u2013 🎭", "list": [], "n": None}
    )

    assert text == (
        "{\n"
        '    "url": "\\/shows\\/x",\n'
        '    "price": "\\u00a38 \\u2013 \\ud83c\\udfad",\n'
        '    "list": [],\n'
        '    "n": null\n'
        "}"
    )


def test_encode_compact_like_php() -> None:
    assert encode_compact({"error": "x", "error_description": 'a "b" c/d'}) == (
        '{"error":"x","error_description":"a \\"b\\" c\\/d"}'
    )


@pytest.mark.parametrize(
    ("start_at", "repeat_until", "expected"),
    [
        (datetime(2025, 11, 18, 19, 45, tzinfo=UTC), date(2025, 11, 22),
         "19:45, Tue 18th \u2013 Sat 22nd November 2025"),
        (datetime(2025, 11, 22, 14, 30, tzinfo=UTC), None, "14:30, Sat 22nd November 2025"),
        (datetime(2025, 11, 22, 14, 30, tzinfo=UTC), date(2025, 11, 22),
         "14:30, Sat 22nd November 2025"),
        # British Summer Time: 18:30 UTC is 19:30 in London.
        (datetime(2026, 5, 12, 18, 30, tzinfo=UTC), date(2026, 5, 16),
         "19:30, Tue 12th \u2013 Sat 16th May 2026"),
        (datetime(2025, 10, 28, 19, 30, tzinfo=UTC), date(2025, 11, 1),
         "19:30, Tue 28th October \u2013 Sat 1st November 2025"),
        (datetime(2018, 12, 31, 21, 0, tzinfo=UTC), date(2019, 1, 2),
         "21:00, Mon 31st December 2018 \u2013 Wed 2nd January 2019"),
        (datetime(2026, 3, 11, 12, 0, tzinfo=UTC), date(2026, 3, 13),
         "12:00, Wed 11th \u2013 Fri 13th March 2026"),
        (datetime(2026, 3, 21, 12, 0, tzinfo=UTC), date(2026, 3, 23),
         "12:00, Sat 21st \u2013 Mon 23rd March 2026"),
    ],
)  # fmt: skip
def test_date_string(
    start_at: datetime, repeat_until: date | None, expected: str
) -> None:
    assert date_string(start_at, repeat_until) == expected


def test_format_datetime_is_utc() -> None:
    summer = datetime.fromisoformat("2026-05-12T19:30:00+01:00")

    assert format_datetime(summer) == "2026-05-12T18:30:00+00:00"


@pytest.mark.parametrize(
    ("address", "expected"),
    [("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("10.0.0.1", False),
     ("192.168.1.5", False), ("::ffff:10.0.0.1", False), ("", False), ("nonsense", False)],
)  # fmt: skip
def test_is_loopback(address: str, expected: bool) -> None:
    assert is_loopback(address) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [("http://127.0.0.1:8001/", True), ("http://localhost:8001/", True),
     ("http://[::1]:8001/", True), ("http://0.0.0.0:8001/", False),
     ("http://[::]:8001/", False), ("http://192.168.1.5:8001/", False)],
)  # fmt: skip
def test_is_loopback_host(url: str, expected: bool) -> None:
    assert is_loopback_host(url) is expected


def test_default_data_everyone_administers() -> None:
    data = json.loads(DEFAULT_DATA.read_text(encoding="utf-8"))
    people = {person["id"] for person in data["people"]}

    for kind in ("shows", "societies", "venues"):
        administered = {
            admin for item in data[kind] for admin in item.get("admins", [])
        }
        assert administered == people, kind
    assert data["app"]["owner"] in people


def test_default_data_awkward_names() -> None:
    data = json.loads(DEFAULT_DATA.read_text(encoding="utf-8"))
    names = {show["name"] for show in data["shows"]}

    assert "Rock & Roll <Live>" in names
    assert "🎭 Improv Night 😇" in names
    assert "<script>alert(1)</script>" in names
    assert "رحلة إلى القمر" in names


def test_site_package_never_imports_emulator() -> None:
    package = Path(redirect_uris.__file__).parent.parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "emulator" not in path.relative_to(package).parts
        and re.search(
            r"allauth_camdram\.emulator|from \.+emulator|import emulator",
            path.read_text(),
        )
    ]

    assert offenders == []
