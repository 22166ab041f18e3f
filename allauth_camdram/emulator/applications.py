"""Creating OAuth apps with Camdram's ids, app types and redirect URIs."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from oauth2_provider.models import Application

from allauth_camdram.emulator.models import AppProfile, Person
from allauth_camdram.emulator.models.oauth import APP_TYPE_WEBSITE
from allauth_camdram.emulator.tokens import generate_base36

# django-oauth-toolkit's own checks need a grant type; the Camdram app type
# in AppProfile decides what the emulator allows.
_DOT_GRANT_TYPE = Application.GRANT_AUTHORIZATION_CODE


def ensure_application(
    *,
    client_id: str,
    client_secret: str,
    redirect_uris: Sequence[str],
    name: str,
    website: str,
    owner: Person | None,
    app_type: str = APP_TYPE_WEBSITE,
) -> Application:
    """Create or update the app with this client id, so its settings match exactly."""
    application, _ = Application.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": name,
            "user": owner.user if owner is not None else None,
            "client_secret": client_secret,
            # Stored in clear so that the admin shows what to configure.
            "hash_client_secret": False,
            "redirect_uris": " ".join(redirect_uris),
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": _DOT_GRANT_TYPE,
            "skip_authorization": False,
        },
    )
    AppProfile.objects.update_or_create(
        application=application, defaults={"app_type": app_type, "website": website}
    )
    return application


@transaction.atomic
def create_application(
    *,
    redirect_uris: Sequence[str],
    name: str,
    owner: Person | None,
    app_type: str = APP_TYPE_WEBSITE,
    website: str = "",
    client_id: str | None = None,
    client_secret: str | None = None,
) -> tuple[Application, str]:
    """Create an app; by default its id is ``<database id>_<random>``, as on Camdram.

    Returns the app and its secret in clear.
    """
    secret = client_secret or generate_base36()
    application = ensure_application(
        client_id=client_id or f"pending-{generate_base36()}",
        client_secret=secret,
        redirect_uris=redirect_uris,
        name=name,
        website=website,
        owner=owner,
        app_type=app_type,
    )
    if client_id is None:
        application.client_id = f"{application.pk}_{generate_base36()}"
        application.save(update_fields=["client_id"])
    return application, secret
