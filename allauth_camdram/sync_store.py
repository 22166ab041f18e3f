"""Write one account's shows or organisations to the database in bulk.

The number of queries does not depend on the number of items. A sync reads
the existing rows' keys and digests and the account's links. Then it sends at
most one of each: insert, re-read of inserted rows, locked read of the rows
whose digest differs, update, read of unchanged rows it newly links, delete,
and read of removed rows. There are two exceptions. An update is sent in batches of
``UPDATE_BATCH_SIZE`` changed rows. On SQLite, whose limit is 999 parameters
per statement, Django also splits a large insert, at about 90 shows per
statement.

Each row stores a digest of the columns a sync wrote (``digests.py``), so an
unchanged row is recognised without loading its ``data`` column.

Concurrent syncs that share rows stay safe on PostgreSQL: inserts ignore
rows another transaction added a moment earlier, and rows are locked in
primary-key order before an update, so two syncs do not deadlock on them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
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

    def counts(self) -> str:
        """Return the numbers added, updated and removed, as ``+1 ~0 -2``."""
        return f"+{len(self.added)} ~{len(self.updated)} -{len(self.removed)}"


@dataclass(frozen=True)
class _Table:
    model: type[models.Model]
    link_model: type[models.Model]
    link_field: str
    key_fields: tuple[str, ...]

    def key_of(self, row: Any) -> Hashable:
        return _key_of_values(tuple(getattr(row, name) for name in self.key_fields))


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

    # Only the keys and digests: loading and decoding every row's ``data``
    # would cost more than the rest of an unchanged re-sync.
    existing: dict[Hashable, tuple[int, str]] = {
        _key_of_values(values[1:-1]): (values[0], values[-1])
        for values in manager.filter(camdram_id__in=camdram_ids).values_list(
            "pk", *table.key_fields, "digest"
        )
    }
    current: dict[int, Any] = {}
    new_rows: list[Any] = []
    differing: dict[int, ShowRecord | OrganisationRecord] = {}
    for record in ordered:
        if record.key not in existing:
            key_values = dict(
                zip(table.key_fields, _key_tuple(record.key), strict=True)
            )
            new_rows.append(
                table.model(
                    **key_values,
                    **record.fields,
                    digest=record.digest,
                    created_at=now,
                    updated_at=now,
                )
            )
            continue
        pk, digest = existing[record.key]
        current[pk] = None
        if digest != record.digest:
            differing[pk] = record

    if new_rows:
        # Another sync may insert the same row at the same moment; the
        # re-read below then picks up its row instead of failing.
        manager.bulk_create(new_rows, ignore_conflicts=True)
        new_keys = {table.key_of(row) for row in new_rows}
        current.update(
            (row.pk, row)
            for row in manager.filter(camdram_id__in=[r.camdram_id for r in new_rows])
            if table.key_of(row) in new_keys
        )
    changed_rows = _update(table, differing, now, current)
    _store_links(table, social_account, current, changed_rows, changes)


def _update(
    table: _Table,
    differing: dict[int, ShowRecord | OrganisationRecord],
    now: datetime,
    current: dict[int, Any],
) -> set[Any]:
    """Update the rows whose digest differs and return those whose columns changed.

    A row whose columns all match, such as one stored before digests were,
    gets only its new digest, and does not count as changed.
    """
    if not differing:
        return set()
    changed_rows: set[Any] = set()
    changed_fields: set[str] = {"digest"}
    # Locked in primary-key order and read in the same query.
    manager = table.model._default_manager
    loaded: list[Any] = list(
        manager.select_for_update().filter(pk__in=sorted(differing)).order_by("pk")
    )
    for row in loaded:
        record = differing[row.pk]
        current[row.pk] = row
        row.digest = record.digest
        names = [
            name for name, value in record.fields.items() if getattr(row, name) != value
        ]
        if names:
            for name in names:
                setattr(row, name, record.fields[name])
            row.updated_at = now
            changed_rows.add(row)
            changed_fields.update(names)
    if changed_rows:
        changed_fields.add("updated_at")
    manager.bulk_update(loaded, sorted(changed_fields), batch_size=UPDATE_BATCH_SIZE)
    # A row deleted since the digests were read is not there to link.
    for pk in differing.keys() - {row.pk for row in loaded}:
        del current[pk]
    return changed_rows


def _store_links(
    table: _Table,
    social_account: SocialAccount,
    current: dict[int, Any],
    changed_rows: set[Any],
    changes: Changes[Any],
) -> None:
    """Link the account to the rows in ``current`` and unlink the others.

    ``current`` maps each row's primary key to the row, or to ``None`` when
    the row was unchanged and so not loaded.
    """
    manager = table.model._default_manager
    link_manager = table.link_model._default_manager
    link_id = f"{table.link_field}_id"
    # Plain tuples, not model instances: an account may have thousands of links.
    links: dict[int, tuple[int, bool]] = {
        target_pk: (link_pk, manual)
        for link_pk, target_pk, manual in link_manager.filter(
            social_account=social_account
        ).values_list("pk", link_id, "manual")
    }

    added = sorted(current.keys() - links.keys())
    if added:
        link_manager.bulk_create(
            [
                table.link_model(**{link_id: pk}, social_account=social_account)
                for pk in added
            ],
            ignore_conflicts=True,
        )
        # The signal gives receivers whole rows, so newly linked rows that
        # were unchanged are loaded now.
        unloaded = [pk for pk in added if current[pk] is None]
        if unloaded:
            current.update((row.pk, row) for row in manager.filter(pk__in=unloaded))
    changes.added.extend(current[pk] for pk in added)
    changes.updated.extend(
        row for row in current.values() if row in changed_rows and row.pk in links
    )

    stale = {
        target_pk: link_pk
        for target_pk, (link_pk, manual) in links.items()
        if target_pk not in current and not manual
    }
    if stale:
        link_manager.filter(pk__in=sorted(stale.values())).delete()
        changes.removed.extend(manager.filter(pk__in=sorted(stale)))


def _key_of_values(values: tuple[Any, ...]) -> Hashable:
    return values[0] if len(values) == 1 else values


def _key_tuple(key: Hashable) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


__all__ = ["Changes", "store_organisations", "store_shows"]
