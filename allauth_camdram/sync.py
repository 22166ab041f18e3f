"""Sync one Camdram account's shows and organisations into the local models.

A sync fetches ``/auth/account/shows.json`` and
``/auth/account/organisations.json`` at the same time, one in the calling
thread and one in a second thread, so a sync during login costs one round
trip to Camdram. The second thread only makes HTTP requests, and every
database read and write happens in the calling thread.

A failed fetch is never read as an empty list: when a fetch fails, nothing
stored for that half changes, and ``SyncState`` records why.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

from allauth_camdram import conf
from allauth_camdram.constants import PROVIDER_ID
from allauth_camdram.exceptions import (
    CamdramError,
    CamdramForbidden,
    CamdramTokenMissing,
    CamdramUnauthorized,
)
from allauth_camdram.models import SyncState
from allauth_camdram.records import parse_organisations, parse_shows
from allauth_camdram.sync_outcome import (
    ENDPOINTS,
    SHOWS,
    Endpoint,
    SyncResult,
    SyncRun,
    record_run,
    record_without_token,
)
from allauth_camdram.tokens import CamdramClient

logger = logging.getLogger(__name__)


def sync_social_account(
    social_account: SocialAccount,
    *,
    token: SocialToken | None = None,
    app: SocialApp | None = None,
    granted_scope: str | None = None,
    after_login: bool = False,
) -> SyncResult:
    """Fetch the account's shows and organisations from Camdram and store them.

    ``token`` is the token a sign-in has just saved, or received when
    allauth's ``SOCIALACCOUNT_STORE_TOKENS`` is off. ``app`` is the Camdram
    app that sign-in used. The sync then reads neither from the database.
    Without ``token`` it reads the stored token once, and ignores ``app``.

    ``after_login`` marks a sync that a sign-in started: it clears the
    "must sign in again" flag and records ``granted_scope``, which is
    ``None`` when the token reply had no scope. Other syncs skip an account
    with that flag set, and use the scope recorded at sign-in.

    Camdram failures are recorded in the account's ``SyncState``, not raised.
    """
    if social_account.provider != PROVIDER_ID:
        raise ValueError(f"Social account {social_account.pk} is not a Camdram one")
    state: SyncState | None = None
    if not after_login:
        # A sync after sign-in needs nothing from the stored state until it
        # records the outcome, which reads and locks the state in one query.
        state, _ = SyncState.objects.get_or_create(social_account=social_account)
        if state.reauthorization_required:
            logger.info(
                "Skipped the Camdram sync of social account %s: the person must "
                "sign in with Camdram again",
                social_account.pk,
            )
            return SyncResult(
                social_account_id=social_account.pk,
                status=state.status,
                error=state.error,
                reauthorization_required=True,
                skipped_reason="the person must sign in with Camdram again",
            )
        granted_scope = state.granted_scope

    try:
        if token is None:
            client = CamdramClient.for_social_account(social_account)
        else:
            client = CamdramClient(token, app)
    except CamdramTokenMissing:
        return record_without_token(social_account, state, after_login, granted_scope)
    except CamdramError as error:
        return record_run(
            social_account, SyncRun(after_login, granted_scope, errors={None: error})
        )

    run = SyncRun(after_login, granted_scope)
    scopes = None if granted_scope is None else set(granted_scope.split())
    to_fetch = [e for e in ENDPOINTS if scopes is None or e.scope in scopes]
    run.skipped = [e for e in ENDPOINTS if e not in to_fetch]

    base_url = conf.camdram_url(client.app)
    for endpoint, value in _fetch(client, to_fetch).items():
        if isinstance(value, CamdramForbidden) and scopes is None:
            # The scope was unknown, so a 403 means it was not granted.
            run.skipped.append(endpoint)
        elif isinstance(value, CamdramError):
            run.errors[endpoint] = value
        else:
            try:
                run.data[endpoint] = _parse(endpoint, value, base_url)
            except CamdramError as error:
                run.errors[endpoint] = error
    if client.granted_scope is not None:
        run.granted_scope = client.granted_scope
    return record_run(social_account, run)


def _fetch(client: CamdramClient, endpoints: list[Endpoint]) -> dict[Endpoint, Any]:
    """Fetch every endpoint, with at most one token refresh per sync.

    The refresh happens before the fetch when the token expires soon, or
    else after a 401, and then only the rejected endpoints are fetched again.
    """
    if not endpoints:
        return {}
    try:
        if client.needs_refresh():
            client.refresh()
    except CamdramError as error:
        return dict.fromkeys(endpoints, error)

    results = _fetch_concurrently(client, endpoints)
    rejected = [
        endpoint
        for endpoint, value in results.items()
        if isinstance(value, CamdramUnauthorized) and value.status == 401
    ]
    # Camdram returns 401 when by its clock the token has expired, and one
    # refresh and one retry fix that. A token this sync has already refreshed
    # was rejected for another reason, so it is not refreshed again.
    if rejected and client.refresh_count == 0:
        try:
            client.refresh()
        except CamdramError as error:
            results.update(dict.fromkeys(rejected, error))
            return results
        results.update(_fetch_concurrently(client, rejected))
    return results


def _fetch_concurrently(
    client: CamdramClient, endpoints: list[Endpoint]
) -> dict[Endpoint, Any]:
    *others, last = endpoints
    if not others:
        return {last: _fetch_one(client, last)}
    # The calling thread fetches the last endpoint itself instead of waiting
    # idle. That starts one thread fewer, and the GIL passes between two
    # threads, not three.
    with ThreadPoolExecutor(
        max_workers=len(others), thread_name_prefix="camdram-sync"
    ) as pool:
        futures = {e: pool.submit(_fetch_one, client, e) for e in others}
        last_value = _fetch_one(client, last)
        results = {endpoint: future.result() for endpoint, future in futures.items()}
    # Errors are reported in the order of the results, so keep ``endpoints``'s.
    results[last] = last_value
    return results


def _fetch_one(client: CamdramClient, endpoint: Endpoint) -> Any:
    try:
        return client.fetch(endpoint.path)
    except CamdramError as error:
        return error


def _parse(endpoint: Endpoint, value: Any, base_url: str) -> list[Any]:
    if endpoint is SHOWS:
        return parse_shows(value, base_url)
    return parse_organisations(value, base_url)


__all__ = ["SyncResult", "sync_social_account"]
