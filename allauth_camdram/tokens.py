"""A person's Camdram token: use it, refresh it, and save the refreshed one.

Camdram rotates refresh tokens: each refresh returns a new one and kills the
old one at once. Two processes refreshing the same token would therefore
leave one of them with a dead refresh token, so a refresh locks the
``SocialToken`` row first and reuses a token another process already stored.

NOTE: SQLite ignores ``select_for_update``, so there two processes that
refresh the same token at the same moment can still lose the race, and the
loser flags the account as needing a new sign-in.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.db import transaction
from oauthlib.oauth2 import WebApplicationClient

from allauth_camdram.api import (
    expires_soon,
    expiry_from_reply,
    fetch_json,
    get_camdram_app,
    post_token_request,
)
from allauth_camdram.exceptions import (
    CamdramReauthorizationRequired,
    CamdramTokenMissing,
    CamdramUnauthorized,
)

logger = logging.getLogger(__name__)


class CamdramClient:
    """Calls Camdram's account API as one person, with their ``SocialToken``.

    ``token`` is normally the stored row. An unsaved token (a login on a site
    with ``SOCIALACCOUNT_STORE_TOKENS`` off) works too, but a refresh of it
    lives only in memory.
    """

    def __init__(self, token: SocialToken, app: SocialApp | None = None) -> None:
        self.token = token
        self.app = get_camdram_app(app or _stored_app(token))
        # The scope from the latest refresh reply, when Camdram sent one.
        self.granted_scope: str | None = None
        self.refresh_count = 0

    @classmethod
    def for_social_account(cls, social_account: SocialAccount) -> CamdramClient:
        """Return a client for the account's stored token, in one query.

        Tokens are looked up by account, not by app, because a token of an
        app defined in settings has no app. Raises ``CamdramTokenMissing``.
        """
        token = (
            SocialToken.objects.select_related("app")
            .filter(account=social_account)
            .order_by("-pk")
            .first()
        )
        if token is None:
            raise CamdramTokenMissing(
                f"Social account {social_account.pk} has no stored Camdram token"
            )
        return cls(token)

    def needs_refresh(self) -> bool:
        return expires_soon(self.token.expires_at)

    def fetch(self, path: str) -> Any:
        """GET ``path`` once with the current access token; no refresh, no database."""
        return fetch_json(self.app, path, self.token.token)

    def get_json(self, path: str) -> Any:
        """GET ``path`` and return the JSON, refreshing the token when needed.

        The token is refreshed first when it expires within the leeway, and
        once more after a 401, which Camdram returns when by its clock the
        token expired earlier than by ours. The request is retried once.
        """
        if self.needs_refresh():
            self.refresh()
        try:
            return self.fetch(path)
        except CamdramUnauthorized as error:
            if error.status != 401:
                raise
        self.refresh()
        return self.fetch(path)

    def refresh(self) -> None:
        """Replace the access token by refreshing it, and save the new one.

        Raises ``CamdramReauthorizationRequired`` when Camdram rejects the
        refresh token, ``CamdramConfigurationError`` when it rejects the
        site's client credentials, and ``CamdramAPIError`` for other failures.
        """
        if self.token.pk is None:
            reply = self._request_refresh(self.token.token_secret)
            _apply_reply(self.token, reply)
            self._note_refresh(reply)
            return

        with transaction.atomic():
            stored = (
                SocialToken.objects.select_for_update().filter(pk=self.token.pk).first()
            )
            if stored is None:
                raise CamdramTokenMissing(
                    f"Camdram token {self.token.pk} was deleted during the sync"
                )
            if stored.token != self.token.token:
                # Another sync, or a new login, stored a newer token while this
                # one waited for the lock, and the old refresh token is dead.
                logger.debug("Reusing the Camdram token another process stored")
                _copy_token(stored, self.token)
                return
            reply = self._request_refresh(stored.token_secret)
            _apply_reply(stored, reply)
            stored.save(update_fields=["token", "token_secret", "expires_at"])
        _copy_token(stored, self.token)
        self._note_refresh(reply)
        logger.info(
            "Refreshed the Camdram token of social account %s",
            self.token.account_id,
        )

    def _request_refresh(self, refresh_token: str) -> dict[str, Any]:
        if not refresh_token:
            raise CamdramReauthorizationRequired(
                "No Camdram refresh token is stored; the person must sign in "
                "with Camdram again"
            )
        # No scope is sent: Camdram rejects any scope wider than the original
        # grant, and without one the new token keeps the original scope.
        body = WebApplicationClient(self.app.client_id).prepare_refresh_body(
            refresh_token=refresh_token,
            client_id=self.app.client_id,
            client_secret=self.app.secret,
        )
        return post_token_request(self.app, body)

    def _note_refresh(self, reply: dict[str, Any]) -> None:
        self.refresh_count += 1
        scope = reply.get("scope")
        if isinstance(scope, str):
            self.granted_scope = scope


def _stored_app(token: SocialToken) -> SocialApp | None:
    # Tokens of apps defined in settings have no app, and then the app is
    # looked up from settings instead.
    if token.app_id is None:
        return None
    app: SocialApp = token.app
    return app


def _apply_reply(token: SocialToken, reply: dict[str, Any]) -> None:
    token.token = reply["access_token"]
    # parse_token_response drops an empty refresh token, so the stored one
    # stays when Camdram (or a proxy) sends none.
    if reply.get("refresh_token"):
        token.token_secret = reply["refresh_token"]
    token.expires_at = expiry_from_reply(reply)


def _copy_token(source: SocialToken, target: SocialToken) -> None:
    target.token = source.token
    target.token_secret = source.token_secret
    target.expires_at = source.expires_at
