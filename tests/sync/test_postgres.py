"""Concurrent syncs against a real PostgreSQL server, which has row locks.

These run only when ``CAMDRAM_TEST_POSTGRES`` contains a libpq connection
string, and then ``tests/settings.py`` switches the whole suite to PostgreSQL.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from allauth_camdram.constants import TOKEN_PATH
from allauth_camdram.models import Show, ShowLink, SyncState
from allauth_camdram.sync import SyncResult, sync_social_account
from tests.sync.conftest import CamdramAccountAPI, show

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("CAMDRAM_TEST_POSTGRES"),
        reason="CAMDRAM_TEST_POSTGRES is not set",
    ),
    pytest.mark.django_db(transaction=True),
]


def make_account(username: str, uid: str, expires_in: timedelta) -> SocialAccount:
    user = get_user_model().objects.create_user(username=username)
    account = SocialAccount.objects.create(user=user, provider="camdram", uid=uid)
    SocialToken.objects.create(
        account=account,
        token="A1",
        token_secret="R1",
        expires_at=timezone.now() + expires_in,
    )
    SyncState.objects.create(social_account=account)
    return account


def run_in_threads(calls: list[Callable[[], SyncResult]]) -> list[Any]:
    """Run ``calls`` in parallel threads and return results or exceptions."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], SyncResult]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        row = cursor.fetchone()
    return int(row[0])


def test_same_account_two_syncs(api: CamdramAccountAPI, camdram):
    account = make_account("person", "4242", timedelta(minutes=-5))
    api.shows = [show(number) for number in range(1, 51)]
    refresh = camdram.handlers[TOKEN_PATH]
    seen_waiter: list[bool] = []

    def slow_refresh(request):
        # Hold the token row lock until the other sync is waiting for it, so
        # the test shows that the second sync reuses the refreshed token.
        for _ in range(200):
            if lock_waiters():
                seen_waiter.append(True)
                break
            time.sleep(0.05)
        return refresh(request)

    camdram.reply(TOKEN_PATH, slow_refresh)

    results = run_in_threads([lambda: sync_social_account(account)] * 2)

    assert [getattr(result, "status", result) for result in results] == ["ok", "ok"]
    assert seen_waiter == [True]
    assert len(api.refreshes()) == 1
    stored = SocialToken.objects.get(account=account)
    assert (stored.token, stored.token_secret) == ("A2", "R2")
    assert Show.objects.count() == 50
    assert ShowLink.objects.filter(social_account=account).count() == 50
    state = SyncState.objects.get(social_account=account)
    assert state.reauthorization_required is False


def test_shared_shows_two_accounts(api: CamdramAccountAPI):
    first = make_account("first", "1", timedelta(hours=1))
    second = make_account("second", "2", timedelta(hours=1))
    api.shows = [show(number) for number in range(1, 201)]

    results = run_in_threads(
        [lambda: sync_social_account(first), lambda: sync_social_account(second)]
    )

    assert [getattr(result, "status", result) for result in results] == ["ok", "ok"]
    assert Show.objects.count() == 200
    assert ShowLink.objects.filter(social_account=first).count() == 200
    assert ShowLink.objects.filter(social_account=second).count() == 200


def test_overlapping_updates_no_deadlock(api: CamdramAccountAPI):
    first = make_account("first", "1", timedelta(hours=1))
    second = make_account("second", "2", timedelta(hours=1))
    api.shows = [show(number) for number in range(1, 101)]
    sync_social_account(first)
    sync_social_account(second)
    api.shows = [show(number, name=f"New {number}") for number in range(1, 101)]

    results = run_in_threads(
        [lambda: sync_social_account(first), lambda: sync_social_account(second)]
    )

    assert [getattr(result, "status", result) for result in results] == ["ok", "ok"]
    assert Show.objects.filter(name__startswith="New ").count() == 100
