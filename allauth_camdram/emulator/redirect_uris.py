"""Camdram's rules for redirect URIs: matching, and appending parameters.

Camdram's OAuth library (friendsofsymfony/oauth2-php 1.3.1) accepts a
redirect URI when a registered URI is a case-insensitive prefix of it, the
host and port are identical, and its path has no ``/./`` or ``/../``
segment. That is looser than RFC 6749's exact match, and clients rely on it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from urllib.parse import quote_plus, unquote, urlsplit, urlunsplit

# The characters PHP's FILTER_SANITIZE_URL keeps. It drops all others.
_URL_CHARACTERS = frozenset(
    string.ascii_letters + string.digits + "$-_.+!*'(),{}|\\^~[]`<>#%\";/?:@&="
)
_DOT_SEGMENT = re.compile(r"/\.\.?/")


def sanitise(uri: str) -> str:
    """Drop the characters PHP's URL sanitiser drops (spaces, non-ASCII, ...)."""
    return "".join(character for character in uri if character in _URL_CHARACTERS)


def split_registered(text: str) -> list[str]:
    """Split an app's registered URIs, stored one per line or comma-separated.

    An empty list becomes one empty URI, as in Camdram, and so matches only
    redirect URIs without a host, such as ``/authenticate``.
    """
    uris = [uri for uri in re.split(r"[\s,]+", text) if uri]
    return uris or [""]


def matches(uri: str, registered: str) -> bool:
    """Return whether ``uri`` passes Camdram's prefix rule for ``registered``."""
    if uri[: len(registered)].lower() != registered.lower():
        return False
    if _host_and_port(uri) != _host_and_port(registered):
        return False
    return not _DOT_SEGMENT.search(unquote(urlsplit(uri).path))


def matches_any(uri: str, registered: Iterable[str]) -> bool:
    return any(matches(uri, candidate) for candidate in registered)


def add_parameters(
    uri: str,
    query: Mapping[str, str | None] | None = None,
    fragment: Mapping[str, str | None] | None = None,
) -> str:
    """Append parameters to a redirect URI the way PHP's http_build_query does.

    Parameters whose value is ``None`` are left out, while empty strings are
    kept as ``name=``. Parameters join an existing query or fragment with ``&``.
    """
    parts = urlsplit(uri)
    new_query = parts.query
    new_fragment = parts.fragment
    if query is not None:
        new_query = _join(parts.query, build_query(query))
    if fragment is not None:
        new_fragment = _join(parts.fragment, build_query(fragment))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, new_query, new_fragment))


def build_query(parameters: Mapping[str, str | None]) -> str:
    """Encode like PHP's http_build_query: spaces as ``+``, ``~`` encoded."""
    return "&".join(
        f"{_php_urlencode(name)}={_php_urlencode(value)}"
        for name, value in parameters.items()
        if value is not None
    )


def _join(existing: str, addition: str) -> str:
    if existing and addition:
        return f"{existing}&{addition}"
    return existing or addition


def _php_urlencode(value: str) -> str:
    return quote_plus(value, safe="").replace("~", "%7E")


def _host_and_port(uri: str) -> tuple[str | None, str | None]:
    """Return the host and port as written, like PHP's parse_url.

    ``urlsplit().hostname`` lowercases the host, but Camdram compares hosts
    case-sensitively, so the network location is split by hand.
    """
    netloc = urlsplit(uri).netloc
    if not netloc:
        return None, None
    host_port = netloc.rpartition("@")[2]
    if host_port.startswith("["):
        host, _, rest = host_port.partition("]")
        host += "]"
        port = rest[1:] if rest.startswith(":") else None
    else:
        host, colon, port_text = host_port.partition(":")
        port = port_text if colon else None
    return host, port or None
