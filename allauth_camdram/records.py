"""Turn Camdram's show and organisation lists into values for the models.

Camdram's lists are taken as they really are: keys are missing instead of
null, ids may come as ``1`` or ``"1"``, the same item may appear twice, and
the organisations list mixes societies and venues. Items that cannot be
stored (no usable id, an unknown ``_type``) are skipped with one WARNING per
kind of problem and list, so a large bad list does not flood the log.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH
from allauth_camdram.digests import fields_digest
from allauth_camdram.exceptions import CamdramInvalidResponse
from allauth_camdram.models import Organisation

logger = logging.getLogger(__name__)

# Camdram's listings are for Cambridge, and repeat_until is a UK date, so
# performance start times are converted to UK dates too.
CAMDRAM_TIME_ZONE = ZoneInfo("Europe/London")

# The largest id a PositiveBigIntegerField column stores on every database.
_MAX_ID = 2**63 - 1

_ORGANISATION_PATHS: dict[str, str] = {
    Organisation.Kind.SOCIETY: "/societies/",
    Organisation.Kind.VENUE: "/venues/",
}


@dataclass(frozen=True)
class ShowRecord:
    """A show from Camdram, with the values of its ``Show`` columns."""

    camdram_id: int
    fields: dict[str, Any]

    @property
    def key(self) -> int:
        return self.camdram_id

    @cached_property
    def digest(self) -> str:
        return fields_digest(self.fields)


@dataclass(frozen=True)
class OrganisationRecord:
    """A society or venue from Camdram, with its ``Organisation`` columns."""

    kind: str
    camdram_id: int
    fields: dict[str, Any]

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.camdram_id)

    @cached_property
    def digest(self) -> str:
        return fields_digest(self.fields)


def parse_shows(items: object, base_url: str) -> list[ShowRecord]:
    """Return one record per show in a ``shows.json`` list, first one wins.

    Raises ``CamdramInvalidResponse`` when ``items`` is not a list, because a
    wrong shape must never be read as "no shows".
    """
    rows = _require_list(items, SHOWS_PATH)
    skipped: Counter[str] = Counter()
    records: dict[int, ShowRecord] = {}
    for item in rows:
        if not isinstance(item, dict):
            skipped["not a JSON object"] += 1
            continue
        item_type = item.get("_type")
        if item_type is not None and item_type != "show":
            skipped[f"_type {item_type!r}"] += 1
            continue
        camdram_id = parse_camdram_id(item.get("id"))
        if camdram_id is None:
            skipped["no usable id"] += 1
            continue
        if camdram_id in records:
            continue
        slug = _text(item.get("slug"))
        first, last = performance_dates(item.get("performances"))
        records[camdram_id] = ShowRecord(
            camdram_id=camdram_id,
            fields={
                "name": _text(item.get("name")),
                "slug": slug,
                "url": _show_url(base_url, item.get("_links"), slug),
                "author": _text(item.get("author")),
                "category": _text(item.get("category")),
                "first_performance": first,
                "last_performance": last,
                "data": item,
            },
        )
    _log_skipped(SHOWS_PATH, skipped)
    return list(records.values())


def parse_organisations(items: object, base_url: str) -> list[OrganisationRecord]:
    """Return one record per society or venue in ``organisations.json``.

    Items whose ``_type`` is neither ``society`` nor ``venue``, or missing,
    are skipped. Raises ``CamdramInvalidResponse`` when ``items`` is not a list.
    """
    rows = _require_list(items, ORGANISATIONS_PATH)
    skipped: Counter[str] = Counter()
    records: dict[tuple[str, int], OrganisationRecord] = {}
    for item in rows:
        if not isinstance(item, dict):
            skipped["not a JSON object"] += 1
            continue
        kind = item.get("_type")
        if not isinstance(kind, str) or kind not in _ORGANISATION_PATHS:
            skipped[f"_type {kind!r}"] += 1
            continue
        camdram_id = parse_camdram_id(item.get("id"))
        if camdram_id is None:
            skipped["no usable id"] += 1
            continue
        if (kind, camdram_id) in records:
            continue
        slug = _text(item.get("slug"))
        records[(kind, camdram_id)] = OrganisationRecord(
            kind=kind,
            camdram_id=camdram_id,
            fields={
                "name": _text(item.get("name")),
                "slug": slug,
                "short_name": _text(item.get("short_name")),
                "url": f"{base_url}{_ORGANISATION_PATHS[kind]}{slug}" if slug else "",
                "data": item,
            },
        )
    _log_skipped(ORGANISATIONS_PATH, skipped)
    return list(records.values())


def parse_camdram_id(value: object) -> int | None:
    """Return a Camdram id given as ``1`` or ``"1"``, or ``None`` if unusable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if 0 <= number <= _MAX_ID else None


def performance_dates(performances: object) -> tuple[date | None, date | None]:
    """Return the first and last UK dates of a show's performances.

    Each performance starts at ``start_at`` (UTC) and, when it runs for more
    than one day, repeats until ``repeat_until``, its last day inclusive.
    Unreadable dates are ignored.
    """
    if not isinstance(performances, list):
        return None, None
    days: list[date] = []
    for performance in performances:
        if not isinstance(performance, dict):
            continue
        start = _uk_date(performance.get("start_at"))
        if start is not None:
            days.append(start)
        until = _iso_date(performance.get("repeat_until"))
        if until is not None:
            days.append(until)
    if not days:
        return None, None
    return min(days), max(days)


def _require_list(items: object, path: str) -> list[Any]:
    if not isinstance(items, list):
        raise CamdramInvalidResponse(
            path, 200, f"expected a JSON list, got {type(items).__name__}"
        )
    return items


def _text(value: object) -> str:
    # Camdram's text is kept exactly as sent; numbers are kept as their text.
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _show_url(base_url: str, links: object, slug: str) -> str:
    path = links.get("self") if isinstance(links, dict) else None
    if isinstance(path, str) and path.startswith("/"):
        return base_url + path
    if slug:
        return f"{base_url}/shows/{slug}"
    return ""


def _uk_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(CAMDRAM_TIME_ZONE).date()


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _log_skipped(path: str, skipped: Counter[str]) -> None:
    for reason, count in sorted(skipped.items()):
        logger.warning("Skipped %s item(s) of Camdram %s: %s", count, path, reason)
