"""Write one account's shows or organisations to the database in bulk.

The number of queries does not depend on the number of items: one read of
the existing rows and one of the account's links, then at most one insert,
re-read, lock, update, delete and read of removed rows each. There are two
exceptions. An update is sent in batches of ``UPDATE_BATCH_SIZE`` changed
rows. On SQLite, whose limit is 999 parameters per statement, Django also
splits a large insert, at about 90 shows per statement.

Concurrent syncs that share rows stay safe on PostgreSQL: inserts ignore
rows another transaction added a moment earlier, and rows are locked in
primary-key order before an update, so two syncs do not deadlock on them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from allauth.socialaccount.models import SocialAccount
from django.db import models
from django.utils import timezone

from allauth_camdram.models import Organisation, OrganisationLink, Show, ShowLink
from allauth_camdram.records import OrganisationRecord, ShowRecord

RecordModel = TypeVar("RecordModel", Show, Organisation)

# Django's bulk_update sets each column with a CASE over every row of the
# statement, which the database evaluates row by row, so one statement for n
# rows costs about n * n comparisons. Batches of this size keep the cost
# linear, at one extra query per this many changed rows.
UPDATE_BATCH_SIZE = 250


@dataclass
class Changes(Generic[RecordModel]):
    """The shows or organisations one sync added, updated and removed for an account."""

    added: list[RecordModel] = field(default_factory=list)
    updated: list[RecordModel] = field(default_factory=list)
    removed: list[RecordModel] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True)
class _Table:
    model: type[models.Model]
    link_model: type[models.Model]
    link_field: str
    key_fields: tuple[str, ...]

    def key_of(self, row: Any) -> Hashable:
        values = tuple(getattr(row, name) for name in self.key_fields)
        return values[0] if len(values) == 1 else values


_SHOWS = _Table(Show, ShowLink, "show", ("camdram_id",))
_ORGANISATIONS = _Table(
    Organisation, OrganisationLink, "organisation", ("kind", "camdram_id")
)


def store_shows(
    social_account: SocialAccount, records: Sequence[ShowRecord]
) -> Changes[Show]:
    """Make the account's show links match ``records``; manual links stay."""
    changes: Changes[Show] = Changes()
    _store(_SHOWS, social_account, records, changes)
    return changes


def store_organisations(
    social_account: SocialAccount, records: Sequence[OrganisationRecord]
) -> Changes[Organisation]:
    """Make the account's organisation links match ``records``; manual links stay."""
    changes: Changes[Organisation] = Changes()
    _store(_ORGANISATIONS, social_account, records, changes)
    return changes


def _store(
    table: _Table,
    social_account: SocialAccount,
    records: Sequence[ShowRecord | OrganisationRecord],
    changes: Changes[Any],
) -> None:
    now = timezone.now()
    manager = table.model._default_manager
    ordered = sorted(records, key=lambda record: record.camdram_id)
    camdram_ids = [record.camdram_id for record in ordered]

    existing: dict[Hashable, Any] = {
        table.key_of(row): row for row in manager.filter(camdram_id__in=camdram_ids)
    }
    current: list[Any] = []
    new_rows: list[Any] = []
    changed_rows: list[Any] = []
    changed_fields: set[str] = set()
    for record in ordered:
        row = existing.get(record.key)
        if row is None:
            key_values = dict(
                zip(table.key_fields, _key_tuple(record.key), strict=True)
            )
            new_rows.append(
                table.model(
                    **key_values, **record.fields, created_at=now, updated_at=now
                )
            )
            continue
        current.append(row)
        differing = [
            name for name, value in record.fields.items() if getattr(row, name) != value
        ]
        if differing:
            for name in differing:
                setattr(row, name, record.fields[name])
            row.updated_at = now
            changed_rows.append(row)
            changed_fields.update(differing)

    if new_rows:
        # Another sync may insert the same row at the same moment; the
        # re-read below then picks up its row instead of failing.
        manager.bulk_create(new_rows, ignore_conflicts=True)
        new_keys = {table.key_of(row) for row in new_rows}
        current.extend(
            row
            for row in manager.filter(camdram_id__in=[r.camdram_id for r in new_rows])
            if table.key_of(row) in new_keys
        )
    if changed_rows:
        pks = sorted(row.pk for row in changed_rows)
        list(manager.select_for_update().filter(pk__in=pks).order_by("pk").values("pk"))
        manager.bulk_update(
            changed_rows,
            sorted(changed_fields | {"updated_at"}),
            batch_size=UPDATE_BATCH_SIZE,
        )

    _store_links(table, social_account, current, set(changed_rows), changes)


def _store_links(
    table: _Table,
    social_account: SocialAccount,
    current: list[Any],
    changed_rows: set[Any],
    changes: Changes[Any],
) -> None:
    link_manager = table.link_model._default_manager
    link_id = f"{table.link_field}_id"
    # Plain tuples, not model instances: an account may have thousands of links.
    links: dict[int, tuple[int, bool]] = {
        target_pk: (link_pk, manual)
        for link_pk, target_pk, manual in link_manager.filter(
            social_account=social_account
        ).values_list("pk", link_id, "manual")
    }
    wanted = {row.pk: row for row in current}

    added = sorted(wanted.keys() - links.keys())
    if added:
        link_manager.bulk_create(
            [
                table.link_model(**{link_id: pk}, social_account=social_account)
                for pk in added
            ],
            ignore_conflicts=True,
        )
    changes.added.extend(wanted[pk] for pk in added)
    changes.updated.extend(
        row for row in current if row in changed_rows and row.pk in links
    )

    stale = {
        target_pk: link_pk
        for target_pk, (link_pk, manual) in links.items()
        if target_pk not in wanted and not manual
    }
    if stale:
        link_manager.filter(pk__in=sorted(stale.values())).delete()
        changes.removed.extend(
            table.model._default_manager.filter(pk__in=sorted(stale))
        )


def _key_tuple(key: Hashable) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


__all__ = ["Changes", "store_organisations", "store_shows"]
