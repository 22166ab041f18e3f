"""A re-sync reads stored rows in full only when their digest differs."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allauth_camdram.digests import fields_digest
from allauth_camdram.models import Organisation, Show
from allauth_camdram.records import parse_shows
from allauth_camdram.signals import organisations_synced, shows_synced
from allauth_camdram.sync import sync_social_account
from tests.fake_camdram import CLIENT_ID, CLIENT_SECRET, FakeCamdram
from tests.sync.conftest import CamdramAccountAPI, show, society, venue

pytestmark = pytest.mark.django_db

NEW_BASE_URL = "https://new.camdram.test"


@pytest.fixture
def signals():
    received: list[tuple[str, dict]] = []

    def on_shows(sender, **kwargs):
        received.append(("shows", kwargs))

    def on_organisations(sender, **kwargs):
        received.append(("organisations", kwargs))

    shows_synced.connect(on_shows)
    organisations_synced.connect(on_organisations)
    yield received
    shows_synced.disconnect(on_shows)
    organisations_synced.disconnect(on_organisations)


def data_reads(sql: list[str], table: str) -> list[str]:
    column = f'"{table}"."data"'
    return [query for query in sql if query.startswith("SELECT") and column in query]


def captured_sync(account) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        sync_social_account(account)
    return [query["sql"] for query in queries.captured_queries]


def test_digest_ignores_key_order():
    forward = parse_shows([{"id": 1, "name": "A", "slug": "a"}], "https://x.test")
    backward = parse_shows([{"slug": "a", "name": "A", "id": 1}], "https://x.test")

    assert forward[0].digest == backward[0].digest
    assert len(forward[0].digest) == 64


def test_digest_covers_base_url():
    old = parse_shows([show(1)], "https://camdram.test")[0]
    new = parse_shows([show(1)], NEW_BASE_URL)[0]

    assert old.digest != new.digest


def test_first_sync_stores_digest(api: CamdramAccountAPI, account, token):
    api.shows = [show(1)]

    sync_social_account(account)

    stored = Show.objects.get()
    assert stored.digest == parse_shows([show(1)], "https://camdram.test")[0].digest


def test_unchanged_resync_skips_data(api: CamdramAccountAPI, account, token):
    api.shows = [show(1), show(2)]
    api.organisations = [society(10), venue(20)]
    sync_social_account(account)

    sql = captured_sync(account)

    assert data_reads(sql, "allauth_camdram_show") == []
    assert data_reads(sql, "allauth_camdram_organisation") == []


def test_changed_resync_reads_changed_row(api: CamdramAccountAPI, account, token):
    api.shows = [show(1), show(2)]
    sync_social_account(account)
    changed_pk = Show.objects.get(camdram_id=2).pk
    api.shows = [show(1), show(2, name="Renamed")]

    sql = captured_sync(account)

    reads = data_reads(sql, "allauth_camdram_show")
    assert len(reads) == 1
    assert f"IN ({changed_pk})" in reads[0]
    assert Show.objects.get(camdram_id=2).name == "Renamed"


def test_empty_digest_filled_without_update(
    api: CamdramAccountAPI, account, token, signals
):
    api.shows = [show(1)]
    api.organisations = [society(10)]
    sync_social_account(account)
    before = Show.objects.get()
    Show.objects.update(digest="")
    Organisation.objects.update(digest="")
    signals.clear()

    result = sync_social_account(account)

    after = Show.objects.get()
    assert after.digest == before.digest
    assert after.updated_at == before.updated_at
    assert Organisation.objects.get().digest != ""
    assert result.shows is not None
    assert result.shows.updated == []
    assert signals == []


def test_base_url_change_updates_url(
    api: CamdramAccountAPI, account, token, settings, signals
):
    api.shows = [show(1)]
    api.organisations = [society(10)]
    sync_social_account(account)
    settings.SOCIALACCOUNT_PROVIDERS = {
        "camdram": {
            "CAMDRAM_URL": NEW_BASE_URL,
            "APPS": [{"client_id": CLIENT_ID, "secret": CLIENT_SECRET}],
        }
    }
    moved = CamdramAccountAPI(FakeCamdram(api.camdram.mock, base_url=NEW_BASE_URL))
    moved.shows = [show(1)]
    moved.organisations = [society(10)]
    signals.clear()

    sync_social_account(account)

    assert Show.objects.get().url == f"{NEW_BASE_URL}/shows/2025-show-1"
    assert Organisation.objects.get().url == f"{NEW_BASE_URL}/societies/society-10"
    assert [len(kwargs["updated"]) for _, kwargs in signals] == [1, 1]


def test_fields_digest_dates():
    digest = fields_digest({"first_performance": date(2025, 11, 18)})

    assert digest == fields_digest({"first_performance": "2025-11-18"})
