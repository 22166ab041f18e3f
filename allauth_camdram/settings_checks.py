"""Checks of single Camdram setting values: scope, URL and email trust.

``allauth_camdram.checks`` registers the checks and calls these for the
provider settings and for every configured app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from allauth_camdram import conf
from allauth_camdram.constants import LEGACY_SCOPES, PROVIDER_ID, SUPPORTED_SCOPES
from allauth_camdram.scopes import legacy_scopes, parse_scope, unknown_scopes

PROVIDER_SETTING = f'SOCIALACCOUNT_PROVIDERS["{PROVIDER_ID}"]'


def scope_messages(value: object, where: str) -> list[CheckMessage]:
    if not isinstance(value, (str, list, tuple)):
        return [
            Error(
                f"{where} is a {type(value).__name__}, not a list of scope names.",
                hint=f"Use a list such as {list(SUPPORTED_SCOPES[:3])!r}.",
                id="allauth_camdram.E008",
            )
        ]
    names = parse_scope(value)
    messages: list[CheckMessage] = []
    if isinstance(value, str):
        messages.append(
            Warning(
                f"{where} is a string, not a list. This package splits it on "
                "spaces and commas, but allauth's own code would read it as "
                "single letters.",
                hint=f"Use a list: {names!r}.",
                id="allauth_camdram.W003",
            )
        )
    legacy = legacy_scopes(names)
    if legacy:
        messages.append(
            Error(
                f"{where} contains {', '.join(legacy)}. Camdram renamed these "
                "scopes in 2020 and rejects the old names with invalid_scope.",
                hint="Use "
                + ", ".join(f"{LEGACY_SCOPES[name]!r} for {name!r}" for name in legacy)
                + ".",
                id="allauth_camdram.E004",
            )
        )
    unknown = unknown_scopes(names)
    if unknown:
        messages.append(
            Error(
                f"{where} contains scopes Camdram does not support: "
                f"{', '.join(map(repr, unknown))}. Camdram rejects the whole "
                "login with invalid_scope.",
                hint=f"Use only these scopes: {', '.join(SUPPORTED_SCOPES)}.",
                id="allauth_camdram.E005",
            )
        )
    return messages


def url_messages(value: object, where: str) -> list[CheckMessage]:
    problem = conf.url_problem(value)
    if problem == "invalid":
        return [
            Error(
                f"{where} is {value!r}, which is not an absolute http(s) URL "
                "without a query or fragment.",
                hint="Use Camdram's address, such as 'https://www.camdram.net', or "
                "leave the setting out to use it.",
                id="allauth_camdram.E006",
            )
        ]
    if problem == "insecure":
        return [
            Error(
                f"{where} is {value!r}, a plain-http URL. The client secret and "
                "tokens would cross the network unencrypted, and oauthlib rejects "
                "http when refreshing tokens.",
                hint="Use https. For a Camdram emulator on this machine, set "
                "CAMDRAM_ALLOW_HTTP = True in the development settings only.",
                id="allauth_camdram.E007",
            )
        ]
    return []


def app_settings_messages(
    app_settings: dict[str, Any], where: str
) -> list[CheckMessage]:
    messages = misplaced_key_messages(app_settings, where, app_level=True)
    if app_settings.get("scope") is not None:
        messages += scope_messages(app_settings["scope"], f'{where}["scope"]')
    if "camdram_url" in app_settings:
        messages += url_messages(app_settings["camdram_url"], f'{where}["camdram_url"]')
    return messages


def misplaced_key_messages(
    values: dict[str, Any], where: str, *, app_level: bool
) -> list[CheckMessage]:
    """Warn about a key spelled for the other level, which nothing reads.

    Provider settings use upper case (``SCOPE``, ``CAMDRAM_URL``) and an
    app's own settings use lower case (``scope``, ``camdram_url``).
    """
    messages: list[CheckMessage] = []
    for key in ("SCOPE", "CAMDRAM_URL"):
        misplaced, expected = (key, key.lower()) if app_level else (key.lower(), key)
        if misplaced not in values:
            continue
        messages.append(
            Warning(
                f'{where} has the key "{misplaced}", which is ignored there.',
                hint=f'Rename it to "{expected}": provider settings use upper '
                "case and an app's settings use lower case.",
                id="allauth_camdram.W006",
            )
        )
    return messages


def email_trust_messages() -> list[CheckMessage]:
    provider = conf.provider_settings()
    app_settings = [app.get("settings") or {} for _, app in settings_apps(provider)]
    trusted = bool(provider.get("VERIFIED_EMAIL")) or any(
        isinstance(values, dict) and values.get("verified_email")
        for values in app_settings
    )
    by_email = (
        bool(getattr(settings, "SOCIALACCOUNT_EMAIL_AUTHENTICATION", False))
        or bool(provider.get("EMAIL_AUTHENTICATION"))
        or any(
            isinstance(values, dict) and values.get("email_authentication")
            for values in app_settings
        )
    )
    if not (trusted and by_email):
        return []
    return [
        Warning(
            "Camdram emails are treated as verified and used for email "
            "authentication, but Camdram does not verify addresses. Anyone who "
            "puts a victim's address on a Camdram account can sign in as the "
            "victim's local user.",
            hint=f"Remove VERIFIED_EMAIL from {PROVIDER_SETTING}, or turn off email "
            "authentication for Camdram.",
            id="allauth_camdram.W004",
        )
    ]


def settings_apps(provider: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    # allauth reads "APPS" and falls back to a single "APP".
    configs = provider.get("APPS")
    if configs is None:
        single = provider.get("APP")
        return (
            [(f'{PROVIDER_SETTING}["APP"]', single)] if isinstance(single, dict) else []
        )
    if not isinstance(configs, (list, tuple)):
        return []
    return [
        (f'{PROVIDER_SETTING}["APPS"][{index}]', config)
        for index, config in enumerate(configs)
        if isinstance(config, dict)
    ]
