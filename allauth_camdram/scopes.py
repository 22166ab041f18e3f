"""Parsing of the configured Camdram scope, and the names Camdram rejects.

The provider, the login client and the system checks share these, so a
scope that the checks accept is exactly a scope that login sends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from allauth_camdram.constants import LEGACY_SCOPES, SUPPORTED_SCOPES

# People copy scopes from docs in either form, "a b" or "a,b".
_SCOPE_SEPARATOR = re.compile(r"[\s,]+")


def parse_scope(value: object) -> list[str]:
    """Turn a ``SCOPE`` or app ``scope`` setting into a list of scope names.

    A string is split on spaces and commas, because allauth would otherwise
    treat it as a list of single characters. Items of a list, and any other
    value, are converted with ``str()`` so that a wrong item shows up as an
    unknown scope rather than as a ``TypeError``. Duplicates are dropped and
    the order is kept.
    """
    if isinstance(value, str):
        items: Iterable[object] = _SCOPE_SEPARATOR.split(value)
    elif isinstance(value, (list, tuple)):
        items = value
    elif isinstance(value, (set, frozenset)):
        # A set has no order, so sort it to keep the authorize URL stable.
        items = sorted(value, key=str)
    else:
        items = [value]
    names = (str(item).strip() for item in items)
    return list(dict.fromkeys(name for name in names if name))


def legacy_scopes(names: Iterable[str]) -> list[str]:
    """Return the names Camdram renamed in June 2020, which it now rejects."""
    return [name for name in names if name in LEGACY_SCOPES]


def unknown_scopes(names: Iterable[str]) -> list[str]:
    """Return the names that are neither supported nor a known legacy name."""
    return [
        name
        for name in names
        if name not in SUPPORTED_SCOPES and name not in LEGACY_SCOPES
    ]


def describe_rejected_scopes(names: Iterable[str]) -> str | None:
    """Return why Camdram would reject ``names``, or ``None`` if it accepts them."""
    names = list(names)
    problems = []
    legacy = legacy_scopes(names)
    if legacy:
        renames = ", ".join(f"{name} (now {LEGACY_SCOPES[name]})" for name in legacy)
        problems.append(f"legacy scope names {renames}")
    unknown = unknown_scopes(names)
    if unknown:
        problems.append(f"unknown scope names {', '.join(map(repr, unknown))}")
    if not problems:
        return None
    supported = " ".join(SUPPORTED_SCOPES)
    return f"Camdram rejects {' and '.join(problems)}; it supports: {supported}"
