"""System checks for the Camdram provider's configuration.

Ids are never reused. The settings checks run on every ``manage.py check``.
The check of ``SocialApp`` rows is tagged ``database`` and reads the
database only when Django passes it a database alias, as ``migrate`` and
``check --database default`` do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError, router
from django.db.models import Q

from allauth_camdram import conf
from allauth_camdram.constants import PROVIDER_ID
from allauth_camdram.settings_checks import (
    PROVIDER_SETTING,
    app_settings_messages,
    email_trust_messages,
    misplaced_key_messages,
    scope_messages,
    settings_apps,
    url_messages,
)

ALLAUTH_APPS = ("allauth", "allauth.account", "allauth.socialaccount")


@register()
def check_installed_apps(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    missing = [name for name in ALLAUTH_APPS if not apps.is_installed(name)]
    if not missing:
        return []
    return [
        Error(
            f"INSTALLED_APPS is missing {', '.join(missing)}, which Sign in with "
            "Camdram needs.",
            hint=f"Add {', '.join(repr(name) for name in missing)} to INSTALLED_APPS.",
            id="allauth_camdram.E001",
        )
    ]


@register()
def check_provider_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    provider = conf.provider_settings()
    messages = misplaced_key_messages(provider, PROVIDER_SETTING, app_level=False)
    if provider.get("SCOPE") is not None:
        messages += scope_messages(provider["SCOPE"], f'{PROVIDER_SETTING}["SCOPE"]')
    if "CAMDRAM_URL" in provider:
        messages += url_messages(
            provider["CAMDRAM_URL"], f'{PROVIDER_SETTING}["CAMDRAM_URL"]'
        )
    for where, app in settings_apps(provider):
        app_settings = app.get("settings") or {}
        if not isinstance(app_settings, dict):
            continue
        messages += app_settings_messages(app_settings, f'{where}["settings"]')
    return messages


@register(Tags.database)
def check_social_apps(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if not apps.is_installed("allauth.socialaccount"):
        return []
    configured = [app for _, app in settings_apps(conf.provider_settings())]
    hidden = [_is_hidden(app.get("settings")) for app in configured]

    database_apps = _database_apps(databases)
    messages: list[CheckMessage] = []
    if database_apps is not None:
        for app in database_apps:
            if isinstance(app.settings, dict):
                where = f"SocialApp {app.pk} ({app.name!r}) settings"
                messages += app_settings_messages(app.settings, where)
            hidden.append(_is_hidden(app.settings))

    # allauth's get_app() raises MultipleObjectsReturned unless exactly one
    # of several apps is visible. Without the database, only two visible
    # apps in settings are certain to fail.
    visible = hidden.count(False)
    if database_apps is None:
        ambiguous = visible > 1
    else:
        ambiguous = len(hidden) > 1 and visible != 1
    if ambiguous:
        messages.append(
            Error(
                f"{len(hidden)} Camdram apps are configured ({visible} visible), so "
                "allauth raises MultipleObjectsReturned on every Camdram login.",
                hint=f'Keep one app: either {PROVIDER_SETTING}["APPS"] or one '
                "Camdram SocialApp row. Give any extra app the setting "
                "'hidden': True.",
                id="allauth_camdram.E003",
            )
        )
    if database_apps is not None and not hidden:
        messages.append(
            Error(
                "No Camdram app is configured, so allauth raises "
                "SocialApp.DoesNotExist on the Camdram login URL.",
                hint=f"Add the client id and secret of your Camdram API app to "
                f'{PROVIDER_SETTING}["APPS"], or add a Camdram social application '
                "in the Django admin.",
                id="allauth_camdram.E002",
            )
        )
    return messages


@register()
def check_related_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if not getattr(settings, "SOCIALACCOUNT_STORE_TOKENS", False):
        messages.append(
            Warning(
                "SOCIALACCOUNT_STORE_TOKENS is False, so Camdram tokens are not "
                "stored and background sync and token refresh cannot work.",
                hint="Set SOCIALACCOUNT_STORE_TOKENS = True.",
                id="allauth_camdram.W001",
            )
        )
    samesite = getattr(settings, "SESSION_COOKIE_SAMESITE", None)
    if isinstance(samesite, str) and samesite.lower() == "strict":
        messages.append(
            Warning(
                "SESSION_COOKIE_SAMESITE is 'Strict', so browsers leave the session "
                "cookie off the redirect back from Camdram and the login state is "
                "not found. allauth then has to reload the callback through an "
                "extra page, and the login fails if that reload is blocked.",
                hint="Set SESSION_COOKIE_SAMESITE = 'Lax' (Django's default).",
                id="allauth_camdram.W002",
            )
        )
    if getattr(settings, "SOCIALACCOUNT_LOGIN_ON_GET", False):
        messages.append(
            Warning(
                "SOCIALACCOUNT_LOGIN_ON_GET is True, so any site can start a Camdram "
                "login in a visitor's browser with a link (login CSRF).",
                hint="Remove SOCIALACCOUNT_LOGIN_ON_GET and start logins with the "
                "{% camdram_login_button %} form, which uses POST.",
                id="allauth_camdram.W005",
            )
        )
    messages += email_trust_messages()
    return messages


def _is_hidden(app_settings: object) -> bool:
    return isinstance(app_settings, dict) and bool(app_settings.get("hidden"))


def _database_apps(databases: Sequence[str] | None) -> list[Any] | None:
    """Return the Camdram ``SocialApp`` rows, or ``None`` if not checked.

    ``None`` means Django did not ask for database checks, or the table does
    not exist yet because ``migrate`` has not created it.
    """
    from allauth.socialaccount.models import SocialApp

    if not databases or router.db_for_read(SocialApp) not in databases:
        return None
    rows = SocialApp.objects.filter(
        Q(provider=PROVIDER_ID) | Q(provider_id=PROVIDER_ID)
    )
    site_id = getattr(settings, "SITE_ID", None)
    if apps.is_installed("django.contrib.sites") and site_id is not None:
        rows = rows.filter(sites__id=site_id)
    try:
        return list(rows)
    except DatabaseError:
        return None
