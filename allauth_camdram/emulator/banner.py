"""The text the command line prints before it starts serving."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from allauth_camdram.emulator.bootstrap import ADMIN_PASSWORD, ADMIN_USERNAME
from allauth_camdram.emulator.models import Person
from allauth_camdram.emulator.network import is_loopback_host


def banner(
    *,
    url: str,
    database: Path,
    client_id: str,
    client_secret: str,
    redirect_uris: Sequence[str],
    people: Sequence[Person],
    latency_ms: int,
    faults: Sequence[str],
) -> str:
    """Return what a developer needs: the app's credentials and who to sign in as."""
    lines = [
        "Camdram emulator",
        f"  Database       {database}",
        f"  Camdram URL    {url.rstrip('/')}",
        f"  Client id      {client_id}",
        f"  Client secret  {client_secret}",
    ]
    for index, uri in enumerate(redirect_uris):
        label = "Redirect URIs" if index == 0 else ""
        lines.append(f"  {label:<13}  {uri}")
    lines.append(
        f"  Admin          {url}admin/ (username {ADMIN_USERNAME}, password {ADMIN_PASSWORD} unless changed)"
    )
    if latency_ms:
        lines.append(f"  Latency        {latency_ms} ms added to every request")
    for fault in faults:
        lines.append(f"  Fault          {fault}")
    if not is_loopback_host(url):
        lines.append(
            "  Warning        not listening on loopback only: anyone who can reach this "
            "port can use the admin and sign in as anyone"
        )
    lines.append("  People you can sign in as:")
    for person in people:
        email = person.email or "no email address"
        lines.append(f"    {person.pk:>6}  {person.name} <{email}>")
    return "\n".join(lines)
