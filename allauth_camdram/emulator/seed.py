"""Load people, shows, societies and venues from the emulator's JSON data format.

A data document has the optional lists ``people``, ``images``, ``societies``,
``venues`` and ``shows`` (objects keyed by Camdram id) and an optional
``app`` object naming the owner of the configured OAuth app. The shipped
``data/default.json`` is the example to copy.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.dateparse import parse_datetime

from allauth_camdram.emulator.models import (
    Image,
    Performance,
    Person,
    Show,
    ShowSociety,
    Society,
    Venue,
)

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=models.Model)

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "default.json"

_ORGANISATION_FIELDS = {
    "name", "slug", "short_name", "college", "description", "theme_color",
    "facebook_id", "twitter_id",
}  # fmt: skip
FIELDS: dict[str, set[str]] = {
    "people": {"name", "email"},
    "images": {"filename", "created_at", "width", "height", "extension", "type"},
    "societies": _ORGANISATION_FIELDS,
    "venues": _ORGANISATION_FIELDS | {"address", "latitude", "longitude"},
    "shows": {
        "name",
        "slug",
        "category",
        "description",
        "content_warning",
        "author",
        "prices",
        "theme_color",
        "online_booking_url",
    },
}
# Keys that name related objects rather than fields.
RELATIONS = {"image", "admins", "societies", "performances"}
PERFORMANCE_FIELDS = {"id", "start_at", "repeat_until", "venue", "other_venue"}
TOP_LEVEL_KEYS = {"app", *FIELDS}
# In the order they must be created, so that references resolve.
MODELS: dict[str, type[models.Model]] = {
    "images": Image,
    "people": Person,
    "societies": Society,
    "venues": Venue,
    "shows": Show,
}


class DataError(ValueError):
    """A data document that does not fit the emulator's format."""


def read_document(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(f"Cannot read emulator data from {path}: {error}") from error
    if not isinstance(document, dict):
        raise DataError(f"Emulator data in {path} must be a JSON object")
    return document


@transaction.atomic
def load(document: dict[str, Any], *, overwrite: bool) -> dict[str, int]:
    """Create the document's objects; with ``overwrite``, update existing ones too.

    Without ``overwrite`` an object whose id exists is left exactly as it is,
    so edits made in the admin survive a restart. Returns how many objects of
    each kind were written.
    """
    unknown = set(document) - TOP_LEVEL_KEYS
    if unknown:
        raise DataError(f"Unknown keys in emulator data: {', '.join(sorted(unknown))}")
    counts = {}
    for kind, model in MODELS.items():
        counts[kind] = 0
        for item in document.get(kind, []):
            if _load_item(kind, model, item, overwrite=overwrite):
                counts[kind] += 1
    return counts


@transaction.atomic
def restore(document: dict[str, Any]) -> dict[str, int]:
    """Put the listings back as the document has them, deleting any others.

    People are updated but never deleted, so their tokens stay valid.
    """
    for kind, model in (("shows", Show), ("societies", Society), ("venues", Venue)):
        keep = [
            item["id"]
            for item in document.get(kind, [])
            if isinstance(item, dict) and isinstance(item.get("id"), int)
        ]
        model._default_manager.exclude(pk__in=keep).delete()
    return load(document, overwrite=True)


def _load_item(
    kind: str, model: type[models.Model], item: Any, *, overwrite: bool
) -> bool:
    if not isinstance(item, dict) or not isinstance(item.get("id"), int):
        raise DataError(f"Each entry of {kind!r} must be an object with an integer id")
    unknown = set(item) - FIELDS[kind] - RELATIONS - {"id"}
    if unknown:
        raise DataError(
            f"Unknown keys in {kind} {item['id']}: {', '.join(sorted(unknown))}"
        )
    existing = model._default_manager.filter(pk=item["id"]).first()
    if existing is not None and not overwrite:
        return False

    # Any: the field names differ between the kinds and are checked above.
    instance: Any = existing or model(pk=item["id"])
    for key in FIELDS[kind] & set(item):
        _set_field(instance, key, item[key])
    if "image" in item:
        image = item["image"]
        instance.image = _get(Image, image, kind, item) if image is not None else None
    instance.save()

    if "admins" in item:
        instance.admins.set(Person.objects.filter(pk__in=item["admins"]))
    if kind == "shows":
        assert isinstance(instance, Show)
        if "societies" in item:
            _set_show_societies(instance, item["societies"])
        if "performances" in item:
            _set_performances(instance, item["performances"])
    return True


def _set_field(instance: Any, key: str, value: Any) -> None:
    if key == "type":
        instance.mime_type = value
    elif key == "created_at":
        instance.created_at = _parse_datetime(value)
    else:
        setattr(instance, key, value)


def _get(model: type[M], pk: Any, kind: str, item: dict[str, Any]) -> M:
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        name = model._meta.verbose_name
        raise DataError(
            f"{kind} {item.get('id')} refers to {name} {pk!r}, which does not exist"
        )
    return found


def _set_show_societies(show: Show, societies: list[Any]) -> None:
    """Credit societies on a show: an integer is a registered society's id, a string a name."""
    show.society_links.all().delete()
    for position, society in enumerate(societies):
        if isinstance(society, int):
            registered = _get(Society, society, "shows", {"id": show.pk})
            ShowSociety.objects.create(show=show, position=position, society=registered)
        elif isinstance(society, str):
            ShowSociety.objects.create(show=show, position=position, name=society)
        else:
            raise DataError(f"Show {show.pk}: a society must be an id or a name")


def _set_performances(show: Show, performances: list[Any]) -> None:
    show.performances.all().delete()
    for entry in performances:
        unknown = set(entry) - PERFORMANCE_FIELDS
        if unknown:
            raise DataError(
                f"Unknown keys in a performance of show {show.pk}: {sorted(unknown)}"
            )
        venue = entry.get("venue")
        repeat_until = entry.get("repeat_until")
        Performance.objects.create(
            id=entry.get("id"),
            show=show,
            start_at=_parse_datetime(entry["start_at"]),
            repeat_until=date.fromisoformat(repeat_until) if repeat_until else None,
            venue=_get(Venue, venue, "shows", {"id": show.pk})
            if venue is not None
            else None,
            other_venue=entry.get("other_venue"),
        )


def _parse_datetime(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise DataError(f"Not a date and time with an offset: {value!r}")
    return parsed
