from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH, TOKEN_PATH
from allauth_camdram.models import (
    Organisation,
    OrganisationLink,
    Show,
    ShowLink,
    SyncState,
)
from allauth_camdram.signals import organisations_synced, shows_synced
from allauth_camdram.sync import sync_social_account
from tests.fake_camdram import json_reply, raise_error
from tests.sync.conftest import CamdramAccountAPI, show, society, venue

pytestmark = pytest.mark.django_db


def linked_show_ids(account: SocialAccount) -> list[int]:
    return sorted(
        ShowLink.objects.filter(social_account=account).values_list(
            "show__camdram_id", flat=True
        )
    )


def linked_organisations(account: SocialAccount) -> list[tuple[str, int]]:
    return sorted(
        OrganisationLink.objects.filter(social_account=account).values_list(
            "organisation__kind", "organisation__camdram_id"
        )
    )


def other_account(uid: str = "7") -> SocialAccount:
    user = get_user_model().objects.create_user(username=f"other{uid}")
    return SocialAccount.objects.create(user=user, provider="camdram", uid=uid)


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


def test_first_sync_stores_everything(api: CamdramAccountAPI, account, token, signals):
    api.shows = [show(1), show(2, name="The Paper Orchard")]
    api.organisations = [society(10), venue(20)]

    result = sync_social_account(account)

    assert result.status == "ok"
    assert result.error == ""
    assert linked_show_ids(account) == [1, 2]
    assert linked_organisations(account) == [("society", 10), ("venue", 20)]
    stored = Show.objects.get(camdram_id=2)
    assert stored.name == "The Paper Orchard"
    assert stored.url == "https://camdram.test/shows/2025-show-2"
    assert stored.data == show(2, name="The Paper Orchard")
    state = SyncState.objects.get(social_account=account)
    assert state.status == "ok"
    assert state.last_success_at is not None
    assert state.skipped_scopes == ""
    assert [name for name, _ in signals] == ["shows", "organisations"]
    assert [s.camdram_id for s in signals[0][1]["added"]] == [1, 2]
    assert signals[0][1]["social_account"] == account
    assert signals[0][1]["removed"] == []


def test_fetches_run_concurrently(api: CamdramAccountAPI, account, token, camdram):
    # Each list request waits until the other has arrived; sequential
    # requests would break the barrier instead.
    barrier = threading.Barrier(2, timeout=10)

    def waiting(items):
        def handler(request):
            barrier.wait()
            return json_reply(items)

        return handler

    camdram.reply(SHOWS_PATH, waiting([show(1)]))
    camdram.reply(ORGANISATIONS_PATH, waiting([society(2)]))

    result = sync_social_account(account)

    assert result.status == "ok"
    assert not barrier.broken
    assert linked_show_ids(account) == [1]


def test_unchanged_resync_writes_nothing(
    api: CamdramAccountAPI, account, token, signals
):
    api.shows = [show(1), show(2)]
    api.organisations = [society(10)]
    sync_social_account(account)
    signals.clear()

    with CaptureQueriesContext(connection) as queries:
        result = sync_social_account(account)

    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert len(writes) == 1
    assert "allauth_camdram_syncstate" in writes[0]
    assert result.shows is not None
    assert not result.shows.any
    assert signals == []


def test_changed_show_updated(api: CamdramAccountAPI, account, token, signals):
    api.shows = [show(1)]
    sync_social_account(account)
    signals.clear()
    api.shows = [show(1, name="Renamed", author="A. Writer")]

    sync_social_account(account)

    stored = Show.objects.get(camdram_id=1)
    assert stored.name == "Renamed"
    assert stored.author == "A. Writer"
    assert stored.updated_at > stored.created_at
    [(name, kwargs)] = signals
    assert name == "shows"
    assert [s.camdram_id for s in kwargs["updated"]] == [1]
    assert kwargs["added"] == []


def test_removed_items_unlinked(api: CamdramAccountAPI, account, token, signals):
    other = other_account()
    api.shows = [show(1), show(2)]
    api.organisations = [society(10), venue(20)]
    sync_social_account(account)
    ShowLink.objects.create(show=Show.objects.get(camdram_id=1), social_account=other)
    manual = Show.objects.create(camdram_id=3, name="Added by hand")
    ShowLink.objects.create(show=manual, social_account=account, manual=True)
    signals.clear()
    api.shows = [show(2)]
    api.organisations = []

    result = sync_social_account(account)

    assert result.status == "ok"
    assert linked_show_ids(account) == [2, 3]
    assert linked_organisations(account) == []
    assert linked_show_ids(other) == [1]
    assert Show.objects.filter(camdram_id=1).exists()
    shows_kwargs = dict(signals)["shows"]
    assert [s.camdram_id for s in shows_kwargs["removed"]] == [1]
    organisations_kwargs = dict(signals)["organisations"]
    assert sorted(o.camdram_id for o in organisations_kwargs["removed"]) == [10, 20]


def test_ids_as_text_same_record(api: CamdramAccountAPI, account, token):
    api.shows = [show(1)]
    sync_social_account(account)
    api.shows = [show("1")]

    sync_social_account(account)

    assert Show.objects.count() == 1
    assert linked_show_ids(account) == [1]


def test_duplicate_entries_one_link(api: CamdramAccountAPI, account, token):
    api.shows = [show(1), show(1)]
    api.organisations = [society(5), society(5), venue(5)]

    result = sync_social_account(account)

    assert result.status == "ok"
    assert linked_show_ids(account) == [1]
    assert linked_organisations(account) == [("society", 5), ("venue", 5)]


def test_shared_show_two_accounts(api: CamdramAccountAPI, account, token):
    other = other_account()
    SocialToken.objects.create(
        account=other,
        token="A1",
        token_secret="",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    api.shows = [show(1)]

    sync_social_account(account)
    sync_social_account(other)

    assert Show.objects.count() == 1
    assert linked_show_ids(account) == [1]
    assert linked_show_ids(other) == [1]


def test_names_stored_as_received(api: CamdramAccountAPI, account, token):
    names = [
        "Les Misérables",
        "Rock & Roll <Live>",
        "<script>alert(1)</script>",
        "🎭 Improv Night 😇",
        "مسرحية الليلة",
        "Fish &amp; Chips",
        "n" * 300,
    ]
    api.shows = [show(number, name=name) for number, name in enumerate(names, 1)]
    api.shows[0]["slug"] = "2018-😇"

    sync_social_account(account)

    stored = list(Show.objects.order_by("camdram_id").values_list("name", flat=True))
    assert stored == names
    assert Show.objects.get(camdram_id=1).slug == "2018-😇"


FAILURES = {
    "401": json_reply({"error": "invalid_grant"}, 401),
    "403": json_reply({"error": {"code": 403, "message": "Forbidden"}}, 403),
    "500": json_reply({"error": {"code": 500}}, 500),
    "html": (200, {"Content-Type": "text/html"}, "<html>Log in</html>"),
    "invalid json": (200, {"Content-Type": "application/json"}, '[{"id": 1'),
    "object": json_reply({"shows": []}),
    "timeout": raise_error(requests.ReadTimeout()),
    "redirect": (302, {"Location": "https://camdram.test/auth/login"}, ""),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_failed_half_changes_nothing(api, account, token, camdram, failure):
    # With the scope known, a 403 is a failure, not "scope not granted".
    SyncState.objects.create(
        social_account=account, granted_scope="user_shows user_orgs"
    )
    api.shows = [show(1), show(2)]
    api.organisations = [society(10)]
    sync_social_account(account)
    api.organisations = [society(11)]
    camdram.reply(SHOWS_PATH, FAILURES[failure])

    result = sync_social_account(account)

    assert result.status == "partial"
    assert result.shows is None
    assert linked_show_ids(account) == [1, 2]
    assert Show.objects.count() == 2
    assert linked_organisations(account) == [("society", 11)]
    state = SyncState.objects.get(social_account=account)
    assert state.status == "partial"
    assert state.error.startswith("shows: Camdram /auth/account/shows.json")
    assert "A1" not in state.error
    assert "R1" not in state.error
    assert state.reauthorization_required is False


def test_both_halves_failed(api, account, token, camdram):
    camdram.reply(SHOWS_PATH, FAILURES["500"])
    camdram.reply(ORGANISATIONS_PATH, FAILURES["timeout"])

    result = sync_social_account(account)

    assert result.status == "failed"
    assert result.failed
    state = SyncState.objects.get(social_account=account)
    assert state.last_success_at is None
    assert "shows: " in state.error
    assert "organisations: " in state.error


def test_scope_without_orgs_skips_them(api, account, token, camdram):
    SyncState.objects.create(social_account=account, granted_scope="user_shows")
    api.shows = [show(1)]

    result = sync_social_account(account)

    assert result.status == "ok"
    assert result.skipped_scopes == ["user_orgs"]
    assert camdram.to(ORGANISATIONS_PATH) == []
    assert linked_show_ids(account) == [1]
    assert SyncState.objects.get(social_account=account).skipped_scopes == "user_orgs"


def test_unknown_scope_403_not_failure(api, account, token, camdram):
    api.shows = [show(1)]
    camdram.reply(ORGANISATIONS_PATH, FAILURES["403"])

    result = sync_social_account(account)

    assert result.status == "ok"
    assert result.skipped_scopes == ["user_orgs"]
    assert linked_show_ids(account) == [1]


def test_granted_scope_403_is_failure(api, account, token, camdram):
    SyncState.objects.create(
        social_account=account, granted_scope="user_shows user_orgs"
    )
    sync_social_account(account)
    OrganisationLink.objects.create(
        organisation=Organisation.objects.create(kind="venue", camdram_id=4, name="V"),
        social_account=account,
    )
    camdram.reply(ORGANISATIONS_PATH, FAILURES["403"])

    result = sync_social_account(account)

    assert result.status == "partial"
    assert linked_organisations(account) == [("venue", 4)]
    assert "403" in SyncState.objects.get(social_account=account).error


def test_clock_skew_refresh_then_success(api, account, token):
    token.expires_at = timezone.now() + timedelta(minutes=30)
    token.save()
    api.valid_access_tokens.clear()
    api.shows = [show(1)]

    result = sync_social_account(account)

    assert result.status == "ok"
    assert len(api.refreshes()) == 1
    assert SocialToken.objects.get(pk=token.pk).token == "A2"
    assert (
        SyncState.objects.get(social_account=account).reauthorization_required is False
    )


def test_retry_401_stops_once(api, account, token, camdram):
    camdram.reply(SHOWS_PATH, FAILURES["401"])
    camdram.reply(ORGANISATIONS_PATH, FAILURES["401"])

    result = sync_social_account(account)

    assert result.status == "failed"
    assert len(api.refreshes()) == 1
    assert len(camdram.to(SHOWS_PATH)) == 2
    assert result.reauthorization_required is False


def test_dead_refresh_token_flags_account(api, account, token, camdram):
    api.shows = [show(1)]
    sync_social_account(account)
    api.refresh_tokens.clear()
    SocialToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(minutes=5)
    )
    api.shows = []

    first = sync_social_account(account)
    second = sync_social_account(account)

    assert first.status == "failed"
    assert first.reauthorization_required is True
    assert second.skipped_reason == "the person must sign in with Camdram again"
    assert len(api.refreshes()) == 1
    assert linked_show_ids(account) == [1]
    state = SyncState.objects.get(social_account=account)
    assert state.reauthorization_required is True
    assert "sign in with Camdram again" in state.error


def test_login_sync_clears_flag(api, account, token):
    SyncState.objects.create(social_account=account, reauthorization_required=True)
    api.shows = [show(1)]

    result = sync_social_account(
        account, granted_scope="user_shows user_orgs", after_login=True
    )

    assert result.status == "ok"
    state = SyncState.objects.get(social_account=account)
    assert state.reauthorization_required is False
    assert state.granted_scope == "user_shows user_orgs"
    assert linked_show_ids(account) == [1]


def test_refresh_records_granted_scope(api, account, token):
    api.refresh_tokens = {"R1": "user_shows"}
    token.expires_at = timezone.now() - timedelta(minutes=5)
    token.save()

    sync_social_account(account)

    assert SyncState.objects.get(social_account=account).granted_scope == "user_shows"


def test_no_token_status(api, account, camdram):
    result = sync_social_account(account)

    assert result.status == "no_token"
    assert result.skipped_reason == "no stored token"
    assert camdram.requests == []
    assert SyncState.objects.get(social_account=account).status == "no_token"


def test_token_in_hand_not_stored(api, account, camdram):
    api.shows = [show(1)]
    in_hand = SocialToken(account=account, token="A1", token_secret="R1")

    result = sync_social_account(account, token=in_hand, after_login=True)

    assert result.status == "ok"
    assert linked_show_ids(account) == [1]
    assert SocialToken.objects.count() == 0


def test_not_camdram_account_rejected(db):
    user = get_user_model().objects.create_user(username="x")
    github = SocialAccount.objects.create(user=user, provider="github", uid="1")

    with pytest.raises(ValueError):
        sync_social_account(github)


def test_token_read_once(api, account, token):
    api.shows = [show(1)]
    api.organisations = [society(1)]

    with CaptureQueriesContext(connection) as queries:
        sync_social_account(account)

    token_reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        and 'FROM "socialaccount_socialtoken"' in query["sql"]
    ]
    assert len(token_reads) == 1


def count_sync_queries(account: SocialAccount) -> int:
    with CaptureQueriesContext(connection) as queries:
        sync_social_account(account)
    return len(queries.captured_queries)


def sqlite_extra_batches(items: int, model: type) -> int:
    """Return the statements SQLite's 999-parameter limit adds to one insert."""
    if connection.vendor != "sqlite":
        return 0
    columns = [field for field in model._meta.concrete_fields if not field.primary_key]
    batch = connection.ops.bulk_batch_size(columns, [None] * items)
    return -(-items // batch) - 1


def test_query_count_independent_of_items(api, account, token):
    SyncState.objects.create(social_account=account)
    api.shows = [show(1)]
    api.organisations = [society(1)]
    first_one = count_sync_queries(account)
    resync_one = count_sync_queries(account)

    ShowLink.objects.all().delete()
    OrganisationLink.objects.all().delete()
    Show.objects.all().delete()
    Organisation.objects.all().delete()
    api.shows = [show(number) for number in range(1, 501)]
    api.organisations = [society(number) for number in range(1, 501)]
    first_many = count_sync_queries(account)
    resync_many = count_sync_queries(account)

    assert resync_many == resync_one
    # The only growth allowed is SQLite splitting a large insert; PostgreSQL
    # sends each insert as one statement.
    extra = sum(
        sqlite_extra_batches(500, model)
        for model in (Show, ShowLink, Organisation, OrganisationLink)
    )
    assert first_many == first_one + extra
    assert linked_show_ids(account) == list(range(1, 501))


def test_ten_percent_changed_constant(api, account, token):
    api.shows = [show(number) for number in range(1, 11)]
    sync_social_account(account)
    api.shows[0] = show(1, name="Changed")
    one_changed = count_sync_queries(account)

    api.shows = [show(number) for number in range(1, 51)]
    sync_social_account(account)
    api.shows = [
        show(number, name="Changed") if number % 10 == 0 else show(number)
        for number in range(1, 51)
    ]
    several_changed = count_sync_queries(account)

    assert several_changed == one_changed
    assert Show.objects.filter(name="Changed").count() == 5


def test_receiver_error_does_not_break_sync(api, account, token, caplog):
    api.shows = [show(1)]

    def broken(sender, **kwargs):
        raise RuntimeError("receiver bug")

    shows_synced.connect(broken)
    try:
        result = sync_social_account(account)
    finally:
        shows_synced.disconnect(broken)

    assert result.status == "ok"
    assert "receiver of the Camdram sync signal failed" in caplog.text


def test_token_endpoint_untouched_when_fresh(api, account, token, camdram):
    sync_social_account(account)

    assert camdram.to(TOKEN_PATH) == []


def test_refreshed_token_401_not_refreshed(api, account, token, camdram):
    token.expires_at = timezone.now() - timedelta(minutes=5)
    token.save()
    camdram.reply(SHOWS_PATH, FAILURES["401"])

    result = sync_social_account(account)

    assert result.status == "partial"
    assert len(api.refreshes()) == 1
    assert len(camdram.to(SHOWS_PATH)) == 1
    assert len(camdram.to(ORGANISATIONS_PATH)) == 1
