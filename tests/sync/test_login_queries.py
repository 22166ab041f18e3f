"""SQL queries of a sign-in whose sync runs in the same request.

A login has just saved the social account and its token and has the
Camdram app in hand, so a sync it runs with the immediate task backend must
read none of them from the database again.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH
from allauth_camdram.models import ShowLink, SyncState
from tests.conftest import finish_login, start_login
from tests.fake_camdram import FakeCamdram, json_reply
from tests.sync.conftest import show, society

pytestmark = pytest.mark.django_db

ALLAUTH_TABLES = (
    "socialaccount_socialaccount",
    "socialaccount_socialtoken",
    "socialaccount_socialapp",
)
STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE")


@pytest.fixture
def lists(camdram: FakeCamdram) -> FakeCamdram:
    camdram.reply(SHOWS_PATH, json_reply([show(1)]))
    camdram.reply(ORGANISATIONS_PATH, json_reply([society(2)]))
    return camdram


@pytest.fixture
def sign_in(client, django_capture_on_commit_callbacks):
    """Return a function that signs in and returns the callback's SQL statements.

    BEGIN and COMMIT are left out, because only SQLite sends them as queries.
    """

    def run() -> list[str]:
        state = start_login(client)["state"][0]
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = finish_login(client, state)
        assert response.status_code == 302
        client.logout()
        return [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].startswith(STATEMENTS)
        ]

    return run


def reads(statements: list[str], table: str) -> int:
    return sum(
        1 for sql in statements if sql.startswith("SELECT") and f'FROM "{table}"' in sql
    )


def test_sign_up_sync_rereads_nothing(lists, settings, sign_in):
    settings.CAMDRAM_SYNC = False
    without_sync = sign_in()
    get_user_model().objects.all().delete()
    settings.CAMDRAM_SYNC = True

    with_sync = sign_in()

    assert ShowLink.objects.count() == 1
    for table in ALLAUTH_TABLES:
        assert reads(with_sync, table) == reads(without_sync, table), table


def test_later_login_sync_rereads_nothing(lists, settings, sign_in):
    sign_in()
    settings.CAMDRAM_SYNC = False
    without_sync = sign_in()
    settings.CAMDRAM_SYNC = True

    with_sync = sign_in()

    assert SyncState.objects.get().status == "ok"
    for table in ALLAUTH_TABLES:
        assert reads(with_sync, table) == reads(without_sync, table), table


def test_later_login_sync_query_count(lists, settings, sign_in):
    sign_in()
    settings.CAMDRAM_SYNC = False
    without_sync = sign_in()
    settings.CAMDRAM_SYNC = True

    with_sync = sign_in()

    # With unchanged lists the sync reads and locks its state in one query,
    # reads the stored shows, show links, organisations and organisation
    # links, and updates the state.
    assert len(with_sync) - len(without_sync) == 6
