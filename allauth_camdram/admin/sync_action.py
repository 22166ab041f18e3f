"""The "Sync now" admin action: queue each selected account's sync task.

The action uses the task that login starts, so a site's ``TASKS`` backend
decides where the sync runs. With the immediate backend the sync runs
during the admin request and its outcome is reported at once. A worker
backend only queues it, and the outcome appears later on the account.

NOTE: with the immediate backend, the admin request waits for one Camdram
round trip per selected account, one account after another.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.socialaccount.models import SocialAccount
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allauth_camdram.models import SyncState
from allauth_camdram.tasks import sync_camdram_account

logger = logging.getLogger(__name__)

# At most this many failed accounts are named in the admin message.
MAX_NAMED_FAILURES = 10

# Return values of the sync task that are not SyncState statuses.
_TASK_OUTCOMES = {
    "missing": gettext_lazy("the account no longer exists"),
    "error": gettext_lazy("the sync raised an error, which is in the log"),
}


@dataclass
class SyncReport:
    """Counts of accounts synced and queued, and the failed ones by Camdram id."""

    synced: int = 0
    queued: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def messages(self) -> list[str]:
        """Return one message per outcome, for ``ModelAdmin.message_user``."""
        lines: list[str] = []
        if self.synced:
            lines.append(
                ngettext(
                    "Synced %(count)d Camdram account.",
                    "Synced %(count)d Camdram accounts.",
                    self.synced,
                )
                % {"count": self.synced}
            )
        if self.queued:
            lines.append(
                ngettext(
                    "Queued %(count)d Camdram account for syncing.",
                    "Queued %(count)d Camdram accounts for syncing.",
                    self.queued,
                )
                % {"count": self.queued}
            )
        if self.failed:
            # Camdram ids are numbers, so shorter ids sort first.
            failed = sorted(self.failed, key=lambda item: (len(item[0]), item[0]))
            named = ", ".join(
                f"{uid} ({reason})" for uid, reason in failed[:MAX_NAMED_FAILURES]
            )
            if len(self.failed) > MAX_NAMED_FAILURES:
                named += _(" and %(count)d more") % {
                    "count": len(self.failed) - MAX_NAMED_FAILURES
                }
            lines.append(
                ngettext(
                    "The sync of %(count)d Camdram account failed: %(accounts)s.",
                    "The sync of %(count)d Camdram accounts failed: %(accounts)s.",
                    len(self.failed),
                )
                % {"count": len(self.failed), "accounts": named}
            )
        return lines


def sync_accounts(accounts: Iterable[SocialAccount]) -> SyncReport:
    """Enqueue the sync task for each account and collect the outcomes."""
    report = SyncReport()
    # Social account id -> (Camdram id, the task's return value).
    unsuccessful: dict[int, tuple[str, object]] = {}
    for account in accounts:
        try:
            result = sync_camdram_account.enqueue(account.pk)
        except Exception:
            # A broken task backend must not turn the admin page into a 500.
            logger.exception(
                "Could not queue the Camdram sync of social account %s", account.pk
            )
            report.failed.append((account.uid, str(_("could not be queued"))))
            continue

        if not result.is_finished:
            report.queued += 1
        elif (
            result.status == "SUCCESSFUL" and result.return_value == SyncState.Status.OK
        ):
            report.synced += 1
        else:
            outcome = result.return_value if result.status == "SUCCESSFUL" else "error"
            unsuccessful[account.pk] = (account.uid, outcome)

    # The sync state explains a failure better than the task's return value,
    # because an account that must sign in again keeps its last status.
    states = SyncState.objects.in_bulk(
        list(unsuccessful), field_name="social_account_id"
    )
    for account_id, (uid, outcome) in unsuccessful.items():
        report.failed.append((uid, _failure_reason(states.get(account_id), outcome)))
    return report


def _failure_reason(state: SyncState | None, outcome: object) -> str:
    if state is not None and state.reauthorization_required:
        return str(_("must sign in with Camdram again"))
    if outcome in SyncState.Status.values:
        return str(SyncState.Status(outcome).label)
    return str(_TASK_OUTCOMES.get(str(outcome), _("unknown outcome")))
