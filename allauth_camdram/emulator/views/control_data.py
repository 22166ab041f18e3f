"""Control endpoints that change people, tokens, listings and apps."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from oauth2_provider.models import Application

from allauth_camdram.emulator import seed
from allauth_camdram.emulator.applications import create_application
from allauth_camdram.emulator.models import AppAuthorisation, Person
from allauth_camdram.emulator.models.oauth import APP_TYPE_CHOICES, APP_TYPE_WEBSITE
from allauth_camdram.emulator.tokens import ExpiredCounts, expire_person_tokens
from allauth_camdram.emulator.views.control import (
    ControlError,
    control_endpoint,
    read_body,
)

logger = logging.getLogger(__name__)

_APP_TYPES = {value for value, _ in APP_TYPE_CHOICES}


@control_endpoint("POST")
def expire_tokens(request: HttpRequest, person_id: int) -> ExpiredCounts:
    """Expire a person's access tokens now; refresh tokens and codes on request."""
    person = get_object_or_404(Person, pk=person_id)
    options = read_body(request)
    return expire_person_tokens(
        person,
        access=bool(options.get("access", True)),
        refresh=bool(options.get("refresh", False)),
        codes=bool(options.get("codes", False)),
    )


@control_endpoint("DELETE")
def authorisations(request: HttpRequest, person_id: int) -> dict[str, int]:
    deleted, _ = AppAuthorisation.objects.filter(person_id=person_id).delete()
    return {"deleted": deleted}


@control_endpoint("POST")
def data(request: HttpRequest) -> dict[str, int]:
    """Create or update listings from a document in the seed data format."""
    return seed.load(read_body(request), overwrite=True)


@control_endpoint("PATCH", "DELETE")
def listing_detail(request: HttpRequest, kind: str, pk: int) -> dict[str, Any]:
    if kind not in seed.MODELS:
        raise ControlError(f"Unknown kind {kind!r}; use one of {sorted(seed.MODELS)}")
    model = seed.MODELS[kind]
    instance = get_object_or_404(model, pk=pk)
    if request.method == "DELETE":
        instance.delete()
        return {"deleted": 1}
    seed.load({kind: [{**read_body(request), "id": pk}]}, overwrite=True)
    return {"updated": 1}


@control_endpoint("POST")
def apps(request: HttpRequest) -> dict[str, Any]:
    """Create an extra OAuth app, e.g. of type "other" or "server"."""
    options = read_body(request)
    app_type, redirect_uris = _check_app_options(options)
    owner_id = options.get("owner")
    owner = get_object_or_404(Person, pk=owner_id) if owner_id is not None else None

    application, secret = create_application(
        redirect_uris=redirect_uris,
        name=str(options.get("name", "Test app")),
        owner=owner,
        app_type=app_type,
        client_id=options.get("client_id"),
        client_secret=options.get("client_secret"),
    )
    return {
        "client_id": application.client_id,
        "client_secret": secret,
        "app_type": app_type,
    }


def _check_app_options(options: dict[str, Any]) -> tuple[str, list[str]]:
    app_type = options.get("app_type", APP_TYPE_WEBSITE)
    if app_type not in _APP_TYPES:
        raise ControlError(
            f"Unknown app_type {app_type!r}; use one of {sorted(_APP_TYPES)}"
        )

    redirect_uris = options.get("redirect_uris", [])
    if not isinstance(redirect_uris, list) or not all(
        isinstance(uri, str) for uri in redirect_uris
    ):
        raise ControlError("redirect_uris must be a list of strings")

    client_id = options.get("client_id")
    if (
        client_id is not None
        and Application.objects.filter(client_id=client_id).exists()
    ):
        raise ControlError(f"An app with client id {client_id!r} exists already")
    return app_type, redirect_uris
