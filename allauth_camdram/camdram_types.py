"""Typed shapes of the JSON that Camdram's account endpoints return.

Camdram leaves a key out instead of sending ``null``, so every key that can
be empty is ``NotRequired``. Ids are integers in Camdram's JSON. Code reading
them also accepts strings such as ``"1"``, so a change of JSON type on
Camdram's side cannot create duplicate records.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

CamdramId = int | str


class CamdramImage(TypedDict):
    id: CamdramId
    filename: str
    created_at: str
    width: int
    height: int
    extension: str
    type: str
    _type: Literal["image"]


class CamdramShowRef(TypedDict):
    """The short form of a show embedded in a performance."""

    id: CamdramId
    name: str
    slug: str
    _type: Literal["show"]


class CamdramVenueRef(TypedDict):
    """The short form of a registered venue embedded in a performance."""

    id: CamdramId
    name: str
    slug: str
    _type: Literal["venue"]


class CamdramShowSociety(TypedDict):
    """A society in a show's ``societies``: registered ones have id and slug."""

    id: NotRequired[CamdramId]
    name: str
    slug: NotRequired[str]


class CamdramPerformanceLinks(TypedDict):
    show: str
    venue: NotRequired[str]


class CamdramPerformance(TypedDict):
    """One run of performances; ``repeat_until`` is its inclusive last day."""

    date_string: str
    id: CamdramId
    start_at: str
    repeat_until: NotRequired[str]
    other_venue: NotRequired[str]
    show: CamdramShowRef
    venue: NotRequired[CamdramVenueRef]
    _links: CamdramPerformanceLinks
    _type: Literal["performance"]


class CamdramSelfLink(TypedDict):
    self: str


class CamdramShow(TypedDict):
    """An item of ``/auth/account/shows.json``."""

    id: CamdramId
    societies: list[CamdramShowSociety]
    name: str
    description: NotRequired[str]
    content_warning: NotRequired[str]
    image: NotRequired[CamdramImage]
    slug: str
    author: NotRequired[str]
    prices: NotRequired[str]
    category: str
    performances: list[CamdramPerformance]
    theme_color: NotRequired[str]
    online_booking_url: NotRequired[str]
    societies_display_list: list[CamdramId]
    _links: CamdramSelfLink
    _type: Literal["show"]


class CamdramSociety(TypedDict):
    """A society in ``/auth/account/organisations.json``."""

    id: CamdramId
    theme_color: NotRequired[str]
    name: str
    description: NotRequired[str]
    image: NotRequired[CamdramImage]
    facebook_id: NotRequired[str]
    twitter_id: NotRequired[str]
    short_name: NotRequired[str]
    college: NotRequired[str]
    slug: str
    _type: Literal["society"]


class CamdramVenue(TypedDict):
    """A venue in ``/auth/account/organisations.json``."""

    id: CamdramId
    address: NotRequired[str]
    latitude: NotRequired[float]
    longitude: NotRequired[float]
    theme_color: NotRequired[str]
    name: str
    description: NotRequired[str]
    image: NotRequired[CamdramImage]
    facebook_id: NotRequired[str]
    twitter_id: NotRequired[str]
    short_name: NotRequired[str]
    college: NotRequired[str]
    slug: str
    _type: Literal["venue"]


CamdramOrganisation = CamdramSociety | CamdramVenue


class CamdramTokenReply(TypedDict):
    """A success reply of ``/oauth/v2/token``; ``scope`` is null for no scope."""

    access_token: str
    expires_in: NotRequired[int]
    token_type: str
    scope: NotRequired[str | None]
    refresh_token: NotRequired[str]
