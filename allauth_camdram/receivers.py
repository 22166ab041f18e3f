"""Start a Camdram sync when someone signs up, logs in or connects Camdram.

allauth sends ``user_signed_up`` and then ``user_logged_in`` for one sign-up,
so a request starts at most one sync per account. The stored token is saved
before these signals; ``social_account_updated`` comes too early for it.

Nothing here raises into the login: a failure to start a sync is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.signals import user_logged_in, user_signed_up
from allauth.socialaccount.models import (
    SocialAccount,
    SocialApp,
    SocialLogin,
    SocialToken,
)
from allauth.socialaccount.signals import social_account_added
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from allauth_camdram.conf import app_settings
from allauth_camdram.constants import GRANTED_SCOPE_SESSION_KEY, PROVIDER_ID

logger = logging.getLogger(__name__)

# Attribute on the request that stores the accounts whose sync already started.
_STARTED_ATTRIBUTE = "_allauth_camdram_synced_accounts"


@receiver(user_signed_up, dispatch_uid="allauth_camdram_sync_on_sign_up")
def sync_on_sign_up(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    start_login_sync(request, kwargs.get("sociallogin"))


@receiver(user_logged_in, dispatch_uid="allauth_camdram_sync_on_login")
def sync_on_login(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    start_login_sync(request, kwargs.get("sociallogin"))


@receiver(social_account_added, dispatch_uid="allauth_camdram_sync_on_connect")
def sync_on_connect(
    sender: Any, request: HttpRequest, sociallogin: SocialLogin, **kwargs: Any
) -> None:
    start_login_sync(request, sociallogin)


def start_login_sync(request: HttpRequest, sociallogin: SocialLogin | None) -> None:
    """Start a sync of the Camdram account that just signed in.

    With stored tokens the sync is queued as a task, after the current
    transaction commits. Without them (``SOCIALACCOUNT_STORE_TOKENS`` off) a
    task could not read the token, so the sync runs now with the token in
    hand, which is never written to a task queue. Either way the sync is
    given the account, token and app this login has just saved or used, so
    when it runs in this request it reads none of them again.
    """
    if sociallogin is None or not app_settings.SYNC:
        return
    account = sociallogin.account
    if account.provider != PROVIDER_ID or account.pk is None:
        return
    try:
        started: set[int] = getattr(request, _STARTED_ATTRIBUTE, set())
        if account.pk in started:
            return
        started.add(account.pk)
        setattr(request, _STARTED_ATTRIBUTE, started)

        session = getattr(request, "session", None)
        granted = (
            session.pop(GRANTED_SCOPE_SESSION_KEY, None)
            if session is not None
            else None
        )
        granted_scope = granted if isinstance(granted, str) else None

        token = sociallogin.token
        app = _login_app(sociallogin)
        if token is not None and token.pk is None:
            from allauth_camdram.sync import sync_social_account

            sync_social_account(
                account,
                token=token,
                app=app,
                granted_scope=granted_scope,
                after_login=True,
            )
            return

        transaction.on_commit(
            lambda: _enqueue_logged(account, token, app, granted_scope), robust=True
        )
    except Exception:
        logger.exception(
            "Could not start the Camdram sync of social account %s", account.pk
        )


def _login_app(sociallogin: SocialLogin) -> SocialApp | None:
    # allauth's provider object contains the app the login used. A
    # SocialLogin built without a provider has none, so the sync looks it up.
    app = getattr(getattr(sociallogin, "provider", None), "app", None)
    return app if isinstance(app, SocialApp) else None


def _enqueue_logged(
    account: SocialAccount,
    token: SocialToken | None,
    app: SocialApp | None,
    granted_scope: str | None,
) -> None:
    from allauth_camdram.tasks import InHand, enqueue_sync

    try:
        enqueue_sync(
            account.pk,
            granted_scope=granted_scope,
            after_login=True,
            in_hand=InHand(account, token, app),
        )
    except Exception:
        logger.exception(
            "Could not queue the Camdram sync of social account %s", account.pk
        )
