"""Remembered consent: the scopes each person has allowed each app so far."""

from __future__ import annotations

from oauth2_provider.models import Application

from allauth_camdram.emulator.models import AppAuthorisation, Person


def scope_items(scope: str | None) -> list[str]:
    """Split a scope parameter on single spaces, as Camdram does, dropping empty items."""
    return [item for item in (scope or "").split(" ") if item]


def is_remembered(person: Person, application: Application, scope: str | None) -> bool:
    """Return whether the person has allowed every requested scope before."""
    authorisation = AppAuthorisation.objects.filter(
        person=person, application=application
    ).first()
    if authorisation is None:
        return False
    return set(scope_items(scope)) <= authorisation.scope_set()


def remember(person: Person, application: Application, scope: str | None) -> None:
    """Add the requested scopes to what the person has allowed the app."""
    authorisation, _ = AppAuthorisation.objects.get_or_create(
        person=person, application=application
    )
    scopes = authorisation.scope_set() | set(scope_items(scope))
    authorisation.scopes = " ".join(sorted(scopes))
    authorisation.save()
