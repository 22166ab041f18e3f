"""The Camdram provider: its id, scopes and the mapping of account data."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount, ProviderException
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from django.http import HttpRequest

from allauth_camdram.constants import DEFAULT_SCOPE, PROVIDER_ID, PROVIDER_NAME
from allauth_camdram.scopes import parse_scope
from allauth_camdram.views import CamdramOAuth2Adapter


# allauth ships no type information, so its base classes are Any to mypy.
class CamdramAccount(ProviderAccount):  # type: ignore[misc]
    """A linked Camdram account, labelled with the person's Camdram name."""

    def to_str(self) -> str:
        name = _text(self.account.extra_data, "name")
        return name if name is not None else str(super().to_str())


class CamdramProvider(OAuth2Provider):  # type: ignore[misc]
    """Sign in with Camdram (https://www.camdram.net)."""

    id = PROVIDER_ID
    name = PROVIDER_NAME
    account_class = CamdramAccount
    oauth2_adapter_class = CamdramOAuth2Adapter

    def get_oauth2_adapter(self, request: HttpRequest) -> CamdramOAuth2Adapter:
        # The adapter would otherwise look up the SocialApp this provider has.
        adapter = CamdramOAuth2Adapter(request)
        adapter.provider = self
        return adapter

    def get_default_scope(self) -> list[str]:
        return list(DEFAULT_SCOPE)

    def get_scope(self) -> list[str]:
        # allauth's own get_scope() calls list() on the setting, which splits
        # SCOPE = "user_shows user_orgs" into letters and fails on None.
        # Names Camdram rejects are kept, so that the login client stops with
        # a clear error before it sends the person to Camdram.
        value = self.app.settings.get("scope") if self.app else None
        if value is None:
            value = self.get_settings().get("SCOPE")
        if value is None:
            return self.get_default_scope()
        return parse_scope(value)

    def extract_uid(self, data: dict[str, Any]) -> str:
        uid = camdram_uid(data.get("id"))
        if uid is None:
            raise ProviderException("Camdram account data has no valid id")
        return uid

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        # allauth splits "name" into first_name and last_name when the user
        # model has them.
        fields = {key: _text(data, key) for key in ("name", "email")}
        return {key: value for key, value in fields.items() if value is not None}

    def extract_email_addresses(self, data: dict[str, Any]) -> list[EmailAddress]:
        # Camdram exposes no email-verified flag and lets people change their
        # address without confirming it, so the address is unverified.
        # allauth marks it verified when the site sets VERIFIED_EMAIL.
        email = _text(data, "email")
        if email is None:
            return []
        return [EmailAddress(email=email, verified=False, primary=True)]


def _text(data: dict[str, Any], key: str) -> str | None:
    """Return ``data[key]`` stripped, or ``None`` if it is blank or not a string."""
    value = data.get(key)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def camdram_uid(value: object) -> str | None:
    """Return a Camdram user id as allauth's uid text, or ``None`` if invalid.

    Camdram sends the id as a JSON integer and allauth stores uids as text,
    so ``42``, ``"42"`` and ``" 042 "`` must all become ``"42"``, or one
    person would get a new social account whenever the JSON type changed.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return str(number) if number > 0 else None


provider_classes = [CamdramProvider]
