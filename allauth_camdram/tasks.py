"""The background task that syncs one Camdram account.

Django 6.0 and later ship the tasks framework as ``django.tasks``; on older
Django the ``django-tasks`` backport provides the same API as
``django_tasks``. Both read the ``TASKS`` setting, but a task made by one
cannot run on the other's backends, so the task is made with the framework
Django itself provides when there is one.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

from allauth_camdram.constants import PROVIDER_ID
from allauth_camdram.sync import sync_social_account

logger = logging.getLogger(__name__)


def tasks_module_name() -> str:
    """Return ``"django.tasks"`` when Django has it, else ``"django_tasks"``."""
    try:
        importlib.import_module("django.tasks")
    except ImportError:
        return "django_tasks"
    return "django.tasks"


_task: Callable[[], Callable[[Callable[..., str]], Any]] = importlib.import_module(
    tasks_module_name()
).task


@dataclass(frozen=True)
class InHand:
    """The account, token and Camdram app that a sign-in has just saved or used."""

    account: SocialAccount
    token: SocialToken | None = None
    app: SocialApp | None = None


# Set while enqueue_sync queues a task. An immediate backend runs the task
# inside that call, so the task takes these objects instead of reading them
# from the database again. A worker process cannot read them, and neither can
# a thread that does not copy this context.
_in_hand: ContextVar[InHand | None] = ContextVar(
    "allauth_camdram_in_hand", default=None
)


@_task()
def sync_camdram_account(
    social_account_id: int,
    granted_scope: str | None = None,
    after_login: bool = False,
) -> str:
    """Sync one Camdram social account and return the sync status.

    Arguments are plain values, so that a worker backend can store the task.
    The task reads the account and its token from the database, unless
    ``enqueue_sync`` runs it at once with them in hand.
    """
    in_hand = _in_hand.get()
    token = app = None
    if in_hand is not None and in_hand.account.pk == social_account_id:
        account: SocialAccount | None = in_hand.account
        token, app = in_hand.token, in_hand.app
    else:
        account = SocialAccount.objects.filter(
            pk=social_account_id, provider=PROVIDER_ID
        ).first()
    if account is None:
        logger.info(
            "Skipped the Camdram sync of social account %s: it no longer exists",
            social_account_id,
        )
        return "missing"
    try:
        result = sync_social_account(
            account,
            token=token,
            app=app,
            granted_scope=granted_scope,
            after_login=after_login,
        )
    except Exception:
        # The error is logged and the next login or command run syncs again,
        # so the task returns a status instead of failing in the backend.
        logger.exception("Camdram sync of social account %s failed", account.pk)
        return "error"
    return result.status


def enqueue_sync(
    social_account_id: int,
    *,
    granted_scope: str | None = None,
    after_login: bool = False,
    in_hand: InHand | None = None,
) -> None:
    """Queue a sync of one account on the default task backend.

    The immediate backend runs it at once, and then uses ``in_hand`` rather
    than reading the account, its token and the app again. A worker backend
    runs it later, and reads them then.
    """
    reset = _in_hand.set(in_hand)
    try:
        sync_camdram_account.enqueue(
            social_account_id, granted_scope=granted_scope, after_login=after_login
        )
    finally:
        _in_hand.reset(reset)
