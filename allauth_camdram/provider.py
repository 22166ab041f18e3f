"""The Camdram provider: its id, scopes and the mapping of account data."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount, ProviderException
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from allauth_camdram.constants import DEFAULT_SCOPE, PROVIDER_ID, PROVIDER_NAME
from allauth_camdram.views import CamdramOAuth2Adapter


class CamdramAccount(ProviderAccount):
    """A linked Camdram account, labelled with the person's Camdram name."""

    def to_str(self) -> str:
        name = self.account.extra_data.get("name")
        if isinstance(name, str) and name.strip():
            return name
        return str(super().to_str())


class CamdramProvider(OAuth2Provider):
    """Sign in with Camdram (https://www.camdram.net)."""

    id = PROVIDER_ID
    name = PROVIDER_NAME
    account_class = CamdramAccount
    oauth2_adapter_class = CamdramOAuth2Adapter

    def get_default_scope(self) -> list[str]:
        return list(DEFAULT_SCOPE)

    def get_scope(self) -> list[str]:
        # allauth's client de-duplicates scopes through a set, which loses
        # their order. Removing duplicates here keeps the authorize URL stable.
        scope = super().get_scope()
        return list(dict.fromkeys(str(item) for item in scope))

    def extract_uid(self, data: dict[str, Any]) -> str:
        # Camdram sends the id as a JSON integer. allauth stores uids as text,
        # so 42 and "42" must both become "42".
        uid = data.get("id")
        if isinstance(uid, bool) or not isinstance(uid, (int, str)):
            raise ProviderException("Camdram account data has no id")
        text = str(uid).strip()
        if not text:
            raise ProviderException("Camdram account data has no id")
        return text

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        # allauth splits "name" into first_name and last_name when the user
        # model has them.
        fields: dict[str, Any] = {}
        name = data.get("name")
        if isinstance(name, str) and name.strip():
            fields["name"] = name.strip()
        email = data.get("email")
        if isinstance(email, str) and email.strip():
            fields["email"] = email.strip()
        return fields

    def extract_email_addresses(self, data: dict[str, Any]) -> list[EmailAddress]:
        # Camdram exposes no email-verified flag and lets people change their
        # address without confirming it, so the address is unverified.
        # allauth marks it verified when the site sets VERIFIED_EMAIL.
        email = data.get("email")
        if not isinstance(email, str) or not email.strip():
            return []
        return [EmailAddress(email=email.strip(), verified=False, primary=True)]


provider_classes = [CamdramProvider]
