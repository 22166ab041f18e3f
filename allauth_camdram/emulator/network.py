"""Loopback detection for the control API, which serves only local clients."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback(address: str) -> bool:
    """Return whether an IP address is a loopback address (127.0.0.0/8 or ::1)."""
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def is_loopback_host(url: str) -> bool:
    """Return whether a URL's host is a loopback address or ``localhost``."""
    host = urlsplit(url).hostname or ""
    return host == "localhost" or is_loopback(host)
