"""The outcome of a sync: what it stored, its ``SyncState`` row, log and signals."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils import timezone

from allauth_camdram.constants import (
    ORGANISATIONS_PATH,
    SCOPE_USER_ORGS,
    SCOPE_USER_SHOWS,
    SHOWS_PATH,
)
from allauth_camdram.exceptions import CamdramError, CamdramReauthorizationRequired
from allauth_camdram.models import Organisation, Show, SyncState
from allauth_camdram.models.sync_state import ERROR_MAX_LENGTH
from allauth_camdram.signals import organisations_synced, shows_synced
from allauth_camdram.sync_store import Changes, store_organisations, store_shows

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Endpoint:
    """One of the two account lists a sync fetches, and the scope it needs."""

    name: str
    path: str
    scope: str


SHOWS = Endpoint("shows", SHOWS_PATH, SCOPE_USER_SHOWS)
ORGANISATIONS = Endpoint("organisations", ORGANISATIONS_PATH, SCOPE_USER_ORGS)
ENDPOINTS = (SHOWS, ORGANISATIONS)


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


@dataclass
class SyncRun:
    """The data and errors of one sync's fetches, before they are stored."""

    after_login: bool
    granted_scope: str | None
    # Errors by endpoint; the key None means the sync failed before fetching.
    errors: dict[Endpoint | None, CamdramError] = field(default_factory=dict)
    data: dict[Endpoint, list[Any]] = field(default_factory=dict)
    skipped: list[Endpoint] = field(default_factory=list)


def record_run(social_account: SocialAccount, run: SyncRun) -> SyncResult:
    """Store the fetched halves and the outcome in one transaction.

    The account's ``SyncState`` is locked first, or created when it has none.
    """
    shows: Changes[Show] | None = None
    organisations: Changes[Organisation] | None = None
    with transaction.atomic():
        # Two syncs of one account write one after the other, so neither
        # reads the other's links half-written.
        state, _ = SyncState.objects.select_for_update().get_or_create(
            social_account=social_account
        )
        if SHOWS in run.data:
            shows = store_shows(social_account, run.data[SHOWS])
        if ORGANISATIONS in run.data:
            organisations = store_organisations(social_account, run.data[ORGANISATIONS])
        result = _update_state(state, run)
        state.save()
    result.shows = shows
    result.organisations = organisations

    _log_result(result)
    _send(shows_synced, Show, social_account, shows)
    _send(organisations_synced, Organisation, social_account, organisations)
    return result


def _update_state(state: SyncState, run: SyncRun) -> SyncResult:
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


def record_without_token(
    social_account: SocialAccount,
    state: SyncState | None,
    after_login: bool,
    granted_scope: str | None,
) -> SyncResult:
    """Record that the account has no stored token, reading ``state`` if ``None``."""
    if state is None:
        state, _ = SyncState.objects.get_or_create(social_account=social_account)
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
        return changes.counts()

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
