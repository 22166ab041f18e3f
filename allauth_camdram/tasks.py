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
from typing import Any

from allauth.socialaccount.models import SocialAccount

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


@_task()
def sync_camdram_account(
    social_account_id: int,
    granted_scope: str | None = None,
    after_login: bool = False,
) -> str:
    """Sync one Camdram social account and return the sync status.

    Arguments are plain values, so a worker backend can store the task; the
    task reads the token from the database itself.
    """
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
            account, granted_scope=granted_scope, after_login=after_login
        )
    except Exception:
        # A worker would otherwise retry or report the task forever; the
        # error is in the log and the next login or run syncs again.
        logger.exception("Camdram sync of social account %s failed", account.pk)
        return "error"
    return result.status


def enqueue_sync(
    social_account_id: int,
    *,
    granted_scope: str | None = None,
    after_login: bool = False,
) -> None:
    """Queue a sync of one account on the default task backend.

    The immediate backend runs it at once; a worker backend runs it later.
    """
    sync_camdram_account.enqueue(
        social_account_id, granted_scope=granted_scope, after_login=after_login
    )
