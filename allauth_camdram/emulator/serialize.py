"""The emulator's data as Camdram's API JSON, in Camdram's key order.

Camdram leaves out every key whose value is null; arrays are always present.
Empty strings are not null, so a show's ``"prices": ""`` is kept.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict, cast

from allauth_camdram.emulator.dates import LONDON, date_string, format_datetime
from allauth_camdram.emulator.models import (
    Image,
    Performance,
    Person,
    Show,
    Society,
    Venue,
)


class ImageJSON(TypedDict):
    id: int
    filename: str
    created_at: str
    width: int
    height: int
    extension: str
    type: str
    _type: str


class LinkJSON(TypedDict):
    id: int
    name: str
    slug: str
    _type: str


class UserJSON(TypedDict):
    id: int
    name: str
    email: NotRequired[str]
    _links: dict[str, str]
    _type: str


class PerformanceJSON(TypedDict):
    date_string: str
    id: int
    start_at: str
    repeat_until: NotRequired[str]
    other_venue: NotRequired[str]
    show: LinkJSON
    venue: NotRequired[LinkJSON]
    _links: dict[str, str]
    _type: str


class ShowSocietyJSON(TypedDict):
    id: NotRequired[int]
    name: str
    slug: NotRequired[str]


class ShowJSON(TypedDict):
    id: int
    societies: list[ShowSocietyJSON]
    name: str
    description: NotRequired[str]
    content_warning: NotRequired[str]
    image: NotRequired[ImageJSON]
    slug: str
    author: NotRequired[str]
    prices: NotRequired[str]
    category: str
    performances: list[PerformanceJSON]
    theme_color: NotRequired[str]
    online_booking_url: NotRequired[str]
    societies_display_list: list[int | str]
    _links: dict[str, str]
    _type: str


class OrganisationJSON(TypedDict):
    id: int
    address: NotRequired[str]
    latitude: NotRequired[float]
    longitude: NotRequired[float]
    theme_color: NotRequired[str]
    name: str
    description: NotRequired[str]
    image: NotRequired[ImageJSON]
    facebook_id: NotRequired[str]
    twitter_id: NotRequired[str]
    short_name: NotRequired[str]
    college: NotRequired[str]
    slug: str
    _type: str


def user_json(person: Person, *, with_email: bool) -> UserJSON:
    return cast(
        UserJSON,
        _without_nulls(
            ("id", person.pk),
            ("name", person.name),
            ("email", (person.email or None) if with_email else None),
            ("_links", {"self": "/auth/account"}),
            ("_type", "user"),
        ),
    )


def show_json(show: Show) -> ShowJSON:
    """Serialise a show; prefetch its performances and society links first."""
    societies: list[ShowSocietyJSON] = []
    display_list: list[int | str] = []
    for link in show.society_links.all():
        if link.society is not None:
            society = link.society
            societies.append(
                {"id": society.pk, "name": society.name, "slug": society.slug}
            )
            display_list.append(society.pk)
        else:
            societies.append({"name": link.name})
            display_list.append(link.name)
    return cast(
        ShowJSON,
        _without_nulls(
            ("id", show.pk),
            ("societies", societies),
            ("name", show.name),
            ("description", show.description),
            ("content_warning", show.content_warning),
            ("image", _image_json(show.image)),
            ("slug", show.slug),
            ("author", show.author),
            ("prices", show.prices),
            ("category", show.category),
            (
                "performances",
                [_performance_json(show, p) for p in show.performances.all()],
            ),
            ("theme_color", show.theme_color),
            ("online_booking_url", show.online_booking_url),
            ("societies_display_list", display_list),
            ("_links", {"self": f"/shows/{show.slug}"}),
            ("_type", "show"),
        ),
    )


def society_json(society: Society) -> OrganisationJSON:
    return cast(
        OrganisationJSON, _without_nulls(*_organisation_pairs(society, "society"))
    )


def venue_json(venue: Venue) -> OrganisationJSON:
    pairs = [
        ("id", venue.pk),
        ("address", venue.address),
        ("latitude", venue.latitude),
        ("longitude", venue.longitude),
        *_organisation_pairs(venue, "venue")[1:],
    ]
    return cast(OrganisationJSON, _without_nulls(*pairs))


def _performance_json(show: Show, performance: Performance) -> PerformanceJSON:
    repeat_until = performance.repeat_until
    if repeat_until == performance.start_at.astimezone(LONDON).date():
        # Camdram stores a last day for every run but shows it only for runs
        # of more than one day.
        repeat_until = None
    venue = performance.venue
    links = {"show": f"/shows/{show.slug}"}
    if venue is not None:
        links["venue"] = f"/venues/{venue.slug}"
    return cast(
        PerformanceJSON,
        _without_nulls(
            (
                "date_string",
                date_string(performance.start_at, performance.repeat_until),
            ),
            ("id", performance.pk),
            ("start_at", format_datetime(performance.start_at)),
            ("repeat_until", repeat_until.isoformat() if repeat_until else None),
            ("other_venue", performance.other_venue),
            ("show", _link_json(show.pk, show.name, show.slug, "show")),
            (
                "venue",
                _link_json(venue.pk, venue.name, venue.slug, "venue")
                if venue
                else None,
            ),
            ("_links", links),
            ("_type", "performance"),
        ),
    )


def _organisation_pairs(
    organisation: Society | Venue, type_name: str
) -> list[tuple[str, object]]:
    return [
        ("id", organisation.pk),
        ("theme_color", organisation.theme_color),
        ("name", organisation.name),
        ("description", organisation.description),
        ("image", _image_json(organisation.image)),
        ("facebook_id", organisation.facebook_id),
        ("twitter_id", organisation.twitter_id),
        ("short_name", organisation.short_name),
        ("college", organisation.college),
        ("slug", organisation.slug),
        ("_type", type_name),
    ]


def _image_json(image: Image | None) -> ImageJSON | None:
    if image is None:
        return None
    return {
        "id": image.pk,
        "filename": image.filename,
        "created_at": format_datetime(image.created_at),
        "width": image.width,
        "height": image.height,
        "extension": image.extension,
        "type": image.mime_type,
        "_type": "image",
    }


def _link_json(pk: int, name: str, slug: str, type_name: str) -> LinkJSON:
    return {"id": pk, "name": name, "slug": slug, "_type": type_name}


def _without_nulls(*pairs: tuple[str, object]) -> dict[str, Any]:
    return {key: value for key, value in pairs if value is not None}
