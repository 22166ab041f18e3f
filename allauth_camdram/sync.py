"""Sync one Camdram account's shows and organisations into the local models.

A sync fetches ``/auth/account/shows.json`` and
``/auth/account/organisations.json`` at the same time, in two threads, so a
sync during login costs one round trip to Camdram. The threads only make
HTTP requests; every database read and write happens in the calling thread.

A failed fetch is never read as an empty list: when a fetch fails, nothing
stored for that half changes, and ``SyncState`` records why.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from allauth.socialaccount.models import SocialAccount, SocialToken
from django.db import transaction
from django.utils import timezone

from allauth_camdram import conf
from allauth_camdram.constants import (
    ORGANISATIONS_PATH,
    PROVIDER_ID,
    SCOPE_USER_ORGS,
    SCOPE_USER_SHOWS,
    SHOWS_PATH,
)
from allauth_camdram.exceptions import (
    CamdramError,
    CamdramForbidden,
    CamdramReauthorizationRequired,
    CamdramTokenMissing,
    CamdramUnauthorized,
)
from allauth_camdram.models import Organisation, Show, SyncState
from allauth_camdram.models.sync_state import ERROR_MAX_LENGTH
from allauth_camdram.records import parse_organisations, parse_shows
from allauth_camdram.signals import organisations_synced, shows_synced
from allauth_camdram.sync_store import Changes, store_organisations, store_shows
from allauth_camdram.tokens import CamdramClient

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Endpoint:
    name: str
    path: str
    scope: str


_SHOWS = _Endpoint("shows", SHOWS_PATH, SCOPE_USER_SHOWS)
_ORGANISATIONS = _Endpoint("organisations", ORGANISATIONS_PATH, SCOPE_USER_ORGS)
_ENDPOINTS = (_SHOWS, _ORGANISATIONS)


@dataclass
class SyncResult:
    """The outcome of one call of ``sync_social_account``.

    ``status`` is a ``SyncState.Status`` value. ``skipped_reason`` is set
    when the sync did not run at all. ``shows`` and ``organisations`` are
    ``None`` when that half was not stored (skipped or failed).
    """

    social_account_id: int
    status: str
    error: str = ""
    skipped_scopes: list[str] = field(default_factory=list)
    reauthorization_required: bool = False
    skipped_reason: str = ""
    shows: Changes[Show] | None = None
    organisations: Changes[Organisation] | None = None

    @property
    def failed(self) -> bool:
        return self.status in (SyncState.Status.FAILED, SyncState.Status.PARTIAL)


def sync_social_account(
    social_account: SocialAccount,
    *,
    token: SocialToken | None = None,
    granted_scope: str | None = None,
    after_login: bool = False,
) -> SyncResult:
    """Fetch the account's shows and organisations from Camdram and store them.

    ``token`` is the token in hand when it is not stored (allauth's
    ``SOCIALACCOUNT_STORE_TOKENS`` off); otherwise the stored token is read
    once. ``after_login`` marks a sync that a sign-in started: it clears the
    "must sign in again" flag and records ``granted_scope`` (``None`` when
    the token reply had no scope). Other syncs skip an account with that flag set and
    use the scope recorded at sign-in.

    Camdram failures are recorded in the account's ``SyncState``, not raised.
    """
    if social_account.provider != PROVIDER_ID:
        raise ValueError(f"Social account {social_account.pk} is not a Camdram one")
    state, _ = SyncState.objects.get_or_create(social_account=social_account)
    if state.reauthorization_required and not after_login:
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
    if not after_login:
        granted_scope = state.granted_scope

    try:
        if token is None:
            client = CamdramClient.for_social_account(social_account)
        else:
            client = CamdramClient(token)
    except CamdramTokenMissing:
        return _record_without_token(state, after_login, granted_scope)
    except CamdramError as error:
        return _record(
            social_account,
            state,
            _Run(after_login, granted_scope, errors={None: error}),
        )

    run = _Run(after_login, granted_scope)
    scopes = None if granted_scope is None else set(granted_scope.split())
    wanted = [e for e in _ENDPOINTS if scopes is None or e.scope in scopes]
    run.skipped = [e for e in _ENDPOINTS if e not in wanted]

    base_url = conf.camdram_url(client.app)
    for endpoint, value in _fetch(client, wanted).items():
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
    return _record(social_account, state, run)


@dataclass
class _Run:
    after_login: bool
    granted_scope: str | None
    # Errors by endpoint; the key None means the sync failed before fetching.
    errors: dict[_Endpoint | None, CamdramError] = field(default_factory=dict)
    data: dict[_Endpoint, list[Any]] = field(default_factory=dict)
    skipped: list[_Endpoint] = field(default_factory=list)


def _fetch(client: CamdramClient, endpoints: list[_Endpoint]) -> dict[_Endpoint, Any]:
    """Fetch every endpoint, refreshing the token at most once before a retry."""
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
    # Camdram returns 401 when by its clock the token has expired. One
    # refresh and one retry fix that; a token refreshed in this sync already
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
    client: CamdramClient, endpoints: list[_Endpoint]
) -> dict[_Endpoint, Any]:
    if len(endpoints) == 1:
        return {endpoints[0]: _fetch_one(client, endpoints[0])}
    with ThreadPoolExecutor(
        max_workers=len(endpoints), thread_name_prefix="camdram-sync"
    ) as pool:
        futures = {e: pool.submit(_fetch_one, client, e) for e in endpoints}
        return {endpoint: future.result() for endpoint, future in futures.items()}


def _fetch_one(client: CamdramClient, endpoint: _Endpoint) -> Any:
    try:
        return client.fetch(endpoint.path)
    except CamdramError as error:
        return error


def _parse(endpoint: _Endpoint, value: Any, base_url: str) -> list[Any]:
    if endpoint is _SHOWS:
        return parse_shows(value, base_url)
    return parse_organisations(value, base_url)


def _record(social_account: SocialAccount, state: SyncState, run: _Run) -> SyncResult:
    """Store the fetched halves and the outcome in one transaction."""
    shows: Changes[Show] | None = None
    organisations: Changes[Organisation] | None = None
    with transaction.atomic():
        # Two syncs of one account write one after the other, so neither
        # reads the other's links half-written.
        state = SyncState.objects.select_for_update().get(pk=state.pk)
        if _SHOWS in run.data:
            shows = store_shows(social_account, run.data[_SHOWS])
        if _ORGANISATIONS in run.data:
            organisations = store_organisations(
                social_account, run.data[_ORGANISATIONS]
            )
        result = _update_state(state, run)
        state.save()
    result.shows = shows
    result.organisations = organisations

    _log_result(result)
    _send(shows_synced, Show, social_account, shows)
    _send(organisations_synced, Organisation, social_account, organisations)
    return result


def _update_state(state: SyncState, run: _Run) -> SyncResult:
    now = timezone.now()
    if run.errors and run.data:
        status = SyncState.Status.PARTIAL
    elif run.errors:
        status = SyncState.Status.FAILED
    else:
        status = SyncState.Status.OK
    error = "; ".join(
        f"{endpoint.name}: {problem}" if endpoint else str(problem)
        for endpoint, problem in run.errors.items()
    )
    reauthorization_required = any(
        isinstance(problem, CamdramReauthorizationRequired)
        for problem in run.errors.values()
    )

    state.status = status
    state.error = error[:ERROR_MAX_LENGTH]
    state.last_attempt_at = now
    if status == SyncState.Status.OK:
        state.last_success_at = now
    state.skipped_scopes = " ".join(endpoint.scope for endpoint in run.skipped)
    if run.after_login or reauthorization_required:
        state.reauthorization_required = reauthorization_required
    if run.after_login or run.granted_scope is not None:
        state.granted_scope = run.granted_scope
    return SyncResult(
        social_account_id=state.social_account_id,
        status=status,
        error=state.error,
        skipped_scopes=state.skipped_scopes.split(),
        reauthorization_required=state.reauthorization_required,
    )


def _record_without_token(
    state: SyncState, after_login: bool, granted_scope: str | None
) -> SyncResult:
    state.status = SyncState.Status.NO_TOKEN
    state.error = ""
    state.last_attempt_at = timezone.now()
    if after_login:
        state.granted_scope = granted_scope
        state.reauthorization_required = False
    state.save()
    logger.info(
        "Skipped the Camdram sync of social account %s: no stored token",
        state.social_account_id,
    )
    return SyncResult(
        social_account_id=state.social_account_id,
        status=state.status,
        skipped_reason="no stored token",
    )


def _log_result(result: SyncResult) -> None:
    def summary(changes: Changes[Any] | None) -> str:
        if changes is None:
            return "not stored"
        return f"+{len(changes.added)} ~{len(changes.updated)} -{len(changes.removed)}"

    log = logger.warning if result.failed else logger.info
    log(
        "Camdram sync of social account %s: %s; shows %s; organisations %s%s",
        result.social_account_id,
        result.status,
        summary(result.shows),
        summary(result.organisations),
        f"; {result.error}" if result.error else "",
    )


def _send(
    signal: Any,
    sender: type[Any],
    social_account: SocialAccount,
    changes: Changes[Any] | None,
) -> None:
    if changes is None or not changes.any:
        return
    responses = signal.send_robust(
        sender=sender,
        social_account=social_account,
        added=changes.added,
        updated=changes.updated,
        removed=changes.removed,
    )
    for receiver, response in responses:
        if isinstance(response, Exception):
            logger.error(
                "A receiver of the Camdram sync signal failed: %r",
                receiver,
                exc_info=response,
            )
