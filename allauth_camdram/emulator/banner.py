"""The text the command line prints before it starts serving."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from allauth_camdram.emulator.bootstrap import ADMIN_PASSWORD, ADMIN_USERNAME
from allauth_camdram.emulator.models import Fault, Person
from allauth_camdram.emulator.models.faults import KIND_SLOW
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
    faults: Sequence[Fault],
) -> str:
    """Return what a developer needs: the app's credentials and who to sign in as.

    ``faults`` are the active ones, listed with where they came from, because
    a fault kept in the database from an earlier run would otherwise break
    logins with no visible reason.
    """
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
    for index, fault in enumerate(faults):
        label = "Faults" if index == 0 else ""
        lines.append(f"  {label:<13}  {describe_fault(fault)}")
    if faults:
        lines.append(
            f"  {'':<13}  Delete or disable them at {url}admin/camdram_emulator/fault/, "
            "or start with --reset for a new database"
        )
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


def describe_fault(fault: Fault) -> str:
    """Return a fault's ``--fault`` form, its limits and where it came from."""
    text = fault.spec()
    if fault.delay_ms and fault.kind != KIND_SLOW:
        text += f", after {fault.delay_ms} ms"
    if fault.remaining is not None:
        noun = "request" if fault.remaining == 1 else "requests"
        text += f", for {fault.remaining} more {noun}"
    return f"{text} ({fault.get_source_display()})"
