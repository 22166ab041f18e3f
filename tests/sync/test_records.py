from __future__ import annotations

import logging
from datetime import date

import pytest

from allauth_camdram.exceptions import CamdramInvalidResponse
from allauth_camdram.records import (
    parse_camdram_id,
    parse_organisations,
    parse_shows,
    performance_dates,
)
from tests.sync.conftest import show, society, venue

BASE = "https://camdram.test"


def test_parse_shows_columns():
    item = show(9013, author="Imogen Quillfeather", category="comedy")

    [record] = parse_shows([item], BASE)

    assert record.camdram_id == 9013
    assert record.fields == {
        "name": "Show 9013",
        "slug": "2025-show-9013",
        "url": "https://camdram.test/shows/2025-show-9013",
        "author": "Imogen Quillfeather",
        "category": "comedy",
        "first_performance": date(2025, 11, 18),
        "last_performance": date(2025, 11, 22),
        "data": item,
    }


def test_parse_shows_missing_keys_blank():
    item = {"id": 9150, "name": "Untitled Sketch Night", "_type": "show"}

    [record] = parse_shows([item], BASE)

    assert record.fields["slug"] == ""
    assert record.fields["url"] == ""
    assert record.fields["author"] == ""
    assert record.fields["category"] == ""
    assert record.fields["first_performance"] is None
    assert record.fields["last_performance"] is None


def test_parse_shows_url_from_slug_without_links():
    item = show(1)
    del item["_links"]

    [record] = parse_shows([item], BASE)

    assert record.fields["url"] == "https://camdram.test/shows/2025-show-1"


def test_parse_shows_ids_as_text_and_duplicates():
    records = parse_shows([show("7"), show(7, name="Again"), show(" 8 ")], BASE)

    assert [record.camdram_id for record in records] == [7, 8]
    assert records[0].fields["name"] == "Show 7"


@pytest.mark.parametrize(
    "value", [None, True, -1, 1.5, "", "abc", "1e3", 2**63, [1], {"id": 1}]
)
def test_parse_camdram_id_rejects(value):
    assert parse_camdram_id(value) is None


def test_parse_camdram_id_accepts():
    assert parse_camdram_id(0) == 0
    assert parse_camdram_id("42") == 42
    assert parse_camdram_id(2**63 - 1) == 2**63 - 1


def test_parse_shows_skips_bad_items(caplog):
    items = [show(1), {"name": "no id"}, "text", show(2, _type="performance")]

    with caplog.at_level(logging.WARNING, logger="allauth_camdram.records"):
        records = parse_shows(items, BASE)

    assert [record.camdram_id for record in records] == [1]
    assert sorted(r.getMessage() for r in caplog.records) == [
        "Skipped 1 item(s) of Camdram /auth/account/shows.json: _type 'performance'",
        "Skipped 1 item(s) of Camdram /auth/account/shows.json: no usable id",
        "Skipped 1 item(s) of Camdram /auth/account/shows.json: not a JSON object",
    ]


def test_parse_shows_names_exactly():
    names = [
        "Les Misérables",
        "Rock & Roll <Live>",
        "<script>alert(1)</script>",
        "🎭 Improv Night 😇",
        "مسرحية الليلة",
        "Fish &amp; Chips",
        "n" * 300,
    ]
    items = [show(number, name=name) for number, name in enumerate(names, 1)]

    records = parse_shows(items, BASE)

    assert [record.fields["name"] for record in records] == names


@pytest.mark.parametrize("body", [{}, {"shows": []}, "[]", None, 3])
def test_parse_shows_not_list(body):
    with pytest.raises(CamdramInvalidResponse) as raised:
        parse_shows(body, BASE)

    assert raised.value.endpoint == "/auth/account/shows.json"


def test_parse_organisations_kinds(caplog):
    items = [
        society(112, name="Fenland Lantern Players"),
        venue(38),
        {"id": 5, "name": "Festival", "_type": "festival"},
        {"id": 6, "name": "No type"},
        {"id": 7, "name": "List type", "_type": ["society"]},
        society("112"),
    ]

    with caplog.at_level(logging.WARNING, logger="allauth_camdram.records"):
        records = parse_organisations(items, BASE)

    assert [(r.kind, r.camdram_id) for r in records] == [
        ("society", 112),
        ("venue", 38),
    ]
    assert records[0].fields == {
        "name": "Fenland Lantern Players",
        "slug": "society-112",
        "short_name": "S112",
        "url": "https://camdram.test/societies/society-112",
        "data": items[0],
    }
    assert records[1].fields["url"] == "https://camdram.test/venues/venue-38"
    assert records[1].fields["short_name"] == ""
    assert len(caplog.records) == 3


def test_parse_organisations_same_id_both_kinds():
    records = parse_organisations([society(5), venue(5)], BASE)

    assert [record.key for record in records] == [("society", 5), ("venue", 5)]


def test_parse_organisations_not_list():
    with pytest.raises(CamdramInvalidResponse):
        parse_organisations({"error": {"code": 403}}, BASE)


def test_performance_dates_uk_time():
    performances = [
        # 23:30 UTC in British Summer Time is already the next day in the UK.
        {"start_at": "2026-05-12T23:30:00+00:00"},
        {"start_at": "2026-05-20T18:30:00+00:00", "repeat_until": "2026-05-23"},
        {"start_at": "not a date", "repeat_until": "also not"},
        "not an object",
    ]

    assert performance_dates(performances) == (date(2026, 5, 13), date(2026, 5, 23))


def test_performance_dates_none():
    assert performance_dates([]) == (None, None)
    assert performance_dates(None) == (None, None)
