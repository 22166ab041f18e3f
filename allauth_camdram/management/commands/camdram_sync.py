"""``manage.py camdram_sync``: sync linked Camdram accounts now."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q, QuerySet
from django.utils import timezone

from allauth_camdram.constants import PROVIDER_ID
from allauth_camdram.sync import SyncResult, sync_social_account


class Command(BaseCommand):
    help = (
        "Sync the shows and organisations of linked Camdram accounts. Without "
        "options every account is synced. Accounts whose refresh token Camdram "
        "rejected are skipped until the person signs in again. Exits with "
        "status 1 when any sync failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--user",
            action="append",
            default=[],
            metavar="USER",
            help="Only this user's accounts: the user's primary key or the value "
            "of the user model's USERNAME_FIELD. Repeatable.",
        )
        parser.add_argument(
            "--camdram-id",
            action="append",
            default=[],
            metavar="ID",
            help="Only the account with this Camdram user id. Repeatable.",
        )
        parser.add_argument(
            "--stale",
            type=float,
            metavar="HOURS",
            help="Only accounts without a successful sync in the last HOURS hours.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = self._accounts(options)
        counts = {"ok": 0, "failed": 0, "skipped": 0}
        total = accounts.count()
        for number, account in enumerate(accounts.iterator(), start=1):
            try:
                result = sync_social_account(account)
            except Exception as error:
                counts["failed"] += 1
                self.stderr.write(
                    f"[{number}/{total}] Camdram id {account.uid}: error "
                    f"{type(error).__name__}: {error}"
                )
                continue
            outcome = _outcome(result)
            counts[outcome] += 1
            line = f"[{number}/{total}] Camdram id {account.uid}: {_describe(result)}"
            if outcome == "failed":
                self.stderr.write(line)
            else:
                self.stdout.write(line)

        self.stdout.write(
            f"Synced {total} Camdram account(s): {counts['ok']} ok, "
            f"{counts['failed']} failed, {counts['skipped']} skipped."
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} Camdram sync(s) failed.")

    def _accounts(self, options: dict[str, Any]) -> QuerySet[SocialAccount]:
        accounts: QuerySet[SocialAccount] = SocialAccount.objects.filter(
            provider=PROVIDER_ID
        )
        if options["user"]:
            accounts = accounts.filter(user__in=_find_users(options["user"]))
        if options["camdram_id"]:
            camdram_ids = [value.strip() for value in options["camdram_id"]]
            linked = set(
                SocialAccount.objects.filter(
                    provider=PROVIDER_ID, uid__in=camdram_ids
                ).values_list("uid", flat=True)
            )
            unknown = [value for value in camdram_ids if value not in linked]
            if unknown:
                # A mistyped id would otherwise sync nothing and still succeed.
                raise CommandError(
                    "No Camdram account is linked with Camdram id "
                    + ", ".join(repr(value) for value in unknown)
                    + "."
                )
            accounts = accounts.filter(uid__in=camdram_ids)
        if options["stale"] is not None:
            if options["stale"] < 0:
                raise CommandError("--stale must be zero or more hours.")
            cutoff = timezone.now() - timedelta(hours=options["stale"])
            accounts = accounts.filter(
                Q(camdram_sync_state__isnull=True)
                | Q(camdram_sync_state__last_success_at__isnull=True)
                | Q(camdram_sync_state__last_success_at__lt=cutoff)
            )
        return accounts.order_by("pk")


def _find_users(values: list[str]) -> list[Any]:
    """Return the users named by primary key or by ``USERNAME_FIELD``."""
    user_model = get_user_model()
    username_field = user_model.USERNAME_FIELD
    users = []
    for value in values:
        query = Q(**{username_field: value})
        try:
            pk = user_model._meta.pk.to_python(value)
        except ValidationError:
            # Not a valid primary key for this user model, so only a name.
            pk = None
        if pk is not None:
            query |= Q(pk=pk)
        found = list(user_model._default_manager.filter(query))
        if not found:
            raise CommandError(
                f"No user with primary key or {username_field} {value!r}."
            )
        users.extend(found)
    return users


def _outcome(result: SyncResult) -> str:
    if result.skipped_reason:
        return "skipped"
    return "failed" if result.failed else "ok"


def _describe(result: SyncResult) -> str:
    if result.skipped_reason:
        return f"skipped, {result.skipped_reason}"
    parts = [str(result.status)]
    for name, changes in (
        ("shows", result.shows),
        ("organisations", result.organisations),
    ):
        if changes is not None:
            parts.append(f"{name} {changes.counts()}")
    if result.skipped_scopes:
        parts.append("not granted: " + " ".join(result.skipped_scopes))
    if result.error:
        parts.append(result.error)
    return ", ".join(parts)
