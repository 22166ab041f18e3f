"""Preparing the emulator's database before it serves: migrate, seed, configure."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command

from allauth_camdram.emulator import seed
from allauth_camdram.emulator.applications import ensure_application
from allauth_camdram.emulator.models import Fault, Person
from allauth_camdram.emulator.models.faults import (
    ENDPOINT_CHOICES,
    KIND_CHOICES,
    KIND_SLOW,
    SOURCE_COMMAND_LINE,
)

logger = logging.getLogger(__name__)

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"  # noqa: S105


@dataclass(frozen=True)
class FaultSpec:
    endpoint: str
    kind: str
    value: int | None


def parse_fault(text: str) -> FaultSpec:
    """Parse ``ENDPOINT:KIND[:N]``, where N is the delay in ms for "slow", else the status."""
    parts = text.split(":")
    endpoints = [value for value, _ in ENDPOINT_CHOICES]
    kinds = [value for value, _ in KIND_CHOICES]
    if len(parts) not in (2, 3) or parts[0] not in endpoints or parts[1] not in kinds:
        raise ValueError(
            f"Invalid fault {text!r}: use ENDPOINT:KIND[:N] with ENDPOINT one of "
            f"{', '.join(endpoints)} and KIND one of {', '.join(kinds)}"
        )
    if len(parts) == 3 and not parts[2].isdigit():
        raise ValueError(f"Invalid fault {text!r}: N must be a whole number")
    return FaultSpec(parts[0], parts[1], int(parts[2]) if len(parts) == 3 else None)


def prepare(
    *,
    document: dict[str, Any],
    client_id: str,
    client_secret: str,
    redirect_uris: Sequence[str],
    faults: Sequence[FaultSpec],
) -> list[Person]:
    """Migrate, seed without overwriting, and set up the app, admin and faults.

    Faults from an earlier run's ``--fault`` options are replaced by ``faults``.

    Returns the people one can sign in as.
    """
    call_command("migrate", interactive=False, verbosity=0)
    created = seed.load(document, overwrite=False)
    logger.info("Seed data written: %s", created)

    app_settings = document.get("app", {})
    owner = _find_owner(app_settings.get("owner"))
    ensure_application(
        client_id=client_id,
        client_secret=client_secret,
        redirect_uris=redirect_uris,
        name=str(app_settings.get("name", "Camdram emulator app")),
        website=str(app_settings.get("website", "")),
        owner=owner,
    )
    _ensure_admin()
    _replace_command_line_faults(faults)
    return list(Person.objects.all())


def _replace_command_line_faults(faults: Sequence[FaultSpec]) -> None:
    """Delete the faults of the previous run's ``--fault`` options and add this run's.

    Faults added in the admin or through the control API stay.
    """
    deleted, _ = Fault.objects.filter(source=SOURCE_COMMAND_LINE).delete()
    if deleted:
        logger.info("Deleted %s faults of the previous run's --fault options", deleted)
    for spec in faults:
        Fault.objects.create(
            endpoint=spec.endpoint,
            kind=spec.kind,
            delay_ms=(spec.value or 0) if spec.kind == KIND_SLOW else 0,
            status=spec.value if spec.kind != KIND_SLOW else None,
            source=SOURCE_COMMAND_LINE,
        )


def _find_owner(owner_id: object) -> Person | None:
    """Return the app's owner: the data's ``app.owner``, else the first person."""
    if isinstance(owner_id, int):
        owner: Person | None = Person.objects.filter(pk=owner_id).first()
        if owner is None:
            raise seed.DataError(f"app.owner {owner_id} is not one of the people")
        return owner
    return Person.objects.order_by("id").first()


def _ensure_admin() -> None:
    """Create the admin superuser with the printed password if it does not exist.

    An existing one is left alone, because Django's default password hasher
    is deliberately slow and every start of the emulator would pay for it.
    """
    user_model = get_user_model()
    if not user_model.objects.filter(username=ADMIN_USERNAME).exists():
        user_model.objects.create_superuser(ADMIN_USERNAME, password=ADMIN_PASSWORD)
